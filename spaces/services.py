"""Writes on spaces, projects, members, invitations and teams. Every one checks the role matrix,
validates, writes atomically and records an activity entry."""

from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.services import connection_request_create, validate_account_id
from billing.services import billing_account_assign
from catalyst_admin.errors import DomainError, Forbidden

from . import permissions, selectors
from .activity import activity_record
from .models import (
    Invitation,
    Project,
    ProjectMembership,
    Region,
    Space,
    SpaceMembership,
    Team,
    TeamMembership,
)
from .permissions import ProjectRole, SpaceRole

MAX_SPACES_PER_USER_PER_MONTH = 5
MAX_PROJECTS_PER_SPACE = 100
INVITATION_LIFETIME = timedelta(hours=24)
MAX_INVITATIONS_PER_ADDRESS_PER_DAY = 25
MAX_INVITATIONS_PER_INVITER_PER_DAY = 500


def _first_message(exc: ValidationError) -> str:
    return exc.messages[0] if exc.messages else "The value is not valid."


# Names that are also a page's address: ``spaces/create/`` and ``projects/create/`` are the
# create pages, so a space or project called "create" could never be opened.
RESERVED_NAMES = frozenset({"create"})


def validate_space_name(name: str) -> str:
    name = (name or "").strip()
    probe = Space(name=name)
    try:
        probe.clean_fields(exclude=[f.name for f in Space._meta.fields if f.name != "name"])
    except ValidationError as exc:
        raise DomainError(_first_message(exc), field="name") from None
    if name.lower() in RESERVED_NAMES:
        raise DomainError(f"The name {name} is reserved by CodeCatalyst. Choose another name.", field="name")
    if Space.all_objects.filter(name__iexact=name).exists():
        raise DomainError(_space_name_taken(name), field="name")
    return name


def _space_name_taken(name: str) -> str:
    return (
        f"The space name {name} is not available. Space names are unique across CodeCatalyst, "
        "and names of deleted spaces cannot be reused. Choose another name."
    )


def _month_start():
    now = timezone.now()
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@transaction.atomic
def space_create(*, name: str, region: str, description: str = "", billing_account_id: str, created_by) -> Space:
    """Create a Builder ID space: its creator becomes Space administrator, and the billing
    account's connection waits for verification in the AWS Management Console."""
    name = validate_space_name(name)
    if region not in Region.values:
        raise DomainError("Choose one of the listed AWS Regions.", field="region")
    if len(description or "") > 200:
        raise DomainError("A description is at most 200 characters.", field="description")
    with _reported_on("billing_account_id"):
        billing_account_id = validate_account_id(billing_account_id)
    # Lock the creator's row: two requests at once cannot both create the sixth space of the month.
    get_user_model().objects.select_for_update().filter(pk=created_by.pk).first()
    created_this_month = Space.all_objects.filter(created_by=created_by, created_at__gte=_month_start()).count()
    if created_this_month >= MAX_SPACES_PER_USER_PER_MONTH:
        raise DomainError(
            f"You have already created {MAX_SPACES_PER_USER_PER_MONTH} spaces this month, the most one person "
            "can create in a calendar month. You can create another space next month."
        )
    try:
        with transaction.atomic():
            space = Space.objects.create(
                name=name, region=region, description=(description or "").strip(), created_by=created_by
            )
    except IntegrityError:
        raise DomainError(_space_name_taken(name), field="name") from None
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
        raise DomainError(error.message, field=field) from None


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
    """Delete a space, its projects and resources; its name stays taken forever."""
    permissions.require(by, "space.delete", space=space)
    if (confirm_name or "").strip() != space.name:
        raise DomainError(f"To confirm, type the space name {space.name} exactly.", field="confirm_name")
    space = Space.objects.select_for_update().get(pk=space.pk)
    activity_record(space=space, event_name="DeleteSpace", description=f"Deleted space {space.name}", user=by)
    space.projects.all().delete()
    space.invitations.all().delete()
    space.teams.all().delete()
    space.account_connections.all().delete()
    space.memberships.all().delete()
    space.deleted_at = timezone.now()
    space.save(update_fields=["deleted_at"])
    permissions.forget_roles(by)


