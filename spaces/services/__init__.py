"""Writes on spaces, projects, members, invitations and teams, split by topic. Every one checks
the role matrix, validates, writes atomically and records an activity entry."""

from spaces.services.invitations import (
    INVITATION_LIFETIME,
    MAX_INVITATIONS_PER_ADDRESS_PER_DAY,
    MAX_INVITATIONS_PER_INVITER_PER_DAY,
    invitation_accept,
    invitation_answerer_check,
    invitation_cancel,
    invitation_create,
    invitation_create_authorize,
    invitation_decline,
    project_invitation_create,
)
from spaces.services.members import member_change_role, member_change_role_authorize, member_remove, memberships_end
from spaces.services.projects import (
    MAX_PROJECTS_PER_SPACE,
    project_create,
    project_delete,
    project_member_change_role,
    project_member_change_role_authorize,
    project_member_remove,
)
from spaces.services.spaces import (
    MAX_SPACES_PER_USER_PER_MONTH,
    RESERVED_NAMES,
    SSO_CREATES_NO_SPACE,
    space_create,
    space_delete,
    space_teardown,
    space_update,
    validate_space_name,
)
from spaces.services.teams import (
    team_create,
    team_delete,
    team_import_sso_group,
    team_member_add,
    team_member_remove,
    team_rename,
)

__all__ = [
    "INVITATION_LIFETIME",
    "MAX_INVITATIONS_PER_ADDRESS_PER_DAY",
    "MAX_INVITATIONS_PER_INVITER_PER_DAY",
    "MAX_PROJECTS_PER_SPACE",
    "MAX_SPACES_PER_USER_PER_MONTH",
    "RESERVED_NAMES",
    "SSO_CREATES_NO_SPACE",
    "invitation_accept",
    "invitation_answerer_check",
    "invitation_cancel",
    "invitation_create",
    "invitation_create_authorize",
    "invitation_decline",
    "member_change_role",
    "member_change_role_authorize",
    "member_remove",
    "memberships_end",
    "project_create",
    "project_delete",
    "project_invitation_create",
    "project_member_change_role",
    "project_member_change_role_authorize",
    "project_member_remove",
    "space_create",
    "space_delete",
    "space_teardown",
    "space_update",
    "validate_space_name",
    "team_create",
    "team_delete",
    "team_import_sso_group",
    "team_member_add",
    "team_member_remove",
    "team_rename",
]
