"""Generative AI through the API (genai/api): the space's setting with its Region rule and what
turning it off does, the usage this billing period, a project's Amazon Q features, requests, one
request, a start with its role, tier and quota rules, and Run again; each with the same answers,
refusals and activity entries as the pages (tests/genai for the pages and services)."""

import pytest
from django.test import Client
from django.urls import reverse

from billing.models import UsageRecord
from genai import services
from genai.models import AmazonQRequest, GenaiSetting
from spaces.models import ActivityEvent
from tests.url_roles import database_state

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "field"}


def _requests_url(space, project):
    return reverse("api:amazon-q-requests", args=[space.name, project.name])


def _start(client, space, project, feature="assign_issues", subject="Checkout fails"):
    return client.post(_requests_url(space, project), {"feature": feature, "subject": subject}, format="json")


# The space's setting -------------------------------------------------------------------------------------


def test_a_space_administrator_turns_it_on_and_reads_it_back(bearer, admin, space):
    client = bearer(admin)
    url = reverse("api:genai", args=[space.name])
    before = client.get(url).json()
    assert before["enabled"] is False and before["region_allows"] is True
    assert "A Space administrator can turn them on" in before["why_off"]
    changed = client.put(url, {"enabled": True}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json() | {"changed_at": None} == {
        "enabled": True,
        "region_allows": True,
        "why_off": "",
        "changed_at": None,
        "changed_by": admin.display_name,
        "in_progress": 0,
        "stopped": 0,
    }
    assert GenaiSetting.objects.get(space=space).enabled
    again = client.put(url, {"enabled": True}, format="json")
    assert again.status_code == 400 and again.json() == {
        "code": "validation_error",
        "message": "Generative AI features are already on for acme.",
        "field": "enabled",
    }


def test_turning_it_off_stops_the_requests_in_progress_and_says_how_many(bearer, admin, space, amazon_q_started):
    changed = bearer(admin).put(reverse("api:genai", args=[space.name]), {"enabled": False}, format="json")
    assert changed.status_code == 200
    assert changed.json()["stopped"] == 1 and changed.json()["in_progress"] == 0
    amazon_q_started.refresh_from_db()
    assert amazon_q_started.status == AmazonQRequest.Status.STOPPED


def test_outside_us_west_2_it_cannot_be_turned_on(bearer, admin, ireland):
    client = bearer(admin)
    url = reverse("api:genai", args=[ireland.name])
    assert client.get(url).json()["region_allows"] is False
    refused = client.put(url, {"enabled": True}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "enabled"
    assert "only available in the US West (Oregon) Region" in refused.json()["message"]
    assert not GenaiSetting.objects.filter(space=ireland, enabled=True).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "enabled"), ({"enabled": "perhaps"}, "enabled"), ({"enabled": True, "confirm": "disable"}, "confirm")],
)
def test_bad_setting_input_is_a_400_naming_the_field(bearer, admin, space, body, field):
    client = bearer(admin)
    before = database_state()
    refused = client.put(reverse("api:genai", args=[space.name]), body, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == field
    assert database_state() == before


def test_the_power_user_is_refused_the_setting_naming_the_role(bearer, power, space):
    refused = bearer(power).put(reverse("api:genai", args=[space.name]), {"enabled": True}, format="json")
    assert refused.status_code == 403 and set(refused.json()) == ERROR_KEYS
    assert "Space administrator" in refused.json()["message"]


# Usage ------------------------------------------------------------------------------------------------------


def test_the_space_usage_counts_each_feature_and_person(bearer, genai_on, project, contributor, admin):
    services.amazon_q_request_start(project=project, feature="assign_issues", subject="Work", by=contributor)
    services.amazon_q_request_start(project=project, feature="comment_summary", subject="Work", by=admin)
    usage = bearer(admin).get(reverse("api:genai-usage", args=[genai_on.name])).json()
    assert usage["total"] == 12 and usage["quota"] == 50
    assert [(p["name"], p["used"], p["percent"], p["requests"]) for p in usage["people"]] == [
        ("Charlie Contributor", 10, 20, 1),
        (admin.name, 2, 4, 1),
    ]
    assert {f["label"]: f["used"] for f in usage["features"]}["Assign issues to Amazon Q"] == 10
    assert usage["resets_on"] > usage["period"]


def test_my_usage_is_per_space_i_belong_to(bearer, genai_on, project, contributor, other_request):
    for feature in ("assign_issues", "assign_issues", "recommend_tasks"):
        services.amazon_q_request_start(project=project, feature=feature, subject="Work", by=contributor)
    spaces = bearer(contributor).get(reverse("api:my-genai-usage")).json()["spaces"]
    assert [s["space"] for s in spaces] == ["acme"]  # globex is not charlie's
    (acme,) = spaces
    assert acme["enabled"] is True
    assert (acme["total"]["used"], acme["total"]["quota"], acme["total"]["percent"], acme["total"]["remaining"]) == (
        23,
        50,
        46,
        27,
    )
    assert {line["label"]: line["requests"] for line in acme["features"]}["Assign issues to Amazon Q"] == 2


# A project's Amazon Q ---------------------------------------------------------------------------------------


def test_a_reviewer_may_start_only_a_comment_summary_and_is_told_why_not_the_others(
    bearer, genai_on, project, reviewer
):
    client = bearer(reviewer)
    features = client.get(reverse("api:amazon-q", args=[genai_on.name, project.name])).json()
    allowed = {f["key"]: f["allowed"] for f in features["features"]}
    assert allowed == {
        "assign_issues": False,
        "recommend_tasks": False,
        "write_description": False,
        "comment_summary": True,
        "create_features": False,
    }
    assert all("role" in f["reason"] for f in features["features"] if not f["allowed"])
    assert features["enabled"] is True and features["usage"]["total"]["used"] == 0
    refused = _start(client, genai_on, project, "assign_issues")
    assert refused.status_code == 403 and "Project administrator" in refused.json()["message"]
    assert _start(client, genai_on, project, "comment_summary").status_code == 201


def test_a_start_writes_the_request_its_units_and_its_activity_entry(bearer, genai_on, project, contributor):
    started = _start(bearer(contributor), genai_on, project, subject="  Checkout   fails ")
    assert started.status_code == 201, started.content
    body = started.json()
    assert (body["feature"], body["label"], body["subject"], body["status"], body["units"]) == (
        "assign_issues",
        "Assign issues to Amazon Q",
        "Checkout fails",
        "in_progress",
        10,
    )
    assert body["requested_by"]["username"] == contributor.username and body["finished_at"] is None
    request = AmazonQRequest.objects.get(pk=body["id"])
    assert request.usage.quantity == 10 and request.usage.user == contributor
    event = ActivityEvent.objects.get(space=genai_on, event_name="StartAmazonQRequest")
    assert event.description == "Assign issues to Amazon Q: Checkout fails" and event.project_name == project.name


def test_nothing_starts_while_it_is_off(bearer, space, project, contributor):
    client = bearer(contributor)
    before = database_state()
    refused = _start(client, space, project)
    assert refused.status_code == 400
    assert refused.json()["message"].startswith("Generative AI features are turned off for acme.")
    assert database_state() == before


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"feature": "write_poems", "subject": "x"}, "feature", "Choose one of the generative AI features"),
        ({"feature": "assign_issues", "subject": "   "}, "subject", "Enter the issue title"),
        ({"feature": "assign_issues", "subject": "x" * 201}, "subject", "at most 200 characters; this one has 201"),
        ({"feature": "assign_issues"}, "subject", "required"),
        ({"feature": "assign_issues", "subject": "x", "priority": 1}, "priority", "Unknown field"),
        ({"feature": ["assign_issues"], "subject": "x"}, "feature", ""),
    ],
)
def test_bad_request_input_is_a_400_naming_the_field_and_writes_nothing(
    bearer, genai_on, project, contributor, body, field, message
):
    client = bearer(contributor)
    before = database_state()
    refused = client.post(_requests_url(genai_on, project), body, format="json")
    assert refused.status_code == 400, refused.content
    assert refused.json()["field"] == field and message in refused.json()["message"]
    assert database_state() == before


