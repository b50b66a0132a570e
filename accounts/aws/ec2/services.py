"""Writes on the emulated Amazon VPC inventory of one AWS account in one Region.

Stable interface (the EC2 API builds on it; names are not renamed after 2026-12-02 00:30 UTC, only
added). Every write is atomic and keyword-only; ``by`` is the acting IAM user
(``accounts.aws.console.models.ConsoleUser``), who needs administrator access to the account
(``Forbidden`` otherwise) — or, for the VPC endpoint writes the EC2 API makes, the IAM user who
signed the request (``accounts.aws.iam.models.IamUser``), whose policy must allow the action.
A refused request raises :class:`accounts.aws.ec2.errors.Ec2Error` (a DomainError with EC2's
error ``code``) and writes nothing.

- ``vpc_create(*, account, region, cidr_block, name="", enable_dns_hostnames=False, enable_dns_support=True, by)``
- ``vpc_and_more_create(*, account, region, plan: VpcPlan, by) -> VpcAndMore`` (``plans.vpc_and_more_plan``)
- ``vpc_attributes_modify(*, vpc, enable_dns_hostnames=None, enable_dns_support=None, by)``
- ``vpc_delete(*, vpc, by)`` — ``DependencyViolation`` naming what is left
- ``default_vpc_ensure(*, account, region)``, ``default_vpcs_ensure(*, account)`` (system, no ``by``)
- ``subnet_create(*, vpc, availability_zone, cidr_block, name="", map_public_ip_on_launch=False, by)``,
  ``subnet_modify(*, subnet, map_public_ip_on_launch, by)``, ``subnet_delete(*, subnet, by)``
- ``route_table_create(*, vpc, name="", by)``, ``route_table_delete(*, route_table, by)``,
  ``route_create(*, route_table, destination, target_id, by)``, ``route_delete(*, route_table, destination, by)``,
  ``route_table_routes_replace(*, route_table, routes: [(destination, target_id)], by)``,
  ``route_table_associate(*, route_table, subnet, by)``, ``route_table_disassociate(*, subnet, by)``,
  ``route_table_subnets_set(*, route_table, subnets, by)``
- ``internet_gateway_create(*, account, region, name="", by)``,
  ``internet_gateway_attach(*, internet_gateway, vpc, by)``, ``internet_gateway_detach(*, internet_gateway, by)``,
  ``internet_gateway_delete(*, internet_gateway, by)``
- ``nat_gateway_create(*, subnet, name="", by)``, ``nat_gateway_delete(*, nat_gateway, by)``
- ``security_group_create(*, vpc, group_name, description, name="", by)``,
  ``security_group_rules_replace(*, group, is_egress, rules: [RuleSpec], by)``, ``security_group_delete(*, group, by)``
- ``network_acl_entries_replace(*, network_acl, is_egress, entries: [AclEntrySpec], by)``
- ``vpc_endpoint_create(*, account, region, vpc_id, service_name, endpoint_type="Interface", subnet_ids=(),
  security_group_ids=(), route_table_ids=(), private_dns_enabled=None, name="", by) -> VpcEndpoint`` —
  IDs are resolved in (account, Region): another account's ID is ``Invalid…ID.NotFound``;
  ``private_dns_enabled=None`` means the service's default (on for Interface endpoints of services
  with a private DNS name, as CreateVpcEndpoint does)
- ``vpc_endpoint_modify(*, endpoint, private_dns_enabled=None, add_subnet_ids=(), remove_subnet_ids=(),
  add_security_group_ids=(), remove_security_group_ids=(), by)``
- ``vpc_endpoints_delete(*, account, region, endpoint_ids, by) -> list[(endpoint_id, Ec2Error)]``
  (the unsuccessful ones)
"""

import ipaddress
import random
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

from accounts.aws.console.models import AwsAccount, ConsoleAccess, ConsoleUser
from accounts.aws.ec2 import defaults, regions, selectors
from accounts.aws.ec2.cidrs import parse_block, parse_cidr
from accounts.aws.ec2.errors import Ec2Error, not_found
from accounts.aws.ec2.ids import PREFIXES, new_resource_id
from accounts.aws.ec2.models import (
    EndpointSubnet,
    InternetGateway,
    NatGateway,
    NetworkAcl,
    NetworkAclEntry,
    Route,
    RouteTable,
    RouteTableAssociation,
    SecurityGroup,
    SecurityGroupRule,
    Subnet,
    Vpc,
    VpcEndpoint,
)
from accounts.aws.ec2.plans import VpcPlan
from accounts.aws.iam.models import IamUser
from accounts.aws.iam.policies import ALLOWED, IMPLICIT_DENY, denial_message, policy_decision
from catalyst_admin.errors import Forbidden, unique_or

MAX_ENDPOINT_SECURITY_GROUPS = 5
NAME_MAX = 256
PROTOCOLS = {"-1": "All traffic", "tcp": "TCP", "udp": "UDP", "icmp": "ICMP"}


def _model(name):
    return apps.get_model("accounts", name)


def _authorize(by: ConsoleUser | IamUser | None, account: AwsAccount, action: str, *, iam_action: str = "") -> None:
    """Only an administrator of the account changes its network (EC2's UnauthorizedOperation).

    An IAM user (the signer of an EC2 API request) acts only in its own account, and only where its
    permissions policy allows ``iam_action`` (``ec2:CreateVpcEndpoint`` …), as IAM decides.
    """
    if isinstance(by, IamUser):
        decision = policy_decision([by.permissions_policy], action=iam_action) if iam_action else IMPLICIT_DENY
        if by.account_id == account.pk and decision == ALLOWED:
            return
        raise Forbidden(
            "You are not authorized to perform this operation. "
            + denial_message(principal_arn=by.arn, action=iam_action or action, decision=decision)
        )
    if by is None or not ConsoleAccess.objects.filter(user=by, account=account, is_administrator=True).exists():
        raise Forbidden(
            f"You are not authorized to {action} in AWS account {account.account_id}: it needs administrator "
            "permissions in the account. Ask an administrator of the account, or sign in as one."
        )


def _name(value: str) -> str:
    name = (value or "").strip()
    if len(name) > NAME_MAX:
        raise Ec2Error("InvalidParameterValue", f"A Name tag is at most {NAME_MAX} characters.", field="name")
    return name


def _lock_vpc(vpc: Vpc) -> Vpc:
    return Vpc.objects.select_for_update().get(pk=vpc.pk)


