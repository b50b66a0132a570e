"""My settings' notification table rows written in Python (NotificationPreferencesForm.rows_html)
write what the template loop they replaced wrote (kept as notification_rows_loop.html), byte for
byte, for the page's events and for awkward labels, unbound and bound, with and without ids."""

from pathlib import Path

import pytest
from django.template import Context, Engine

from identity.people.forms import NotificationPreferencesForm
from identity.people.models import NotificationPreference

LOOP = (Path(__file__).parent / "notification_rows_loop.html").read_text().removesuffix("\n")
TAG = "      {{ notification_form.rows_html }}"
AWKWARD = [("a&b", 'Quote " and <b>'), ("plain", "Plain")]


@pytest.mark.parametrize("events", [NotificationPreference.Event.choices, AWKWARD], ids=["page", "awkward"])
@pytest.mark.parametrize("data", [None, {"a&b_email": "on", "invitation_slack": "on"}], ids=["unbound", "bound"])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_the_rows_write_what_the_template_loop_wrote(events, data, auto_id):
    form = NotificationPreferencesForm(data, events=events, auto_id=auto_id, initial={"plain_email": True})
    context = Context({"notification_form": form})
    engine = Engine.get_default()
    old = engine.from_string(LOOP).render(context)
    assert engine.from_string(TAG).render(context) == old
    assert old.count("<tr>") == len(events)