def test_past_the_quota_a_start_is_a_402_and_writes_nothing(bearer, genai_on, project, contributor):
    client = bearer(contributor)
    for _ in range(5):
        assert _start(client, genai_on, project).status_code == 201  # 50 units
    before = database_state()
    refused = _start(client, genai_on, project, "comment_summary")
    assert refused.status_code == 402 and refused.json()["code"] == "quota_exceeded"
    assert "has used 50 of 50 units of the Generative AI quota in acme" in refused.json()["message"]
    assert database_state() == before
    assert UsageRecord.objects.filter(space=genai_on, user=contributor).count() == 5


def test_the_requests_are_listed_newest_first_by_cursor(bearer, genai_on, project, contributor, admin):
    for subject in ("First", "Second", "Third"):
        services.amazon_q_request_start(project=project, feature="write_description", subject=subject, by=contributor)
    client = bearer(admin)
    first = client.get(_requests_url(genai_on, project) + "?page_size=2").json()
    assert [r["subject"] for r in first["results"]] == ["Third", "Second"]
    second = client.get(first["next"]).json()
    assert [r["subject"] for r in second["results"]] == ["First"] and second["next"] is None
    one = client.get(reverse("api:amazon-q-request", args=[genai_on.name, project.name, first["results"][0]["id"]]))
    assert one.status_code == 200 and one.json()["subject"] == "Third"


