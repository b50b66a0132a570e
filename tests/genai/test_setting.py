"""Settings → Generative AI through its service: who may, the Region rule, and what disabling does
(seed 000, "Enabling or disabling generative AI features for a space")."""

import pytest

from catalyst_admin.errors import DomainError, Forbidden
from genai import services
from genai.models import AmazonQRequest, GenaiSetting
from spaces.models import ActivityEvent

pytestmark = pytest.mark.django_db


def test_a_space_administrator_turns_generative_ai_on_and_the_activity_log_says_so(space, admin):
    assert services.genai_setting_change(space=space, enabled=True, by=admin) == 0
    setting = GenaiSetting.objects.get(space=space)
    assert setting.enabled and setting.changed_by == admin
    event = ActivityEvent.objects.get(space=space, event_name="UpdateGenerativeAISetting")
    assert event.description == "Turned on generative AI features for all projects"
    assert event.actor_user == admin


@pytest.mark.parametrize("who", ["power", "contributor", "outsider"])
def test_nobody_but_a_space_administrator_may_toggle_it(request, space, who):
    with pytest.raises(Forbidden, match="You need the Space administrator role to manage generative AI features."):
        services.genai_setting_change(space=space, enabled=True, by=request.getfixturevalue(who))
    assert not GenaiSetting.objects.filter(space=space, enabled=True).exists()
    assert not ActivityEvent.objects.filter(space=space, event_name="UpdateGenerativeAISetting").exists()


def test_it_cannot_be_turned_on_outside_us_west_2(ireland, admin):
    with pytest.raises(DomainError, match="only available in the US West \\(Oregon\\) Region. dublin is in Europe"):
        services.genai_setting_change(space=ireland, enabled=True, by=admin)
    assert not GenaiSetting.objects.filter(space=ireland, enabled=True).exists()
    assert not ActivityEvent.objects.filter(space=ireland, event_name="UpdateGenerativeAISetting").exists()


def test_asking_for_the_state_it_already_has_changes_nothing(genai_on, admin):
    with pytest.raises(DomainError, match="already on for acme"):
        services.genai_setting_change(space=genai_on, enabled=True, by=admin)
    assert not ActivityEvent.objects.filter(space=genai_on, event_name="UpdateGenerativeAISetting").exists()


def test_disabling_stops_every_request_in_progress_of_the_space_and_no_other(
    started, project, contributor, admin, other_request
):
    done = services.amazon_q_request_start(project=project, feature="recommend_tasks", subject="Done", by=contributor)
    services.amazon_q_request_complete(request_id=done.pk)

    assert services.genai_setting_change(space=project.space, enabled=False, by=admin) == 1

    started.refresh_from_db()
    assert started.status == AmazonQRequest.Status.STOPPED
    assert started.finished_at is not None
    assert "Stopped: generative AI features were turned off for acme by Alice Admin" in started.result
    done.refresh_from_db()
    assert done.status == AmazonQRequest.Status.COMPLETED
    other_request.refresh_from_db()
    assert other_request.status == AmazonQRequest.Status.IN_PROGRESS
    event = ActivityEvent.objects.get(space=project.space, event_name="UpdateGenerativeAISetting")
    assert event.description == "Turned off generative AI features for all projects; stopped 1 request in progress"


def test_a_stopped_request_stays_stopped_when_it_is_turned_on_again_and_cannot_be_restarted(
    started, project, admin, contributor
):
    services.genai_setting_change(space=project.space, enabled=False, by=admin)
    services.genai_setting_change(space=project.space, enabled=True, by=admin)
    started.refresh_from_db()
    assert started.status == AmazonQRequest.Status.STOPPED

    with pytest.raises(DomainError, match="Stopped work cannot be restarted"):
        services.amazon_q_request_run_again(request=started, by=contributor)
    assert AmazonQRequest.objects.filter(space=project.space).count() == 1
    # The worker's task arriving late finds it stopped and leaves it so.
    assert services.amazon_q_request_complete(request_id=started.pk) is False
    started.refresh_from_db()
    assert started.status == AmazonQRequest.Status.STOPPED


def test_turning_it_off_a_second_time_stops_nothing_more(started, project, admin):
    services.genai_setting_change(space=project.space, enabled=False, by=admin)
    with pytest.raises(DomainError, match="already off"):
        services.genai_setting_change(space=project.space, enabled=False, by=admin)
    assert ActivityEvent.objects.filter(space=project.space, event_name="UpdateGenerativeAISetting").count() == 1


def test_deleting_the_space_removes_its_setting_and_requests(started, project, admin, other_request):
    from spaces import services as space_services

    space_services.space_delete(space=project.space, confirm_name="acme", by=admin)
    assert not GenaiSetting.objects.filter(space=project.space).exists()
    assert not AmazonQRequest.objects.filter(space=project.space).exists()
    assert AmazonQRequest.objects.filter(pk=other_request.pk).exists()
