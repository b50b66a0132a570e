"""The migration that brings email verification takes every Builder ID that already exists as
verified (they sign in and belong to spaces already); staff and SSO users are not Builder IDs.

Leaves the database migrated to the leaf nodes, pass or fail.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from identity.people.models import User

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("identity", "0003_identity_center_moves_to_accounts")]
AFTER = [("identity", "0004_email_verification")]


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_existing_builder_ids_are_verified_and_nobody_else(transactional_db):
    try:
        old = _migrate(BEFORE).get_model("identity", "User")
        old.objects.create(username="mary@example.com", email="mary@example.com", alias="marymajor", kind="builder_id")
        old.objects.create(username="ops", email="ops@example.com", kind="staff")
        old.objects.create(username="sso/d-1/u-1", email="li@example.com", kind="sso")
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert User.objects.get(username="mary@example.com").email_verified_at is not None
    assert User.objects.get(username="ops").email_verified_at is None
    assert User.objects.get(username="sso/d-1/u-1").email_verified_at is None
