import pytest

from accounts.aws.ec2 import plans, services
from tests.factories import ConsoleUserFactory

REGION = "us-west-2"


@pytest.fixture
def reader(network):
    """An IAM user of the network account without administrator permissions."""
    user = ConsoleUserFactory(user_name="reader", accounts=[network])
    user.consoleaccess_set.update(is_administrator=False)
    return user


@pytest.fixture
def vpc(network, mateo):
    return services.vpc_create(account=network, region=REGION, cidr_block="10.1.0.0/16", name="app", by=mateo)


@pytest.fixture
def full_vpc(network, mateo):
    """A VPC built by "VPC and more" over all four zones of us-west-2 with a NAT gateway in one."""
    plan = plans.vpc_and_more_plan(
        region=REGION, name_prefix="prod", cidr_block="10.0.0.0/16", zone_count=4, nat_gateways=plans.NAT_ONE
    )
    return services.vpc_and_more_create(account=network, region=REGION, plan=plan, by=mateo)
