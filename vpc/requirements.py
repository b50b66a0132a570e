"""The VPC requirements check (seed 000, "Amazon VPC setup requirements" and "Troubleshooting your
VPC setup"), and the check of the VPC role itself.

``check_vpc`` reads EC2 *as the VPC role*, only through ``accounts.aws.ec2.client.ec2_client_for``
(the built-in emulation or boto3, as configured), and gives each requirement a status:

- ``passed``; ``failed`` (with the matching line of the seed's troubleshooting list); ``warning`` (a
  best practice, such as no inbound rules on the security groups); ``unverifiable`` when the role
  may not call an action the requirement needs (``actions`` names them: the seed's seven-action role
  cannot call ``ec2:DescribeRouteTables``, ``ec2:DescribeInternetGateways`` or
  ``ec2:DescribeNatGateways``).

A failed requirement blocks adding or updating a VPC connection; a warning or an unverifiable one
does not. EC2 that cannot be reached raises a DomainError saying so; nothing is written here.

``role_check`` looks at the role before any of that (the wizard's first step): the seed's seven
actions must be allowed by its permissions policy (``missing_actions`` lists the rest: refuse when
any), and its trust policy should carry the recommended ``aws:SourceArn`` condition
(``trust_recommendation`` is the block to copy, filled with the space's ARN, or "").
"""

import fnmatch
import ipaddress
import json
import re
from dataclasses import dataclass, field

from accounts.aws.ec2 import regions
from accounts.aws.ec2.client import Ec2AccessDenied, Ec2ClientError, Ec2Unreachable, ec2_client_for
from accounts.aws.iam.policies import ALLOWED, CODECATALYST_TRUST_STATEMENT, policy_decision
from catalyst_admin.errors import DomainError, FieldErrors

PASSED = "passed"
FAILED = "failed"
WARNING = "warning"
UNVERIFIABLE = "unverifiable"
STATUSES = (PASSED, FAILED, WARNING, UNVERIFIABLE)

# Seed 000, "Adding VPC connections for a space": "The Action field for your permission policy must
# contain the following".
REQUIRED_ROLE_ACTIONS = (
    "ec2:CreateNetworkInterface",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcs",
)


@dataclass
class Requirement:
    """One requirement's result. ``key`` is stable (for tests and the API), ``title`` the seed's
    requirement in a line, ``detail`` what was found, ``troubleshooting`` the seed's matching
    troubleshooting line (when failed), ``actions`` the EC2 actions the role would need (when
    unverifiable)."""

    key: str
    title: str
    status: str
    detail: str = ""
    troubleshooting: str = ""
    actions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "troubleshooting": self.troubleshooting,
            "actions": list(self.actions),
        }


@dataclass
class RequirementsReport:
    """Every requirement's result, in the seed's order."""

    results: list[Requirement]

    @property
    def blocks(self) -> bool:
        """A failed requirement blocks "Add VPC connection" and "Update VPC connection"."""
        return any(result.status == FAILED for result in self.results)

    @property
    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(STATUSES, 0)
        for result in self.results:
            found[result.status] += 1
        return found

    @property
    def verdict(self) -> str:
        """``failed`` when any failed, ``warning`` when any is a warning or unverifiable, else ``passed``."""
        counts = self.counts
        if counts[FAILED]:
            return FAILED
        if counts[WARNING] or counts[UNVERIFIABLE]:
            return WARNING
        return PASSED

    @property
    def failed(self) -> list[Requirement]:
        return [result for result in self.results if result.status == FAILED]


def space_arn(space) -> str:
    """The space's ARN in a trust policy's ``aws:SourceArn`` (seed 000: ``arn:aws:codecatalyst:::space/
    <space-id>``). The emulator's space ID is the space's name, which is unique and never reused."""
    return f"arn:aws:codecatalyst:::space/{space.name}"


def _ec2_unreachable(error) -> DomainError:
    return DomainError(
        "Amazon EC2 could not be reached to read the VPC through the VPC role, so nothing was saved. "
        f"Try again in a few minutes; if it keeps failing, check the EC2 endpoint settings. ({error.message})"
    )


def _not_assumable(role_arn: str, error) -> DomainError:
    return DomainError(
        f"CodeCatalyst could not assume the VPC role {role_arn}: {error.message} Check that the role exists in the "
        "connected account and that its trust policy lets CodeCatalyst assume it.",
        field="role_arn",
    )


