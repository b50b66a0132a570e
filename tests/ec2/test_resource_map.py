"""The VPC details page's resource map (``selectors.vpc_resource_names``, one plain-SQL query)
names what the ``*_of`` selectors list for the VPC, in their order, and nothing of another VPC,
account or Region."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.aws.ec2 import selectors
from accounts.aws.ec2 import services as ec2
from accounts.aws.ec2.models import Vpc

pytestmark = pytest.mark.django_db

REGION = "us-west-2"


def _from_querysets(vpc):
    only = {"account": vpc.account, "region": vpc.region, "vpc_ids": [vpc.resource_id]}
    return {
        "internet_gateways": [(g.resource_id, "") for g in selectors.internet_gateways_of(**only)],
        "nat_gateways": [(n.resource_id, "") for n in selectors.nat_gateways_of(**only)],
        "security_groups": [(g.resource_id, g.group_name) for g in selectors.security_groups_of(**only)],
        "network_acls": [(a.resource_id, "") for a in selectors.network_acls_of(**only)],
        "endpoints": [(e.resource_id, e.service_name) for e in selectors.vpc_endpoints_of(**only)],
    }


def test_the_resource_map_names_what_the_selectors_list_in_their_order(rowsnet, mateo, network, build):
    vpc = rowsnet.vpc
    for n in range(3):
        ec2.security_group_create(vpc=vpc, group_name=f"extra-{n}", description="x", by=mateo)
    # Another VPC of the account, the same account in another Region, and another account.
    ec2.security_group_create(vpc=rowsnet.bare, group_name="bare-sg", description="x", by=mateo)
    ec2.vpc_create(account=network, region="eu-west-1", cidr_block="10.0.0.0/16", name="eu", by=mateo)
    ec2.vpc_create(account=build, region=REGION, cidr_block="10.0.0.0/16", name="other", by=mateo)

    with CaptureQueriesContext(connection) as queries:
        names = selectors.vpc_resource_names(vpc)
    assert len(queries) == 1
    expected = _from_querysets(vpc)
    assert {kind: [tuple(n) for n in found] for kind, found in names.items()} == expected
    assert len(expected["security_groups"]) == 5  # default, rowsnet-sg, extra-0..2
    assert expected["internet_gateways"] and expected["nat_gateways"] and expected["endpoints"]
    assert rowsnet.spare_igw.resource_id not in {n.resource_id for n in names["internet_gateways"]}


def test_a_vpc_only_has_no_gateways_or_endpoints_in_its_map(rowsnet):
    names = selectors.vpc_resource_names(Vpc.objects.get(pk=rowsnet.bare.pk))
    assert names["internet_gateways"] == names["nat_gateways"] == names["endpoints"] == []
    assert [tuple(n) for n in names["network_acls"]] == _from_querysets(rowsnet.bare)["network_acls"]
    assert len(names["security_groups"]) == 1  # its default group
