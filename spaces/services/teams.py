"""Writes on teams and their members, including a team imported from a connected SSO group."""

from django.db import transaction
from django.db.models.functions import Lower

from catalyst_admin.errors import DomainError, unique_or
from spaces import permissions, selectors
from spaces.activity import activity_record
from spaces.models import Space, Team, TeamMembership


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
    with unique_or(DomainError(f"A team named {team.name} already exists in this space.", field="name")):
        team.save(**kwargs)


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
    count = f"{len(members)} member{'' if len(members) == 1 else 's'}"
    activity_record(
        space=space,
        event_name="ImportSsoGroupIntoTeam",
        description=f"Imported SSO group {group.display_name} as team {team.name} ({count})",
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
