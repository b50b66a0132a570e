"""Reads on the emulated Amazon VPC inventory, every one scoped to (account, Region).

Stable interface (the EC2 API and the EC2 client build on it; names are not renamed, only added):

- ``<kinds>_of(account, region, *, vpc_ids=(), ids=()) -> QuerySet`` for ``vpcs``, ``subnets``,
  ``route_tables``, ``internet_gateways``, ``nat_gateways``, ``security_groups``,
  ``network_acls``, ``vpc_endpoints``: the account's resources in the Region, optionally only
  those with the given resource IDs (``ids``) or in the given VPCs (``vpc_ids``; for internet
  gateways the attached VPC). Another account's or Region's IDs are simply not in the result.
- ``<kind>_in(account, region, resource_id) -> model | None`` for the same kinds (singular:
  ``vpc_in``, ``subnet_in``, ``route_table_in``, ``internet_gateway_in``, ``nat_gateway_in``,
  ``security_group_in``, ``network_acl_in``, ``vpc_endpoint_in``).
- ``availability_zones(region) -> list[Region zones]`` and ``endpoint_services(region)`` (from
  ``accounts.aws.ec2.regions``).
- ``route_table_of_subnet(subnet) -> RouteTable`` (its explicit association, else the VPC's main
  table), ``subnet_is_public(subnet) -> bool`` (that table routes 0.0.0.0/0 to an internet
  gateway), ``subnet_routing(subnets, *, public=False)`` (both for many subnets at once, by subnet
  pk), ``vpc_dependencies(vpc) -> list[str]`` (what keeps a VPC from being deleted),
  ``vpc_resource_names(vpc) -> dict[str, list[Named]]`` (the VPC details page's resource map).

Also for the API: ``regions.ZONE_IDS`` (zone → zone ID), ``regions.endpoint_service_get(region,
name)``, ``models.Ec2Resource.tag_list`` (``[{"Key": "Name", …}]``; the Name tag is the ``name``
column, so ``tag:Name`` filters on ``name``), ``Route.target_id`` / ``Route.state``, and
``errors.Ec2Error.code`` (EC2's error code of every refusal).

Selectors never write: each account's default VPCs are made when the account is created
(``services.default_vpcs_ensure``, called from a post_save receiver and, for accounts that existed
before, by migration ``accounts.0006_default_vpcs``).
"""

from functools import cache
from typing import NamedTuple

from django.db.models import F, Prefetch, Q, QuerySet

from accounts.aws.console.models import AwsAccount
from accounts.aws.ec2 import regions
from accounts.aws.ec2.models import (
    EndpointSubnet,
    InternetGateway,
    NatGateway,
    NetworkAcl,
    Route,
    RouteTable,
    RouteTableAssociation,
    SecurityGroup,
    Subnet,
    Vpc,
    VpcEndpoint,
)
from catalyst_admin import rows


def _scoped(model, account: AwsAccount, region: str, *, ids=(), vpc_ids=(), vpc_field: str = "vpc__resource_id"):
    queryset = model.objects.filter(account=account, region=region)
    if ids:
        queryset = queryset.filter(resource_id__in=list(ids))
    if vpc_ids:
        queryset = queryset.filter(**{f"{vpc_field}__in": list(vpc_ids)})
    return queryset


def vpcs_of(account: AwsAccount, region: str, *, ids=()) -> QuerySet[Vpc]:
    return _scoped(Vpc, account, region, ids=ids).prefetch_related("subnets")


def vpc_choices(account: AwsAccount, region: str) -> list[Vpc]:
    """:func:`vpcs_of` as a form's choices list them (each VPC's own columns, none of its related
    rows), in plain SQL: Create endpoint reads its VPCs, and then :func:`vpc_choice_members`, on
    every request, and building the querysets cost more than running them."""
    v = Vpc._meta
    sql = (
        f"SELECT {rows.columns(Vpc, 'v')} FROM {v.db_table} v WHERE v.{v.get_field('account').column} = %s "
        f"AND v.{v.get_field('region').column} = %s ORDER BY v.{v.get_field('created_at').column}, v.{v.pk.column}"
    )
    return [rows.from_row(Vpc, row, 0)[0] for row in rows.fetch(sql, [account.pk, region])]


