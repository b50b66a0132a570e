"""Services that lock rows open their own transaction: called the way a request calls them, outside
any test transaction, they work on PostgreSQL (which refuses SELECT … FOR UPDATE in autocommit).
Run on PostgreSQL only; SQLite ignores row locks."""

import pytest
from django.db import connection

from identity.sync.models import SyncRun
from identity.sync.runs import sync_run_approve
from spaces import services
from spaces.roles import SpaceRole
from tests.factories import SpaceFactory, SpaceMembershipFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]


def test_inviting_a_member_locks_in_its_own_transaction():
    owner = UserFactory()
    space = SpaceFactory(name="own-tx")
    SpaceMembershipFactory(space=space, user=owner, role=SpaceRole.SPACE_ADMINISTRATOR)
    invitation = services.invitation_create(space=space, email="new@example.com", role=SpaceRole.POWER_USER, by=owner)
    assert invitation.pk


def test_approving_a_held_run_locks_in_its_own_transaction(federated_space):
    staff = UserFactory(is_staff=True)
    held = SyncRun.objects.create(application=federated_space.identity_application, status=SyncRun.Status.HELD)
    approval = sync_run_approve(run=held, by=staff)
    assert approval.allow_mass_removal and approval.requested_by == staff
