"""What every VPC starts with, and the default VPC every account has in each Region.

Written against a ``get_model(name)`` lookup so that migration ``accounts.0006_default_vpcs`` (historical
models) and ``services.default_vpcs_ensure`` (today's models) build exactly the same thing.
"""

import ipaddress

from accounts.aws.ec2.ids import PREFIXES, new_resource_id
from accounts.aws.ec2.regions import REGIONS

DEFAULT_VPC_CIDR = "172.31.0.0/16"
ALL = "0.0.0.0/0"


def vpc_furnish(get_model, vpc) -> None:
    """A new VPC's main route table (with its ``local`` route), ``default`` security group (all
    inbound from itself, all outbound) and default network ACL (rule 100 allows all, both ways)."""
    RouteTable = get_model("RouteTable")
    Route = get_model("Route")
    SecurityGroup = get_model("SecurityGroup")
    SecurityGroupRule = get_model("SecurityGroupRule")
    NetworkAcl = get_model("NetworkAcl")
    NetworkAclEntry = get_model("NetworkAclEntry")
    scope = {"account_id": vpc.account_id, "region": vpc.region}

    table = RouteTable.objects.create(
        **scope, resource_id=new_resource_id(PREFIXES["route_table"]), vpc=vpc, is_main=True
    )
    Route.objects.create(route_table=table, destination=vpc.cidr_block, target_type="local")

    group = SecurityGroup.objects.create(
        **scope,
        resource_id=new_resource_id(PREFIXES["security_group"]),
        vpc=vpc,
        group_name="default",
        description="default VPC security group",
        is_default=True,
    )
    SecurityGroupRule.objects.create(
        rule_id=new_resource_id(PREFIXES["security_group_rule"]),
        group=group,
        is_egress=False,
        protocol="-1",
        referenced_group=group,
    )
    SecurityGroupRule.objects.create(
        rule_id=new_resource_id(PREFIXES["security_group_rule"]),
        group=group,
        is_egress=True,
        protocol="-1",
        cidr_ipv4=ALL,
    )

    acl = NetworkAcl.objects.create(
        **scope, resource_id=new_resource_id(PREFIXES["network_acl"]), vpc=vpc, is_default=True
    )
    for egress in (False, True):
        NetworkAclEntry.objects.create(
            network_acl=acl, is_egress=egress, rule_number=100, protocol="-1", cidr_block=ALL, rule_action="allow"
        )


def default_vpc_build(get_model, account, region: str):
    """The default VPC 172.31.0.0/16 of ``account`` in ``region``, as AWS gives every account: a
    default /20 subnet per Availability Zone (public IPv4 on launch), an attached internet gateway
    and the main route table sending 0.0.0.0/0 to it. Does nothing if the account has one."""
    Vpc = get_model("Vpc")
    existing = Vpc.objects.filter(account_id=account.pk, region=region, is_default=True).first()
    if existing is not None:
        return existing
    Subnet = get_model("Subnet")
    InternetGateway = get_model("InternetGateway")
    RouteTable = get_model("RouteTable")
    Route = get_model("Route")
    scope = {"account_id": account.pk, "region": region}

    vpc = Vpc.objects.create(
        **scope,
        resource_id=new_resource_id(PREFIXES["vpc"]),
        cidr_block=DEFAULT_VPC_CIDR,
        is_default=True,
        enable_dns_support=True,
        enable_dns_hostnames=True,
    )
    vpc_furnish(get_model, vpc)
    blocks = ipaddress.IPv4Network(DEFAULT_VPC_CIDR).subnets(new_prefix=20)
    for zone, block in zip(REGIONS[region].zones, blocks, strict=False):
        Subnet.objects.create(
            **scope,
            resource_id=new_resource_id(PREFIXES["subnet"]),
            vpc=vpc,
            availability_zone=zone,
            cidr_block=str(block),
            map_public_ip_on_launch=True,
            default_for_az=True,
        )
    igw = InternetGateway.objects.create(**scope, resource_id=new_resource_id(PREFIXES["internet_gateway"]), vpc=vpc)
    main = RouteTable.objects.get(vpc=vpc, is_main=True)
    Route.objects.create(route_table=main, destination=ALL, target_type="igw", internet_gateway=igw)
    return vpc
