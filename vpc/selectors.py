"""Reads on VPC connections, already scoped to the space and the person's role, and the reads the
"Add VPC connection" wizard makes through the VPC role (EC2-shaped dicts, as boto3 returns them)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.aws.iam.models import IamRole
from accounts.connections.models import AccountConnection, ConnectionProjectAccess
from catalyst_admin import rows
from catalyst_admin.errors import DomainError
from spaces import permissions
from vpc.models import VpcConnection, VpcRequirementsCheck
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


def _vpc_connection_list_sql() -> str:
    # _vpc_connections(space): select_related("account_connection", "created_by", "last_check",
    # "last_check__checked_by").order_by("name")
    user = VpcConnection._meta.get_field("created_by").related_model
    field, check = VpcConnection._meta.get_field, VpcRequirementsCheck._meta.get_field
    return (
        f"SELECT {rows.columns(VpcConnection, 'v')}, {rows.columns(AccountConnection, 'a')}, "
        f"{rows.columns(user, 'u')}, {rows.columns(VpcRequirementsCheck, 'c')}, {rows.columns(user, 'k')} "
        f"FROM {VpcConnection._meta.db_table} v "
        f"INNER JOIN {AccountConnection._meta.db_table} a ON a.id = v.{field('account_connection').column} "
        f"LEFT OUTER JOIN {user._meta.db_table} u ON u.id = v.{field('created_by').column} "
        f"LEFT OUTER JOIN {VpcRequirementsCheck._meta.db_table} c ON c.id = v.{field('last_check').column} "
        f"LEFT OUTER JOIN {user._meta.db_table} k ON k.id = c.{check('checked_by').column} "
        f"WHERE v.{field('space').column} = %s ORDER BY v.{field('name').column}"
    )


def vpc_connection_list(user, space) -> list[VpcConnection]:
    """:func:`vpc_connections_of` read at once, in plain SQL (``catalyst_admin.rows``), with what it
    selects related: the Settings → VPC connections page lists them on every visit."""
    permissions.require(user, "vpc.manage", space=space)
    user_model = VpcConnection._meta.get_field("created_by").related_model
    field = VpcConnection._meta.get_field
    found = []
    for row in rows.fetch(_vpc_connection_list_sql(), [space.pk]):
        vpc_connection, start = rows.from_row(VpcConnection, row, 0)
        account_connection, start = rows.from_row(AccountConnection, row, start)
        created_by, start = rows.from_row(user_model, row, start)
        last_check, start = rows.from_row(VpcRequirementsCheck, row, start)
        checked_by, _ = rows.from_row(user_model, row, start)
        # The caches select_related fills.
        field("account_connection").set_cached_value(vpc_connection, account_connection)
        field("created_by").set_cached_value(vpc_connection, created_by)
        field("last_check").set_cached_value(vpc_connection, last_check)
        if last_check is not None:
            VpcRequirementsCheck._meta.get_field("checked_by").set_cached_value(last_check, checked_by)
        found.append(vpc_connection)
    return found


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
