"""A route table's details page (``selectors.route_table_page``, plain SQL) shows what
``route_table_in`` and its prefetches find: the table and its VPC, its routes with their targets, its
explicit associations with their subnets and, for a main table, the VPC's subnets without one; and
nothing of another account or Region."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.aws.ec2 import selectors
from accounts.aws.ec2 import services as ec2

pytestmark = pytest.mark.django_db

REGION = "us-west-2"


def _shown(table, routes, associations, implicit):
    return (
        (table.pk, table.resource_id, table.name, table.is_main, table.vpc.resource_id),
        [(r.pk, r.destination, r.target_type, r.target_id, r.state) for r in routes],
        [(a.pk, a.association_id, a.subnet.resource_id, a.subnet.name, a.subnet.cidr_block) for a in associations],
        [s.resource_id for s in implicit],
    )


def _from_querysets(account, resource_id):
    table = selectors.route_table_in(account, REGION, resource_id)
    implicit = table.vpc.subnets.filter(route_table_association__isnull=True) if table.is_main else []
    return _shown(table, table.routes.all(), table.associations.all(), implicit)


def test_every_table_of_the_vpc_is_what_route_table_in_finds(rowsnet, mateo, network):
    vpc = rowsnet.vpc
    # The main table gets implicit subnets, one table two explicit ones, and an endpoint route.
    ec2.route_table_disassociate(subnet=rowsnet.made.public_subnets[0], by=mateo)
    ec2.route_table_disassociate(subnet=rowsnet.made.public_subnets[1], by=mateo)
    public = selectors.route_table_of_subnet(rowsnet.made.public_subnets[2])
    ec2.route_table_associate(route_table=public, subnet=rowsnet.made.private_subnets[0], by=mateo)
    tables = list(selectors.route_tables_of(network, REGION, vpc_ids=[vpc.resource_id]))
    assert len(tables) >= 3
    seen = {"routes": 0, "explicit": 0, "implicit": 0, "targets": set()}
    for table in tables:
        with CaptureQueriesContext(connection) as queries:
            page = selectors.route_table_page(network, REGION, table.resource_id)
        assert len(queries) == (4 if table.is_main else 3)
        shown = _shown(*page)
        assert shown == _from_querysets(network, table.resource_id)
        seen["routes"] += len(shown[1])
        seen["explicit"] += len(shown[2])
        seen["implicit"] += len(shown[3])
        seen["targets"] |= {target_type for _, _, target_type, _, _ in shown[1]}
    assert seen["explicit"] and seen["implicit"] == 2
    assert {"local", "igw", "nat"} <= seen["targets"]


def test_no_table_of_another_account_or_region(rowsnet, build):
    table = selectors.route_table_of_subnet(rowsnet.made.public_subnets[0])
    assert selectors.route_table_page(build, REGION, table.resource_id) is None
    assert selectors.route_table_page(rowsnet.vpc.account, "eu-west-1", table.resource_id) is None
    assert selectors.route_table_page(rowsnet.vpc.account, REGION, "rtb-00000000000000000") is None
