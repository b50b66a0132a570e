"""IAM's two-keys-per-user quota under concurrent requests on PostgreSQL (skipped on SQLite): three
Create access key requests at once leave the user with two keys."""

import pytest
from django.db import connection

from accounts.aws.iam import services
from accounts.aws.iam.models import AccessKey
from tests.concurrency import at_once
from tests.factories import AwsAccountFactory, IamUserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]


def test_three_access_keys_created_at_once_leave_two():
    account = AwsAccountFactory(account_id="121212121212")
    user = IamUserFactory(account=account, name="racer")
    outcomes = at_once(*[lambda: services.access_key_create(account=account, user=user) for _ in range(3)])
    assert sorted(outcomes) == [
        "done",
        "done",
        "racer already has 2 access keys, the most a user can have. Delete an access key you no longer use, "
        "then create a new one.",
    ]
    assert AccessKey.objects.filter(user=user).count() == 2
