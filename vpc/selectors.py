"""Reads on VPC connections, already scoped to the space and the person's role, and the reads the
"Add VPC connection" wizard makes through the VPC role (EC2-shaped dicts, as boto3 returns them)."""

from django.db.models import QuerySet

from accounts.aws.iam.models import IamRole
from accounts.connections.models import AccountConnection
from vpc.models import VpcConnection


def vpc_connections_of(user, space) -> QuerySet[VpcConnection]:
    """The space's VPC connections, ordered by name (Settings → VPC connections). Space
    administrators and Power users only: others get Forbidden naming the roles."""
    raise NotImplementedError


def vpc_connection_for(user, space, pk) -> VpcConnection:
    """One VPC connection of ``space`` by its primary key: Http404 when it is another space's (or
    none), Forbidden without the role."""
    raise NotImplementedError


def accounts_for_vpc(space) -> QuerySet[AccountConnection]:
    """The space's account connections a VPC connection may use: verified ones (restricted ones
    included; they cannot be the default). VPC connections are made only in the space's Region, so
    every connection offered is read in ``space.region``."""
    raise NotImplementedError


def roles_for_vpc(account_connection) -> QuerySet[IamRole]:
    """The IAM roles associated with ``account_connection`` (the "VPC role" drop-down), by name."""
    raise NotImplementedError


def vpcs_through(*, role_arn: str, region: str) -> list[dict]:
    """The VPCs the role sees in ``region`` (``DescribeVpcs`` items). DomainError with a clear
    message when EC2 cannot be reached or the role may not read them."""
    raise NotImplementedError


def subnets_through(*, role_arn: str, region: str, vpc_id: str) -> list[dict]:
    """The subnets of ``vpc_id`` (``DescribeSubnets`` items), by Availability Zone. Each dict gains
    ``"IsPublic"`` (True/False, or None when the role may not read route tables) for the form's
    "Do not choose public subnets" hint. DomainError as ``vpcs_through``."""
    raise NotImplementedError


def security_groups_through(*, role_arn: str, region: str, vpc_id: str) -> list[dict]:
    """The security groups of ``vpc_id`` (``DescribeSecurityGroups`` items), by name. DomainError as
    ``vpcs_through``."""
    raise NotImplementedError


def vpc_connections_for_project(project) -> QuerySet[VpcConnection]:
    """The VPC connections a project's environments and Dev Environments may use: those on an
    unrestricted account connection of its space, and those on a restricted one that allows this
    project. Ordered by name."""
    raise NotImplementedError


def vpc_connections_using(account_connection, *, role_arn: str = "") -> QuerySet[VpcConnection]:
    """The VPC connections on ``account_connection`` (through ``role_arn`` only, when given)."""
    raise NotImplementedError
