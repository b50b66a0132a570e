"""The VPC details page's route tables and subnets (``selectors.vpc_routing``, two plain-SQL
queries) are what ``route_tables_of``, ``subnets_of`` and ``subnet_routing`` find for the VPC, in
their order, and nothing of another VPC, account or Region."""

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
    tables = list(selectors.route_tables_of(**only))
    subnets = list(selectors.subnets_of(**only))
    routing = selectors.subnet_routing(subnets, public=True)
    return (
        [(t.pk, t.resource_id, t.name, t.is_main) for t in tables],
        [
            (s.pk, s.resource_id, s.name, s.availability_zone, s.cidr_block, routing[s.pk][0].pk, routing[s.pk][1])
            for s in subnets
        ],
    )


def _read(vpc):
    tables, subnets = selectors.vpc_routing(vpc)
    return (
        [(t.pk, t.resource_id, t.name, t.is_main) for t in tables],
        [
            (s.pk, s.resource_id, s.name, s.availability_zone, s.cidr_block, s.route_table.pk, s.is_public)
            for s in subnets
        ],
    )


def test_the_tables_and_subnets_are_what_the_selectors_find_in_their_order(rowsnet, mateo, network, build):
    vpc = rowsnet.vpc
    # A table of its own for one private subnet, a public one moved back to the main table.
    extra = ec2.route_table_create(vpc=vpc, name="extra", by=mateo)
    ec2.route_table_associate(route_table=extra, subnet=rowsnet.made.private_subnets[1], by=mateo)
    ec2.route_table_disassociate(subnet=rowsnet.made.public_subnets[0], by=mateo)
    # Another VPC of the account, the same account in another Region, and another account.
    ec2.vpc_create(account=network, region="eu-west-1", cidr_block="10.0.0.0/16", name="eu", by=mateo)
    ec2.vpc_create(account=build, region=REGION, cidr_block="10.0.0.0/16", name="other", by=mateo)

    with CaptureQueriesContext(connection) as queries:
        found = _read(vpc)
    assert len(queries) == 2
    expected = _from_querysets(vpc)
    assert found == expected
    tables, subnets = expected
    assert len(subnets) == 8 and {public for *_, public in subnets} == {True, False}
    assert len({table for *_, table, _ in subnets}) >= 3  # main, public, private tables and "extra"
    assert extra.pk in {table for *_, table, _ in subnets}
    main = next(pk for pk, _, _, is_main in tables if is_main)
    assert main in {table for *_, table, _ in subnets}


def test_a_vpc_only_has_its_main_table_and_private_subnet(rowsnet):
    vpc = Vpc.objects.get(pk=rowsnet.bare.pk)
    tables, subnets = selectors.vpc_routing(vpc)
    assert [t.is_main for t in tables] == [True]
    assert [(s.resource_id, s.route_table, s.is_public) for s in subnets] == [
        (rowsnet.bare_subnet.resource_id, tables[0], False)
    ]
    assert _read(vpc) == _from_querysets(vpc)
