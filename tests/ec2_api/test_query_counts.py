"""Describing costs the same number of queries for one resource as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.aws.ec2 import plans, services, shapes

pytestmark = pytest.mark.django_db

KINDS = ["vpc", "subnet", "route_table", "internet_gateway", "nat_gateway", "security_group", "network_acl"]


def _queries(kind, account) -> int:
    with CaptureQueriesContext(connection) as captured:
        shapes.describe(kind, account, "us-west-2")
    return len(captured)


def test_describe_query_counts_do_not_grow_with_the_inventory(network, mateo):
    def build(prefix, cidr):
        plan = plans.vpc_and_more_plan(
            region="us-west-2", name_prefix=prefix, cidr_block=cidr, zone_count=4, nat_gateways=plans.NAT_PER_AZ
        )
        services.vpc_and_more_create(account=network, region="us-west-2", plan=plan, by=mateo)

    build("one", "10.0.0.0/16")
    small = {kind: _queries(kind, network) for kind in KINDS}
    for index in range(1, 4):
        build(f"more{index}", f"10.{index}.0.0/16")
    assert {kind: _queries(kind, network) for kind in KINDS} == small
