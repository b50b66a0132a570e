"""The role matrix: who may do what in a space and in a project. The one place for it.

Services call :func:`require` before they write; selectors and views call :func:`can` to decide
what to show. A Space administrator may do everything in the space, including every project
action (seed 002, "Roles"); a Power user has no access to projects by role alone.
"""

from catalyst_admin.errors import Forbidden
from spaces.models import ProjectMembership, SpaceMembership
from spaces.roles import ProjectRole, SpaceRole

ADMIN = SpaceRole.SPACE_ADMINISTRATOR
POWER = SpaceRole.POWER_USER
LIMITED = SpaceRole.LIMITED_ACCESS
ANY_SPACE_ROLE = frozenset(SpaceRole)

SPACE_ACTIONS: dict[str, frozenset] = {
    "space.view": ANY_SPACE_ROLE,
    "space.edit": frozenset({ADMIN}),
    "space.delete": frozenset({ADMIN}),
    "members.view": ANY_SPACE_ROLE,
    "members.manage": frozenset({ADMIN, POWER}),
    "space_admins.manage": frozenset({ADMIN}),
    "projects.create": frozenset({ADMIN, POWER}),
    "projects.list_all": frozenset({ADMIN, POWER}),
    "teams.view": ANY_SPACE_ROLE,
    "teams.manage": frozenset({ADMIN}),
    "activity.view": frozenset({ADMIN, POWER}),
    "billing.manage": frozenset({ADMIN}),
    "sso.manage": frozenset({ADMIN}),
    "genai.manage": frozenset({ADMIN}),
    "connections.view": frozenset({ADMIN, POWER}),
    "connections.manage": frozenset({ADMIN, POWER}),
    # Seed 000, project-restricted connections: a Power user configures access only for
    # projects where they are a member; a Space administrator for any project.
    "connections.restrict_any_project": frozenset({ADMIN}),
    "vpc.manage": frozenset({ADMIN, POWER}),
}

PROJECT_ACTIONS: dict[str, frozenset] = {
    "project.view": frozenset(ProjectRole),
    "project.edit": frozenset({ProjectRole.PROJECT_ADMINISTRATOR}),
    "project.delete": frozenset({ProjectRole.PROJECT_ADMINISTRATOR}),
    "project.members.manage": frozenset({ProjectRole.PROJECT_ADMINISTRATOR}),
    # Amazon Q requests (seed 000, "Enabling generative AI features in Amazon CodeCatalyst"), once
    # the space's setting is on. "Users with the Project administrator or Contributor role in a
    # project can assign issues to Amazon Q" (seed). The rest as judged from what each feature
    # writes: tasks and pull request descriptions are a contributor's work; a comment summary
    # helps "users reviewing pull requests", so Reviewers too; creating or adding features to a
    # project changes the project itself, so Project administrators only.
    "genai.assign_issues": frozenset({ProjectRole.PROJECT_ADMINISTRATOR, ProjectRole.CONTRIBUTOR}),
    "genai.recommend_tasks": frozenset({ProjectRole.PROJECT_ADMINISTRATOR, ProjectRole.CONTRIBUTOR}),
    "genai.write_description": frozenset({ProjectRole.PROJECT_ADMINISTRATOR, ProjectRole.CONTRIBUTOR}),
    "genai.comment_summary": frozenset(
        {ProjectRole.PROJECT_ADMINISTRATOR, ProjectRole.CONTRIBUTOR, ProjectRole.REVIEWER}
    ),
    "genai.create_features": frozenset({ProjectRole.PROJECT_ADMINISTRATOR}),
}

