"""Twenty CreateProject calls at once with the same name on PostgreSQL (skipped on SQLite): one
project, nineteen ConflictExceptions, never a 500."""

import pytest
from botocore.exceptions import ClientError
from django.db import connection

from spaces.models import Project
from tests.aws_api.conftest import codecatalyst_client
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]


def test_twenty_parallel_create_project_calls_make_one_project(live_server, admin, space, pat):
    clients = [codecatalyst_client(live_server, pat(admin, name=f"t{i}")) for i in range(20)]
    codes = []

    def create(client):
        def call():
            try:
                client.create_project(spaceName="acme", displayName="api")
            except ClientError as error:
                codes.append((error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]))
                raise

        return call

    outcomes = at_once(*(create(client) for client in clients))

    assert outcomes.count("done") == 1
    assert sorted(codes) == [("ConflictException", 409)] * 19
    assert Project.objects.filter(space=space, name__iexact="api").count() == 1
