"""A test helper: what "Amazon VPC setup requirements" (seed 000) ask of a VPC, checked on the
emulated inventory. The VPC connections issue reuses the idea for its own check."""

import ipaddress

from accounts.aws.ec2 import selectors
from accounts.aws.ec2.models import Route, Vpc

PRIVATE_RANGE_REFUSED = ipaddress.IPv4Network("172.16.0.0/12")


def vpc_requirements_missing(vpc: Vpc) -> list[str]:
    """Each requirement the VPC does not meet, in the seed's words; [] when it meets them all."""
    missing = []
    if ipaddress.IPv4Network(vpc.cidr_block).overlaps(PRIVATE_RANGE_REFUSED):
        missing.append("IPv4 CIDR block outside 172.16.0.0/12")
    igw = selectors.internet_gateways_of(vpc.account, vpc.region, vpc_ids=[vpc.resource_id]).first()
    if igw is None:
        missing.append("an internet gateway attached to the VPC")
    subnets = list(vpc.subnets.all())
    public = [s for s in subnets if selectors.subnet_is_public(s)]
    private = [s for s in subnets if not selectors.subnet_is_public(s)]
    if not public:
        missing.append("a public subnet whose route table routes to the internet gateway")
    zones = set(selectors.availability_zones(vpc.region))
    if {s.availability_zone for s in private} != zones:
        missing.append("a private subnet in each Availability Zone")
    nats = list(vpc.nat_gateways.filter(state="available"))
    if not nats:
        missing.append("a NAT gateway")
    elif any(n.subnet not in public for n in nats):
        missing.append("NAT gateways in public subnets")
    for subnet in private:
        table = selectors.route_table_of_subnet(subnet)
        if not table.routes.filter(destination="0.0.0.0/0", target_type=Route.Target.NAT_GATEWAY).exists():
            missing.append(f"a route from private subnet {subnet.resource_id}'s route table to a NAT gateway")
    for group in vpc.security_groups.all():
        if not group.rules.filter(is_egress=True, protocol="-1", cidr_ipv4="0.0.0.0/0").exists():
            missing.append(f"security group {group.resource_id} allowing outbound traffic")
    return missing
