"""An Amazon Q request's life, through the real Celery task (eager, as the suite runs tasks): it
completes after the emulated duration unless the space's setting was turned off first."""

from datetime import UTC, datetime

import pytest
from celery import signals

from genai import services
from genai.models import AmazonQRequest
from spaces.models import ActivityEvent

pytestmark = pytest.mark.django_db


def test_the_worker_completes_a_request_and_says_no_model_ran(
    genai_on, project, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = services.amazon_q_request_start(
            project=project, feature="recommend_tasks", subject="Add gift cards", by=contributor
        )
    started.refresh_from_db()
    assert started.status == AmazonQRequest.Status.COMPLETED
    assert started.finished_at is not None
    assert started.result.startswith(
        "Completed. This emulator does not run Amazon Q: Recommend tasks on “Add gift cards”"
    )
    assert ActivityEvent.objects.filter(space=genai_on, event_name="CompleteAmazonQRequest").count() == 1


def test_disabling_before_the_task_runs_leaves_the_request_stopped(
    genai_on, project, contributor, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        started = services.amazon_q_request_start(
            project=project, feature="assign_issues", subject="Wish list", by=contributor
        )
    assert len(queued) == 1
    services.genai_setting_change(space=genai_on, enabled=False, by=admin)

    queued[0]()  # the task, due now, runs for real

    started.refresh_from_db()
    assert started.status == AmazonQRequest.Status.STOPPED
    assert "Stopped: generative AI features were turned off" in started.result
    assert not ActivityEvent.objects.filter(space=genai_on, event_name="CompleteAmazonQRequest").exists()


def test_the_task_is_queued_once_committed_with_the_emulated_duration(
    genai_on, project, contributor, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the task stays queued: no worker in this test
    settings.CELERY_BROKER_URL = "memory://"
    settings.GENAI_REQUEST_SECONDS = 90
    published = []

    def record(sender=None, headers=None, body=None, **kwargs):
        published.append((sender, headers.get("eta"), body[1]))

    signals.before_task_publish.connect(record, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            started = services.amazon_q_request_start(
                project=project, feature="assign_issues", subject="Later", by=contributor
            )
            assert published == []  # nothing before the commit
    finally:
        signals.before_task_publish.disconnect(record)
    [(task, eta, kwargs)] = published
    assert task == "genai.tasks.amazon_q_request_complete"
    assert kwargs == {"request_id": started.pk}
    waits = (datetime.fromisoformat(eta) - datetime.now(UTC)).total_seconds()
    assert 80 < waits <= 90
    started.refresh_from_db()
    assert started.status == AmazonQRequest.Status.IN_PROGRESS
