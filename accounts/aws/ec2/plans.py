"""The plan "VPC and more" shows as its preview and then creates: names and blocks, nothing written.

Names follow the AWS console's ("<prefix>-vpc", "<prefix>-subnet-public1-us-west-2a",
"<prefix>-rtb-private1-us-west-2a", "<prefix>-nat-public1-us-west-2a", "<prefix>-igw",
"<prefix>-vpce-s3").
"""

from dataclasses import dataclass, field

from accounts.aws.ec2 import regions
from accounts.aws.ec2.cidrs import parse_block, subnet_blocks
from accounts.aws.ec2.errors import Ec2Error

NAT_NONE = "none"
NAT_ONE = "one"
NAT_PER_AZ = "per_az"
NAT_CHOICES = [(NAT_NONE, "None"), (NAT_ONE, "In 1 AZ"), (NAT_PER_AZ, "1 per AZ")]
SUBNETS_PER_ZONE_MAX = 2


@dataclass(frozen=True)
class PlannedSubnet:
    name: str
    zone: str
    cidr_block: str


@dataclass(frozen=True)
class PlannedInZone:
    name: str
    zone: str


@dataclass
class VpcPlan:
    """Everything "VPC and more" will create, in order."""

    region: str
    name_prefix: str
    cidr_block: str
    zones: list[str]
    nat_gateways_choice: str
    vpc_name: str
    enable_dns_hostnames: bool = True
    enable_dns_support: bool = True
    public_subnets: list[PlannedSubnet] = field(default_factory=list)
    private_subnets: list[PlannedSubnet] = field(default_factory=list)
    internet_gateway_name: str = ""
    public_route_table_name: str = ""
    private_route_tables: list[PlannedInZone] = field(default_factory=list)
    nat_gateways: list[PlannedInZone] = field(default_factory=list)
    s3_gateway_name: str = ""

    @property
    def subnets(self) -> list[PlannedSubnet]:
        return self.public_subnets + self.private_subnets

    @property
    def route_table_names(self) -> list[str]:
        public = [self.public_route_table_name] if self.public_route_table_name else []
        return public + [table.name for table in self.private_route_tables]

    @property
    def connection_names(self) -> list[str]:
        """The preview's "Network connections": internet gateway, NAT gateways, S3 Gateway endpoint."""
        names = [self.internet_gateway_name] if self.internet_gateway_name else []
        names += [nat.name for nat in self.nat_gateways]
        return names + ([self.s3_gateway_name] if self.s3_gateway_name else [])


def _count(value, *, label: str, low: int, high: int, field_name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not low <= number <= high:
        raise Ec2Error("InvalidParameterValue", f"Choose {label} from {low} to {high}.", field=field_name)
    return number


def vpc_and_more_plan(
    *,
    region: str,
    name_prefix: str = "project",
    cidr_block: str = "10.0.0.0/16",
    zone_count: int = 2,
    public_per_zone: int = 1,
    private_per_zone: int = 1,
    nat_gateways: str = NAT_NONE,
    s3_gateway: bool = False,
    enable_dns_hostnames: bool = True,
    enable_dns_support: bool = True,
) -> VpcPlan:
    """The resources "VPC and more" creates for these choices; an Ec2Error for a choice that cannot
    work (a block too small, NAT gateways without public subnets …)."""
    available = regions.region_get(region).zones
    prefix = (name_prefix or "").strip() or "project"
    if len(prefix) > 200:
        raise Ec2Error("InvalidParameterValue", "The name tag prefix is at most 200 characters.", field="name_prefix")
    network = parse_block(cidr_block, field="cidr_block")
    zones = list(
        available[
            : _count(
                zone_count,
                label="the number of Availability Zones",
                low=1,
                high=len(available),
                field_name="zone_count",
            )
        ]
    )
    public = _count(
        public_per_zone, label="public subnets per zone", low=0, high=SUBNETS_PER_ZONE_MAX, field_name="public_per_zone"
    )
    private = _count(
        private_per_zone,
        label="private subnets per zone",
        low=0,
        high=SUBNETS_PER_ZONE_MAX,
        field_name="private_per_zone",
    )
    if nat_gateways not in dict(NAT_CHOICES):
        raise Ec2Error(
            "InvalidParameterValue", "Choose None, In 1 AZ or 1 per AZ for NAT gateways.", field="nat_gateways"
        )
    if nat_gateways != NAT_NONE and public == 0:
        raise Ec2Error(
            "InvalidParameterValue",
            "NAT gateways go in public subnets: choose at least one public subnet per zone, or no NAT gateways.",
            field="nat_gateways",
        )
    if enable_dns_hostnames and not enable_dns_support:
        raise Ec2Error(
            "InvalidParameterValue", "DNS hostnames need DNS resolution turned on.", field="enable_dns_hostnames"
        )
    public_blocks, private_blocks = subnet_blocks(network, public=public * len(zones), private=private * len(zones))
    plan = VpcPlan(
        region=region,
        name_prefix=prefix,
        cidr_block=str(network),
        zones=zones,
        nat_gateways_choice=nat_gateways,
        vpc_name=f"{prefix}-vpc",
        enable_dns_hostnames=bool(enable_dns_hostnames),
        enable_dns_support=bool(enable_dns_support),
    )
    # AWS numbers subnets across zones: public1 in the first zone, public2 in the second …
    blocks = iter(public_blocks)
    for round_ in range(public):
        for index, zone in enumerate(zones):
            number = round_ * len(zones) + index + 1
            plan.public_subnets.append(PlannedSubnet(f"{prefix}-subnet-public{number}-{zone}", zone, str(next(blocks))))
    blocks = iter(private_blocks)
    for round_ in range(private):
        for index, zone in enumerate(zones):
            number = round_ * len(zones) + index + 1
            plan.private_subnets.append(
                PlannedSubnet(f"{prefix}-subnet-private{number}-{zone}", zone, str(next(blocks)))
            )
    if public:
        plan.internet_gateway_name = f"{prefix}-igw"
        plan.public_route_table_name = f"{prefix}-rtb-public"
    if private:
        plan.private_route_tables = [
            PlannedInZone(f"{prefix}-rtb-private{index + 1}-{zone}", zone) for index, zone in enumerate(zones)
        ]
    nat_zones = {NAT_NONE: [], NAT_ONE: zones[:1], NAT_PER_AZ: zones}[nat_gateways]
    plan.nat_gateways = [
        PlannedInZone(f"{prefix}-nat-public{index + 1}-{zone}", zone) for index, zone in enumerate(nat_zones)
    ]
    if s3_gateway:
        plan.s3_gateway_name = f"{prefix}-vpce-s3"
    return plan