# VPCs -----------------------------------------------------------------------------------------


def _vpc_new(*, account, region, cidr_block, name, enable_dns_hostnames, enable_dns_support) -> Vpc:
    regions.region_get(region)
    network = parse_block(cidr_block, field="cidr_block", what="IPv4 CIDR block")
    vpc = Vpc.objects.create(
        account=account,
        region=region,
        resource_id=new_resource_id(PREFIXES["vpc"]),
        name=_name(name),
        cidr_block=str(network),
        enable_dns_hostnames=bool(enable_dns_hostnames),
        enable_dns_support=bool(enable_dns_support),
    )
    defaults.vpc_furnish(_model, vpc)
    return vpc


@transaction.atomic
def vpc_create(
    *,
    account: AwsAccount,
    region: str,
    cidr_block: str,
    name: str = "",
    enable_dns_hostnames: bool = False,
    enable_dns_support: bool = True,
    by: ConsoleUser,
) -> Vpc:
    """Create a VPC ("VPC only") with its main route table, default security group and default
    network ACL. The CIDR must be a valid IPv4 block between /16 and /28."""
    _authorize(by, account, "create a VPC")
    return _vpc_new(
        account=account,
        region=region,
        cidr_block=cidr_block,
        name=name,
        enable_dns_hostnames=enable_dns_hostnames,
        enable_dns_support=enable_dns_support,
    )


@dataclass
class VpcAndMore:
    """What "VPC and more" created, in the order the console lists it."""

    vpc: Vpc
    public_subnets: list = field(default_factory=list)
    private_subnets: list = field(default_factory=list)
    internet_gateway: InternetGateway | None = None
    public_route_table: RouteTable | None = None
    private_route_tables: list = field(default_factory=list)
    nat_gateways: list = field(default_factory=list)
    s3_endpoint: VpcEndpoint | None = None


@transaction.atomic
def vpc_and_more_create(*, account: AwsAccount, region: str, plan: VpcPlan, by: ConsoleUser) -> VpcAndMore:
    """Create everything a "VPC and more" plan shows, all at once (seed 000, "To create a VPC";
    wired as "Amazon VPC setup requirements" describe): public subnets whose route table sends
    0.0.0.0/0 to the attached internet gateway, NAT gateways in public subnets, and one private
    route table per zone sending 0.0.0.0/0 to its NAT gateway."""
    _authorize(by, account, "create a VPC")
    if plan.region != region:
        raise Ec2Error("InvalidParameterValue", "The plan was made for another Region. Review it again.")
    vpc = _vpc_new(
        account=account,
        region=region,
        cidr_block=plan.cidr_block,
        name=plan.vpc_name,
        enable_dns_hostnames=plan.enable_dns_hostnames,
        enable_dns_support=plan.enable_dns_support,
    )
    made = VpcAndMore(vpc=vpc)
    scope = {"account": account, "region": region}
    for item in plan.public_subnets:
        made.public_subnets.append(
            Subnet.objects.create(
                **scope,
                resource_id=new_resource_id(PREFIXES["subnet"]),
                vpc=vpc,
                name=item.name,
                availability_zone=item.zone,
                cidr_block=item.cidr_block,
            )
        )
    for item in plan.private_subnets:
        made.private_subnets.append(
            Subnet.objects.create(
                **scope,
                resource_id=new_resource_id(PREFIXES["subnet"]),
                vpc=vpc,
                name=item.name,
                availability_zone=item.zone,
                cidr_block=item.cidr_block,
            )
        )
    if plan.internet_gateway_name:
        made.internet_gateway = InternetGateway.objects.create(
            **scope, resource_id=new_resource_id(PREFIXES["internet_gateway"]), name=plan.internet_gateway_name, vpc=vpc
        )
    if plan.public_route_table_name:
        table = _route_table_new(vpc, plan.public_route_table_name)
        Route.objects.create(
            route_table=table,
            destination=defaults.ALL,
            target_type=Route.Target.INTERNET_GATEWAY,
            internet_gateway=made.internet_gateway,
        )
        for subnet in made.public_subnets:
            _associate(table, subnet)
        made.public_route_table = table
    nat_by_zone = {}
    for item in plan.nat_gateways:
        subnet = next(s for s in made.public_subnets if s.availability_zone == item.zone)
        nat = _nat_new(subnet, item.name)
        made.nat_gateways.append(nat)
        nat_by_zone[item.zone] = nat
    for item in plan.private_route_tables:
        table = _route_table_new(vpc, item.name)
        nat = nat_by_zone.get(item.zone) or (made.nat_gateways[0] if made.nat_gateways else None)
        if nat is not None:
            Route.objects.create(
                route_table=table, destination=defaults.ALL, target_type=Route.Target.NAT_GATEWAY, nat_gateway=nat
            )
        for subnet in made.private_subnets:
            if subnet.availability_zone == item.zone:
                _associate(table, subnet)
        made.private_route_tables.append(table)
    if plan.s3_gateway_name:
        tables = made.private_route_tables or [RouteTable.objects.get(vpc=vpc, is_main=True)]
        made.s3_endpoint = _endpoint_new(
            vpc=vpc,
            service=regions.endpoint_service_get(region, f"com.amazonaws.{region}.s3"),
            endpoint_type=VpcEndpoint.Type.GATEWAY,
            subnets=[],
            groups=[],
            tables=tables,
            private_dns_enabled=False,
            name=plan.s3_gateway_name,
        )
    return made


@transaction.atomic
def vpc_attributes_modify(
    *, vpc: Vpc, enable_dns_hostnames: bool | None = None, enable_dns_support: bool | None = None, by: ConsoleUser
) -> Vpc:
    """Turn a VPC's DNS hostnames or DNS resolution on or off."""
    _authorize(by, vpc.account, "modify a VPC")
    vpc = _lock_vpc(vpc)
    if enable_dns_support is not None:
        vpc.enable_dns_support = bool(enable_dns_support)
    if enable_dns_hostnames is not None:
        vpc.enable_dns_hostnames = bool(enable_dns_hostnames)
    if vpc.enable_dns_hostnames and not vpc.enable_dns_support:
        raise Ec2Error(
            "InvalidParameterValue",
            "DNS hostnames need DNS resolution: turn on DNS resolution as well, or leave DNS hostnames off.",
            field="enable_dns_hostnames",
        )
    if vpc.endpoints.filter(private_dns_enabled=True).exists() and not (
        vpc.enable_dns_hostnames and vpc.enable_dns_support
    ):
        raise Ec2Error(
            "InvalidParameterValue",
            f"{vpc.resource_id} has endpoints with private DNS names, which need DNS hostnames and DNS resolution. "
            "Turn their private DNS names off first.",
        )
    vpc.save(update_fields=["enable_dns_support", "enable_dns_hostnames"])
    return vpc