def client_for(*, role_arn: str, region: str, external_id: str = ""):
    """The EC2 client as ``role_arn``; DomainError when EC2 cannot be reached or the role not assumed."""
    try:
        return ec2_client_for(role_arn=role_arn, region=region, external_id=external_id)
    except Ec2Unreachable as error:
        raise _ec2_unreachable(error) from None
    except Ec2AccessDenied as error:
        raise _not_assumable(role_arn, error) from None
    except Ec2ClientError as error:
        raise _not_assumable(role_arn, error) from None


class Denied:
    """A read the role was refused: ``action`` is the EC2 action it would need."""

    def __init__(self, action: str):
        self.action = action


def ec2_read(call, *, not_found_ok: bool = False):
    """The items of one Describe call, a Denied when the role may not make it; an unreachable EC2 is
    a DomainError. ``not_found_ok``: an ``*.NotFound`` answer is an empty list (IDs of another
    account or Region are simply not there)."""
    try:
        return call()
    except Ec2AccessDenied as error:
        return Denied(error.action)
    except Ec2Unreachable as error:
        raise _ec2_unreachable(error) from None
    except Ec2ClientError as error:
        if not_found_ok and ("NotFound" in error.code or error.code.startswith("InvalidGroup")):
            return []
        raise DomainError(f"Amazon EC2 refused to describe the VPC: {error.message}") from None


def _by_vpc(vpc_id: str):
    return [{"Name": "vpc-id", "Values": [vpc_id]}]


# Seed 000, "Troubleshooting your VPC setup", by number.
TROUBLESHOOTING = {
    1: "Make sure that your internet gateway is attached to VPC.",
    2: "Make sure that the route table for your public subnet points to the internet gateway.",
    3: "Make sure that your network ACLs allow traffic to flow.",
    4: "Make sure that your security groups allow traffic to flow.",
    5: "Troubleshoot your NAT gateway.",
    6: "Make sure that the route table for private subnets points to the NAT gateway.",
    7: "Make sure that your IPv4 CIDR block is not configured to the 172.16.0.0/12 IP address range.",
}
CHOOSE_PRIVATE = (
    "In Subnets, choose private subnets to connect to in each availability zone. Do not choose public subnets."
)
REFUSED_RANGE = ipaddress.IPv4Network("172.16.0.0/12")
ANYWHERE = ("0.0.0.0/0", "::/0")

# Which field of the form a failed requirement is about (None: the VPC as a whole).
REQUIREMENT_FIELDS = {
    "cidr_block": "vpc_id",
    "security_groups_outbound": "security_group_ids",
    "chosen_subnets_private": "subnet_ids",
}


class _Inventory:
    """What the role could read of the VPC: each attribute a list of EC2-shaped dicts, or Denied."""

    def __init__(self, client, vpc_id: str, security_group_ids):
        self.vpc_id = vpc_id
        vpcs = ec2_read(lambda: client.describe_vpcs(vpc_ids=[vpc_id]), not_found_ok=True)
        self.vpc = vpcs if isinstance(vpcs, Denied) else next((v for v in vpcs if v["VpcId"] == vpc_id), None)
        self.subnets = self._of_vpc(ec2_read(lambda: client.describe_subnets(filters=_by_vpc(vpc_id))))
        groups = (
            ec2_read(lambda: client.describe_security_groups(group_ids=list(security_group_ids)), not_found_ok=True)
            if security_group_ids
            else []
        )
        self.groups = groups
        self.route_tables = self._of_vpc(ec2_read(lambda: client.describe_route_tables(filters=_by_vpc(vpc_id))))
        gateways = ec2_read(
            lambda: client.describe_internet_gateways(filters=[{"Name": "attachment.vpc-id", "Values": [vpc_id]}])
        )
        self.internet_gateways = (
            gateways
            if isinstance(gateways, Denied)
            else [g for g in gateways if any(a.get("VpcId") == vpc_id for a in g.get("Attachments", []))]
        )
        nats = self._of_vpc(ec2_read(lambda: client.describe_nat_gateways(filters=_by_vpc(vpc_id))))
        self.nat_gateways = nats if isinstance(nats, Denied) else [n for n in nats if n.get("State") == "available"]

    def _of_vpc(self, items):
        if isinstance(items, Denied):
            return items
        return [item for item in items if item.get("VpcId") == self.vpc_id]

    def denied(self, *names) -> list[str]:
        """The actions refused among the reads ``names``, in order, without repeats."""
        actions = []
        for name in names:
            value = getattr(self, name)
            if isinstance(value, Denied) and value.action not in actions:
                actions.append(value.action)
        return actions

    def route_table_of(self, subnet_id: str) -> dict | None:
        """The subnet's explicit route table, else the VPC's main one."""
        tables = self.route_tables
        for table in tables:
            if any(a.get("SubnetId") == subnet_id for a in table.get("Associations", [])):
                return table
        return next((t for t in tables if any(a.get("Main") for a in t.get("Associations", []))), None)

    def _routes_anywhere(self, subnet_id: str, key: str, prefix: str) -> list[str]:
        table = self.route_table_of(subnet_id)
        if table is None:
            return []
        return [
            route[key]
            for route in table.get("Routes", [])
            if route.get("DestinationCidrBlock") == "0.0.0.0/0"
            and str(route.get(key, "")).startswith(prefix)
            and route.get("State", "active") == "active"
        ]

    def is_public(self, subnet_id: str) -> bool:
        """Its route table sends 0.0.0.0/0 to an internet gateway (needs the route tables)."""
        return bool(self._routes_anywhere(subnet_id, "GatewayId", "igw-"))

    def nat_route(self, subnet_id: str) -> list[str]:
        return self._routes_anywhere(subnet_id, "NatGatewayId", "nat-")


