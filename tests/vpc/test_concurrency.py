"""VPC connections' one-of rules under concurrent requests on PostgreSQL (skipped on SQLite): one
name per space, one default per space (and never on an account being restricted at that moment),
and at most 100 per space. Each race has one winner; the loser gets the rule's message."""

import pytest
from django.db import connection

from accounts.connections import services as connections
from tests.concurrency import at_once
from vpc import services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]


def test_two_adds_with_one_name_at_once_leave_one(add, space):
    outcomes = at_once(lambda: add(name="corpnet-vpc"), lambda: add(name="CORPNET-VPC"))
    assert sorted(outcomes)[0].startswith("A VPC connection named"), outcomes
    assert sorted(outcomes)[1] == "done", outcomes
    assert space.vpc_connections.count() == 1


def test_two_defaults_set_at_once_leave_one(add, space, admin, power):
    first, second = add(name="first"), add(name="second")
    outcomes = at_once(
        lambda: services.vpc_connection_default_set(vpc_connection=first, by=admin),
        lambda: services.vpc_connection_default_set(vpc_connection=second, by=power),
    )
    assert outcomes == ["done", "done"], outcomes  # one after the other: the second replaces the first
    assert space.vpc_connections.filter(is_default=True).count() == 1


def test_a_default_set_while_the_account_is_restricted_never_leaves_a_restricted_default(
    add, space, admin, network_connection, project
):
    made = add()
    outcomes = at_once(
        lambda: services.vpc_connection_default_set(vpc_connection=made, by=admin),
        lambda: connections.connection_project_access_enable(
            connection=network_connection, projects=[project], by=admin
        ),
    )
    assert outcomes.count("done") == 1, outcomes
    made.refresh_from_db()
    network_connection.refresh_from_db()
    assert made.is_default != network_connection.project_restricted


def test_the_last_place_of_the_quota_goes_to_one_of_two_adds(add, space, fill):
    fill(services.MAX_VPC_CONNECTIONS_PER_SPACE - 1)
    outcomes = at_once(lambda: add(name="last-one"), lambda: add(name="one-too-many"))
    assert sorted(outcomes) == [
        "A space can have at most 100 VPC connections. Remove one you no longer need first.",
        "done",
    ], outcomes
    assert space.vpc_connections.count() == services.MAX_VPC_CONNECTIONS_PER_SPACE