def vpc_choice_members(vpc: Vpc) -> tuple[list[Subnet], list[SecurityGroup]]:
    """The subnets (by Availability Zone and CIDR block, as :func:`subnets_of` orders one VPC's) and
    the security groups of ``vpc``, their own columns only, in plain SQL (see :func:`vpc_choices`)."""
    s, g = Subnet._meta, SecurityGroup._meta
    subnets = (
        f"SELECT {rows.columns(Subnet, 's')} FROM {s.db_table} s WHERE s.{s.get_field('vpc').column} = %s "
        f"ORDER BY s.{s.get_field('availability_zone').column}, s.{s.get_field('cidr_block').column}"
    )
    groups = (
        f"SELECT {rows.columns(SecurityGroup, 'g')} FROM {g.db_table} g WHERE g.{g.get_field('vpc').column} = %s "
        f"ORDER BY g.{g.get_field('created_at').column}, g.{g.pk.column}"
    )
    return (
        [rows.from_row(Subnet, row, 0)[0] for row in rows.fetch(subnets, [vpc.pk])],
        [rows.from_row(SecurityGroup, row, 0)[0] for row in rows.fetch(groups, [vpc.pk])],
    )


def vpc_in(account: AwsAccount, region: str, resource_id: str) -> Vpc | None:
    return vpcs_of(account, region).filter(resource_id=resource_id).first()


def subnets_of(account: AwsAccount, region: str, *, ids=(), vpc_ids=()) -> QuerySet[Subnet]:
    return (
        _scoped(Subnet, account, region, ids=ids, vpc_ids=vpc_ids)
        .select_related("vpc", "route_table_association__route_table")
        .order_by("vpc__created_at", "availability_zone", "cidr_block")
    )


def subnet_in(account: AwsAccount, region: str, resource_id: str) -> Subnet | None:
    return subnets_of(account, region).filter(resource_id=resource_id).first()


def route_tables_of(account: AwsAccount, region: str, *, ids=(), vpc_ids=()) -> QuerySet[RouteTable]:
    return (
        _scoped(RouteTable, account, region, ids=ids, vpc_ids=vpc_ids)
        .select_related("vpc")
        .prefetch_related(
            Prefetch(
                "routes", queryset=Route.objects.select_related("internet_gateway", "nat_gateway", "vpc_endpoint")
            ),
            Prefetch("associations", queryset=RouteTableAssociation.objects.select_related("subnet")),
        )
    )


def route_table_in(account: AwsAccount, region: str, resource_id: str) -> RouteTable | None:
    return route_tables_of(account, region).filter(resource_id=resource_id).first()


def internet_gateways_of(account: AwsAccount, region: str, *, ids=(), vpc_ids=()) -> QuerySet[InternetGateway]:
    return _scoped(InternetGateway, account, region, ids=ids, vpc_ids=vpc_ids).select_related("vpc")


def internet_gateway_in(account: AwsAccount, region: str, resource_id: str) -> InternetGateway | None:
    return internet_gateways_of(account, region).filter(resource_id=resource_id).first()


def nat_gateways_of(account: AwsAccount, region: str, *, ids=(), vpc_ids=()) -> QuerySet[NatGateway]:
    return _scoped(NatGateway, account, region, ids=ids, vpc_ids=vpc_ids).select_related("vpc", "subnet")


def nat_gateway_in(account: AwsAccount, region: str, resource_id: str) -> NatGateway | None:
    return nat_gateways_of(account, region).filter(resource_id=resource_id).first()


def security_groups_of(account: AwsAccount, region: str, *, ids=(), vpc_ids=()) -> QuerySet[SecurityGroup]:
    return (
        _scoped(SecurityGroup, account, region, ids=ids, vpc_ids=vpc_ids)
        .select_related("vpc")
        .prefetch_related("rules__referenced_group")
    )


def security_group_in(account: AwsAccount, region: str, resource_id: str) -> SecurityGroup | None:
    return security_groups_of(account, region).filter(resource_id=resource_id).first()


def network_acls_of(account: AwsAccount, region: str, *, ids=(), vpc_ids=()) -> QuerySet[NetworkAcl]:
    return (
        _scoped(NetworkAcl, account, region, ids=ids, vpc_ids=vpc_ids)
        .select_related("vpc")
        .prefetch_related("entries", "vpc__subnets")
    )


def network_acl_in(account: AwsAccount, region: str, resource_id: str) -> NetworkAcl | None:
    return network_acls_of(account, region).filter(resource_id=resource_id).first()