def _input_errors(inventory: _Inventory, *, role_arn: str, region: str, subnet_ids, security_group_ids):
    """IDs that are not of this VPC (another account's, Region's or VPC's), or two subnets in one zone:
    a DomainError naming every one of them."""
    errors = FieldErrors()
    vpc_id = inventory.vpc_id
    account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else "the connected account"
    if inventory.vpc is None:
        errors.add(
            "vpc_id",
            f"The VPC {vpc_id} is not in AWS account {account} in {region}, as the VPC role sees it. Choose a VPC "
            f"of the connected account in the space's Region ({region}).",
        )
        errors.raise_if_any()
    if not isinstance(inventory.subnets, Denied):
        known = {s["SubnetId"]: s for s in inventory.subnets}
        zones: dict[str, list[str]] = {}
        for subnet_id in subnet_ids:
            subnet = known.get(subnet_id)
            if subnet is None:
                errors.add(
                    "subnet_ids",
                    f"The subnet {subnet_id} is not in the VPC {vpc_id}. Choose subnets of the VPC you chose.",
                )
            else:
                zones.setdefault(subnet["AvailabilityZone"], []).append(subnet_id)
        for zone, ids in zones.items():
            if len(ids) > 1:
                errors.add(
                    "subnet_ids",
                    f"{' and '.join(ids)} are both in {zone}. Choose one private subnet in each Availability Zone.",
                )
    if not isinstance(inventory.groups, Denied):
        found = {g["GroupId"]: g for g in inventory.groups}
        for group_id in security_group_ids:
            group = found.get(group_id)
            if group is None or group.get("VpcId") != vpc_id:
                errors.add(
                    "security_group_ids",
                    f"The security group {group_id} is not in the VPC {vpc_id}. Choose security groups of the VPC "
                    "you chose.",
                )
    errors.raise_if_any()


def _unverifiable(key, title, actions) -> Requirement:
    return Requirement(
        key=key,
        title=title,
        status=UNVERIFIABLE,
        detail=f"Not verifiable with this role: it may not call {', '.join(actions)}.",
        actions=list(actions),
    )


def _cidr_block(inv: _Inventory) -> Requirement:
    key, title = "cidr_block", "IPv4 CIDR block not in the 172.16.0.0/12 range"
    if denied := inv.denied("vpc"):
        return _unverifiable(key, title, denied)
    blocks = [
        a["CidrBlock"]
        for a in inv.vpc.get("CidrBlockAssociationSet", [])
        if a.get("CidrBlockState", {}).get("State", "associated") == "associated"
    ] or [inv.vpc["CidrBlock"]]
    inside = [b for b in blocks if ipaddress.ip_network(b, strict=False).overlaps(REFUSED_RANGE)]
    if inside:
        return Requirement(
            key,
            title,
            FAILED,
            f"The VPC's IPv4 CIDR block {', '.join(inside)} is in the 172.16.0.0/12 range, which CodeCatalyst "
            "does not support for VPC connections. Choose a VPC with another range.",
            TROUBLESHOOTING[7],
        )
    return Requirement(key, title, PASSED, f"The VPC's IPv4 CIDR block is {', '.join(blocks)}.")


