"""The pending invitations the members page and a project's page list, in plain SQL
(``spaces.selectors.pending_invitation_list``), are the queryset's (``pending_invitations`` to the
space itself, or to one project): the same invitations with who invited, newest first, in one
query; expired, answered and other spaces' invitations left out."""

from datetime import timedelta

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spaces import selectors
from spaces.models import Invitation
from spaces.roles import ProjectRole
from tests.factories import InvitationFactory, ProjectFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _seen(invitations):
    return [(_fields(i), _fields(i.invited_by), i.role_label) for i in invitations]


@pytest.fixture
def invited(space, admin):
    now = timezone.now()
    project, other_project = ProjectFactory(space=space), ProjectFactory(space=space)
    for n in range(4):
        InvitationFactory(space=space, invited_by=admin if n % 2 else None)
        InvitationFactory(space=space, project=project, project_role=ProjectRole.CONTRIBUTOR, space_role="")
    InvitationFactory(space=space, project=other_project, project_role=ProjectRole.CONTRIBUTOR, space_role="")
    InvitationFactory(space=space, expires_at=now - timedelta(minutes=1))
    InvitationFactory(space=space, status=Invitation.Status.ACCEPTED)
    InvitationFactory(space=SpaceFactory())
    # Distinct creation times, so that newest first is one order.
    for n, invitation in enumerate(Invitation.objects.order_by("pk")):
        Invitation.objects.filter(pk=invitation.pk).update(created_at=now - timedelta(minutes=n * 7 % 13, seconds=n))
    return project


def test_the_space_s_and_a_project_s_are_the_querysets(space, invited):
    orms = {
        None: selectors.pending_invitations(space).filter(project__isnull=True),
        invited: selectors.pending_invitations(space).filter(project=invited),
    }
    for project, queryset in orms.items():
        with CaptureQueriesContext(db) as queries:
            ours = selectors.pending_invitation_list(space, project=project)
        assert len(queries) == 1
        assert len(ours) == 4
        assert _seen(ours) == _seen(queryset)
        with CaptureQueriesContext(db) as queries:
            [(i.space.name, i.project and i.project.name, i.invited_by) for i in ours]
        assert len(queries) == 0
