"""The account list pages run as many queries for 30 connections as for 1."""

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.connections.models import AccountConnection, ConnectionRole
from tests.factories import AccountConnectionFactory, IamRoleFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(db) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _connections(space, n):
    for _ in range(n):
        connection = AccountConnectionFactory(space=space, status=AccountConnection.Status.VERIFIED)
        ConnectionRole.objects.create(connection=connection, role=IamRoleFactory())


def test_the_aws_accounts_page_query_count_does_not_grow_with_connections(client, admin, space):
    client.force_login(admin)
    url = reverse("spaces:aws_accounts", args=[space.name])
    _connections(space, 1)
    one = _count(client, url)
    _connections(space, 29)
    assert _count(client, url) == one


def test_the_aws_console_spaces_page_query_count_does_not_grow_with_spaces(aws, build):
    def connect(n):
        for _ in range(n):
            AccountConnectionFactory(space=SpaceFactory(), aws_account_id=build.account_id)

    connect(1)
    one = _count(aws, "/aws/codecatalyst/")
    connect(29)
    assert _count(aws, "/aws/codecatalyst/") == one