def _public_subnet(inv: _Inventory) -> Requirement:
    key, title = "public_subnet", "At least one public subnet in any Availability Zone"
    if denied := inv.denied("subnets", "route_tables"):
        return _unverifiable(key, title, denied)
    public = [s["SubnetId"] for s in inv.subnets if inv.is_public(s["SubnetId"])]
    if not public:
        return Requirement(
            key,
            title,
            FAILED,
            "No subnet of the VPC has a route table that sends 0.0.0.0/0 to an internet gateway.",
            TROUBLESHOOTING[2],
        )
    return Requirement(key, title, PASSED, f"Public subnets: {', '.join(public)}.")


def _private_subnets(inv: _Inventory, zones) -> Requirement:
    key, title = "private_subnets", "A private subnet in each available Availability Zone"
    if denied := inv.denied("subnets", "route_tables"):
        return _unverifiable(key, title, denied)
    covered = {s["AvailabilityZone"] for s in inv.subnets if not inv.is_public(s["SubnetId"])}
    missing = [zone for zone in zones if zone not in covered]
    if missing:
        return Requirement(
            key,
            title,
            FAILED,
            f"No private subnet in {', '.join(missing)}.",
            "For Number of private subnets, make sure that you have one private subnet in each available "
            "Availability Zone in a region.",
        )
    return Requirement(key, title, PASSED, f"Private subnets in {', '.join(zones)}.")


def _internet_access(inv: _Inventory) -> Requirement:
    key, title = "internet_access", "Internet access through an internet gateway and a NAT device"
    if denied := inv.denied("internet_gateways", "nat_gateways"):
        return _unverifiable(key, title, denied)
    if not inv.internet_gateways:
        return Requirement(key, title, FAILED, "No internet gateway is attached to the VPC.", TROUBLESHOOTING[1])
    if not inv.nat_gateways:
        return Requirement(key, title, FAILED, "The VPC has no available NAT gateway.", TROUBLESHOOTING[5])
    gateways = [g["InternetGatewayId"] for g in inv.internet_gateways] + [n["NatGatewayId"] for n in inv.nat_gateways]
    return Requirement(key, title, PASSED, f"Through {', '.join(gateways)}.")


def _private_routes(inv: _Inventory, subnet_ids) -> Requirement:
    key, title = "private_route_to_nat", "The route table of the private subnets points to the NAT gateway"
    if denied := inv.denied("subnets", "route_tables", "nat_gateways"):
        return _unverifiable(key, title, denied)
    available = {n["NatGatewayId"] for n in inv.nat_gateways}
    private = [s for s in subnet_ids if not inv.is_public(s)]
    without = [s for s in private if not set(inv.nat_route(s)) & available]
    if without:
        return Requirement(
            key,
            title,
            FAILED,
            f"The route table of {', '.join(without)} sends 0.0.0.0/0 to no available NAT gateway.",
            TROUBLESHOOTING[6],
        )
    return Requirement(key, title, PASSED, "Every chosen private subnet routes 0.0.0.0/0 to a NAT gateway.")


def _internet_gateway(inv: _Inventory) -> Requirement:
    key, title = "internet_gateway_attached", "Internet gateway attached, and the public route table routes to it"
    if denied := inv.denied("internet_gateways", "subnets", "route_tables"):
        return _unverifiable(key, title, denied)
    if not inv.internet_gateways:
        return Requirement(key, title, FAILED, "No internet gateway is attached to the VPC.", TROUBLESHOOTING[1])
    attached = {g["InternetGatewayId"] for g in inv.internet_gateways}
    routed = [
        s["SubnetId"] for s in inv.subnets if set(inv._routes_anywhere(s["SubnetId"], "GatewayId", "igw-")) & attached
    ]
    if not routed:
        return Requirement(
            key,
            title,
            FAILED,
            f"{', '.join(sorted(attached))} is attached, but no subnet's route table sends 0.0.0.0/0 to it.",
            TROUBLESHOOTING[2],
        )
    return Requirement(key, title, PASSED, f"{', '.join(sorted(attached))} is attached; public route table to it.")


