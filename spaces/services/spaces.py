"""Writes on spaces: creating a Builder ID space, its settings, and deleting a space (the one
teardown both the Builder ID delete and the federated delete end in)."""

from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.aws.ids import validate_account_id
from accounts.connections.services import connection_request_create
from billing.services import billing_account_assign
from catalyst_admin.errors import Conflict, DomainError, FieldErrors, QuotaExceeded, domain_error_from, unique_or
from spaces import permissions
from spaces.activity import activity_record
from spaces.models import Region, Space, SpaceMembership
from spaces.roles import SpaceRole
from spaces.signals import space_deleting

MAX_SPACES_PER_USER_PER_MONTH = 5
# Names that are also a page's address: ``spaces/create/`` and ``projects/create/`` are the
# create pages, so a space or project called "create" could never be opened.
RESERVED_NAMES = frozenset({"create"})


def validate_space_name(name: str) -> str:
    name = (name or "").strip()
    probe = Space(name=name)
    try:
        probe.clean_fields(exclude=[f.name for f in Space._meta.fields if f.name != "name"])
    except ValidationError as exc:
        raise domain_error_from(exc, field="name") from None
    if name.lower() in RESERVED_NAMES:
        raise DomainError(f"The name {name} is reserved by CodeCatalyst. Choose another name.", field="name")
    if Space.all_objects.filter(name__iexact=name).exists():
        raise Conflict(_space_name_taken(name), field="name")
    return name


def _space_name_taken(name: str) -> str:
    return (
        f"The space name {name} is not available. Space names are unique across CodeCatalyst, "
        "and names of deleted spaces cannot be reused. Choose another name."
    )


SSO_CREATES_NO_SPACE = (
    "You are signed in with SSO. Spaces that SSO users belong to are created by your Identity federation "
    "administrator in the AWS Management Console."
)


def _month_start():
    now = timezone.now()
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@transaction.atomic
def space_create(*, name: str, region: str, description: str = "", billing_account_id: str, created_by) -> Space:
    """Create a Builder ID space: its creator becomes Space administrator, and the billing
    account's connection waits for verification in the AWS Management Console."""
    if created_by.kind == created_by.Kind.SSO:
        raise DomainError(SSO_CREATES_NO_SPACE)
    # Every invalid field at once, so the form reports them all on the first submit.
    problems = FieldErrors()
    with problems.collect():
        name = validate_space_name(name)
    if region not in Region.values:
        problems.add("region", "Choose one of the listed AWS Regions.")
    if len(description or "") > 200:
        problems.add("description", "A description is at most 200 characters.")
    with problems.collect(), _reported_on("billing_account_id"):
        billing_account_id = validate_account_id(billing_account_id)
    problems.raise_if_any()
    # Lock the creator's row: two requests at once cannot both create the sixth space of the month.
    get_user_model().objects.select_for_update().filter(pk=created_by.pk).first()
    created_this_month = Space.all_objects.filter(created_by=created_by, created_at__gte=_month_start()).count()
    if created_this_month >= MAX_SPACES_PER_USER_PER_MONTH:
        raise QuotaExceeded(
            f"You have already created {MAX_SPACES_PER_USER_PER_MONTH} spaces this month, the most one person "
            "can create in a calendar month. You can create another space next month."
        )
    with unique_or(Conflict(_space_name_taken(name), field="name")):
        space = Space.objects.create(
            name=name, region=region, description=(description or "").strip(), created_by=created_by
        )
    SpaceMembership.objects.create(
        space=space, user=created_by, role=SpaceRole.SPACE_ADMINISTRATOR, source=SpaceMembership.Source.CREATOR
    )
    permissions.forget_roles(created_by)
    activity_record(space=space, event_name="CreateSpace", description=f"Created space {name}", user=created_by)
    billing_account_assign(space=space, aws_account_id=billing_account_id)
    with _reported_on("billing_account_id"):
        connection_request_create(
            space=space,
            aws_account_id=billing_account_id,
            display_name=f"billing-{billing_account_id}",
            description="Billing account for the space",
            requested_by=created_by,
        )
    return space


@contextmanager
def _reported_on(field: str):
    """Report another app's refusal on ``field`` of the form the person filled in."""
    try:
        yield
    except DomainError as error:
        raise type(error)(error.message, field=field) from None


@transaction.atomic
def space_update(*, space: Space, description: str, by) -> Space:
    permissions.require(by, "space.edit", space=space)
    description = (description or "").strip()
    if len(description) > 200:
        raise DomainError("A description is at most 200 characters.", field="description")
    space.description = description
    space.save(update_fields=["description"])
    activity_record(space=space, event_name="UpdateSpace", description="Updated the space description", user=by)
    return space


@transaction.atomic
def space_delete(*, space: Space, confirm_name: str, by) -> None:
    """Delete a space from its settings in CodeCatalyst (Space administrator): its projects and
    resources go, and its name stays taken forever."""
    permissions.require(by, "space.delete", space=space)
    if (confirm_name or "").strip() != space.name:
        raise DomainError(f"To confirm, type the space name {space.name} exactly.", field="confirm_name")
    activity_record(space=space, event_name="DeleteSpace", description=f"Deleted space {space.name}", user=by)
    space_teardown(space=space)
    permissions.forget_roles(by)


@transaction.atomic
def space_teardown(*, space: Space) -> None:
    """Remove everything a space holds and mark it deleted; its row stays, so its name stays taken.

    The one way a space is deleted: from its settings (:func:`space_delete`) and from the AWS
    console (identity federation's ``federated_space_delete``), after each has checked its actor
    and recorded the activity entry. What other rooms keep for a space (account connections, SSO
    groups, VPC connections, generative AI settings …) goes through their ``space_deleting``
    receivers, in this transaction.
    """
    space = Space.objects.select_for_update().get(pk=space.pk)
    space_deleting.send(sender=Space, space=space)
    space.projects.all().delete()
    space.invitations.all().delete()
    space.teams.all().delete()
    space.memberships.all().delete()
    space.deleted_at = timezone.now()
    space.save(update_fields=["deleted_at"])