def vpc_endpoints_of(account: AwsAccount, region: str, *, ids=(), vpc_ids=()) -> QuerySet[VpcEndpoint]:
    return (
        _scoped(VpcEndpoint, account, region, ids=ids, vpc_ids=vpc_ids)
        .select_related("vpc")
        .prefetch_related(
            Prefetch("endpoint_subnets", queryset=EndpointSubnet.objects.select_related("subnet")),
            "security_groups",
            "route_tables",
        )
    )


def vpc_endpoint_in(account: AwsAccount, region: str, resource_id: str) -> VpcEndpoint | None:
    return vpc_endpoints_of(account, region).filter(resource_id=resource_id).first()


def availability_zones(region: str) -> tuple[str, ...]:
    """The Region's Availability Zones (us-west-2a–d, eu-west-1a–c)."""
    return regions.region_get(region).zones


def endpoint_services(region: str) -> list[regions.EndpointService]:
    return regions.endpoint_services(region)


def route_table_of_subnet(subnet: Subnet) -> RouteTable:
    """The table a subnet uses: its explicit association, else its VPC's main route table."""
    association = RouteTableAssociation.objects.filter(subnet=subnet).select_related("route_table").first()
    if association is not None:
        return association.route_table
    return RouteTable.objects.get(vpc_id=subnet.vpc_id, is_main=True)


def subnet_is_public(subnet: Subnet) -> bool:
    """A public subnet's route table sends 0.0.0.0/0 to an internet gateway attached to its VPC."""
    table = route_table_of_subnet(subnet)
    return table.routes.filter(
        destination="0.0.0.0/0",
        target_type=Route.Target.INTERNET_GATEWAY,
        internet_gateway__vpc_id=subnet.vpc_id,
    ).exists()


def subnet_routing(subnets, *, tables=None, public: bool = False) -> dict[int, tuple[RouteTable | None, bool | None]]:
    """Each subnet's route table (as ``route_table_of_subnet``) and, with ``public``, whether it is
    public (as ``subnet_is_public``; else None), by subnet pk, for the pages that list subnets: the
    same few queries for any number of them. ``tables``, when the caller has them already, are all
    the route tables of the subnets' VPCs."""
    subnets = list(subnets)
    if not subnets:
        return {}
    explicit = dict(RouteTableAssociation.objects.filter(subnet__in=subnets).values_list("subnet_id", "route_table_id"))
    if tables is None:
        tables = RouteTable.objects.filter(
            Q(pk__in=set(explicit.values())) | Q(vpc_id__in={s.vpc_id for s in subnets}, is_main=True)
        )
    by_pk = {t.pk: t for t in tables}
    mains = {t.vpc_id: t for t in by_pk.values() if t.is_main}
    to_internet = set()
    if public:
        # A route to 0.0.0.0/0 through an internet gateway attached to the table's VPC.
        to_internet = set(
            Route.objects.filter(
                route_table__in=list(by_pk),
                destination="0.0.0.0/0",
                target_type=Route.Target.INTERNET_GATEWAY,
                internet_gateway__vpc_id=F("route_table__vpc_id"),
            ).values_list("route_table_id", flat=True)
        )
    routing = {}
    for subnet in subnets:
        table = by_pk.get(explicit[subnet.pk]) if subnet.pk in explicit else mains.get(subnet.vpc_id)
        routing[subnet.pk] = (table, (table is not None and table.pk in to_internet) if public else None)
    return routing


def vpc_dependencies(vpc: Vpc) -> list[str]:
    """What must be deleted or detached before ``vpc`` can be (as EC2's DependencyViolation)."""
    found = []
    found += [f"internet gateway {igw.resource_id} (attached)" for igw in InternetGateway.objects.filter(vpc=vpc)]
    found += [f"VPC endpoint {e.resource_id}" for e in vpc.endpoints.all()]
    found += [f"NAT gateway {n.resource_id}" for n in vpc.nat_gateways.all()]
    found += [f"subnet {s.resource_id}" for s in vpc.subnets.all()]
    found += [f"route table {t.resource_id}" for t in vpc.route_tables.filter(is_main=False)]
    found += [f"security group {g.resource_id}" for g in vpc.security_groups.filter(is_default=False)]
    found += [f"network ACL {a.resource_id}" for a in vpc.network_acls.filter(is_default=False)]
    return found


class Named(NamedTuple):
    """A resource as a list names it: its ID and what the page writes beside it ("" for none)."""

    resource_id: str
    label: str


