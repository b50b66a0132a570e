"""The members table's rows written in Python (spaces.templatetags.member_rows) write what the
template loop they replaced wrote, for each viewer's permissions and each kind of member."""

from pathlib import Path

import pytest
from django.middleware.csrf import get_token
from django.template import Context, Engine, Template
from django.test import RequestFactory

from spaces.forms import SpaceRoleForm
from spaces.models import Space
from spaces.roles import SpaceRole
from tests.factories import SpaceMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# The loop of templates/spaces/member_list.html before it called {% member_rows %}.
TEMPLATE_LOOP = (Path(__file__).parent / "member_rows_loop.html").read_text().removesuffix("\n")


def render_both(*, space, viewer, can_manage, can_manage_admins):
    request = RequestFactory().get("/")
    token = get_token(request)
    context = {
        "page_obj": list(space.memberships.select_related("user").order_by("user__name")),
        "user": viewer,
        "space": space,
        "can_manage": can_manage,
        "can_manage_admins": can_manage_admins,
        "role_form": SpaceRoleForm(can_manage_admins=can_manage_admins),
        "csrf_token": token,
    }
    engine = Engine.get_default()
    old = Template(TEMPLATE_LOOP, engine=engine).render(Context(context))
    new = engine.from_string("{% load space_tables %}{% member_rows page_obj role_form.fields.role.choices %}").render(
        Context(context)
    )
    return old, new


@pytest.fixture
def odd_member(space):
    # No alias or email (the "—" cells), and a name that must be escaped.
    user = UserFactory(name='Dan <b>"Odd"</b> & co', alias=None, email="", username="dan@example.com")
    SpaceMembershipFactory(space=space, user=user, role=SpaceRole.LIMITED_ACCESS)
    return user


@pytest.mark.parametrize(
    ("can_manage", "can_manage_admins"), [(True, True), (True, False), (False, False)], ids=["admin", "power", "reader"]
)
@pytest.mark.parametrize("kind", [Space.Kind.BUILDER_ID, Space.Kind.FEDERATED])
def test_member_rows_write_what_the_template_loop_wrote(space, admin, odd_member, can_manage, can_manage_admins, kind):
    space.kind = kind
    space.save()
    old, new = render_both(space=space, viewer=admin, can_manage=can_manage, can_manage_admins=can_manage_admins)

    assert new == old
    assert old.count("<tr>") == 4


def test_member_rows_escape_the_names_and_mark_the_viewer(space, admin, odd_member):
    _, new = render_both(space=space, viewer=admin, can_manage=True, can_manage_admins=True)

    assert "Dan &lt;b&gt;&quot;Odd&quot;&lt;/b&gt; &amp; co" in new
    assert new.count('<span class="badge">You</span>') == 1
    # A role form for each of the 3 members who are not Space administrators, Remove for all but the viewer.
    assert new.count("csrfmiddlewaretoken") == 3 + 3
