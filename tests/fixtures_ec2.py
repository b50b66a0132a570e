"""The VPC inventory's cast, in ``network`` (777788889999), us-west-2, made by mateo: ``rowsnet``,
a VPC built by "VPC and more" over four zones with one NAT gateway (names ``rowsnet-…``), a
security group ``rowsnet-sg`` and a CodeCatalyst git endpoint ``rowsnet-git`` in it (private DNS
off), and ``rowsnet.bare``, a VPC only (``rowsnet-bare``) with one subnet and no internet gateway,
next to a detached internet gateway ``rowsnet-spare-igw``."""

from types import SimpleNamespace

import pytest

from accounts.aws.ec2 import plans
from accounts.aws.ec2 import services as ec2

REGION = "us-west-2"


@pytest.fixture
def rowsnet(network, mateo):
    plan = plans.vpc_and_more_plan(
        region=REGION, name_prefix="rowsnet", cidr_block="10.0.0.0/16", zone_count=4, nat_gateways=plans.NAT_ONE
    )
    made = ec2.vpc_and_more_create(account=network, region=REGION, plan=plan, by=mateo)
    group = ec2.security_group_create(
        vpc=made.vpc, group_name="rowsnet-sg", description="rowsnet", name="rowsnet-sg", by=mateo
    )
    endpoint = ec2.vpc_endpoint_create(
        account=network,
        region=REGION,
        vpc_id=made.vpc.resource_id,
        service_name=f"com.amazonaws.{REGION}.codecatalyst.git",
        subnet_ids=[made.private_subnets[0].resource_id],
        private_dns_enabled=False,
        name="rowsnet-git",
        by=mateo,
    )
    bare = ec2.vpc_create(account=network, region=REGION, cidr_block="10.30.0.0/16", name="rowsnet-bare", by=mateo)
    bare_subnet = ec2.subnet_create(
        vpc=bare, availability_zone="us-west-2a", cidr_block="10.30.0.0/24", name="rowsnet-bare-subnet", by=mateo
    )
    spare = ec2.internet_gateway_create(account=network, region=REGION, name="rowsnet-spare-igw", by=mateo)
    return SimpleNamespace(
        made=made,
        vpc=made.vpc,
        group=group,
        endpoint=endpoint,
        bare=bare,
        bare_subnet=bare_subnet,
        spare_igw=spare,
        acl=made.vpc.network_acls.get(),
    )