ACTION_DESCRIPTIONS = {
    "space.view": "view this space",
    "space.edit": "change the space's settings",
    "space.delete": "delete the space",
    "members.view": "view the space's members",
    "members.manage": "invite, change or remove members",
    "space_admins.manage": "add, change or remove Space administrators",
    "projects.create": "create projects",
    "projects.list_all": "view all projects in the space",
    "teams.view": "view teams",
    "teams.manage": "manage teams",
    "activity.view": "view the space's activity",
    "billing.manage": "manage billing",
    "sso.manage": "manage SSO",
    "genai.manage": "manage generative AI features",
    "connections.view": "view AWS account connections",
    "connections.manage": "manage AWS account connections",
    "connections.restrict_any_project": "configure access to an AWS account for projects you are not a member of",
    "vpc.manage": "manage VPC connections",
    "project.view": "open this project",
    "project.edit": "change this project",
    "project.delete": "delete this project",
    "project.members.manage": "manage this project's members",
    "genai.assign_issues": "assign issues to Amazon Q",
    "genai.recommend_tasks": "use Recommend tasks",
    "genai.write_description": "use Write description for me",
    "genai.comment_summary": "use Create comment summary",
    "genai.create_features": "use Amazon Q to create or add features to a project",
}


# What each role may do in its space, keyed as templates read it (``space_perms.activity_view``):
# a pure function of the role, computed once per process.
_PERMS_OF_ROLE: dict[str | None, dict[str, bool]] = {
    role: {action.replace(".", "_"): role in roles for action, roles in SPACE_ACTIONS.items()}
    for role in [*(role.value for role in SpaceRole), None]
}


def _space_role(user, space):
    if not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(user, "_space_role_cache", None)
    if cache is None:
        cache = user._space_role_cache = {}
    if space.pk not in cache:
        cache[space.pk] = SpaceMembership.objects.filter(space=space, user=user).values_list("role", flat=True).first()
    return cache[space.pk]


def remember_roles(user, roles: dict[int, str]) -> None:
    """Prime the per-request role cache with roles a query has just read (space pk -> role, as the
    page shell's list of the person's spaces has them), so that :func:`can` asks no more. Only for
    ``user``'s own memberships, read in this request: :func:`forget_roles` drops them."""
    if getattr(user, "is_authenticated", False):
        cache = getattr(user, "_space_role_cache", None)
        if cache is None:
            cache = user._space_role_cache = {}
        cache.update(roles)


def _project_role(user, project):
    if not getattr(user, "is_authenticated", False):
        return None
    return ProjectMembership.objects.filter(project=project, user=user).values_list("role", flat=True).first()


def forget_roles(user) -> None:
    """Drop the per-request role cache (and the page shell's list of the person's spaces, which
    carries the same roles) after a service changed the user's memberships."""
    for name in ("_space_role_cache", "_console_spaces"):
        if hasattr(user, name):
            delattr(user, name)


def space_role(user, space) -> str | None:
    return _space_role(user, space)


def space_perms(role: str | None) -> dict[str, bool]:
    """Every space action keyed for templates (``space.edit`` -> ``space_edit``): whether ``role``
    (a member's role, None for no role) may do it. For showing and hiding only; the services and
    selectors check with :func:`require` and :func:`can` whatever the page showed."""
    return dict(_PERMS_OF_ROLE.get(role, _PERMS_OF_ROLE[None]))


def roles_for(action: str) -> list[str]:
    """Human names of the roles that may perform ``action``, most powerful first."""
    if action in SPACE_ACTIONS:
        return [role.label for role in SpaceRole if role in SPACE_ACTIONS[action]]
    return [SpaceRole.SPACE_ADMINISTRATOR.label] + [
        role.label for role in ProjectRole if role in PROJECT_ACTIONS[action]
    ]


def can(user, action: str, *, space, project=None) -> bool:
    role = _space_role(user, space)
    if role is None:
        return False
    if action in SPACE_ACTIONS:
        return role in SPACE_ACTIONS[action]
    if action not in PROJECT_ACTIONS:
        raise KeyError(f"Unknown action {action!r}")
    if role == ADMIN:
        return True
    return _project_role(user, project) in PROJECT_ACTIONS[action]


def _or_join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def require(user, action: str, *, space, project=None) -> None:
    """Raise :class:`Forbidden` naming the role needed unless ``user`` may do ``action``."""
    if not can(user, action, space=space, project=project):
        raise Forbidden(f"You need the {_or_join(roles_for(action))} role to {ACTION_DESCRIPTIONS[action]}.")
