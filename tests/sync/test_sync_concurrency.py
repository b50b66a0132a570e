""" "Sync now" pressed many times at once queues one run (issue 9, section 5). Row locks: PostgreSQL only."""

import pytest
from django.db import connection

from identity.sync.models import SyncRun
from identity.sync.runs import space_sync_request
from spaces.models import SpaceMembership
from spaces.roles import SpaceRole
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]


def test_sync_now_pressed_twenty_times_at_once_queues_one_run(federated_space, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the runs stay queued: no worker in this test
    settings.CELERY_BROKER_URL = "memory://"
    application = federated_space.identity_application
    admin = SpaceMembership.objects.get(space=federated_space, role=SpaceRole.SPACE_ADMINISTRATOR).user
    before = set(SyncRun.objects.filter(application=application).values_list("pk", flat=True))
    returned = []
    outcomes = at_once(*[lambda: returned.append(space_sync_request(space=federated_space, by=admin).pk)] * 20)
    assert outcomes == ["done"] * 20
    new = set(SyncRun.objects.filter(application=application).values_list("pk", flat=True)) - before
    assert len(new) == 1, new
    assert set(returned) == new
