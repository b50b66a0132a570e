"""Create endpoint's choices in plain SQL (``selectors.vpc_choices``, ``selectors.vpc_choice_members``)
are what the querysets they stand for list: the account's VPCs in the Region in creation order, and a
VPC's subnets (by zone and CIDR block) and security groups, each with its own columns."""

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.aws.ec2 import selectors, services
from tests.ec2.conftest import REGION
from tests.factories import ConsoleUserFactory
from tests.fixtures_aws import sign_in_session

pytestmark = pytest.mark.django_db


def _fields(items):
    return [{f.attname: getattr(item, f.attname) for f in item._meta.concrete_fields} for item in items]


@pytest.fixture
def elsewhere(outside, network, mateo, rowsnet):
    """VPCs the choices must not list: another account's, and the network account's in another Region."""
    theirs = ConsoleUserFactory(user_name="globex-admin", accounts=[outside])
    services.vpc_create(account=outside, region=REGION, cidr_block="10.9.0.0/16", name="theirs", by=theirs)
    services.vpc_create(account=network, region="eu-west-1", cidr_block="10.8.0.0/16", name="east", by=mateo)


def test_the_vpcs_are_the_querysets(network, rowsnet, elsewhere):
    with CaptureQueriesContext(db) as queries:
        ours = selectors.vpc_choices(network, REGION)
    assert len(queries) == 1
    assert _fields(ours) == _fields(selectors.vpcs_of(network, REGION))
    assert [v.name for v in ours][-2:] == ["rowsnet-vpc", "rowsnet-bare"]
    assert {v.name for v in ours}.isdisjoint({"theirs", "east"})


@pytest.mark.parametrize("which", ["vpc", "bare"])
def test_a_vpcs_subnets_and_groups_are_the_querysets(network, rowsnet, elsewhere, mateo, which):
    vpc = getattr(rowsnet, which)
    services.security_group_create(vpc=vpc, group_name="a-late-one", description="late", name="", by=mateo)
    with CaptureQueriesContext(db) as queries:
        subnets, groups = selectors.vpc_choice_members(vpc)
    assert len(queries) == 2
    only = {"vpc_ids": [vpc.resource_id]}
    assert _fields(subnets) == _fields(selectors.subnets_of(network, REGION, **only))
    assert _fields(groups) == _fields(selectors.security_groups_of(network, REGION, **only))
    assert len(groups) >= 2 and subnets


def test_create_endpoint_offers_the_chosen_vpcs_subnets_and_groups_only(client, mateo, network, rowsnet, elsewhere):
    browser = sign_in_session(client, mateo, network)
    page = browser.get(reverse("aws:endpoint_create"), {"vpc": rowsnet.bare.resource_id}).content.decode()
    assert rowsnet.bare_subnet.resource_id in page
    assert rowsnet.made.private_subnets[0].resource_id not in page
    assert rowsnet.group.resource_id not in page
    assert "theirs" not in page and "east" not in page
    page = browser.get(reverse("aws:endpoint_create"), {"vpc": rowsnet.vpc.resource_id}).content.decode()
    assert rowsnet.group.resource_id in page and rowsnet.made.private_subnets[0].resource_id in page
