"""Two people acting at the same moment cannot together break a rule that each request checks.

These need row locks, so they run on PostgreSQL only (SQLite serialises writers anyway).
"""

import threading

import pytest
from django.db import connection

from catalyst_admin.errors import DomainError
from spaces import services
from spaces.permissions import ProjectRole, SpaceRole
from tests.factories import (
    ProjectFactory,
    ProjectMembershipFactory,
    SpaceFactory,
    SpaceMembershipFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]


def test_two_project_administrators_demoted_at_once_leave_one(monkeypatch):
    space = SpaceFactory(name="race")
    owner, first, second = UserFactory(), UserFactory(), UserFactory()
    SpaceMembershipFactory(space=space, user=owner, role=SpaceRole.SPACE_ADMINISTRATOR)
    project = ProjectFactory(space=space, name="raced")
    memberships = [
        ProjectMembershipFactory(project=project, user=user, role=ProjectRole.PROJECT_ADMINISTRATOR)
        for user in (first, second)
    ]

    # Hold each request just after its check, so that without a lock both would pass it.
    both_checked = threading.Barrier(2, timeout=2)
    check = services._refuse_last_project_admin

    def slow_check(project):
        check(project)
        try:
            both_checked.wait()
        except threading.BrokenBarrierError:
            pass

    monkeypatch.setattr(services, "_refuse_last_project_admin", slow_check)
    outcomes = []

    def demote(membership):
        try:
            services.project_member_change_role(membership=membership, role=ProjectRole.READ_ONLY, by=owner)
            outcomes.append("demoted")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=(m,)) for m in memberships]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("demoted") == 1
    assert any("at least one Project administrator" in outcome for outcome in outcomes)
    assert project.memberships.filter(role=ProjectRole.PROJECT_ADMINISTRATOR).count() == 1