@transaction.atomic
def vpc_delete(*, vpc: Vpc, by: ConsoleUser) -> None:
    """Delete a VPC with its main route table, default security group and default network ACL.

    Refused while anything else is in it or attached to it, naming each, as EC2 does."""
    _authorize(by, vpc.account, "delete a VPC")
    vpc = _lock_vpc(vpc)
    left = selectors.vpc_dependencies(vpc)
    if left:
        raise Ec2Error(
            "DependencyViolation",
            f"The vpc '{vpc.resource_id}' has dependencies and cannot be deleted. Delete or detach them first: "
            + ", ".join(left)
            + ".",
        )
    # Rules of the default group reference the group itself (PROTECT): clear them first.
    SecurityGroupRule.objects.filter(group__vpc=vpc).delete()
    vpc.delete()


@transaction.atomic
def default_vpc_ensure(*, account: AwsAccount, region: str) -> Vpc:
    """The account's default VPC in ``region``, created the first time (as AWS gives every account)."""
    regions.region_get(region)
    AwsAccount.objects.select_for_update().filter(pk=account.pk).first()
    return defaults.default_vpc_build(_model, account, region)


@transaction.atomic
def default_vpcs_ensure(*, account: AwsAccount) -> list[Vpc]:
    """The account's default VPC in every Region of the emulator."""
    return [default_vpc_ensure(account=account, region=code) for code in regions.REGIONS]


# Subnets --------------------------------------------------------------------------------------


@transaction.atomic
def subnet_create(
    *,
    vpc: Vpc,
    availability_zone: str,
    cidr_block: str,
    name: str = "",
    map_public_ip_on_launch: bool = False,
    by: ConsoleUser,
) -> Subnet:
    """Create a subnet in one of the Region's zones, inside the VPC's block and overlapping no other
    subnet of the VPC (the VPC row is locked while checking)."""
    _authorize(by, vpc.account, "create a subnet")
    vpc = _lock_vpc(vpc)
    zone = (availability_zone or "").strip()
    if zone not in regions.region_get(vpc.region).zones:
        zones = ", ".join(regions.region_get(vpc.region).zones)
        raise Ec2Error(
            "InvalidParameterValue",
            f"{zone or 'No Availability Zone'} is not an Availability Zone of {vpc.region}. Choose one of: {zones}.",
            field="availability_zone",
        )
    network = parse_block(cidr_block, field="subnet_cidr_block", what="subnet CIDR block")
    _check_subnet_fits(vpc, network)
    subnet = Subnet(
        account=vpc.account,
        region=vpc.region,
        resource_id=new_resource_id(PREFIXES["subnet"]),
        vpc=vpc,
        name=_name(name),
        availability_zone=zone,
        cidr_block=str(network),
        map_public_ip_on_launch=bool(map_public_ip_on_launch),
    )
    with unique_or(Ec2Error("InvalidSubnet.Conflict", f"The CIDR '{network}' conflicts with another subnet.")):
        subnet.save()
    return subnet


def _check_subnet_fits(vpc: Vpc, network: ipaddress.IPv4Network) -> None:
    vpc_network = ipaddress.IPv4Network(vpc.cidr_block)
    if not network.subnet_of(vpc_network):
        raise Ec2Error(
            "InvalidSubnet.Range",
            f"The CIDR '{network}' is outside the VPC's block {vpc_network}. Choose a block inside it.",
            field="subnet_cidr_block",
        )
    for other in vpc.subnets.all():
        if network.overlaps(ipaddress.IPv4Network(other.cidr_block)):
            raise Ec2Error(
                "InvalidSubnet.Conflict",
                f"The CIDR '{network}' conflicts with subnet {other.resource_id} ({other.cidr_block}). "
                "Choose a block no other subnet of the VPC uses.",
                field="subnet_cidr_block",
            )


@transaction.atomic
def subnet_modify(*, subnet: Subnet, map_public_ip_on_launch: bool, by: ConsoleUser) -> Subnet:
    """Turn "Auto-assign public IPv4 address" on or off."""
    _authorize(by, subnet.account, "modify a subnet")
    subnet.map_public_ip_on_launch = bool(map_public_ip_on_launch)
    subnet.save(update_fields=["map_public_ip_on_launch"])
    return subnet


@transaction.atomic
def subnet_delete(*, subnet: Subnet, by: ConsoleUser) -> None:
    """Delete a subnet; refused while a NAT gateway or an endpoint's network interface is in it."""
    _authorize(by, subnet.account, "delete a subnet")
    _lock_vpc(subnet.vpc)
    left = [f"NAT gateway {n.resource_id}" for n in subnet.nat_gateways.all()]
    left += [f"VPC endpoint {e.endpoint.resource_id}" for e in subnet.endpoint_subnets.select_related("endpoint")]
    if left:
        raise Ec2Error(
            "DependencyViolation",
            f"The subnet '{subnet.resource_id}' has dependencies and cannot be deleted: " + ", ".join(left) + ".",
        )
    subnet.delete()


# Route tables ---------------------------------------------------------------------------------


def _route_table_new(vpc: Vpc, name: str) -> RouteTable:
    table = RouteTable.objects.create(
        account=vpc.account,
        region=vpc.region,
        resource_id=new_resource_id(PREFIXES["route_table"]),
        vpc=vpc,
        name=_name(name),
    )
    Route.objects.create(route_table=table, destination=vpc.cidr_block, target_type=Route.Target.LOCAL)
    return table


def _associate(table: RouteTable, subnet: Subnet) -> RouteTableAssociation:
    return RouteTableAssociation.objects.create(
        association_id=new_resource_id(PREFIXES["route_table_association"]), route_table=table, subnet=subnet
    )


@transaction.atomic
def route_table_create(*, vpc: Vpc, name: str = "", by: ConsoleUser) -> RouteTable:
    """Create a route table in a VPC, with its ``local`` route."""
    _authorize(by, vpc.account, "create a route table")
    return _route_table_new(vpc, name)