def _refuse_if_federated(space: Space, what: str) -> None:
    # Seed 000, "Creating a space for identity federation": "You cannot directly add or remove
    # users in your space that supports identity federation."
    if space.is_federated:
        raise DomainError(
            f"You cannot {what} in a space that supports identity federation. Ask your Identity federation "
            "administrator to change the SSO users and groups in IAM Identity Center."
        )


# Projects ---------------------------------------------------------------------------------------


@transaction.atomic
def project_create(*, space: Space, name: str, description: str = "", by) -> Project:
    permissions.require(by, "projects.create", space=space)
    project = Project(space=space, name=(name or "").strip(), description=(description or "").strip(), created_by=by)
    try:
        project.clean_fields(exclude=["space", "created_by"])
    except ValidationError as exc:
        field = next(iter(exc.message_dict))
        raise DomainError(_first_message(exc), field=field) from None
    if project.name.lower() in RESERVED_NAMES:
        raise DomainError(f"The name {project.name} is reserved by CodeCatalyst. Choose another name.", field="name")
    if space.projects.filter(name__iexact=project.name).exists():
        raise DomainError(
            f"A project named {project.name} already exists in this space. Choose another name.", field="name"
        )
    if space.projects.count() >= MAX_PROJECTS_PER_SPACE:
        raise DomainError(f"A space can have at most {MAX_PROJECTS_PER_SPACE} projects. Delete one first.")
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:
        raise DomainError(f"A project named {project.name} already exists in this space.", field="name") from None
    ProjectMembership.objects.create(project=project, user=by, role=ProjectRole.PROJECT_ADMINISTRATOR)
    activity_record(
        space=space, project=project, event_name="CreateProject", description=f"Created project {project.name}", user=by
    )
    return project


@transaction.atomic
def project_delete(*, project: Project, confirm_name: str, by) -> None:
    space = project.space
    permissions.require(by, "project.delete", space=space, project=project)
    if (confirm_name or "").strip() != project.name:
        raise DomainError(f"To confirm, type the project name {project.name} exactly.", field="confirm_name")
    member_ids = list(project.memberships.values_list("user_id", flat=True))
    activity_record(
        space=space,
        project=project,
        event_name="DeleteProject",
        description=f"Deleted project {project.name}",
        user=by,
    )
    project.delete()
    _drop_limited_access_without_projects(space, member_ids)


def _drop_limited_access_without_projects(space: Space, user_ids) -> None:
    """Limited access exists only through projects: it goes when the last project membership goes."""
    (
        SpaceMembership.objects.filter(space=space, user_id__in=user_ids, role=SpaceRole.LIMITED_ACCESS)
        .exclude(user__project_memberships__project__space=space)
        .delete()
    )


# Invitations ------------------------------------------------------------------------------------


def _check_invitation_limits(*, email: str, by) -> None:
    # Lock the inviter's row so that simultaneous invitations are counted one after the other.
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    day_ago = timezone.now() - timedelta(days=1)
    if Invitation.objects.filter(email__iexact=email, created_at__gte=day_ago).count() >= (
        MAX_INVITATIONS_PER_ADDRESS_PER_DAY
    ):
        raise DomainError(
            f"{email} has already been sent {MAX_INVITATIONS_PER_ADDRESS_PER_DAY} invitations today. "
            "Try again tomorrow.",
            field="email",
        )
    if Invitation.objects.filter(invited_by=by, created_at__gte=day_ago).count() >= (
        MAX_INVITATIONS_PER_INVITER_PER_DAY
    ):
        raise DomainError(
            f"You have sent {MAX_INVITATIONS_PER_INVITER_PER_DAY} invitations today, the most allowed in a day. "
            "Try again tomorrow."
        )


def _normalise_email(email: str) -> str:
    from django.core.validators import validate_email

    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("Enter a valid email address, such as name@example.com.", field="email") from None
    return email


