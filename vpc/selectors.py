"""Reads on VPC connections, already scoped to the space and the person's role, and the reads the
"Add VPC connection" wizard makes through the VPC role (EC2-shaped dicts, as boto3 returns them)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.aws.iam.models import IamRole
from accounts.connections.models import AccountConnection, ConnectionProjectAccess
from catalyst_admin.errors import DomainError
from spaces import permissions
from vpc.models import VpcConnection
from vpc.requirements import Denied, client_for, ec2_read

MAX_ID = 2**63 - 1


def _vpc_connections(space) -> QuerySet[VpcConnection]:
    return space.vpc_connections.select_related(
        "account_connection", "created_by", "last_check", "last_check__checked_by"
    ).order_by("name")


def vpc_connections_of(user, space) -> QuerySet[VpcConnection]:
    """The space's VPC connections, ordered by name (Settings → VPC connections). Space
    administrators and Power users only: others get Forbidden naming the roles."""
    permissions.require(user, "vpc.manage", space=space)
    return _vpc_connections(space)


def vpc_connection_for(user, space, pk) -> VpcConnection:
    """One VPC connection of ``space`` by its primary key: Http404 when it is another space's (or
    none), Forbidden without the role."""
    permissions.require(user, "vpc.manage", space=space)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    # An id past what the database stores is simply not there (SQLite raised OverflowError on it).
    found = _vpc_connections(space).filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if found is None:
        raise Http404("No VPC connection with that ID in this space.")
    return found


def accounts_for_vpc(space) -> QuerySet[AccountConnection]:
    """The space's account connections a VPC connection may use: verified ones (restricted ones
    included; they cannot be the default). VPC connections are made only in the space's Region, so
    every connection offered is read in ``space.region``."""
    return space.account_connections.filter(status=AccountConnection.Status.VERIFIED).order_by(
        "display_name", "aws_account_id"
    )


def roles_for_vpc(account_connection) -> QuerySet[IamRole]:
    """The IAM roles associated with ``account_connection`` (the "VPC role" drop-down), by name."""
    return (
        IamRole.objects.filter(
            connections__connection=account_connection, account__account_id=account_connection.aws_account_id
        )
        .select_related("account")
        .order_by("name")
    )


def _through(call, what: str, role_arn: str):
    items = ec2_read(call, not_found_ok=True)
    if isinstance(items, Denied):
        raise DomainError(
            f"The VPC role {role_arn} may not call {items.action}, so CodeCatalyst cannot list the {what}. Add "
            f"{items.action} to the role's permissions policy (a VPC role needs the seven actions seed 000 lists), "
            "or choose another role.",
            field="role_arn",
        )
    return items


def _by_vpc(vpc_id: str):
    return [{"Name": "vpc-id", "Values": [vpc_id]}]


def _name(item: dict) -> str:
    return next((t["Value"] for t in item.get("Tags", []) if t.get("Key") == "Name"), "")


def vpcs_through(*, role_arn: str, region: str) -> list[dict]:
    """The VPCs the role sees in ``region`` (``DescribeVpcs`` items), by Name tag then ID. DomainError
    with a clear message when EC2 cannot be reached or the role may not read them."""
    client = client_for(role_arn=role_arn, region=region)
    vpcs = _through(lambda: client.describe_vpcs(), "VPCs", role_arn)
    return sorted(vpcs, key=lambda v: (_name(v) == "", _name(v), v["VpcId"]))


def subnets_through(*, role_arn: str, region: str, vpc_id: str) -> list[dict]:
    """The subnets of ``vpc_id`` (``DescribeSubnets`` items), by Availability Zone. Each dict gains
    ``"IsPublic"`` (True/False, or None when the role may not read route tables) for the form's
    "Do not choose public subnets" hint. DomainError as ``vpcs_through``."""
    client = client_for(role_arn=role_arn, region=region)
    subnets = [
        s
        for s in _through(lambda: client.describe_subnets(filters=_by_vpc(vpc_id)), "subnets", role_arn)
        if s.get("VpcId") == vpc_id
    ]
    tables = ec2_read(lambda: client.describe_route_tables(filters=_by_vpc(vpc_id)))
    for subnet in subnets:
        subnet["IsPublic"] = None if isinstance(tables, Denied) else _is_public(tables, subnet["SubnetId"])
    return sorted(subnets, key=lambda s: (s["AvailabilityZone"], s.get("CidrBlock", ""), s["SubnetId"]))


def _is_public(tables, subnet_id: str) -> bool:
    own = next((t for t in tables if any(a.get("SubnetId") == subnet_id for a in t.get("Associations", []))), None)
    table = own or next((t for t in tables if any(a.get("Main") for a in t.get("Associations", []))), None)
    return bool(table) and any(
        r.get("DestinationCidrBlock") == "0.0.0.0/0" and str(r.get("GatewayId", "")).startswith("igw-")
        for r in table.get("Routes", [])
    )


def security_groups_through(*, role_arn: str, region: str, vpc_id: str) -> list[dict]:
    """The security groups of ``vpc_id`` (``DescribeSecurityGroups`` items), by name. DomainError as
    ``vpcs_through``."""
    client = client_for(role_arn=role_arn, region=region)
    groups = _through(lambda: client.describe_security_groups(filters=_by_vpc(vpc_id)), "security groups", role_arn)
    return sorted((g for g in groups if g.get("VpcId") == vpc_id), key=lambda g: (g["GroupName"], g["GroupId"]))


def vpc_connections_for_project(project) -> QuerySet[VpcConnection]:
    """The VPC connections a project's environments and Dev Environments may use: those on an
    unrestricted account connection of its space, and those on a restricted one that allows this
    project. Ordered by name."""
    allowed = ConnectionProjectAccess.objects.filter(connection=OuterRef("account_connection"), project=project)
    return (
        project.space.vpc_connections.filter(Q(account_connection__project_restricted=False) | Q(Exists(allowed)))
        .select_related("account_connection")
        .order_by("name")
    )


def vpc_connections_using(account_connection, *, role_arn: str = "") -> QuerySet[VpcConnection]:
    """The VPC connections on ``account_connection`` (through ``role_arn`` only, when given)."""
    found = VpcConnection.objects.filter(account_connection=account_connection)
    if role_arn:
        found = found.filter(role_arn=role_arn)
    return found.order_by("name")
