"""Two quick toggles and a start racing a stop, as real concurrent requests on PostgreSQL (row
locks; skipped on SQLite): the stop is applied once, nothing is left half-stopped."""

import pytest
from django.db import connection

from billing.models import UsageRecord
from genai import services
from genai.models import AmazonQRequest, GenaiSetting
from spaces.models import ActivityEvent
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]


@pytest.fixture(autouse=True)
def no_worker(settings):
    """The completion tasks stay queued (no worker in these tests), so requests stay in progress."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"


def _in_progress(project, person, n):
    return [
        services.amazon_q_request_start(project=project, feature="write_description", subject=f"PR {i}", by=person)
        for i in range(n)
    ]


def test_two_quick_toggles_off_stop_the_requests_once(genai_on, project, contributor, admin):
    _in_progress(project, contributor, 3)
    assert AmazonQRequest.objects.filter(space=genai_on, status="in_progress").count() == 3
    returned = []

    outcomes = at_once(
        *[lambda: returned.append(services.genai_setting_change(space=genai_on, enabled=False, by=admin))] * 2
    )

    assert sorted(outcomes) == ["Generative AI features are already off for acme.", "done"], outcomes
    assert returned == [3]
    assert not GenaiSetting.objects.get(space=genai_on).enabled
    assert set(AmazonQRequest.objects.filter(space=genai_on).values_list("status", flat=True)) == {"stopped"}
    events = ActivityEvent.objects.filter(space=genai_on, event_name="UpdateGenerativeAISetting")
    assert [e.description for e in events] == [
        "Turned off generative AI features for all projects; stopped 3 requests in progress"
    ]


def test_a_start_racing_a_stop_is_either_refused_or_stopped(genai_on, project, contributor, admin):
    outcomes = at_once(
        lambda: services.genai_setting_change(space=genai_on, enabled=False, by=admin),
        lambda: services.amazon_q_request_start(
            project=project, feature="assign_issues", subject="Racing", by=contributor
        ),
    )
    assert outcomes[0] == "done", outcomes
    assert outcomes[1] in ("done", services.selectors.why_off(genai_on)), outcomes
    # Whichever came first, no request is left in progress in a space whose setting is off.
    assert not AmazonQRequest.objects.filter(space=genai_on, status="in_progress").exists()


def test_two_starts_for_a_persons_last_units_at_once_use_them_once(genai_on, project, contributor):
    for _ in range(4):
        services.amazon_q_request_start(project=project, feature="assign_issues", subject="Work", by=contributor)

    outcomes = at_once(
        *[
            lambda: services.amazon_q_request_start(
                project=project, feature="assign_issues", subject="Last", by=contributor
            )
        ]
        * 2
    )

    assert outcomes.count("done") == 1, outcomes
    assert any("has used 50 of 50 units" in outcome for outcome in outcomes), outcomes
    assert AmazonQRequest.objects.filter(space=genai_on, requested_by=contributor).count() == 5
    assert UsageRecord.objects.filter(space=genai_on, user=contributor).count() == 5