@transaction.atomic
def invitation_create(*, space: Space, email: str, role: str, by) -> Invitation:
    """Invite a person by email to the space with a space role; valid for 24 hours."""
    permissions.require(by, "members.manage", space=space)
    _refuse_if_federated(space, "invite members")
    email = _normalise_email(email)
    if role not in (SpaceRole.SPACE_ADMINISTRATOR, SpaceRole.POWER_USER):
        raise DomainError("Choose Space administrator or Power user.", field="role")
    if role == SpaceRole.SPACE_ADMINISTRATOR:
        permissions.require(by, "space_admins.manage", space=space)
    if space.memberships.filter(user__email__iexact=email).exclude(role=SpaceRole.LIMITED_ACCESS).exists():
        raise DomainError(f"{email} is already a member of this space.", field="email")
    if space.invitations.filter(
        email__iexact=email, project__isnull=True, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).exists():
        raise DomainError(
            f"{email} already has a pending invitation to this space. Cancel it first to send a new one.",
            field="email",
        )
    _check_invitation_limits(email=email, by=by)
    invitation = Invitation.objects.create(
        space=space, email=email, space_role=role, invited_by=by, expires_at=timezone.now() + INVITATION_LIFETIME
    )
    activity_record(
        space=space,
        event_name="CreateInvitation",
        description=f"Invited {email} as {SpaceRole(role).label}",
        user=by,
    )
    return invitation


@transaction.atomic
def project_invitation_create(*, project: Project, email: str, role: str, by) -> Invitation:
    """Invite a person by email to a project with a project role; valid for 24 hours."""
    space = project.space
    permissions.require(by, "project.members.manage", space=space, project=project)
    _refuse_if_federated(space, "invite members")
    email = _normalise_email(email)
    if role not in ProjectRole.values:
        raise DomainError("Choose a project role.", field="role")
    if project.memberships.filter(user__email__iexact=email).exists():
        raise DomainError(f"{email} is already a member of this project.", field="email")
    if project.invitations.filter(
        email__iexact=email, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).exists():
        raise DomainError(f"{email} already has a pending invitation to this project.", field="email")
    _check_invitation_limits(email=email, by=by)
    invitation = Invitation.objects.create(
        space=space,
        project=project,
        email=email,
        project_role=role,
        invited_by=by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    activity_record(
        space=space,
        project=project,
        event_name="CreateProjectInvitation",
        description=f"Invited {email} to {project.name} as {ProjectRole(role).label}",
        user=by,
    )
    return invitation


def _answerable(invitation: Invitation, user) -> Invitation:
    # of=self: PostgreSQL cannot lock the nullable side (project) of the outer join.
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("space", "project").get(pk=invitation.pk)
    )
    if invitation.email.lower() != (user.email or "").lower():
        raise Forbidden("This invitation was sent to another email address.")
    if invitation.status != Invitation.Status.PENDING:
        raise DomainError(f"This invitation has already been {invitation.get_status_display().lower()}.")
    if invitation.expires_at <= timezone.now() or invitation.space.deleted_at:
        raise DomainError(
            "This invitation has expired. Invitations are valid for 24 hours: ask the person who invited you "
            "to send a new one."
        )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> SpaceMembership:
    """Join the space (and project) of the invitation. A project invitation gives Limited access
    to a person who is not yet a member of the space."""
    invitation = _answerable(invitation, user)
    space = invitation.space
    membership = SpaceMembership.objects.filter(space=space, user=user).first()
    if invitation.project_id is None:
        promotes = membership is not None and (
            membership.role == SpaceRole.LIMITED_ACCESS
            or (membership.role == SpaceRole.POWER_USER and invitation.space_role == SpaceRole.SPACE_ADMINISTRATOR)
        )
        if promotes:
            membership.role = invitation.space_role
            membership.source = SpaceMembership.Source.DIRECT
            membership.save(update_fields=["role", "source"])
        elif membership is None:
            membership = SpaceMembership.objects.create(space=space, user=user, role=invitation.space_role)
    else:
        if membership is None:
            membership = SpaceMembership.objects.create(
                space=space, user=user, role=SpaceRole.LIMITED_ACCESS, source=SpaceMembership.Source.PROJECT
            )
        ProjectMembership.objects.update_or_create(
            project=invitation.project, user=user, defaults={"role": invitation.project_role}
        )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.save(update_fields=["status"])
    permissions.forget_roles(user)
    activity_record(
        space=space,
        project=invitation.project,
        event_name="AcceptInvitation",
        description=f"{user.display_name} joined as {invitation.role_label}",
        user=user,
    )
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user) -> None:
    invitation = _answerable(invitation, user)
    invitation.status = Invitation.Status.DECLINED
    invitation.save(update_fields=["status"])
    activity_record(
        space=invitation.space,
        project=invitation.project,
        event_name="DeclineInvitation",
        description=f"{user.display_name} declined the invitation",
        user=user,
    )


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by) -> None:
    # of=self: PostgreSQL cannot lock the nullable side (project) of the outer join.
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("space", "project").get(pk=invitation.pk)
    )
    space = invitation.space
    if invitation.project_id:
        permissions.require(by, "project.members.manage", space=space, project=invitation.project)
    else:
        permissions.require(by, "members.manage", space=space)
    if invitation.status != Invitation.Status.PENDING:
        raise DomainError("Only a pending invitation can be cancelled.")
    invitation.status = Invitation.Status.CANCELLED
    invitation.save(update_fields=["status"])
    activity_record(
        space=space,
        project=invitation.project,
        event_name="CancelInvitation",
        description=f"Cancelled the invitation of {invitation.email}",
        user=by,
    )


