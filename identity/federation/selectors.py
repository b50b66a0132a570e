"""Reads on identity federation: the spaces and Identity Center applications an AWS account may
see and use from the AWS console, and what uses an identity store."""

from django.db.models import Count, Exists, F, OuterRef, Q

from accounts.aws.console.models import AwsAccount
from accounts.aws.identity_center.models import DirectoryGroup
from accounts.connections.models import AccountConnection
from identity.federation.models import IdentityCenterApplication
from spaces.models import ConnectedGroup, Space, SpaceMembership


def _with_counts(spaces):
    """Spaces with the numbers the wizard's space choice shows: projects and members."""
    return spaces.annotate(
        project_count=Count("projects", distinct=True), member_count=Count("memberships", distinct=True)
    )


def _billing_connection_verified():
    """Whether the space's billing account connection was verified in the AWS console: until then
    anyone may have typed the account ID, and nothing of the space is reachable through it (the
    rules of the house: "Nothing belonging to someone else is reachable through an AWS account that
    was never verified")."""
    return Exists(
        AccountConnection.objects.filter(
            space=OuterRef("pk"),
            aws_account_id=OuterRef("billing__aws_account_id"),
            status=AccountConnection.Status.VERIFIED,
        )
    )


def _billed_to(account: AwsAccount):
    return Space.objects.filter(billing__aws_account_id=account.account_id)


_CONVERTIBLE = Q(kind=Space.Kind.BUILDER_ID)
_ASSOCIABLE = Q(kind=Space.Kind.BUILDER_ID) | Q(kind=Space.Kind.FEDERATED, identity_application__isnull=True)


def convertible_spaces(account: AwsAccount):
    """Builder ID spaces that ``account`` bills, through a verified connection: the ones the wizard
    may convert."""
    return _with_counts(_billed_to(account).filter(_CONVERTIBLE).filter(_billing_connection_verified())).order_by(
        "name"
    )


def associable_spaces(account: AwsAccount):
    """Spaces "Connect space" may associate with an application: the Builder ID spaces ``account``
    bills, and its federated spaces that were disassociated from their application, each through a
    verified billing connection."""
    return _with_counts(_billed_to(account).filter(_ASSOCIABLE).filter(_billing_connection_verified())).order_by("name")


def unverified_billed_spaces(account: AwsAccount, *, associating: bool = False):
    """The spaces the wizard does not offer because their billing connection to ``account`` is
    still pending verification (their names are shown to ``account``, the account they name, as on
    Amazon CodeCatalyst › Spaces)."""
    kinds = _ASSOCIABLE if associating else _CONVERTIBLE
    return _billed_to(account).filter(kinds).exclude(_billing_connection_verified()).order_by("name")


def applications_visible_to(account: AwsAccount):
    """Identity Center applications ``account`` may see and use: the ones it owns, and the ones
    associated with a space it bills."""
    return IdentityCenterApplication.objects.filter(
        Q(owner_account=account)
        | Q(spaces__billing__aws_account_id=account.account_id, spaces__deleted_at__isnull=True)
    ).distinct()


def federated_spaces_managed_by(account: AwsAccount):
    """Federated spaces ``account`` administers from the AWS console: the ones it bills, and the
    ones associated with an application it owns. Any other space is a 404 to it."""
    return Space.objects.filter(kind=Space.Kind.FEDERATED).filter(
        Q(billing__aws_account_id=account.account_id) | Q(identity_application__owner_account=account)
    )


def application_enabled_spaces(account: AwsAccount):
    """ "Application Enabled Spaces": the federated spaces ``account`` manages that have an application."""
    return (
        federated_spaces_managed_by(account)
        .filter(identity_application__isnull=False)
        .select_related("identity_application")
        .prefetch_related("connected_groups", "sso_administrators")
        .annotate(billed_to=F("billing__aws_account_id"), member_count=Count("memberships"))
        .order_by("name")
    )


def idle_applications(account: AwsAccount):
    """Applications ``account`` may use that no space is associated with any more."""
    return (
        applications_visible_to(account)
        .exclude(Exists(Space.objects.filter(identity_application=OuterRef("pk"))))
        .select_related("store")
        .order_by("display_name")
    )


def unassociated_spaces(account: AwsAccount):
    """Federated spaces ``account`` manages that were disassociated from their application."""
    return (
        federated_spaces_managed_by(account)
        .filter(identity_application__isnull=True)
        .annotate(billed_to=F("billing__aws_account_id"))
        .order_by("name")
    )


def sso_applications():
    return IdentityCenterApplication.objects.filter(store__isnull=False).order_by("display_name")


def spaces_using_store(store) -> int:
    """How many live spaces are associated with an Identity Center application of ``store``."""
    return Space.objects.filter(identity_application__store=store).count()


def spaces_connected_to_group(group: DirectoryGroup) -> int:
    """How many live spaces have ``group`` among their connected groups."""
    return (
        ConnectedGroup.objects.filter(
            group_id=group.group_id,
            space__deleted_at__isnull=True,
            space__identity_application__store=group.store,
        )
        .values("space")
        .distinct()
        .count()
    )


def applications_of(store):
    return store.applications.annotate(space_count=Count("spaces", filter=Q(spaces__deleted_at__isnull=True))).order_by(
        "display_name"
    )


def sso_member_count(space: Space) -> int:
    """How many of the space's members came from IAM Identity Center (what disassociating removes)."""
    return space.memberships.filter(source=SpaceMembership.Source.SSO).count()
