"""Identity federation: Identity Center applications, federated spaces, SSO sign-in.

The five-step wizard collects everything and calls :func:`federated_space_create` once; the
"Connect space", "Edit space" and "Disassociate space from application" pages call the others.
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.aws.console.models import AwsAccount, ConsoleUser
from accounts.aws.console.services import require_console_administrator
from accounts.aws.identity_center.models import DirectoryUser, IdentityStore
from accounts.aws.identity_center.services import is_identity_admin
from accounts.connections.models import AccountConnection
from accounts.connections.services import account_space_quota_check
from billing.selectors import is_billing_account
from billing.services import billing_account_assign
from catalyst_admin.errors import DomainError, Forbidden, unique_or
from identity.federation.models import IdentityCenterApplication
from identity.federation.selectors import (
    applications_visible_to,
    associable_spaces,
    convertible_spaces,
    federated_spaces_managed_by,
)
from identity.people.models import User, sso_username
from identity.sync.runs import sync_run_inline
from identity.sync.schedules import sync_schedule_ensure, sync_schedule_remove
from spaces.activity import activity_record
from spaces.models import ConnectedGroup, Invitation, Region, Space, SpaceMembership, SsoAdministrator
from spaces.services import memberships_end, space_teardown, validate_space_name

DISASSOCIATE_CONFIRMATION = "disassociate"


def validate_application_name(name: str) -> str:
    name = (name or "").strip()
    if not 1 <= len(name) <= 255:
        raise DomainError("Enter an application name (1–255 characters).", field="application_name")
    if IdentityCenterApplication.objects.filter(name__iexact=name).exists():
        raise DomainError(
            f"The application name {name} is already in use. Identity Center application names must be "
            "globally unique: choose another one.",
            field="application_name",
        )
    return name


def validate_display_name(name: str) -> str:
    name = (name or "").strip()
    if not 1 <= len(name) <= 255:
        raise DomainError("Enter a display name (1–255 characters).", field="display_name")
    return name


def _check_groups_and_admins(store: IdentityStore, group_ids, admin_ids):
    groups = list(store.groups.filter(group_id__in=group_ids))
    if not groups:
        raise DomainError("Choose at least one group to connect to the space.", field="groups")
    if len(groups) != len(set(group_ids)):
        raise DomainError("One of the chosen groups is not in this identity store.", field="groups")
    if not admin_ids:
        raise DomainError("Choose at least one user for the Space administrator role.", field="administrators")
    admins = list(store.users.filter(user_id__in=admin_ids))
    if len(admins) != len(set(admin_ids)):
        raise DomainError("One of the chosen administrators is not in this identity store.", field="administrators")
    in_groups = set(
        DirectoryUser.objects.filter(memberships__group__in=groups, user_id__in=admin_ids).values_list(
            "user_id", flat=True
        )
    )
    outside = [a.user_name for a in admins if a.user_id not in in_groups]
    if outside:
        raise DomainError(
            f"{', '.join(outside)} is not in any of the chosen groups. Space administrators must be users of the "
            "connected groups.",
            field="administrators",
        )
    return groups, admins


def _billing_account_for(account: AwsAccount) -> AwsAccount:
    # Seed 000: "For a space that supports identity federation, the space billing account will
    # default to the management account associated with the organization in AWS Organizations."
    org = account.organization
    return org.management_account if org and org.management_account_id else account


IDENTITY_ADMIN_NEEDED = (
    "Spaces for identity federation and Identity Center applications are created by the IAM Identity Center "
    "administrator: the organization's management account or its delegated administrator account. Switch "
    "to one of those accounts."
)


def require_federation_admin(*, store: IdentityStore, account: AwsAccount, console_user: ConsoleUser) -> None:
    """Refuse unless ``console_user`` administers ``account`` and ``account`` administers the IAM
    Identity Center instance of ``store`` (its organization's management account or delegated
    administrator): a member account must not create applications or spaces billed to the
    management account."""
    if not isinstance(console_user, ConsoleUser):
        raise Forbidden("Sign in to the AWS Management Console as an IAM user to create a space.")
    require_console_administrator(
        console_user=console_user, account=account, to="create spaces for identity federation"
    )
    if store is None or not is_identity_admin(store.instance, account):
        raise Forbidden(IDENTITY_ADMIN_NEEDED)


def _pending_billing_refusal(space: Space, account: AwsAccount) -> DomainError:
    return DomainError(
        f"The connection of {space.name} to AWS account {account.account_id}, its billing account, is still "
        "pending verification. Verify the connection token first on Amazon CodeCatalyst › Spaces, then set "
        "the space up for identity federation.",
        field="existing_space",
    )


def _set_groups_and_admins(space: Space, groups, admins) -> None:
    space.connected_groups.exclude(group_id__in=[g.group_id for g in groups]).delete()
    for group in groups:
        ConnectedGroup.objects.update_or_create(
            space=space, group_id=group.group_id, defaults={"display_name": group.display_name}
        )
    space.sso_administrators.exclude(user_id__in=[a.user_id for a in admins]).delete()
    for admin in admins:
        SsoAdministrator.objects.update_or_create(
            space=space, user_id=admin.user_id, defaults={"user_name": admin.user_name}
        )


def _remove_builder_id_members(space: Space) -> int:
    # Seed 000: "If you set up an existing space by adding SSO support, only SSO users and groups
    # will be supported. Existing AWS Builder ID users will no longer be supported."
    space.invitations.filter(status=Invitation.Status.PENDING).update(status=Invitation.Status.CANCELLED)
    return memberships_end(space_id=space.pk, memberships=space.memberships.exclude(source=SpaceMembership.Source.SSO))


@transaction.atomic
def federated_space_create(
    *,
    account: AwsAccount,
    console_user: ConsoleUser,
    store: IdentityStore,
    display_name: str,
    application_name: str,
    region: str,
    group_ids: list[str],
    admin_user_ids: list[str],
    new_space_name: str = "",
    existing_space: Space | None = None,
    application: IdentityCenterApplication | None = None,
) -> Space:
    """Create (or convert) a space for identity federation in one step: the wizard's "Create".

    Either ``new_space_name`` or ``existing_space`` (a Builder ID space that ``account`` bills
    through a verified connection). A converted space keeps its projects, loses its Builder ID
    members and can never go back; the returned space says how many it lost
    (``builder_id_members_removed``).

    Only the IAM Identity Center administrator may do it (:func:`require_federation_admin`). A new
    space's billing connection is verified by ``console_user``, the person running the wizard:
    when that is the delegated administrator and the space bills the management account, the
    person acts for the organization, which registered that delegate, and the connection and
    the activity log say who did it and from which account.
    """
    require_federation_admin(store=store, account=account, console_user=console_user)
    if application is None:
        display_name = validate_display_name(display_name)
        application_name = validate_application_name(application_name)
    groups, admins = _check_groups_and_admins(store, group_ids, admin_user_ids)
    if existing_space is not None:
        space = Space.objects.select_for_update().filter(pk=existing_space.pk).first()
        if space is None:
            raise DomainError("That space no longer exists.", field="existing_space")
        if space.kind == Space.Kind.FEDERATED:
            raise DomainError(f"{space.name} already supports identity federation.", field="existing_space")
        if not convertible_spaces(account).filter(pk=space.pk).exists():
            if is_billing_account(space=space, aws_account_id=account.account_id):
                raise _pending_billing_refusal(space, account)
            raise DomainError(
                f"{space.name} is not billed to the account you are signed in with ({account.account_id}). Sign in "
                "with the space's billing account to set it up for identity federation.",
                field="existing_space",
            )
    else:
        try:
            name = validate_space_name(new_space_name)
        except DomainError as error:
            raise DomainError(error.message, field="new_space_name") from None
        if region not in Region.values:
            raise DomainError("Choose one of the listed AWS Regions.", field="region")
        with unique_or(DomainError(f"The space name {name} is not available.", field="new_space_name")):
            space = Space.objects.create(name=name, region=region, kind=Space.Kind.FEDERATED)
        billing_account = _billing_account_for(account)
        # The new verified connection counts against the billing account's quota of spaces:
        # locked as a verification locks it, so that two at once cannot pass it.
        AwsAccount.objects.select_for_update().filter(pk=billing_account.pk).first()
        try:
            account_space_quota_check(aws_account_id=billing_account.account_id)
        except DomainError as full:
            raise DomainError(full.message, field="new_space_name") from None
        billing_account_assign(space=space, aws_account_id=billing_account.account_id)
        AccountConnection.objects.create(
            space=space,
            aws_account_id=billing_account.account_id,
            display_name=billing_account.name,
            description="Billing account for the space",
            status=AccountConnection.Status.VERIFIED,
            verified_by=console_user,
            verified_at=timezone.now(),
        )
        acting = (
            ""
            if billing_account.pk == account.pk
            else f", acting for the organization from its IAM Identity Center delegated administrator account "
            f"{account.account_id}"
        )
        activity_record(
            space=space,
            event_name="VerifyAccountConnection",
            description=f"Verified the connection to AWS account {billing_account.account_id} as IAM user "
            f"{console_user.user_name}{acting}",
            aws_account_id=account.account_id,
        )
    if application is None:
        with unique_or(
            DomainError(f"The application name {application_name} is already in use.", field="application_name")
        ):
            application = IdentityCenterApplication.objects.create(
                name=application_name,
                display_name=display_name,
                store=store,
                owner_account=account,
                region=store.instance.region if store.instance_id else region,
            )
    converted = existing_space is not None
    # What the wizard's message reports: "Existing AWS Builder ID users will no longer be supported."
    space.builder_id_members_removed = _remove_builder_id_members(space) if converted else 0
    space.kind = Space.Kind.FEDERATED
    space.identity_application = application
    space.save(update_fields=["kind", "identity_application"])
    _set_groups_and_admins(space, groups, admins)
    activity_record(
        space=space,
        event_name="ConvertSpaceToIdentityFederation" if converted else "CreateFederatedSpace",
        description=f"Connected to Identity Center application {application.name}",
        aws_account_id=account.account_id,
    )
    sync_run_inline(application, spaces=[space])
    sync_schedule_ensure(application=application)
    return space


@transaction.atomic
def space_sso_update(*, space: Space, group_ids, admin_user_ids, account: AwsAccount) -> Space:
    """ "Edit assigned users and groups": change the connected groups and Space administrators."""
    application = _application_of(space, account)
    groups, admins = _check_groups_and_admins(application.store, group_ids, admin_user_ids)
    _set_groups_and_admins(space, groups, admins)
    activity_record(
        space=space,
        event_name="UpdateSpaceSso",
        description="Changed connected groups and administrators",
        aws_account_id=account.account_id,
    )
    # The administrator chose these groups and people: apply it now rather than at the next
    # scheduled run, so the space's member list matches what the page just said was saved.
    sync_run_inline(application, spaces=[space])
    return space


def _application_of(space: Space, account: AwsAccount) -> IdentityCenterApplication:
    application = space.identity_application
    if application is None:
        raise DomainError(f"{space.name} is not associated with an Identity Center application.")
    if not federated_spaces_managed_by(account).filter(pk=space.pk).exists():
        raise DomainError("Sign in with the account that owns the application or bills the space.")
    if application.store is None:
        raise DomainError("The application's identity store was deleted. Associate another application.")
    return application


def _remove_sso_members(space: Space) -> int:
    return memberships_end(space_id=space.pk, memberships=space.memberships.filter(source=SpaceMembership.Source.SSO))


@transaction.atomic
def space_disassociate(*, space: Space, confirmation: str, account: AwsAccount) -> int:
    """Disassociate a space from its application: every SSO user stops being a member. The
    application stays and can be associated again, to this space or another."""
    if (confirmation or "").strip().lower() != DISASSOCIATE_CONFIRMATION:
        raise DomainError(f'To confirm, type "{DISASSOCIATE_CONFIRMATION}".', field="confirmation")
    _application_of(space, account)
    return _disassociate(space, account=account)


def _disassociate(space: Space, *, account: AwsAccount) -> int:
    application = space.identity_application
    removed = _remove_sso_members(space)
    space.connected_groups.all().delete()
    space.sso_administrators.all().delete()
    space.identity_application = None
    space.save(update_fields=["identity_application"])
    activity_record(
        space=space,
        event_name="DisassociateIdentityCenterApplication",
        description=f"Disassociated from {application.name if application else 'its application'}; "
        f"{removed} SSO members removed",
        aws_account_id=account.account_id,
    )
    return removed


@transaction.atomic
def space_associate(
    *,
    application: IdentityCenterApplication,
    account: AwsAccount,
    console_user: ConsoleUser,
    group_ids,
    admin_user_ids,
    existing_space: Space | None = None,
    new_space_name: str = "",
    region: str = "us-west-2",
) -> Space:
    """ "Connect space": associate an existing application with another space (new or converted).
    The IAM Identity Center administrator's work, like creating one; an existing space must be
    billed to ``account`` through a verified connection."""
    if application.store is None:
        raise DomainError("The application's identity store was deleted.")
    require_federation_admin(store=application.store, account=account, console_user=console_user)
    if not applications_visible_to(account).filter(pk=application.pk).exists():
        raise DomainError(
            f"Sign in with the account that owns the Identity Center application {application.name} to "
            "connect a space to it."
        )
    if existing_space is not None and existing_space.kind == Space.Kind.FEDERATED:
        if existing_space.identity_application_id:
            raise DomainError(f"{existing_space.name} is already associated with an application.")
        if not is_billing_account(space=existing_space, aws_account_id=account.account_id):
            raise DomainError(
                f"{existing_space.name} is not billed to the account you are signed in with.", field="existing_space"
            )
        if not associable_spaces(account).filter(pk=existing_space.pk).exists():
            raise _pending_billing_refusal(existing_space, account)
        groups, admins = _check_groups_and_admins(application.store, group_ids, admin_user_ids)
        existing_space.identity_application = application
        existing_space.save(update_fields=["identity_application"])
        _set_groups_and_admins(existing_space, groups, admins)
        activity_record(
            space=existing_space,
            event_name="AssociateIdentityCenterApplication",
            description=f"Associated with {application.name}",
            aws_account_id=account.account_id,
        )
        sync_run_inline(application, spaces=[existing_space])
        existing_space.builder_id_members_removed = 0
        return existing_space
    return federated_space_create(
        account=account,
        console_user=console_user,
        store=application.store,
        display_name=application.display_name,
        application_name=application.name,
        region=region,
        group_ids=group_ids,
        admin_user_ids=admin_user_ids,
        new_space_name=new_space_name,
        existing_space=existing_space,
        application=application,
    )


@transaction.atomic
def federated_space_delete(*, space: Space, confirm_name: str, keep_application: bool, account: AwsAccount) -> bool:
    """Delete a federated space from the AWS console: its projects and resources go, its SSO users
    and groups are removed, and the application is kept or deleted as asked. Returns whether the
    application was deleted (it is kept while another space still uses it)."""
    if (confirm_name or "").strip() != space.name:
        raise DomainError(f"To confirm, type the space name {space.name} exactly.", field="confirm_name")
    if space.kind != Space.Kind.FEDERATED:
        raise DomainError(f"{space.name} is an AWS Builder ID space. Delete it from its settings in CodeCatalyst.")
    if not is_billing_account(space=space, aws_account_id=account.account_id):
        raise DomainError("Sign in with the space's billing account to delete it.")
    application = space.identity_application
    if application and not keep_application:
        others = list(application.spaces.exclude(pk=space.pk).order_by("name").values_list("name", flat=True))
        if others:
            # Said before anything is deleted, not after: the application cannot go with this space.
            raise DomainError(
                f"The Identity Center application {application.name} is also used by {', '.join(others)}, so it "
                "cannot be deleted with this space. Choose Retain the Identity Center application, or "
                "disassociate the other spaces first.",
                field="application",
            )
    activity_record(
        space=space,
        event_name="DeleteSpace",
        description=f"Deleted space {space.name}",
        aws_account_id=account.account_id,
    )
    space_teardown(space=space)
    if application and not keep_application and not application.spaces.exists():
        sync_schedule_remove(application=application)
        application.delete()
        return True
    return False


def space_federation_end(*, space: Space) -> None:
    """What deleting a space removes of its federation: its SSO members, connected groups and
    Space administrators, and its association with the application (``spaces.signals.space_deleting``)."""
    _remove_sso_members(space)
    space.connected_groups.all().delete()
    space.sso_administrators.all().delete()
    if space.identity_application_id is not None:
        space.identity_application = None
        space.save(update_fields=["identity_application"])


@transaction.atomic
def identity_store_disassociate(*, store: IdentityStore, account: AwsAccount) -> int:
    """An identity store is being deleted by ``account``. Seed 000: "If you delete the identity store
    in IAM Identity Center, then the Identity Center application is automatically disassociated from
    the CodeCatalyst space." Its SSO users can no longer sign in. Returns the number of spaces
    disassociated."""
    spaces = list(Space.objects.filter(identity_application__store=store))
    for space in spaces:
        _disassociate(space, account=account)
    User.objects.filter(username__startswith=sso_username(store.store_id, "")).update(is_active=False)
    return len(spaces)


def sso_authenticate(*, application: IdentityCenterApplication, user_name: str, password: str) -> User:
    """Sign in on the access portal. The person must be enabled in the directory and a member of at
    least one space of the application (as of the last sync)."""
    failure = DomainError("The user name or password is not correct.")
    store = application.store
    directory_user = None
    if store is not None:
        directory_user = store.users.filter(user_name__iexact=(user_name or "").strip()).first()
    if directory_user is None or not directory_user.password:
        # Hash the password all the same, so an unknown user takes as long to refuse as a wrong password.
        make_password(password or "")
        raise failure
    if not directory_user.check_password(password or ""):
        raise failure
    if not directory_user.enabled:
        raise DomainError("Your user is disabled in IAM Identity Center. Ask your Identity federation administrator.")
    user = User.objects.filter(username=sso_username(store.store_id, directory_user.user_id), is_active=True).first()
    has_space = (
        user is not None
        and SpaceMembership.objects.filter(
            user=user, space__identity_application=application, space__deleted_at__isnull=True
        ).exists()
    )
    if not has_space:
        raise DomainError(
            f"{directory_user.user_name} is not a member of any {application.display_name} space yet. Ask your "
            "Identity federation administrator to add you to a group connected to a space; new members usually "
            "appear within two hours."
        )
    return user
