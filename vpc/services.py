"""Writes on VPC connections (seed 000, "Adding VPC connections for a space", "Managing a default VPC
connection for a space", "Editing VPC connections for a space", "Removing VPC connections for a
space"). Each is atomic, keyword-only and checks its actor: the Space administrator or Power user
role ("vpc.manage"), else Forbidden naming the roles.

Bad input raises a DomainError whose ``errors`` holds every invalid field at once (field names
``account_connection``, ``role_arn``, ``vpc_id``, ``subnet_ids``, ``security_group_ids``, ``name``,
``typed_name``); a failed VPC requirement refuses with field ``None`` and the report on
``error.report`` (``RequirementsRefused``). A quota is a QuotaExceeded; EC2 that cannot be reached a
DomainError saying so. Nothing is written on any refusal.

Changes to this interface (for the pages built on it) are listed here:
- (none yet)
"""

from django.db import transaction

from catalyst_admin.errors import DomainError
from vpc.models import VpcConnection, VpcRequirementsCheck
from vpc.requirements import RequirementsReport

# REFERENCE.md, quotas: at most 100 VPC connections per space; seed 000: up to five security groups.
MAX_VPC_CONNECTIONS_PER_SPACE = 100
MAX_SECURITY_GROUPS = 5


class RequirementsRefused(DomainError):
    """A VPC requirement failed: ``report`` is the whole RequirementsReport, for the page to show."""

    def __init__(self, message: str, *, report: RequirementsReport):
        super().__init__(message)
        self.report = report


@transaction.atomic
def vpc_connection_add(
    *, space, account_connection, role_arn: str, vpc_id: str, subnet_ids, security_group_ids, name: str, by
) -> VpcConnection:
    """ "Add VPC connection": check the role (``role_check``: the seed's seven actions) and the input
    (name rules and uniqueness, the space's Region, one private subnet per Availability Zone of this
    VPC, one to five security groups of this VPC, at most 100 per space), run the VPC requirements
    check, refuse on a failed requirement, then save the connection with its recorded check."""
    raise NotImplementedError


@transaction.atomic
def vpc_connection_update(*, vpc_connection: VpcConnection, role_arn: str, subnet_ids, security_group_ids, by):
    """ "Edit": change the role, subnets or security groups (the VPC, account connection and name
    stay); the same checks as adding run again, and the new check is recorded."""
    raise NotImplementedError


@transaction.atomic
def vpc_connection_remove(*, vpc_connection: VpcConnection, typed_name: str, by) -> None:
    """ "Remove VPC connection": ``typed_name`` must be the connection's name exactly."""
    raise NotImplementedError


@transaction.atomic
def vpc_connection_default_set(*, vpc_connection: VpcConnection, by) -> VpcConnection:
    """ "Manage default" → "Set as default": this one becomes the space's default (the previous
    default, if any, stops being it). Refused on a project-restricted account connection."""
    raise NotImplementedError


@transaction.atomic
def vpc_connection_default_remove(*, vpc_connection: VpcConnection, by) -> VpcConnection:
    """ "Manage default" → "Remove as default"."""
    raise NotImplementedError


@transaction.atomic
def vpc_connection_check(*, vpc_connection: VpcConnection, by) -> VpcRequirementsCheck:
    """ "Check VPC connection": run the VPC requirements check again and record the result (also
    when it fails: the point is to see what changed, e.g. someone deleted the NAT gateway)."""
    raise NotImplementedError