# Space members ----------------------------------------------------------------------------------


@transaction.atomic
def member_change_role(*, membership: SpaceMembership, role: str, by) -> SpaceMembership:
    space = membership.space
    permissions.require(by, "members.manage", space=space)
    if role not in (SpaceRole.POWER_USER, SpaceRole.LIMITED_ACCESS, SpaceRole.SPACE_ADMINISTRATOR):
        raise DomainError("Choose a space role.", field="role")
    if membership.role == SpaceRole.SPACE_ADMINISTRATOR:
        raise DomainError(
            "The Space administrator role cannot be changed. Remove the person from the space first, "
            "then invite them again with the role they should have."
        )
    if role == SpaceRole.SPACE_ADMINISTRATOR:
        permissions.require(by, "space_admins.manage", space=space)
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
    _refuse_if_federated(space, "remove members")
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


# Project members --------------------------------------------------------------------------------


@transaction.atomic
def project_member_change_role(*, membership: ProjectMembership, role: str, by) -> ProjectMembership:
    project = membership.project
    permissions.require(by, "project.members.manage", space=project.space, project=project)
    if role not in ProjectRole.values:
        raise DomainError("Choose a project role.", field="role")
    if membership.role == ProjectRole.PROJECT_ADMINISTRATOR and role != membership.role:
        _refuse_last_project_admin(project)
    membership.role = role
    membership.save(update_fields=["role"])
    activity_record(
        space=project.space,
        project=project,
        event_name="UpdateProjectMembership",
        description=f"Changed {membership.user.display_name} to {membership.get_role_display()}",
        user=by,
    )
    return membership


def _refuse_last_project_admin(project: Project) -> None:
    # len(), not count(): count() drops FOR UPDATE, and the rows must stay locked until commit.
    admins = ProjectMembership.objects.select_for_update().filter(
        project=project, role=ProjectRole.PROJECT_ADMINISTRATOR
    )
    if len(admins) <= 1:
        raise DomainError("A project needs at least one Project administrator; make someone else one first.")


@transaction.atomic
def project_member_remove(*, membership: ProjectMembership, by) -> None:
    project = membership.project
    space = project.space
    permissions.require(by, "project.members.manage", space=space, project=project)
    if membership.role == ProjectRole.PROJECT_ADMINISTRATOR:
        _refuse_last_project_admin(project)
    user = membership.user
    membership.delete()
    _drop_limited_access_without_projects(space, [user.pk])
    permissions.forget_roles(user)
    activity_record(
        space=space,
        project=project,
        event_name="DeleteProjectMembership",
        description=f"Removed {user.display_name} from {project.name}",
        user=by,
    )


@transaction.atomic
def project_member_add(*, project: Project, user, role: str, by) -> ProjectMembership:
    """Add an existing space member to a project directly."""
    space = project.space
    permissions.require(by, "project.members.manage", space=space, project=project)
    if role not in ProjectRole.values:
        raise DomainError("Choose a project role.", field="role")
    if not space.memberships.filter(user=user).exists():
        raise DomainError("Only members of the space can be added to its projects. Invite them by email instead.")
    membership, created = ProjectMembership.objects.get_or_create(project=project, user=user, defaults={"role": role})
    if not created:
        raise DomainError(f"{user.display_name} is already a member of this project.")
    activity_record(
        space=space,
        project=project,
        event_name="CreateProjectMembership",
        description=f"Added {user.display_name} to {project.name} as {membership.get_role_display()}",
        user=by,
    )
    return membership


