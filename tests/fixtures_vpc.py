"""The VPC connections' cast, on top of the AWS cast (``network`` 777788889999, ``mateo``) and the
CodeCatalyst one (``space`` acme in us-west-2, ``admin``, ``power``, ``contributor``, ``outsider``):

- ``vpc_role``: ``codecatalyst-vpc-role`` of the network account with exactly the seed's seven
  actions (it may not read route tables, internet gateways or NAT gateways); ``reader_role``:
  ``codecatalyst-vpc-reader``, the seven and those three, so every requirement is verifiable;
  ``weak_role``: ``codecatalyst-vpc-weak``, DescribeVpcs/Subnets/SecurityGroups only.
- ``network_connection``: acme's verified connection to the network account, with all three roles.
- ``compliant``: ``corpnet`` 10.0.0.0/16, built by "VPC and more" over the four zones with one NAT
  gateway, and a security group ``workflows`` (all outbound, no inbound); ``.private`` and
  ``.public`` are its subnet IDs by zone order, ``.sg`` the group's ID.
- ``legacy``: ``legacy-vpc`` 172.16.0.0/16 with two subnets, no gateway; ``.subnets``, ``.sg``.
- ``add``: ``add(**overrides)`` calls ``vpc_connection_add`` as admin on the compliant VPC through
  the reader role; ``vpc_connection``: acme's ``corpnet-vpc`` made so; ``default_vpc_connection``:
  the same, set as the space's default; ``fill``: ``fill(count)`` puts that many more VPC connections
  in acme at once (``vpc-0`` …), to reach its quota.
"""

from types import SimpleNamespace

import pytest

from accounts.aws.ec2 import plans
from accounts.aws.ec2 import services as ec2
from accounts.connections.models import AccountConnection, ConnectionRole
from tests.factories import AccountConnectionFactory, IamRoleFactory
from tests.fixtures_aws import NETWORK
from vpc.requirements import REQUIRED_ROLE_ACTIONS

REGION = "us-west-2"
SEVEN_ACTIONS = list(REQUIRED_ROLE_ACTIONS)
READER_ACTIONS = [*SEVEN_ACTIONS, "ec2:DescribeRouteTables", "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways"]


def policy(actions) -> dict:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]}


@pytest.fixture
def vpc_role(network):
    return IamRoleFactory(account=network, name="codecatalyst-vpc-role", permissions_policy=policy(SEVEN_ACTIONS))


@pytest.fixture
def reader_role(network):
    return IamRoleFactory(account=network, name="codecatalyst-vpc-reader", permissions_policy=policy(READER_ACTIONS))


@pytest.fixture
def weak_role(network):
    return IamRoleFactory(
        account=network,
        name="codecatalyst-vpc-weak",
        permissions_policy=policy(["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"]),
    )


@pytest.fixture
def network_connection(space, admin, vpc_role, reader_role, weak_role):
    connection = AccountConnectionFactory(
        space=space,
        aws_account_id=NETWORK,
        display_name="examplecorp-network",
        status=AccountConnection.Status.VERIFIED,
    )
    for role in (vpc_role, reader_role, weak_role):
        ConnectionRole.objects.create(connection=connection, role=role, added_by=admin)
    return connection


@pytest.fixture
def compliant(network, mateo):
    plan = plans.vpc_and_more_plan(
        region=REGION, name_prefix="corpnet", cidr_block="10.0.0.0/16", zone_count=4, nat_gateways=plans.NAT_ONE
    )
    made = ec2.vpc_and_more_create(account=network, region=REGION, plan=plan, by=mateo)
    group = ec2.security_group_create(vpc=made.vpc, group_name="workflows", description="Workflows", by=mateo)
    return SimpleNamespace(
        made=made,
        vpc=made.vpc,
        vpc_id=made.vpc.resource_id,
        private=[s.resource_id for s in made.private_subnets],
        public=[s.resource_id for s in made.public_subnets],
        group=group,
        sg=group.resource_id,
    )


@pytest.fixture
def legacy(network, mateo):
    vpc = ec2.vpc_create(account=network, region=REGION, cidr_block="172.16.0.0/16", name="legacy-vpc", by=mateo)
    subnets = [
        ec2.subnet_create(vpc=vpc, availability_zone=zone, cidr_block=block, name=f"legacy-{zone}", by=mateo)
        for zone, block in (("us-west-2a", "172.16.0.0/20"), ("us-west-2b", "172.16.16.0/20"))
    ]
    group = vpc.security_groups.get(is_default=True)
    return SimpleNamespace(
        vpc=vpc, vpc_id=vpc.resource_id, subnets=[s.resource_id for s in subnets], sg=group.resource_id
    )


@pytest.fixture
def add(space, admin, network_connection, reader_role, compliant):
    from vpc import services

    def add(**overrides):
        arguments = {
            "space": space,
            "account_connection": network_connection,
            "role_arn": reader_role.arn,
            "vpc_id": compliant.vpc_id,
            "subnet_ids": compliant.private,
            "security_group_ids": [compliant.sg],
            "name": "corpnet-vpc",
            "by": admin,
            **overrides,
        }
        return services.vpc_connection_add(**arguments)

    return add


@pytest.fixture
def vpc_connection(add):
    return add()


@pytest.fixture
def default_vpc_connection(vpc_connection, admin):
    from vpc import services

    return services.vpc_connection_default_set(vpc_connection=vpc_connection, by=admin)


@pytest.fixture
def fill(space, network_connection, reader_role, compliant):
    from vpc.models import VpcConnection

    def fill(count: int) -> None:
        VpcConnection.objects.bulk_create(
            VpcConnection(
                space=space,
                name=f"vpc-{n}",
                account_connection=network_connection,
                role_arn=reader_role.arn,
                region=REGION,
                vpc_id=compliant.vpc_id,
            )
            for n in range(count)
        )

    return fill
