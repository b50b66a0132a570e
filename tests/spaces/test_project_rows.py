"""The projects table's rows written in Python (spaces.templatetags.space_tables) write what the
template loop they replaced wrote, for a Space administrator and for a Power user (who sees every
project but opens only their own)."""

from pathlib import Path

import pytest
from django.template import Context, Engine

from spaces import selectors
from spaces.roles import ProjectRole
from tests.factories import ProjectFactory, ProjectMembershipFactory

pytestmark = pytest.mark.django_db

# The loops of templates/spaces/project_list.html and space_overview.html before they called
# {% project_rows %}.
LOOPS = {
    tag: (Path(__file__).parent / name).read_text().removesuffix("\n")
    for tag, name in [
        ("{% project_rows page_obj %}", "project_rows_loop.html"),
        ("{% project_rows page_obj created=False %}", "overview_project_rows_loop.html"),
    ]
}


@pytest.mark.parametrize("tag", list(LOOPS))
@pytest.mark.parametrize("who", ["admin", "power"])
def test_project_rows_write_what_the_template_loop_wrote(space, admin, power, contributor, who, tag):
    mine = ProjectFactory(space=space, name="mine", description='Ours <"all"> & more')
    ProjectMembershipFactory(project=mine, user=power, role=ProjectRole.CONTRIBUTOR)
    ProjectMembershipFactory(project=mine, user=contributor, role=ProjectRole.CONTRIBUTOR)
    ProjectFactory(space=space, name="theirs", description="")
    viewer = {"admin": admin, "power": power}[who]
    context = {"page_obj": list(selectors.projects_visible_to(viewer, space)), "space": space}
    engine = Engine.get_default()
    context["projects"] = context["page_obj"]  # the overview's name for them
    old = engine.from_string(LOOPS[tag]).render(Context(context))
    new = engine.from_string("{% load space_tables %}" + tag).render(Context(context))

    assert new == old
    assert old.count("<tr>") == 2
    assert ("(you are not a member)" in new) == (who == "power")
    assert "Ours &lt;&quot;all&quot;&gt; &amp; more" in new
    assert '<td class="num">2</td>' in new