# Teams ------------------------------------------------------------------------------------------


def _clean_team_name(space: Space, name: str, *, exclude_pk=None) -> str:
    name = (name or "").strip()
    if not 1 <= len(name) <= 100:
        raise DomainError("A team name is 1–100 characters.", field="name")
    clash = space.teams.annotate(lname=Lower("name")).filter(lname=name.lower())
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(f"A team named {name} already exists in this space.", field="name")
    return name


def _save_team(team: Team, **kwargs) -> None:
    # Two requests may pass _clean_team_name at once; the unique constraint decides.
    try:
        with transaction.atomic():
            team.save(**kwargs)
    except IntegrityError:
        raise DomainError(f"A team named {team.name} already exists in this space.", field="name") from None


@transaction.atomic
def team_create(*, space: Space, name: str, description: str = "", by) -> Team:
    permissions.require(by, "teams.manage", space=space)
    team = Team(space=space, name=_clean_team_name(space, name), description=(description or "")[:200])
    _save_team(team)
    activity_record(space=space, event_name="CreateTeam", description=f"Created team {team.name}", user=by)
    return team


@transaction.atomic
def team_import_sso_group(*, space: Space, group_id: str, by) -> Team:
    """Make a team from an SSO group connected to the space, with the group's users as of the last
    sync (seed 000: "Create teams in CodeCatalyst and import your users and groups into teams")."""
    permissions.require(by, "teams.manage", space=space)
    group = space.connected_groups.filter(group_id=group_id).first()
    if group is None or space.identity_application is None or space.identity_application.store is None:
        raise DomainError("Choose one of the SSO groups connected to this space.", field="group")
    team = Team(space=space, name=_clean_team_name(space, group.display_name[:100]), description="Imported SSO group")
    _save_team(team)
    group_users = selectors.sso_users_of_groups(space, [group])[group.group_id]
    members = space.memberships.filter(user__in=group_users).values_list("user_id", flat=True)
    TeamMembership.objects.bulk_create([TeamMembership(team=team, user_id=user_id) for user_id in members])
    activity_record(
        space=space,
        event_name="ImportSsoGroupIntoTeam",
        description=f"Imported SSO group {group.display_name} as team {team.name} ({len(members)} members)",
        user=by,
    )
    return team


@transaction.atomic
def team_rename(*, team: Team, name: str, by) -> Team:
    permissions.require(by, "teams.manage", space=team.space)
    old = team.name
    team.name = _clean_team_name(team.space, name, exclude_pk=team.pk)
    try:
        _save_team(team, update_fields=["name"])
    except DomainError:
        team.name = old
        raise
    activity_record(
        space=team.space, event_name="UpdateTeam", description=f"Renamed team {old} to {team.name}", user=by
    )
    return team


@transaction.atomic
def team_delete(*, team: Team, by) -> None:
    permissions.require(by, "teams.manage", space=team.space)
    activity_record(space=team.space, event_name="DeleteTeam", description=f"Deleted team {team.name}", user=by)
    team.delete()


@transaction.atomic
def team_member_add(*, team: Team, user, by) -> None:
    permissions.require(by, "teams.manage", space=team.space)
    if not team.space.memberships.filter(user=user).exists():
        raise DomainError("Only members of the space can join its teams.")
    _, created = TeamMembership.objects.get_or_create(team=team, user=user)
    if not created:
        raise DomainError(f"{user.display_name} is already in team {team.name}.")
    activity_record(
        space=team.space,
        event_name="CreateTeamMembership",
        description=f"Added {user.display_name} to {team.name}",
        user=by,
    )


@transaction.atomic
def team_member_remove(*, team: Team, user, by) -> None:
    permissions.require(by, "teams.manage", space=team.space)
    deleted, _ = TeamMembership.objects.filter(team=team, user=user).delete()
    if not deleted:
        raise DomainError(f"{user.display_name} is not in team {team.name}.")
    activity_record(
        space=team.space,
        event_name="DeleteTeamMembership",
        description=f"Removed {user.display_name} from {team.name}",
        user=by,
    )