def test_another_spaces_request_is_a_404(bearer, amazon_q_started, other_request, admin, project, outsider):
    client = bearer(admin)
    url = reverse("api:amazon-q-request", args=[project.space.name, project.name, other_request.pk])
    assert client.get(url).status_code == 404
    again = reverse("api:amazon-q-run-again", args=[project.space.name, project.name, other_request.pk])
    before = database_state()
    assert client.post(again).status_code == 404
    assert database_state() == before
    mine = reverse("api:amazon-q-request", args=[project.space.name, project.name, amazon_q_started.pk])
    assert bearer(outsider).get(mine).status_code == 404


def test_run_again_starts_a_new_request_for_a_completed_one(bearer, amazon_q_started, project, contributor):
    client = bearer(contributor)
    url = reverse("api:amazon-q-run-again", args=[project.space.name, project.name, amazon_q_started.pk])
    in_progress = client.post(url)
    assert in_progress.status_code == 400 and "still in progress" in in_progress.json()["message"]
    services.amazon_q_request_complete(request_id=amazon_q_started.pk)
    done = client.get(reverse("api:amazon-q-request", args=[project.space.name, project.name, amazon_q_started.pk]))
    assert done.json()["status"] == "completed" and "This emulator does not run Amazon Q" in done.json()["result"]
    again = client.post(url)
    assert again.status_code == 201
    assert (again.json()["subject"], again.json()["status"]) == (amazon_q_started.subject, "in_progress")
    assert again.json()["id"] != amazon_q_started.pk


def test_a_stopped_request_cannot_be_run_again(bearer, amazon_q_started, project, admin, contributor):
    services.genai_setting_change(space=project.space, enabled=False, by=admin)
    services.genai_setting_change(space=project.space, enabled=True, by=admin)
    url = reverse("api:amazon-q-run-again", args=[project.space.name, project.name, amazon_q_started.pk])
    refused = bearer(contributor).post(url)
    assert refused.status_code == 400 and "Stopped work cannot be restarted" in refused.json()["message"]


# The same activity as the pages -------------------------------------------------------------------------------


def _entries(space):
    return [
        (e.event_name, e.description, e.actor_name, e.project_name)
        for e in ActivityEvent.objects.filter(space=space).order_by("created_at", "id")
    ]


def _forget_genai(space):
    ActivityEvent.objects.filter(space=space).delete()
    AmazonQRequest.objects.filter(space=space).delete()
    UsageRecord.objects.filter(space=space).delete()
    GenaiSetting.objects.filter(space=space).delete()


def test_the_api_logs_what_the_pages_log(bearer, space, project, admin, contributor):
    def completed_last():
        services.amazon_q_request_complete(request_id=AmazonQRequest.objects.filter(space=space).first().pk)
        return AmazonQRequest.objects.filter(space=space).first().pk

    as_admin, as_contributor = Client(), Client()
    as_admin.force_login(admin)
    as_contributor.force_login(contributor)
    as_admin.post(reverse("spaces:genai", args=[space.name]), {"enabled": "on"})
    as_contributor.post(
        reverse("spaces:amazon_q", args=[space.name, project.name]), {"feature": "recommend_tasks", "subject": "Cart"}
    )
    done = completed_last()
    as_contributor.post(reverse("spaces:amazon_q_run_again", args=[space.name, project.name, done]))
    as_admin.post(reverse("spaces:genai", args=[space.name]), {"confirm": "disable"})
    by_page = _entries(space)
    assert [e[0] for e in by_page] == [
        "UpdateGenerativeAISetting",
        "StartAmazonQRequest",
        "CompleteAmazonQRequest",
        "StartAmazonQRequest",
        "UpdateGenerativeAISetting",
    ]
    _forget_genai(space)

    admin_api, contributor_api = bearer(admin), bearer(contributor)
    setting = reverse("api:genai", args=[space.name])
    assert admin_api.put(setting, {"enabled": True}, format="json").status_code == 200
    assert _start(contributor_api, space, project, "recommend_tasks", "Cart").status_code == 201
    done = completed_last()
    assert (
        contributor_api.post(reverse("api:amazon-q-run-again", args=[space.name, project.name, done])).status_code
        == 201
    )
    assert admin_api.put(setting, {"enabled": False}, format="json").json()["stopped"] == 1
    assert _entries(space) == by_page


def test_a_feature_the_tier_does_not_offer_is_refused_and_shown_so(
    bearer, genai_on, project, contributor, free_without_assign_issues
):
    client = bearer(contributor)
    features = client.get(reverse("api:amazon-q", args=[genai_on.name, project.name])).json()["features"]
    assign = next(f for f in features if f["key"] == "assign_issues")
    assert (assign["allowed"], assign["reason"]) == (False, "not offered on the Free tier")
    before = database_state()
    refused = _start(client, genai_on, project)
    assert refused.status_code == 400 and refused.json()["field"] == "feature"
    assert "Assign issues to Amazon Q is not offered on the Free tier" in refused.json()["message"]
    assert database_state() == before
