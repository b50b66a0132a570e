"""A project's members table rows written in Python (spaces.templatetags.space_tables) write what
the template loop they replaced wrote, for a viewer who manages the members and one who does not."""

from pathlib import Path

import pytest
from django.middleware.csrf import get_token
from django.template import Context, Engine
from django.test import RequestFactory

from spaces import permissions, selectors
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import ProjectMembershipFactory, SpaceMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# The loop of templates/spaces/project_detail.html before it called {% project_member_rows %}.
TEMPLATE_LOOP = (Path(__file__).parent / "project_member_rows_loop.html").read_text().removesuffix("\n")


@pytest.mark.parametrize("can_manage", [True, False])
def test_project_member_rows_write_what_the_template_loop_wrote(space, project, can_manage):
    odd = UserFactory(name='Dan <b>"Odd"</b> & co', alias=None, username="dan@example.com")
    SpaceMembershipFactory(space=space, user=odd, role=SpaceRole.LIMITED_ACCESS)
    ProjectMembershipFactory(project=project, user=odd, role=ProjectRole.REVIEWER)
    context = {
        "members": list(selectors.project_members(project)),
        "role_choices": permissions.ProjectRole.choices,
        "space": space,
        "project": project,
        "can_manage": can_manage,
        "csrf_token": get_token(RequestFactory().get("/")),
    }
    engine = Engine.get_default()
    old = engine.from_string(TEMPLATE_LOOP).render(Context(context))
    new = engine.from_string("{% load space_tables %}{% project_member_rows members role_choices %}").render(
        Context(context)
    )

    assert new == old
    assert old.count("<tr>") == 3
    assert ("csrfmiddlewaretoken" in new) == can_manage
    assert "Dan &lt;b&gt;&quot;Odd&quot;&lt;/b&gt; &amp; co" in new