@transaction.atomic
def route_table_delete(*, route_table: RouteTable, by: ConsoleUser) -> None:
    """Delete a route table; not the main one, nor one subnets are associated with."""
    _authorize(by, route_table.account, "delete a route table")
    if route_table.is_main:
        raise Ec2Error(
            "DependencyViolation",
            f"The route table '{route_table.resource_id}' is the VPC's main route table and cannot be deleted.",
        )
    if route_table.associations.exists():
        raise Ec2Error(
            "DependencyViolation",
            f"The route table '{route_table.resource_id}' has subnet associations and cannot be deleted. "
            "Edit its subnet associations first.",
        )
    route_table.delete()


def _route_target(route_table: RouteTable, target_id: str) -> dict:
    """The target columns of a route to ``target_id``, which must be in the route table's VPC."""
    target = (target_id or "").strip()
    account, region, vpc = route_table.account, route_table.region, route_table.vpc
    if target.startswith("igw-"):
        igw = selectors.internet_gateway_in(account, region, target)
        if igw is None:
            raise not_found("internet_gateway", target, field="routes")
        if igw.vpc_id != vpc.pk:
            raise Ec2Error(
                "InvalidParameterValue",
                f"The internet gateway {target} is not attached to {vpc.resource_id}. "
                "A route can only target a gateway attached to the route table's VPC.",
                field="routes",
            )
        return {"target_type": Route.Target.INTERNET_GATEWAY, "internet_gateway": igw}
    if target.startswith("nat-"):
        nat = selectors.nat_gateway_in(account, region, target)
        if nat is None:
            raise not_found("nat_gateway", target, field="routes")
        if nat.vpc_id != vpc.pk:
            raise Ec2Error(
                "InvalidParameterValue",
                f"The NAT gateway {target} is in {nat.vpc.resource_id}, not in {vpc.resource_id}. "
                "A route can only target a NAT gateway of the route table's VPC.",
                field="routes",
            )
        return {"target_type": Route.Target.NAT_GATEWAY, "nat_gateway": nat}
    if target.startswith("vpce-"):
        endpoint = selectors.vpc_endpoint_in(account, region, target)
        if endpoint is None:
            raise not_found("vpc_endpoint", target, field="routes")
        if endpoint.vpc_id != vpc.pk:
            raise Ec2Error(
                "InvalidParameterValue",
                f"The VPC endpoint {target} is in {endpoint.vpc.resource_id}, not in {vpc.resource_id}.",
                field="routes",
            )
        return {"target_type": Route.Target.VPC_ENDPOINT, "vpc_endpoint": endpoint}
    raise Ec2Error(
        "InvalidParameterValue",
        f"{target or 'An empty target'} is not a route target. Choose an internet gateway (igw-…), "
        "a NAT gateway (nat-…) or a VPC endpoint (vpce-…).",
        field="routes",
    )


def _route_add(route_table: RouteTable, destination: str, target_id: str) -> Route:
    network = parse_cidr(destination, field="routes", what="destination")
    if route_table.routes.filter(destination=str(network)).exists():
        raise Ec2Error(
            "RouteAlreadyExists",
            f"The route table {route_table.resource_id} already has a route to {network}.",
            field="routes",
        )
    if (
        network.overlaps(ipaddress.IPv4Network(route_table.vpc.cidr_block))
        and network.prefixlen >= ipaddress.IPv4Network(route_table.vpc.cidr_block).prefixlen
    ):
        raise Ec2Error(
            "InvalidParameterValue",
            f"The destination {network} is inside the VPC's block, which the local route serves.",
            field="routes",
        )
    return Route.objects.create(
        route_table=route_table, destination=str(network), **_route_target(route_table, target_id)
    )


@transaction.atomic
def route_create(*, route_table: RouteTable, destination: str, target_id: str, by: ConsoleUser) -> Route:
    """Add a route to an internet gateway, NAT gateway or VPC endpoint of the route table's VPC."""
    _authorize(by, route_table.account, "edit routes")
    return _route_add(route_table, destination, target_id)


@transaction.atomic
def route_delete(*, route_table: RouteTable, destination: str, by: ConsoleUser) -> None:
    """Remove a route; the ``local`` route stays."""
    _authorize(by, route_table.account, "edit routes")
    route = route_table.routes.filter(destination=(destination or "").strip()).first()
    if route is None:
        raise Ec2Error(
            "InvalidRoute.NotFound", f"The route table {route_table.resource_id} has no route to {destination}."
        )
    if route.target_type == Route.Target.LOCAL:
        raise Ec2Error("InvalidParameterValue", "The local route cannot be removed.")
    route.delete()


@transaction.atomic
def route_table_routes_replace(*, route_table: RouteTable, routes: list[tuple[str, str]], by: ConsoleUser) -> None:
    """ "Edit routes": the table's routes become ``local`` plus ``routes`` ((destination, target ID)
    pairs); Gateway endpoints' prefix-list routes are kept."""
    _authorize(by, route_table.account, "edit routes")
    route_table.routes.filter(target_type__in=[Route.Target.INTERNET_GATEWAY, Route.Target.NAT_GATEWAY]).delete()
    route_table.routes.filter(target_type=Route.Target.VPC_ENDPOINT).exclude(destination__startswith="pl-").delete()
    for destination, target in routes:
        _route_add(route_table, destination, target)


def _check_same_vpc(route_table: RouteTable, subnet: Subnet) -> None:
    if subnet.vpc_id != route_table.vpc_id:
        raise Ec2Error(
            "InvalidParameterValue",
            f"The subnet {subnet.resource_id} is in {subnet.vpc.resource_id}, not in {route_table.vpc.resource_id}.",
            field="subnets",
        )


@transaction.atomic
def route_table_associate(*, route_table: RouteTable, subnet: Subnet, by: ConsoleUser) -> RouteTableAssociation:
    """Associate a subnet with a route table of its VPC (replacing its previous explicit association)."""
    _authorize(by, route_table.account, "edit subnet associations")
    _check_same_vpc(route_table, subnet)
    RouteTableAssociation.objects.filter(subnet=subnet).delete()
    return _associate(route_table, subnet)


@transaction.atomic
def route_table_disassociate(*, subnet: Subnet, by: ConsoleUser) -> None:
    """Remove a subnet's explicit association: it uses the VPC's main route table again."""
    _authorize(by, subnet.account, "edit subnet associations")
    RouteTableAssociation.objects.filter(subnet=subnet).delete()


