"""Writes on space members: changing roles, removing people, and the one rule that leaving a
space means leaving its projects and teams."""

from django.db import transaction

from catalyst_admin.errors import DomainError
from spaces import permissions
from spaces.activity import activity_record
from spaces.models import ProjectMembership, Space, SpaceMembership, TeamMembership
from spaces.roles import SpaceRole


def refuse_if_federated(space: Space, what: str) -> None:
    # Seed 000, "Creating a space for identity federation": "You cannot directly add or remove
    # users in your space that supports identity federation."
    if space.is_federated:
        raise DomainError(
            f"You cannot {what} in a space that supports identity federation. Ask your Identity federation "
            "administrator to change the SSO users and groups in IAM Identity Center."
        )


def drop_limited_access_without_projects(space: Space, user_ids) -> None:
    """Limited access exists only through projects: it goes when the last project membership goes."""
    (
        SpaceMembership.objects.filter(space=space, user_id__in=user_ids, role=SpaceRole.LIMITED_ACCESS)
        .exclude(user__project_memberships__project__space=space)
        .delete()
    )


def member_change_role_authorize(*, membership: SpaceMembership, role: str, by) -> None:
    """Whether ``by`` may ask for this change at all (a 403 otherwise), whatever else is wrong with
    it: the page checks this before it validates the form, so a refusal is never a form error."""
    permissions.require(by, "members.manage", space=membership.space)
    if role == SpaceRole.SPACE_ADMINISTRATOR:
        permissions.require(by, "space_admins.manage", space=membership.space)


@transaction.atomic
def member_change_role(*, membership: SpaceMembership, role: str, by) -> SpaceMembership:
    space = membership.space
    member_change_role_authorize(membership=membership, role=role, by=by)
    if role not in (SpaceRole.POWER_USER, SpaceRole.LIMITED_ACCESS, SpaceRole.SPACE_ADMINISTRATOR):
        raise DomainError("Choose a space role.", field="role")
    if membership.role == SpaceRole.SPACE_ADMINISTRATOR:
        raise DomainError(
            "The Space administrator role cannot be changed. Remove the person from the space first, "
            "then invite them again with the role they should have."
        )
    if (
        role == SpaceRole.LIMITED_ACCESS
        and not membership.user.project_memberships.filter(project__space=space).exists()
    ):
        raise DomainError(
            "Limited access is only for people who belong to a project. Add them to a project first, "
            "or remove them from the space."
        )
    old = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    permissions.forget_roles(membership.user)
    activity_record(
        space=space,
        event_name="UpdateSpaceMembership",
        description=f"Changed {membership.user.display_name} from {old} to {membership.get_role_display()}",
        user=by,
    )
    return membership


def memberships_end(*, space_id: int, memberships) -> int:
    """End some space memberships, and with them their project and team memberships in the space:
    leaving a space means leaving its projects and teams. Returns the number of members removed.
    Callers check who may do this; the sync and identity federation call it in bulk."""
    user_ids = list(memberships.values_list("user_id", flat=True))
    ProjectMembership.objects.filter(project__space_id=space_id, user_id__in=user_ids).delete()
    TeamMembership.objects.filter(team__space_id=space_id, user_id__in=user_ids).delete()
    removed, _ = SpaceMembership.objects.filter(space_id=space_id, user_id__in=user_ids).delete()
    return removed


@transaction.atomic
def member_remove(*, membership: SpaceMembership, by) -> None:
    """Remove a person from the space and from every project in it."""
    space = membership.space
    permissions.require(by, "members.manage", space=space)
    refuse_if_federated(space, "remove members")
    if membership.user_id == by.pk:
        raise DomainError("You cannot remove yourself from the space. Ask another Space administrator.")
    if membership.role == SpaceRole.SPACE_ADMINISTRATOR:
        permissions.require(by, "space_admins.manage", space=space)
        # len(), not count(): count() drops FOR UPDATE, and the rows must stay locked until commit.
        admins = SpaceMembership.objects.select_for_update().filter(space=space, role=SpaceRole.SPACE_ADMINISTRATOR)
        if len(admins) <= 1:
            raise DomainError("A space needs at least one Space administrator; the last one cannot be removed.")
    user = membership.user
    memberships_end(space_id=space.pk, memberships=SpaceMembership.objects.filter(pk=membership.pk))
    permissions.forget_roles(user)
    activity_record(
        space=space, event_name="DeleteSpaceMembership", description=f"Removed {user.display_name}", user=by
    )
