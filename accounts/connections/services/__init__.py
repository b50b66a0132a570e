"""Writes on the emulated AWS side and on account connections, split by topic:

- ``console``: console sign-in, account switching, IAM roles
- ``connections``: the connection request, its token, verification, allowed billing tiers, removal,
  declining a request
- ``connection_access``: IAM roles on a connection, project restrictions
- ``tags``: tags on a connection resource
"""

from accounts.aws.console.services import console_account_switch, console_authenticate, require_console_administrator
from accounts.aws.iam.policies import PERMISSIONS_POLICY_MAX_CHARS, TRUST_POLICY_MAX_CHARS, trusted_service_principals
from accounts.aws.iam.services import iam_role_create
from accounts.aws.ids import validate_account_id
from accounts.connections.services.access import (
    REQUIRED_TRUST_STATEMENT,
    connection_project_access_disable,
    connection_project_access_enable,
    connection_restrictions_disable,
    connection_role_add,
    connection_role_remove,
    may_configure_project,
)
from accounts.connections.services.requests import (
    MAX_CONNECTIONS_PER_SPACE,
    MAX_SPACES_PER_ACCOUNT,
    TOKEN_LIFETIME,
    TOKEN_LIFETIME_TEXT,
    account_space_quota_check,
    connection_paid_tiers_update,
    connection_remove,
    connection_request_account_check,
    connection_request_create,
    connection_request_decline,
    connection_token_check,
    connection_token_preview,
    connection_token_regenerate,
    connection_verify,
)
from accounts.connections.services.tags import MAX_TAGS, TagRejected, connection_tags_replace, tags_validate

__all__ = [
    "MAX_CONNECTIONS_PER_SPACE",
    "MAX_SPACES_PER_ACCOUNT",
    "MAX_TAGS",
    "PERMISSIONS_POLICY_MAX_CHARS",
    "REQUIRED_TRUST_STATEMENT",
    "TOKEN_LIFETIME",
    "TOKEN_LIFETIME_TEXT",
    "TRUST_POLICY_MAX_CHARS",
    "TagRejected",
    "account_space_quota_check",
    "connection_paid_tiers_update",
    "connection_project_access_disable",
    "connection_project_access_enable",
    "connection_remove",
    "connection_request_account_check",
    "connection_request_create",
    "connection_request_decline",
    "connection_restrictions_disable",
    "connection_role_add",
    "connection_role_remove",
    "connection_tags_replace",
    "connection_token_check",
    "connection_token_preview",
    "connection_token_regenerate",
    "connection_verify",
    "console_account_switch",
    "console_authenticate",
    "iam_role_create",
    "may_configure_project",
    "require_console_administrator",
    "tags_validate",
    "trusted_service_principals",
    "validate_account_id",
]