@transaction.atomic
def route_table_subnets_set(*, route_table: RouteTable, subnets: list[Subnet], by: ConsoleUser) -> None:
    """ "Edit subnet associations": exactly ``subnets`` are explicitly associated with the table."""
    _authorize(by, route_table.account, "edit subnet associations")
    for subnet in subnets:
        _check_same_vpc(route_table, subnet)
    keep = {s.pk for s in subnets}
    route_table.associations.exclude(subnet_id__in=keep).delete()
    for subnet in subnets:
        current = RouteTableAssociation.objects.filter(subnet=subnet).first()
        if current is not None and current.route_table_id == route_table.pk:
            continue
        if current is not None:
            current.delete()
        _associate(route_table, subnet)


# Internet gateways ----------------------------------------------------------------------------


@transaction.atomic
def internet_gateway_create(*, account: AwsAccount, region: str, name: str = "", by: ConsoleUser) -> InternetGateway:
    """Create a detached internet gateway."""
    _authorize(by, account, "create an internet gateway")
    regions.region_get(region)
    return InternetGateway.objects.create(
        account=account, region=region, resource_id=new_resource_id(PREFIXES["internet_gateway"]), name=_name(name)
    )


@transaction.atomic
def internet_gateway_attach(*, internet_gateway: InternetGateway, vpc: Vpc, by: ConsoleUser) -> InternetGateway:
    """Attach a gateway to a VPC of its account and Region: one VPC per gateway, one gateway per VPC."""
    _authorize(by, internet_gateway.account, "attach an internet gateway")
    igw = InternetGateway.objects.select_for_update().get(pk=internet_gateway.pk)
    vpc = _lock_vpc(vpc)
    if igw.account_id != vpc.account_id or igw.region != vpc.region:
        raise not_found("vpc", vpc.resource_id, field="vpc")
    if igw.vpc_id is not None:
        raise Ec2Error(
            "Resource.AlreadyAssociated",
            f"The internet gateway {igw.resource_id} is already attached to {igw.vpc.resource_id}. Detach it first.",
            field="vpc",
        )
    other = InternetGateway.objects.filter(vpc=vpc).first()
    error = Ec2Error(
        "Resource.AlreadyAssociated",
        f"{vpc.resource_id} already has an internet gateway attached ({other.resource_id if other else 'another'}). "
        "A VPC can have only one internet gateway.",
        field="vpc",
    )
    if other is not None:
        raise error
    igw.vpc = vpc
    with unique_or(error):
        igw.save(update_fields=["vpc"])
    return igw


@transaction.atomic
def internet_gateway_detach(*, internet_gateway: InternetGateway, by: ConsoleUser) -> InternetGateway:
    """Detach a gateway from its VPC; refused while a NAT gateway of the VPC needs it, as EC2 does."""
    _authorize(by, internet_gateway.account, "detach an internet gateway")
    igw = InternetGateway.objects.select_for_update().get(pk=internet_gateway.pk)
    if igw.vpc_id is None:
        raise Ec2Error("Gateway.NotAttached", f"The internet gateway {igw.resource_id} is not attached to a VPC.")
    nats = NatGateway.objects.filter(vpc_id=igw.vpc_id)
    if nats.exists():
        raise Ec2Error(
            "DependencyViolation",
            f"The internet gateway {igw.resource_id} cannot be detached: {igw.vpc.resource_id} has public NAT "
            "gateways (" + ", ".join(n.resource_id for n in nats) + "). Delete them first.",
        )
    igw.vpc = None
    igw.save(update_fields=["vpc"])
    return igw


@transaction.atomic
def internet_gateway_delete(*, internet_gateway: InternetGateway, by: ConsoleUser) -> None:
    """Delete a detached internet gateway (routes to it go with it)."""
    _authorize(by, internet_gateway.account, "delete an internet gateway")
    if internet_gateway.vpc_id is not None:
        raise Ec2Error(
            "DependencyViolation",
            f"The internet gateway {internet_gateway.resource_id} is attached to {internet_gateway.vpc.resource_id}. "
            "Detach it first.",
        )
    internet_gateway.delete()


# NAT gateways ---------------------------------------------------------------------------------

_PUBLIC_RANGES = {"us-west-2": "44.224.0.0/12", "eu-west-1": "34.240.0.0/13"}


def _free_private_ip(subnet: Subnet) -> str:
    """The subnet's next free address (AWS keeps the first four and the last one)."""
    Subnet.objects.select_for_update().filter(pk=subnet.pk).first()
    used = set(NatGateway.objects.filter(subnet=subnet).values_list("private_ip", flat=True))
    used |= set(EndpointSubnet.objects.filter(subnet=subnet).values_list("private_ip", flat=True))
    hosts = list(ipaddress.IPv4Network(subnet.cidr_block))[4:-1]
    for address in hosts:
        if str(address) not in used:
            return str(address)
    raise Ec2Error(
        "InsufficientFreeAddressesInSubnet",
        f"The subnet {subnet.resource_id} has no free IP addresses left.",
        field="subnets",
    )


def _nat_new(subnet: Subnet, name: str) -> NatGateway:
    network = ipaddress.IPv4Network(_PUBLIC_RANGES.get(subnet.region, "198.51.100.0/24"))
    public_ip = str(network[random.randrange(256, network.num_addresses - 1)])  # noqa: S311 (not a secret)
    return NatGateway.objects.create(
        account=subnet.account,
        region=subnet.region,
        resource_id=new_resource_id(PREFIXES["nat_gateway"]),
        name=_name(name),
        vpc_id=subnet.vpc_id,
        subnet=subnet,
        allocation_id=new_resource_id(PREFIXES["elastic_ip"]),
        public_ip=public_ip,
        private_ip=_free_private_ip(subnet),
        network_interface_id=new_resource_id(PREFIXES["network_interface"]),
    )


@transaction.atomic
def nat_gateway_create(*, subnet: Subnet, name: str = "", by: ConsoleUser) -> NatGateway:
    """Create a public NAT gateway with a new Elastic IP, in a public subnet ("Amazon VPC setup
    requirements": the NAT device reaches the internet through the internet gateway)."""
    _authorize(by, subnet.account, "create a NAT gateway")
    if not selectors.subnet_is_public(subnet):
        raise Ec2Error(
            "InvalidParameterValue",
            f"The subnet {subnet.resource_id} is private: its route table sends no 0.0.0.0/0 traffic to an internet "
            "gateway. A public NAT gateway goes in a public subnet.",
            field="subnet",
        )
    return _nat_new(subnet, name)