def _allows_anywhere(permission) -> bool:
    return any(r.get("CidrIp") in ANYWHERE for r in permission.get("IpRanges", [])) or any(
        r.get("CidrIpv6") in ANYWHERE for r in permission.get("Ipv6Ranges", [])
    )


def _outbound(inv: _Inventory) -> Requirement:
    key, title = "security_groups_outbound", "The security groups allow outbound traffic"
    if denied := inv.denied("groups"):
        return _unverifiable(key, title, denied)
    closed = [
        g["GroupId"] for g in inv.groups if not any(_allows_anywhere(p) for p in g.get("IpPermissionsEgress", []))
    ]
    if closed:
        return Requirement(
            key, title, FAILED, f"{', '.join(closed)} allows no outbound traffic to the internet.", TROUBLESHOOTING[4]
        )
    return Requirement(key, title, PASSED, "Every chosen security group allows outbound traffic.")


def _no_inbound(inv: _Inventory) -> Requirement:
    key, title = "no_inbound_rules", "The security groups allow no inbound traffic (best practice)"
    if denied := inv.denied("groups"):
        return _unverifiable(key, title, denied)
    open_ = [g["GroupId"] for g in inv.groups if g.get("IpPermissions")]
    if open_:
        return Requirement(
            key,
            title,
            WARNING,
            f"{', '.join(open_)} allows inbound traffic.",
            "As a best practice, make sure that your security groups have no inbound traffic allowed, unless you "
            "specifically require this for other reasons.",
        )
    return Requirement(key, title, PASSED, "No chosen security group allows inbound traffic.")


def _chosen_private(inv: _Inventory, subnet_ids) -> Requirement:
    """Public by its route table (0.0.0.0/0 to an internet gateway), or auto-assigning public IPv4
    addresses (which the seven-action role can see too: the default VPC's subnets do)."""
    key, title = "chosen_subnets_private", "The chosen subnets are private"
    if denied := inv.denied("subnets"):
        return _unverifiable(key, title, denied)
    known = {s["SubnetId"]: s for s in inv.subnets}
    assigning = [s for s in subnet_ids if known.get(s, {}).get("MapPublicIpOnLaunch")]
    routed = [] if inv.denied("route_tables") else [s for s in subnet_ids if inv.is_public(s)]
    if routed or assigning:
        found = [f"{s} is a public subnet (its route table sends 0.0.0.0/0 to an internet gateway)." for s in routed]
        found += [f"{s} auto-assigns public IPv4 addresses." for s in assigning if s not in routed]
        return Requirement(
            key,
            title,
            FAILED,
            " ".join(found) + " CodeCatalyst does not support assigning a public IP address to the network "
            "interfaces it creates.",
            CHOOSE_PRIVATE,
        )
    if denied := inv.denied("route_tables"):
        return _unverifiable(key, title, denied)
    return Requirement(key, title, PASSED, "Every chosen subnet is private.")


def check_vpc(
    *, role_arn: str, region: str, vpc_id: str, subnet_ids, security_group_ids, external_id: str = ""
) -> RequirementsReport:
    """Check the VPC ``vpc_id`` and the chosen subnets and security groups against seed 000's
    "Amazon VPC setup requirements", reading EC2 as ``role_arn`` in ``region``.

    Raises DomainError when EC2 (or STS) cannot be reached, when the role cannot be assumed at all,
    or naming every chosen ID that is not of this VPC as the role sees it (field ``vpc_id``,
    ``subnet_ids`` or ``security_group_ids``; another account's or Region's IDs are not there).
    Writes nothing."""
    subnet_ids, security_group_ids = list(subnet_ids), list(security_group_ids)
    client = client_for(role_arn=role_arn, region=region, external_id=external_id)
    inventory = _Inventory(client, vpc_id, security_group_ids)
    _input_errors(
        inventory, role_arn=role_arn, region=region, subnet_ids=subnet_ids, security_group_ids=security_group_ids
    )
    zones = list(regions.region_get(region).zones)
    return RequirementsReport(
        results=[
            _public_subnet(inventory),
            _private_subnets(inventory, zones),
            _internet_access(inventory),
            _private_routes(inventory, subnet_ids),
            _internet_gateway(inventory),
            _outbound(inventory),
            _cidr_block(inventory),
            _no_inbound(inventory),
            _chosen_private(inventory, subnet_ids),
        ]
    )


