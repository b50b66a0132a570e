"""What a connection gives access to, managed in the CodeCatalyst console: the IAM roles
associated with it (seed 001, "Step 4: Add IAM roles to your connection") and the projects a
project-restricted connection is limited to (seed 000, "Enabling or disabling project-restricted
account connections")."""

import json
import re

from django.db import transaction

from accounts.aws.console.models import AwsAccount
from accounts.aws.iam.policies import CODECATALYST_PRINCIPALS, CODECATALYST_TRUST_STATEMENT, trusted_service_principals
from accounts.connections.models import AccountConnection, ConnectionProjectAccess, ConnectionRole
from catalyst_admin.errors import DomainError, Forbidden, unique_or
from spaces import permissions
from spaces.activity import activity_record

ROLE_ARN = re.compile(r"^arn:aws:iam::(?P<account>\d{12}):role/(?P<name>[\w+=,.@-]{1,64})$", re.ASCII)
REQUIRED_TRUST_STATEMENT = json.dumps(CODECATALYST_TRUST_STATEMENT)


def _locked(connection: AccountConnection) -> AccountConnection:
    return AccountConnection.objects.select_for_update().select_related("space").get(pk=connection.pk)


# IAM roles ----------------------------------------------------------------------------------------


def _trusts_codecatalyst(trust_policy) -> bool:
    statements = trust_policy.get("Statement", []) if isinstance(trust_policy, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    allowing = [s for s in statements if isinstance(s, dict) and s.get("Effect") == "Allow"]
    return any(
        principal in CODECATALYST_PRINCIPALS
        for statement in allowing
        for principal in trusted_service_principals({"Statement": [statement]})
    )


@transaction.atomic
def connection_role_add(*, connection: AccountConnection, role_arn: str, by) -> ConnectionRole:
    """Associate an IAM role of the connected account with the connection, by its ARN."""
    permissions.require(by, "connections.manage", space=connection.space)
    connection = _locked(connection)
    account_id = connection.aws_account_id
    if not connection.is_verified:
        raise DomainError(
            f"AWS account {account_id} is pending verification. Complete setup in the AWS Management Console "
            "before you add IAM roles to the connection.",
            field="role_arn",
        )
    role_arn = (role_arn or "").strip()
    match = ROLE_ARN.match(role_arn)
    if match is None:
        raise DomainError(
            f"{role_arn or 'That'} is not an IAM role ARN. A role ARN looks like "
            f"arn:aws:iam::{account_id}:role/role-name; copy it from the role's Summary page in the IAM "
            "console.",
            field="role_arn",
        )
    if match["account"] != account_id:
        raise DomainError(
            f"That role belongs to AWS account {match['account']}, but this connection is to account "
            f"{account_id}. "
            f"Add a role of account {account_id}, or connect account {match['account']} to the space first.",
            field="role_arn",
        )
    account = AwsAccount.objects.filter(account_id=account_id).first()
    role = account.iam_roles.filter(name=match["name"]).first() if account else None
    if role is None:
        raise DomainError(
            f"AWS account {account_id} has no IAM role named {match['name']}. Create the role in the IAM "
            "console first, or check the ARN.",
            field="role_arn",
        )
    if not _trusts_codecatalyst(role.trust_policy):
        raise DomainError(
            f"The trust policy of {role.name} does not let CodeCatalyst assume the role. In the IAM console, "
            f"edit the role's trust relationships and add this statement: {REQUIRED_TRUST_STATEMENT}",
            field="role_arn",
        )
    if connection.roles.filter(role=role).exists():
        raise DomainError(f"{role.name} is already associated with this connection.", field="role_arn")
    with unique_or(DomainError(f"{role.name} is already associated with this connection.", field="role_arn")):
        association = ConnectionRole.objects.create(connection=connection, role=role, added_by=by)
    activity_record(
        space=connection.space,
        event_name="AssociateIamRoleWithConnection",
        description=f"Added IAM role {role.arn} to the connection to AWS account {account_id}",
        user=by,
    )
    return association


@transaction.atomic
def connection_role_remove(*, association: ConnectionRole, by) -> None:
    """Disassociate an IAM role from its connection; the role itself stays in the account."""
    connection = association.connection
    permissions.require(by, "connections.manage", space=connection.space)
    arn = association.role.arn
    if names := connection.vpc_connection_names(role_arn=arn):
        raise DomainError(
            f"{association.role.name} is the VPC role of VPC connection{'s' if len(names) > 1 else ''} "
            f"{', '.join(names)}. Edit {'them' if len(names) > 1 else 'it'} to use another role, or remove "
            f"{'them' if len(names) > 1 else 'it'} (Settings, then VPC connections), then remove the role."
        )
    deleted, _ = ConnectionRole.objects.filter(pk=association.pk).delete()
    if not deleted:
        raise DomainError("That role is no longer associated with this connection.")
    activity_record(
        space=connection.space,
        event_name="DisassociateIamRoleFromConnection",
        description=f"Removed IAM role {arn} from the connection to AWS account {connection.aws_account_id}",
        user=by,
    )


# Project restrictions -----------------------------------------------------------------------------


def may_configure_project(user, project) -> bool:
    """Space administrators configure access for any project; Power users for their own projects only."""
    space = project.space
    if permissions.can(user, "connections.restrict_any_project", space=space):
        return True
    return permissions.can(user, "connections.manage", space=space) and project.memberships.filter(user=user).exists()


def _require_project_access_right(user, project) -> None:
    if not may_configure_project(user, project):
        raise Forbidden(
            "With the Power user role you can configure access only for projects where you are a member, "
            "and you "
            f"are not a member of {project.name}. Ask a Space administrator, or a member of {project.name}."
        )


@transaction.atomic
def connection_project_access_enable(*, connection: AccountConnection, projects, by) -> list:
    """ "Enable project restrictions": restrict the connection to the chosen projects (adding to
    the projects already allowed when it is restricted already)."""
    space = connection.space
    permissions.require(by, "connections.manage", space=space)
    connection = _locked(connection)
    projects = list(projects)
    if not projects:
        raise DomainError("Choose at least one project that may use this AWS account.", field="projects")
    for project in projects:
        if project.space_id != space.pk:
            raise DomainError(f"{project.name} is not a project of {space.name}.", field="projects")
        _require_project_access_right(by, project)
    already = set(connection.project_access.values_list("project_id", flat=True))
    added = [project for project in projects if project.pk not in already]
    # Seed 000: a restricted account connection is not available for default VPCs. Refused rather
    # than quietly removing the space's default VPC connection: the person decides.
    default = connection.vpc_connections.filter(is_default=True).first()
    if not connection.project_restricted and default is not None:
        raise DomainError(
            f"{default.name}, the default VPC connection of {space.name}, uses AWS account "
            f"{connection.aws_account_id}, and a project-restricted account cannot be the default's. Choose "
            f"Manage default, then Remove as default on {default.name} (Settings, then VPC connections), then "
            "enable project restrictions.",
            field="projects",
        )
    if not connection.project_restricted:
        connection.project_restricted = True
        connection.save(update_fields=["project_restricted"])
        activity_record(
            space=space,
            event_name="EnableProjectRestrictions",
            description=f"Restricted AWS account {connection.aws_account_id} to chosen projects",
            user=by,
        )
    ConnectionProjectAccess.objects.bulk_create(
        [ConnectionProjectAccess(connection=connection, project=project, granted_by=by) for project in added]
    )
    for project in added:
        activity_record(
            space=space,
            project=project,
            event_name="EnableProjectAccessToConnection",
            description=f"Let {project.name} use AWS account {connection.aws_account_id}",
            user=by,
        )
    return added


@transaction.atomic
def connection_project_access_disable(*, connection: AccountConnection, project, by) -> None:
    """Per project "Disable": the project may no longer use the restricted connection."""
    permissions.require(by, "connections.manage", space=connection.space)
    connection = _locked(connection)
    _require_project_access_right(by, project)
    deleted, _ = connection.project_access.filter(project=project).delete()
    if not deleted:
        raise DomainError(f"{project.name} already has no access to this AWS account.")
    activity_record(
        space=connection.space,
        project=project,
        event_name="DisableProjectAccessToConnection",
        description=f"{project.name} may no longer use AWS account {connection.aws_account_id}",
        user=by,
    )


@transaction.atomic
def connection_restrictions_disable(*, connection: AccountConnection, by) -> None:
    """ "Disable project restrictions": every project of the space may use the connection again."""
    permissions.require(by, "connections.manage", space=connection.space)
    connection = _locked(connection)
    if not connection.project_restricted:
        raise DomainError("Project restrictions are not enabled for this AWS account.")
    connection.project_access.all().delete()
    connection.project_restricted = False
    connection.save(update_fields=["project_restricted"])
    activity_record(
        space=connection.space,
        event_name="DisableProjectRestrictions",
        description=f"Every project may use AWS account {connection.aws_account_id} again",
        user=by,
    )