@transaction.atomic
def nat_gateway_delete(*, nat_gateway: NatGateway, by: ConsoleUser) -> None:
    """Delete a NAT gateway and release its Elastic IP; routes to it go with it."""
    _authorize(by, nat_gateway.account, "delete a NAT gateway")
    nat_gateway.delete()


# Security groups ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSpec:
    """One security group rule as typed: protocol ``-1``/``tcp``/``udp``/``icmp``, ports (for tcp
    and udp), and either an IPv4 CIDR or a security group ID of the same VPC."""

    protocol: str
    from_port: int | None = None
    to_port: int | None = None
    cidr_ipv4: str = ""
    group_id: str = ""
    description: str = ""


def _ports(protocol: str, from_port, to_port, *, field: str) -> tuple[int | None, int | None]:
    if protocol not in PROTOCOLS:
        raise Ec2Error(
            "InvalidParameterValue",
            f"{protocol or 'An empty protocol'} is not a protocol: use all, tcp, udp or icmp.",
            field=field,
        )
    if protocol in ("-1", "icmp"):
        return None, None
    try:
        low = int(from_port)
        high = int(to_port if to_port not in (None, "") else from_port)
    except (TypeError, ValueError):
        raise Ec2Error(
            "InvalidParameterValue", "Enter a port or a port range such as 443 or 1024-65535.", field=field
        ) from None
    if not (0 <= low <= 65535 and 0 <= high <= 65535) or low > high:
        raise Ec2Error(
            "InvalidParameterValue",
            f"The port range {low}-{high} is not valid: ports go from 0 to 65535, low to high.",
            field=field,
        )
    return low, high


@transaction.atomic
def security_group_create(
    *, vpc: Vpc, group_name: str, description: str, name: str = "", by: ConsoleUser
) -> SecurityGroup:
    """Create a security group; new groups allow all outbound traffic and no inbound traffic."""
    _authorize(by, vpc.account, "create a security group")
    group_name = (group_name or "").strip()
    description = (description or "").strip()
    if not group_name or len(group_name) > 255 or group_name.lower().startswith("sg-"):
        raise Ec2Error(
            "InvalidParameterValue",
            "Enter a security group name of 1 to 255 characters that does not start with sg-.",
            field="group_name",
        )
    if not description or len(description) > 255:
        raise Ec2Error("InvalidParameterValue", "Enter a description of 1 to 255 characters.", field="description")
    duplicate = Ec2Error(
        "InvalidGroup.Duplicate",
        f"A security group named {group_name} already exists in {vpc.resource_id}. Choose another name.",
        field="group_name",
    )
    if vpc.security_groups.filter(group_name=group_name).exists():
        raise duplicate
    with unique_or(duplicate):
        group = SecurityGroup.objects.create(
            account=vpc.account,
            region=vpc.region,
            resource_id=new_resource_id(PREFIXES["security_group"]),
            vpc=vpc,
            group_name=group_name,
            description=description,
            name=_name(name),
        )
    SecurityGroupRule.objects.create(
        rule_id=new_resource_id(PREFIXES["security_group_rule"]),
        group=group,
        is_egress=True,
        protocol="-1",
        cidr_ipv4=defaults.ALL,
    )
    return group


@transaction.atomic
def security_group_rules_replace(
    *, group: SecurityGroup, is_egress: bool, rules: list[RuleSpec], by: ConsoleUser
) -> list[SecurityGroupRule]:
    """ "Edit inbound rules" / "Edit outbound rules": the group's rules of that direction become ``rules``."""
    _authorize(by, group.account, "edit security group rules")
    field = "rules"
    made = []
    group.rules.filter(is_egress=is_egress).delete()
    for spec in rules:
        protocol = (spec.protocol or "").strip().lower()
        protocol = "-1" if protocol in ("all", "-1") else protocol
        low, high = _ports(protocol, spec.from_port, spec.to_port, field=field)
        cidr, referenced = "", None
        if spec.group_id.strip():
            referenced = selectors.security_group_in(group.account, group.region, spec.group_id.strip())
            if referenced is None:
                raise not_found("security_group", spec.group_id.strip(), field=field)
            if referenced.vpc_id != group.vpc_id:
                raise Ec2Error(
                    "InvalidParameterValue",
                    f"The security group {referenced.resource_id} is in another VPC; a rule can only name groups of "
                    f"{group.vpc.resource_id}.",
                    field=field,
                )
        else:
            cidr = str(parse_cidr(spec.cidr_ipv4, field=field, what="source or destination CIDR"))
        made.append(
            SecurityGroupRule.objects.create(
                rule_id=new_resource_id(PREFIXES["security_group_rule"]),
                group=group,
                is_egress=is_egress,
                protocol=protocol,
                from_port=low,
                to_port=high,
                cidr_ipv4=cidr,
                referenced_group=referenced,
                description=(spec.description or "").strip()[:255],
            )
        )
    return made


@transaction.atomic
def security_group_delete(*, group: SecurityGroup, by: ConsoleUser) -> None:
    """Delete a security group; not a VPC's default group, nor one an endpoint or a rule uses."""
    _authorize(by, group.account, "delete a security group")
    if group.is_default:
        raise Ec2Error("CannotDelete", f"The security group {group.resource_id} is the VPC's default group.")
    users = [f"VPC endpoint {e.resource_id}" for e in group.endpoints.all()]
    users += [
        f"security group {r.group.resource_id}"
        for r in group.referencing_rules.exclude(group=group).select_related("group")
    ]
    if users:
        raise Ec2Error(
            "DependencyViolation",
            f"The security group {group.resource_id} is in use and cannot be deleted: " + ", ".join(users) + ".",
        )
    group.rules.all().delete()
    group.delete()


# Network ACLs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AclEntrySpec:
    """One numbered network ACL rule as typed."""

    rule_number: int
    protocol: str
    cidr_block: str
    rule_action: str
    from_port: int | None = None
    to_port: int | None = None


