"""The activity table's rows written in Python (spaces.templatetags.space_tables) write what the
template loop they replaced wrote, in the reader's time zone."""

from pathlib import Path

import pytest
from django.template import Context, Engine
from django.utils import timezone

from spaces.models import ActivityEvent

pytestmark = pytest.mark.django_db

# The loop of templates/spaces/activity.html before it called {% activity_rows %}.
TEMPLATE_LOOP = (Path(__file__).parent / "activity_rows_loop.html").read_text().removesuffix("\n")


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Kolkata"])
def test_activity_rows_write_what_the_template_loop_wrote(space, zone):
    now = timezone.now()
    ActivityEvent.objects.create(
        space=space,
        event_name="UpdateSpace",
        description='Said <"hi"> & left',
        actor_name="Alice <A>",
        created_at=now.replace(month=7, day=1, hour=23),  # summer time where there is one
    )
    ActivityEvent.objects.create(
        space=space,
        event_name="GetSpace",
        actor_name="Bob",
        project_name="web & api",
        source_ip="203.0.113.7",
        read_only=True,
        created_at=now.replace(month=1, day=31, hour=2),
    )
    context = {"page_obj": list(space.activity.order_by("-created_at", "-pk"))}
    engine = Engine.get_default()
    with timezone.override(zone):
        old = engine.from_string(TEMPLATE_LOOP).render(Context(context))
        new = engine.from_string("{% load space_tables %}{% activity_rows page_obj %}").render(Context(context))

    assert new == old
    assert old.count("<tr>") == 2
    for shown in ["Read-only", "Mutation", "—", "Said &lt;&quot;hi&quot;&gt; &amp; left", "web &amp; api"]:
        assert shown in new