# The kinds of the resource map, with the column written beside each ID.
_RESOURCE_MAP = (
    ("internet_gateways", InternetGateway, None),
    ("nat_gateways", NatGateway, None),
    ("security_groups", SecurityGroup, "group_name"),
    ("network_acls", NetworkAcl, None),
    ("endpoints", VpcEndpoint, "service_name"),
)


@cache
def _resource_map_sql() -> str:
    # Each kind as <kind>_of(account, region, vpc_ids=[…]).order_by("created_at", "pk") would read it.
    empty = "''"
    branches = [
        f"SELECT {index} AS kind, resource_id, {label or empty} AS label, created_at, id "
        f"FROM {model._meta.db_table} WHERE account_id = %s AND region = %s AND vpc_id = %s"
        for index, (_, model, label) in enumerate(_RESOURCE_MAP)
    ]
    return " UNION ALL ".join(branches) + " ORDER BY 1, 4, 5"


def vpc_resource_names(vpc: Vpc) -> dict[str, list[Named]]:
    """The resource map of ``vpc``'s details page: by kind (``internet_gateways``, ``nat_gateways``,
    ``security_groups`` with their group names, ``network_acls``, ``endpoints`` with their service
    names), the resources in ``vpc`` as ``<kind>_of(…, vpc_ids=[vpc.resource_id])`` lists them, in
    the same order. One query, in plain SQL (``catalyst_admin.rows``): the page names them only."""
    names = {kind: [] for kind, _, _ in _RESOURCE_MAP}
    params = [vpc.account_id, vpc.region, vpc.pk] * len(_RESOURCE_MAP)
    for index, resource_id, label, _, _ in rows.fetch(_resource_map_sql(), params):
        names[_RESOURCE_MAP[index][0]].append(Named(resource_id, label))
    return names


@cache
def _vpc_routing_sql() -> tuple[str, str]:
    # The route tables as route_tables_of(account, region, vpc_ids=[…]) orders them, each with whether
    # it routes 0.0.0.0/0 through an internet gateway attached to its VPC (as subnet_routing); the
    # subnets as subnets_of(…) orders them (one VPC: its created_at is the same for all), each with
    # its explicit association's route table.
    table, route, gateway = RouteTable._meta.db_table, Route._meta.db_table, InternetGateway._meta.db_table
    subnet, association = Subnet._meta.db_table, RouteTableAssociation._meta.db_table
    tables = (
        f"SELECT {rows.columns(RouteTable, 't')}, EXISTS (SELECT 1 FROM {route} r "
        f"JOIN {gateway} g ON g.id = r.internet_gateway_id WHERE r.route_table_id = t.id "
        "AND r.destination = %s AND r.target_type = %s AND g.vpc_id = t.vpc_id) "
        f"FROM {table} t WHERE t.account_id = %s AND t.region = %s AND t.vpc_id = %s ORDER BY t.created_at, t.id"
    )
    subnets = (
        f"SELECT {rows.columns(Subnet, 's')}, a.route_table_id FROM {subnet} s "
        f"LEFT JOIN {association} a ON a.subnet_id = s.id "
        "WHERE s.account_id = %s AND s.region = %s AND s.vpc_id = %s ORDER BY s.availability_zone, s.cidr_block"
    )
    return tables, subnets


def vpc_routing(vpc: Vpc) -> tuple[list[RouteTable], list[Subnet]]:
    """The route tables and the subnets of ``vpc``'s details page, as ``route_tables_of`` and
    ``subnets_of`` (``vpc_ids=[vpc.resource_id]``) list them, each subnet with ``route_table`` and
    ``is_public`` set as ``subnet_routing(…, public=True)`` finds them. Two queries, in plain SQL
    (``catalyst_admin.rows``): the page names the tables and subnets only (no routes, no
    associations are read into them)."""
    tables_sql, subnets_sql = _vpc_routing_sql()
    scoped = [vpc.account_id, vpc.region, vpc.pk]
    tables, to_internet = [], set()
    for row in rows.fetch(tables_sql, ["0.0.0.0/0", Route.Target.INTERNET_GATEWAY, *scoped]):
        table, end = rows.from_row(RouteTable, row, 0)
        tables.append(table)
        if row[end]:
            to_internet.add(table.pk)
    by_pk = {t.pk: t for t in tables}
    main = next((t for t in tables if t.is_main), None)
    subnets = []
    for row in rows.fetch(subnets_sql, scoped):
        subnet, end = rows.from_row(Subnet, row, 0)
        explicit = row[end]
        subnet.route_table = by_pk.get(explicit) if explicit is not None else main
        subnet.is_public = subnet.route_table is not None and subnet.route_table.pk in to_internet
        subnets.append(subnet)
    return tables, subnets