@dataclass
class RoleCheck:
    """What ``role_check`` found about a VPC role: ``missing_actions`` of the seed's seven (refuse the
    role when any), ``trust_recommendation`` the recommended trust policy (JSON text, with this space's
    ARN in ``aws:SourceArn``) or "" when the role's trust policy already has the condition."""

    role_arn: str
    missing_actions: list[str]
    trust_recommendation: str

    @property
    def ok(self) -> bool:
        return not self.missing_actions


ROLE_ARN = re.compile(r"^arn:aws:iam::(?P<account>\d{12}):role/(?:[\w+=,.@-]+/)*(?P<name>[\w+=,.@-]{1,64})$", re.ASCII)


def recommended_trust_policy(space) -> dict:
    """The trust policy seed 000 recommends for a VPC role: CodeCatalyst may assume it, only for this
    space and its projects (``aws:SourceArn``)."""
    arn = space_arn(space)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                **CODECATALYST_TRUST_STATEMENT,
                "Condition": {"ArnLike": {"aws:SourceArn": [arn, f"{arn}/project/*"]}},
            }
        ],
    }


def _source_arn_values(statement: dict) -> list[str]:
    values = []
    condition = statement.get("Condition")
    for operator in condition.values() if isinstance(condition, dict) else []:
        for key, value in operator.items() if isinstance(operator, dict) else []:
            if str(key).lower() == "aws:sourcearn":
                values += value if isinstance(value, list) else [value]
    return [str(value) for value in values]


def trust_limits_to_space(trust_policy, space) -> bool:
    """Whether an Allow statement of ``trust_policy`` has the ``aws:SourceArn`` condition covering the
    space (its ARN, or a pattern that matches it)."""
    arn = space_arn(space)
    statements = trust_policy.get("Statement", []) if isinstance(trust_policy, dict) else []
    statements = [statements] if isinstance(statements, dict) else statements
    return any(
        fnmatch.fnmatchcase(arn, value)
        for statement in statements
        if isinstance(statement, dict) and statement.get("Effect") == "Allow"
        for value in _source_arn_values(statement)
    )


def role_check(*, account_connection, role_arn: str, space) -> RoleCheck:
    """Look at ``role_arn``, which must be an IAM role associated with ``account_connection`` (else a
    DomainError with field ``role_arn``): which of the seed's seven actions its permissions policy does
    not allow, and the trust policy the seed recommends when its own lacks the ``aws:SourceArn``
    condition. Reads the role from the emulated IAM (the role the connection associates)."""
    role_arn = (role_arn or "").strip()
    account_id = account_connection.aws_account_id
    match = ROLE_ARN.match(role_arn)
    if match is None:
        raise DomainError(
            f"{role_arn or 'That'} is not an IAM role ARN. Choose a VPC role of the connection to AWS account "
            f"{account_id} (an ARN like arn:aws:iam::{account_id}:role/role-name).",
            field="role_arn",
        )
    if match["account"] != account_id:
        raise DomainError(
            f"That role belongs to AWS account {match['account']}, but the AWS account connection is to account "
            f"{account_id}. Choose a role of account {account_id}.",
            field="role_arn",
        )
    association = (
        account_connection.roles.select_related("role__account")
        .filter(role__account__account_id=account_id, role__name=match["name"])
        .first()
    )
    if association is None:
        raise DomainError(
            f"{match['name']} is not an IAM role of the connection to AWS account {account_id}. Add it to the AWS "
            "account connection first (Add IAM role), or choose one of the connection's roles.",
            field="role_arn",
        )
    role = association.role
    missing = [
        action
        for action in REQUIRED_ROLE_ACTIONS
        if policy_decision([role.permissions_policy], action=action) != ALLOWED
    ]
    recommendation = (
        "" if trust_limits_to_space(role.trust_policy, space) else json.dumps(recommended_trust_policy(space), indent=2)
    )
    return RoleCheck(role_arn=role.arn, missing_actions=missing, trust_recommendation=recommendation)


def missing_actions_message(check: RoleCheck) -> str:
    return (
        f"The VPC role's permissions policy does not allow {', '.join(check.missing_actions)}. A VPC role must "
        f"allow these seven actions: {', '.join(REQUIRED_ROLE_ACTIONS)}. Add the missing ones in the IAM console, "
        "or choose another role."
    )