@transaction.atomic
def network_acl_entries_replace(
    *, network_acl: NetworkAcl, is_egress: bool, entries: list[AclEntrySpec], by: ConsoleUser
) -> list[NetworkAclEntry]:
    """ "Edit inbound rules" / "Edit outbound rules" of a network ACL: numbers 1–32766, each once."""
    _authorize(by, network_acl.account, "edit network ACL rules")
    network_acl.entries.filter(is_egress=is_egress).delete()
    seen, made = set(), []
    for spec in entries:
        try:
            number = int(spec.rule_number)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 32766:
            raise Ec2Error("InvalidParameterValue", "A rule number is a whole number from 1 to 32766.", field="rules")
        if number in seen:
            raise Ec2Error("NetworkAclEntryAlreadyExists", f"Rule number {number} is used twice.", field="rules")
        seen.add(number)
        action = (spec.rule_action or "").strip().lower()
        if action not in ("allow", "deny"):
            raise Ec2Error("InvalidParameterValue", "A rule either allows or denies traffic.", field="rules")
        protocol = (spec.protocol or "").strip().lower()
        protocol = "-1" if protocol in ("all", "-1") else protocol
        low, high = _ports(protocol, spec.from_port, spec.to_port, field="rules")
        made.append(
            NetworkAclEntry.objects.create(
                network_acl=network_acl,
                is_egress=is_egress,
                rule_number=number,
                protocol=protocol,
                from_port=low,
                to_port=high,
                cidr_block=str(parse_cidr(spec.cidr_block, field="rules", what="CIDR")),
                rule_action=action,
            )
        )
    return made


# VPC endpoints --------------------------------------------------------------------------------


def _resolve(kind: str, finder, account, region, ids, *, field: str) -> list:
    found = []
    for resource_id in dict.fromkeys(i.strip() for i in ids if i and i.strip()):
        item = finder(account, region, resource_id)
        if item is None:
            raise not_found(kind, resource_id, field=field)
        found.append(item)
    return found


def _check_endpoint_subnets(vpc: Vpc, subnets: list[Subnet], *, existing=()) -> None:
    zones = {}
    for subnet in [*existing, *subnets]:
        if subnet.vpc_id != vpc.pk:
            raise Ec2Error(
                "InvalidParameter",
                f"The subnet {subnet.resource_id} is in {subnet.vpc.resource_id}, not in {vpc.resource_id}. "
                "Choose subnets of the endpoint's VPC.",
                field="subnets",
            )
        if subnet.availability_zone in zones and zones[subnet.availability_zone] != subnet.pk:
            raise Ec2Error(
                "DuplicateSubnetsInSameZone",
                f"The subnets {zones_name(zones[subnet.availability_zone], existing, subnets)} and "
                f"{subnet.resource_id} are both in {subnet.availability_zone}. "
                "An endpoint has at most one subnet per Availability Zone.",
                field="subnets",
            )
        zones[subnet.availability_zone] = subnet.pk


def zones_name(pk, *lists) -> str:
    return next(s.resource_id for group in lists for s in group if s.pk == pk)


def _check_endpoint_groups(vpc: Vpc, groups: list[SecurityGroup]) -> None:
    if len(groups) > MAX_ENDPOINT_SECURITY_GROUPS:
        raise Ec2Error(
            "InvalidParameterValue",
            f"An endpoint can have at most {MAX_ENDPOINT_SECURITY_GROUPS} security groups; {len(groups)} were chosen.",
            field="security_groups",
        )
    for group in groups:
        if group.vpc_id != vpc.pk:
            raise Ec2Error(
                "InvalidParameter",
                f"The security group {group.resource_id} is in another VPC. Choose groups of {vpc.resource_id}.",
                field="security_groups",
            )


def _check_private_dns(vpc: Vpc, service: regions.EndpointService) -> None:
    if not service.supports_private_dns:
        raise Ec2Error(
            "InvalidParameter",
            f"The service {service.service_name} has no private DNS name to enable.",
            field="private_dns_enabled",
        )
    if not (vpc.enable_dns_support and vpc.enable_dns_hostnames):
        raise Ec2Error(
            "InvalidParameter",
            f"Enabling private DNS names needs both DNS resolution and DNS hostnames turned on for {vpc.resource_id}. "
            "Turn them on in the VPC's settings first.",
            field="private_dns_enabled",
        )


def _endpoint_new(*, vpc, service, endpoint_type, subnets, groups, tables, private_dns_enabled, name) -> VpcEndpoint:
    endpoint = VpcEndpoint.objects.create(
        account=vpc.account,
        region=vpc.region,
        resource_id=new_resource_id(PREFIXES["vpc_endpoint"]),
        vpc=vpc,
        name=_name(name),
        service_name=service.service_name,
        endpoint_type=endpoint_type,
        private_dns_enabled=private_dns_enabled,
        state=VpcEndpoint.State.AVAILABLE,
    )
    for subnet in subnets:
        _endpoint_subnet_add(endpoint, subnet)
    endpoint.security_groups.set(groups)
    if endpoint_type == VpcEndpoint.Type.GATEWAY:
        endpoint.route_tables.set(tables)
        prefix_list = f"pl-{abs(hash(service.service_name)) % 16**8:08x}"
        for table in tables:
            Route.objects.create(
                route_table=table, destination=prefix_list, target_type=Route.Target.VPC_ENDPOINT, vpc_endpoint=endpoint
            )
    return endpoint


def _endpoint_subnet_add(endpoint: VpcEndpoint, subnet: Subnet) -> None:
    error = Ec2Error(
        "DuplicateSubnetsInSameZone",
        f"The endpoint already has a subnet in {subnet.availability_zone}. "
        "An endpoint has at most one subnet per Availability Zone.",
        field="subnets",
    )
    with unique_or(error):
        EndpointSubnet.objects.create(
            endpoint=endpoint,
            subnet=subnet,
            availability_zone=subnet.availability_zone,
            network_interface_id=new_resource_id(PREFIXES["network_interface"]),
            private_ip=_free_private_ip(subnet),
        )