class RouteTablePage(NamedTuple):
    """What a route table's details page shows: the table (with its VPC), its routes (with their
    targets), its explicit associations (with their subnets) and, for a main table, the VPC's
    subnets without an explicit association."""

    table: RouteTable
    routes: list[Route]
    associations: list[RouteTableAssociation]
    implicit: list[Subnet]


@cache
def _route_table_page_sql() -> tuple[str, str, str, str]:
    # As route_table_in (its select_related and prefetches), the table's routes and associations,
    # and the main table's implicit subnets (vpc.subnets.filter(route_table_association__isnull=True)).
    t, v, r = RouteTable._meta.db_table, Vpc._meta.db_table, Route._meta.db_table
    a, s = RouteTableAssociation._meta.db_table, Subnet._meta.db_table
    table = (
        f"SELECT {rows.columns(RouteTable, 't')}, {rows.columns(Vpc, 'v')} FROM {t} t JOIN {v} v ON v.id = t.vpc_id "
        "WHERE t.account_id = %s AND t.region = %s AND t.resource_id = %s ORDER BY t.created_at, t.id LIMIT 1"
    )
    routes = (
        f"SELECT {rows.columns(Route, 'r')}, {rows.columns(InternetGateway, 'g')}, {rows.columns(NatGateway, 'n')}, "
        f"{rows.columns(VpcEndpoint, 'e')} FROM {r} r "
        f"LEFT JOIN {InternetGateway._meta.db_table} g ON g.id = r.internet_gateway_id "
        f"LEFT JOIN {NatGateway._meta.db_table} n ON n.id = r.nat_gateway_id "
        f"LEFT JOIN {VpcEndpoint._meta.db_table} e ON e.id = r.vpc_endpoint_id "
        "WHERE r.route_table_id = %s ORDER BY r.id"
    )
    associations = (
        f"SELECT {rows.columns(RouteTableAssociation, 'a')}, {rows.columns(Subnet, 's')} FROM {a} a "
        f"JOIN {s} s ON s.id = a.subnet_id WHERE a.route_table_id = %s ORDER BY a.id"
    )
    implicit = (
        f"SELECT {rows.columns(Subnet, 's')} FROM {s} s LEFT JOIN {a} a ON a.subnet_id = s.id "
        "WHERE s.vpc_id = %s AND a.id IS NULL ORDER BY s.created_at, s.id"
    )
    return table, routes, associations, implicit


def route_table_page(account: AwsAccount, region: str, resource_id: str) -> RouteTablePage | None:
    """The route table ``resource_id`` of ``account`` in ``region`` (as ``route_table_in``) with
    what its details page shows, or None. Plain SQL (``catalyst_admin.rows``): three queries, four
    for a main table, each a read building it with the ORM cost several times over (profiled)."""
    table_sql, routes_sql, associations_sql, implicit_sql = _route_table_page_sql()
    found = rows.fetch(table_sql, [account.pk, region, resource_id])
    if not found:
        return None
    table, end = rows.from_row(RouteTable, found[0], 0)
    table.vpc, _ = rows.from_row(Vpc, found[0], end)
    routes = []
    for row in rows.fetch(routes_sql, [table.pk]):
        route, end = rows.from_row(Route, row, 0)
        route.route_table = table
        route.internet_gateway, end = rows.from_row(InternetGateway, row, end)
        route.nat_gateway, end = rows.from_row(NatGateway, row, end)
        route.vpc_endpoint, _ = rows.from_row(VpcEndpoint, row, end)
        routes.append(route)
    associations = []
    for row in rows.fetch(associations_sql, [table.pk]):
        association, end = rows.from_row(RouteTableAssociation, row, 0)
        association.route_table = table
        association.subnet, _ = rows.from_row(Subnet, row, end)
        associations.append(association)
    implicit = []
    if table.is_main:
        implicit = [rows.from_row(Subnet, row, 0)[0] for row in rows.fetch(implicit_sql, [table.vpc_id])]
    return RouteTablePage(table, routes, associations, implicit)
