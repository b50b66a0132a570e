"""The VPC inventory's one-of rules under concurrent requests on PostgreSQL (skipped on SQLite):
two internet gateways attached to one VPC at once, and two overlapping subnets created at once:
one wins, the other gets the rule's message."""

import pytest
from django.db import connection

from accounts.aws.ec2 import services
from accounts.aws.ec2.models import InternetGateway
from tests.concurrency import at_once
from tests.factories import AwsAccountFactory, ConsoleUserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]
REGION = "us-west-2"


@pytest.fixture
def world():
    account = AwsAccountFactory()
    admin = ConsoleUserFactory(accounts=[account])
    vpc = services.vpc_create(account=account, region=REGION, cidr_block="10.0.0.0/16", by=admin)
    return account, admin, vpc


def test_two_gateways_attached_to_one_vpc_at_once_leave_it_one(world):
    account, admin, vpc = world
    gateways = [services.internet_gateway_create(account=account, region=REGION, by=admin) for _ in range(2)]
    outcomes = at_once(
        *[lambda igw=igw: services.internet_gateway_attach(internet_gateway=igw, vpc=vpc, by=admin) for igw in gateways]
    )
    assert sorted(outcomes)[0] == "done" and "can have only one internet gateway" in sorted(outcomes)[1], outcomes
    assert InternetGateway.objects.filter(vpc=vpc).count() == 1


def test_two_overlapping_subnets_created_at_once_leave_one(world):
    _, admin, vpc = world
    outcomes = at_once(
        lambda: services.subnet_create(vpc=vpc, availability_zone="us-west-2a", cidr_block="10.0.0.0/24", by=admin),
        lambda: services.subnet_create(vpc=vpc, availability_zone="us-west-2b", cidr_block="10.0.0.0/20", by=admin),
    )
    assert outcomes.count("done") == 1 and any("conflicts with" in o for o in outcomes), outcomes
    assert vpc.subnets.count() == 1