@transaction.atomic
def vpc_endpoint_create(
    *,
    account: AwsAccount,
    region: str,
    vpc_id: str,
    service_name: str,
    endpoint_type: str = VpcEndpoint.Type.INTERFACE,
    subnet_ids=(),
    security_group_ids=(),
    route_table_ids=(),
    private_dns_enabled: bool | None = None,
    name: str = "",
    by: ConsoleUser,
) -> VpcEndpoint:
    """Create a VPC endpoint (seed 000, "To configure VPC endpoints"): a service from the Region's
    catalogue; an Interface endpoint takes subnets of its VPC (at most one per Availability Zone)
    and up to five security groups (the VPC's default group when none is chosen), and turns on
    private DNS names by default, as ``aws ec2 create-vpc-endpoint`` does; a Gateway endpoint takes
    route tables. IDs not in (account, Region) are not found."""
    _authorize(by, account, "create a VPC endpoint", iam_action="ec2:CreateVpcEndpoint")
    regions.region_get(region)
    vpc = selectors.vpc_in(account, region, (vpc_id or "").strip())
    if vpc is None:
        raise not_found("vpc", (vpc_id or "").strip() or "(none)", field="vpc")
    vpc = _lock_vpc(vpc)
    service = regions.endpoint_service_get(region, service_name)
    if service is None:
        raise Ec2Error(
            "InvalidServiceName",
            f"The Vpc Endpoint Service '{(service_name or '').strip()}' does not exist in {region}. "
            "Choose a service from the list.",
            field="service_name",
        )
    endpoint_type = (endpoint_type or VpcEndpoint.Type.INTERFACE).strip()
    if endpoint_type not in service.types:
        raise Ec2Error(
            "InvalidParameter",
            f"The service {service.service_name} offers {' and '.join(service.types)} endpoints, not {endpoint_type}.",
            field="service_name",
        )
    subnets = _resolve("subnet", selectors.subnet_in, account, region, subnet_ids, field="subnets")
    groups = _resolve(
        "security_group", selectors.security_group_in, account, region, security_group_ids, field="security_groups"
    )
    tables = _resolve("route_table", selectors.route_table_in, account, region, route_table_ids, field="route_tables")
    if endpoint_type == VpcEndpoint.Type.GATEWAY:
        if subnets or groups:
            raise Ec2Error(
                "InvalidParameter",
                "A Gateway endpoint takes route tables, not subnets or security groups.",
                field="subnets",
            )
        for table in tables:
            if table.vpc_id != vpc.pk:
                raise Ec2Error(
                    "InvalidParameter", f"The route table {table.resource_id} is in another VPC.", field="route_tables"
                )
        private_dns = False
    else:
        if tables:
            raise Ec2Error(
                "InvalidParameter", "An Interface endpoint takes subnets, not route tables.", field="route_tables"
            )
        if not subnets:
            raise Ec2Error("InvalidParameter", "Choose at least one subnet for an Interface endpoint.", field="subnets")
        _check_endpoint_subnets(vpc, subnets)
        _check_endpoint_groups(vpc, groups)
        if not groups:
            groups = [vpc.security_groups.get(is_default=True)]
        private_dns = service.supports_private_dns if private_dns_enabled is None else bool(private_dns_enabled)
        if private_dns:
            _check_private_dns(vpc, service)
    return _endpoint_new(
        vpc=vpc,
        service=service,
        endpoint_type=endpoint_type,
        subnets=subnets,
        groups=groups,
        tables=tables,
        private_dns_enabled=private_dns,
        name=name,
    )


@transaction.atomic
def vpc_endpoint_modify(
    *,
    endpoint: VpcEndpoint,
    private_dns_enabled: bool | None = None,
    add_subnet_ids=(),
    remove_subnet_ids=(),
    add_security_group_ids=(),
    remove_security_group_ids=(),
    by: ConsoleUser,
) -> VpcEndpoint:
    """ "Modify private DNS name" (and ModifyVpcEndpoint's subnets and security groups)."""
    _authorize(by, endpoint.account, "modify a VPC endpoint", iam_action="ec2:ModifyVpcEndpoint")
    account, region, vpc = endpoint.account, endpoint.region, _lock_vpc(endpoint.vpc)
    endpoint = VpcEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    interface = endpoint.endpoint_type == VpcEndpoint.Type.INTERFACE
    if not interface and (add_subnet_ids or add_security_group_ids or private_dns_enabled):
        raise Ec2Error("InvalidParameter", "A Gateway endpoint has no subnets, security groups or private DNS names.")
    remove = _resolve("subnet", selectors.subnet_in, account, region, remove_subnet_ids, field="subnets")
    endpoint.endpoint_subnets.filter(subnet__in=remove).delete()
    add = _resolve("subnet", selectors.subnet_in, account, region, add_subnet_ids, field="subnets")
    existing = [es.subnet for es in endpoint.endpoint_subnets.select_related("subnet")]
    _check_endpoint_subnets(vpc, [s for s in add if s.pk not in {e.pk for e in existing}], existing=existing)
    for subnet in add:
        if subnet.pk not in {e.pk for e in existing}:
            _endpoint_subnet_add(endpoint, subnet)
    if interface and not endpoint.endpoint_subnets.exists():
        raise Ec2Error("InvalidParameter", "An Interface endpoint keeps at least one subnet.", field="subnets")
    drop = _resolve(
        "security_group",
        selectors.security_group_in,
        account,
        region,
        remove_security_group_ids,
        field="security_groups",
    )
    endpoint.security_groups.remove(*drop)
    more = _resolve(
        "security_group", selectors.security_group_in, account, region, add_security_group_ids, field="security_groups"
    )
    groups = list({g.pk: g for g in [*endpoint.security_groups.all(), *more]}.values())
    _check_endpoint_groups(vpc, groups)
    if interface and not groups:
        raise Ec2Error(
            "InvalidParameter", "An Interface endpoint keeps at least one security group.", field="security_groups"
        )
    endpoint.security_groups.set(groups)
    if private_dns_enabled is not None and interface:
        if private_dns_enabled:
            service = regions.endpoint_service_get(region, endpoint.service_name)
            _check_private_dns(vpc, service)
        endpoint.private_dns_enabled = bool(private_dns_enabled)
        endpoint.save(update_fields=["private_dns_enabled"])
    return endpoint


@transaction.atomic
def vpc_endpoints_delete(
    *, account: AwsAccount, region: str, endpoint_ids, by: ConsoleUser
) -> list[tuple[str, Ec2Error]]:
    """Delete endpoints by ID (their network interfaces and routes go with them); returns the IDs
    that could not be deleted with why, as DeleteVpcEndpoints' ``Unsuccessful`` list."""
    _authorize(by, account, "delete VPC endpoints", iam_action="ec2:DeleteVpcEndpoints")
    unsuccessful = []
    for endpoint_id in dict.fromkeys(i.strip() for i in endpoint_ids if i and i.strip()):
        endpoint = selectors.vpc_endpoint_in(account, region, endpoint_id)
        if endpoint is None:
            unsuccessful.append((endpoint_id, not_found("vpc_endpoint", endpoint_id)))
            continue
        endpoint.delete()
    return unsuccessful
