"""The pages: Settings → Generative AI with its warning before disabling, a project's Amazon Q page
and a request's page, and My settings → Generative AI feature usage."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from billing import selectors as billing_selectors
from billing.models import SpaceBilling, Tier, UsageRecord
from genai import selectors, services
from genai.models import AmazonQRequest, GenaiSetting
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import ProjectMembershipFactory, SpaceFactory, SpaceMembershipFactory, UserFactory
from tests.genai.conftest import turn_on

pytestmark = pytest.mark.django_db

WARNING = (
    "Disabling the generative AI features will stop work on all issues and summaries in all projects. The work "
    "cannot be restarted even if you immediately re-enable the generative AI features."
)


def _banners(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_settings_page_has_the_toggle_the_region_rule_and_the_considerations(client, space, admin):
    client.force_login(admin)
    page = client.get(reverse("spaces:genai", args=[space.name])).content.decode()
    assert "Projects in this space can access generative AI features" in page
    assert "Generative AI features are only available in the US West (Oregon) Region." in page
    assert "Before you begin" in page
    assert "Generative AI features cannot make arbitrary changes to your project." in page
    billing = client.get(reverse("spaces:billing", args=[space.name])).content.decode()
    assert reverse("spaces:genai", args=[space.name]) in billing  # in the Settings navigation


def test_the_settings_navigation_offers_generative_ai_to_space_administrators_only(client, space, admin, power):
    url = reverse("spaces:genai", args=[space.name])
    client.force_login(power)
    assert url not in client.get(reverse("spaces:overview", args=[space.name])).content.decode()
    client.force_login(admin)
    assert f'href="{url}"' in client.get(reverse("spaces:overview", args=[space.name])).content.decode()


def test_turning_it_off_first_shows_the_warning_and_changes_nothing_then_stops_on_confirm(
    client, amazon_q_started, admin
):
    space = amazon_q_started.space
    url = reverse("spaces:genai", args=[space.name])
    client.force_login(admin)

    warned = client.post(url, {})  # the toggle unchecked
    assert warned.status_code == 200
    assert escape(WARNING) in warned.content.decode()
    assert "1 request in progress will be stopped." in warned.content.decode()
    assert GenaiSetting.objects.get(space=space).enabled
    amazon_q_started.refresh_from_db()
    assert amazon_q_started.status == AmazonQRequest.Status.IN_PROGRESS

    done = client.post(url, {"confirm": "disable"})
    assert done.status_code == 302
    assert _banners(done) == [
        "Generative AI features are off for all projects in acme. 1 request in progress was stopped."
    ]
    amazon_q_started.refresh_from_db()
    assert amazon_q_started.status == AmazonQRequest.Status.STOPPED
    request_page = client.get(
        reverse("spaces:amazon_q_request", args=[space.name, amazon_q_started.project.name, amazon_q_started.pk])
    ).content.decode()
    assert "Stopped" in request_page and "Run again" not in request_page


def test_a_space_outside_us_west_2_sees_why_and_turning_it_on_is_refused(client, ireland, admin):
    url = reverse("spaces:genai", args=[ireland.name])
    client.force_login(admin)
    assert "generative AI features cannot be turned on for it" in client.get(url).content.decode()
    refused = client.post(url, {"enabled": "on"})
    assert any("only available in the US West (Oregon) Region" in b for b in _banners(refused))
    assert not GenaiSetting.objects.filter(space=ireland, enabled=True).exists()


def test_the_amazon_q_page_says_why_nothing_can_be_started_while_it_is_off(client, space, project, contributor):
    client.force_login(contributor)
    page = client.get(reverse("spaces:amazon_q", args=[space.name, project.name])).content.decode()
    assert "Generative AI features are turned off for acme. A Space administrator can turn them on" in page
    assert "Start request" not in page
    refused = client.post(
        reverse("spaces:amazon_q", args=[space.name, project.name]), {"feature": "assign_issues", "subject": "x"}
    )
    assert refused.status_code == 200
    assert "turned off for acme" in refused.content.decode()
    assert not AmazonQRequest.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"feature": "assign_issues", "subject": ""}, "Enter the issue title or pull request name"),
        ({"feature": "assign_issues", "subject": "x" * 10_000}, "at most 200 characters; this one has 10,000."),
        ({"feature": "nope", "subject": "Work"}, "Choose one of the generative AI features"),
    ],
)
def test_bad_input_on_the_amazon_q_page_is_a_form_error(client, genai_on, project, contributor, data, message):
    client.force_login(contributor)
    answer = client.post(reverse("spaces:amazon_q", args=[genai_on.name, project.name]), data)
    assert answer.status_code == 200
    assert escape(message) in answer.content.decode()
    assert not AmazonQRequest.objects.exists()


def test_past_the_quota_the_page_says_so(client, genai_on, project, contributor):
    for _ in range(5):
        services.amazon_q_request_start(project=project, feature="assign_issues", subject="Work", by=contributor)
    client.force_login(contributor)
    answer = client.post(
        reverse("spaces:amazon_q", args=[genai_on.name, project.name]), {"feature": "assign_issues", "subject": "More"}
    )
    assert answer.status_code == 200
    assert "Charlie Contributor has used 50 of 50 units of the Generative AI quota in acme" in answer.content.decode()
    assert AmazonQRequest.objects.count() == 5


def test_the_requests_list_shows_who_what_status_and_times(client, amazon_q_started, admin):
    client.force_login(admin)
    page = client.get(
        reverse("spaces:amazon_q", args=[amazon_q_started.space.name, amazon_q_started.project.name])
    ).content.decode()
    for text in ("Assign issues to Amazon Q", "Checkout fails for big carts", "Charlie Contributor", "In progress"):
        assert text in page


def test_another_spaces_request_id_is_a_404(client, amazon_q_started, other_request, admin, outsider):
    client.force_login(admin)
    url = reverse("spaces:amazon_q_request", args=["acme", "web-app", other_request.pk])
    assert client.get(url).status_code == 404
    run_again = reverse("spaces:amazon_q_run_again", args=["acme", "web-app", other_request.pk])
    assert client.post(run_again).status_code == 404
    assert AmazonQRequest.objects.count() == 2


def test_my_settings_shows_each_features_usage_against_the_quota_per_space(
    client, genai_on, project, contributor, other_space
):
    for feature in ("assign_issues", "assign_issues", "recommend_tasks"):
        services.amazon_q_request_start(project=project, feature=feature, subject="Work", by=contributor)
    client.force_login(contributor)
    page = client.get(reverse("identity:settings")).content.decode()
    assert "Generative AI feature usage" in page
    assert "Your quota in acme is 50 units this billing period; it resets on" in page
    assert "23 of 50 units · 46 %" in page  # all features
    assert "20 of 50 units · 2 requests" in page  # Assign issues to Amazon Q
    assert "3 of 50 units · 1 request" in page  # Recommend tasks
    assert "globex" not in page  # not a space of charlie's


def test_my_settings_warns_close_to_the_quota(client, genai_on, project, contributor):
    for _ in range(4):
        services.amazon_q_request_start(project=project, feature="assign_issues", subject="Work", by=contributor)
    client.force_login(contributor)
    page = client.get(reverse("identity:settings")).content.decode()
    assert "40 of 50 units · 80 %" in page
    assert "Close to your quota: over 80 % used." in page


def test_the_space_summary_counts_each_feature_and_person(client, genai_on, project, contributor, admin):
    services.amazon_q_request_start(project=project, feature="assign_issues", subject="Work", by=contributor)
    services.amazon_q_request_start(project=project, feature="comment_summary", subject="Work", by=admin)
    turn_on(genai_on)
    client.force_login(admin)
    page = client.get(reverse("spaces:genai", args=[genai_on.name])).content.decode()
    assert "12 units" in page
    assert "10 of 50 units · 20 % · 1 request" in page
    assert "2 of 50 units · 4 % · 1 request" in page


def test_a_reviewer_may_start_only_a_comment_summary_and_sees_why_not_the_others(client, genai_on, project, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("spaces:amazon_q", args=[genai_on.name, project.name])).content.decode()
    assert '<option value="comment_summary" selected>Create comment summary</option>' in page
    assert (
        '<option value="assign_issues" disabled>Assign issues to Amazon Q (needs the Space administrator, '
        "Project administrator or Contributor role)</option>"
    ) in page
    refused = client.post(
        reverse("spaces:amazon_q", args=[genai_on.name, project.name]), {"feature": "assign_issues", "subject": "x"}
    )
    assert refused.status_code == 403
    assert "Project administrator or Contributor role to assign issues to Amazon Q" in refused.content.decode()
    assert not AmazonQRequest.objects.exists()


def test_my_usage_is_each_spaces_person_usage_in_the_same_queries_for_any_number_of_spaces(
    genai_on, project, admin, ireland
):
    for feature in ("assign_issues", "recommend_tasks"):
        services.amazon_q_request_start(project=project, feature=feature, subject="Work", by=admin)
    unbilled = SpaceFactory(name="zeta", created_by=admin)  # no billing record: the Free tier's quota
    SpaceMembershipFactory(space=unbilled, user=admin, role=SpaceRole.SPACE_ADMINISTRATOR)
    spaces = [genai_on, ireland, unbilled]

    with CaptureQueriesContext(connection) as three:
        usage = selectors.my_usage(admin)
    assert usage == [selectors.person_usage(space, admin) for space in sorted(spaces, key=lambda s: s.name)]
    assert [block.enabled for block in usage] == [True, False, False]  # acme, dublin, zeta
    assert usage[0].total.used > 0 and usage[0].total.requests == 2

    unbilled.memberships.all().delete()
    ireland.memberships.all().delete()
    with CaptureQueriesContext(connection) as one:
        assert len(selectors.my_usage(admin)) == 1
    assert len(three) == len(one)


def _as_text(usage):
    # Decimal("2.5") == Decimal("2.500"), a space equals its key: compare what a page would print.
    return [
        (
            b.space.pk,
            b.enabled,
            b.resets_on,
            *[(line.label, str(line.used), line.quota, line.requests) for line in (b.total, *b.features)],
        )
        for b in usage
    ]


def test_my_usage_read_in_plain_sql_is_what_the_querysets_give(genai_on, project, admin, contributor, ireland):
    for feature in ("assign_issues", "assign_issues", "recommend_tasks", "comment_summary"):
        services.amazon_q_request_start(project=project, feature=feature, subject="Work", by=admin)
    requests = list(AmazonQRequest.objects.filter(requested_by=admin).order_by("id"))
    UsageRecord.objects.filter(pk=requests[0].usage_id).update(quantity=Decimal("2.125"))  # a fraction
    last_month = (timezone.now().date().replace(day=1) - timedelta(days=1)).replace(day=1)
    UsageRecord.objects.filter(pk=requests[2].usage_id).update(period=last_month)  # not this period's
    services.amazon_q_request_start(project=project, feature="assign_issues", subject="Theirs", by=contributor)
    SpaceBilling.objects.filter(space=ireland).update(tier=Tier.STANDARD)  # another quota
    gone = SpaceFactory(name="aaa-deleted", created_by=admin, deleted_at=timezone.now())
    SpaceMembershipFactory(space=gone, user=admin, role=SpaceRole.SPACE_ADMINISTRATOR)
    outsider = UserFactory(name="Olga Outsider")
    SpaceFactory(name="not-mine", created_by=outsider)

    with CaptureQueriesContext(connection) as queries:
        usage = selectors.my_usage(admin)
    assert len(queries) == 2
    expected = [selectors.person_usage(space, admin) for space in (genai_on, ireland)]  # acme, dublin
    assert usage == expected
    assert _as_text(usage) == _as_text(expected)
    assert usage[0].total.used % 1 == Decimal("0.125") and usage[0].total.requests == 3
    assert usage[1].total.quota != usage[0].total.quota
    assert [b.total.requests for b in selectors.my_usage(contributor)] == [1]
    assert selectors.my_usage(outsider) == []


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _assert_settings_page_as_the_querysets_read(space):
    with CaptureQueriesContext(connection) as queries:
        page = selectors.settings_page_of(space)
        changed_by = page.setting.changed_by if page.setting else None  # read with it
    assert len(queries) == 1
    expected = selectors.setting_of(space)
    assert _fields(page.setting) == _fields(expected)
    assert _fields(changed_by) == _fields(expected.changed_by if expected else None)
    assert page.in_progress == space.amazon_q_requests.filter(status="in_progress").count()
    assert page.quota == (billing_selectors.person_quota(space, selectors.RESOURCE) or 0)
    return page


def test_the_settings_page_read_in_plain_sql_is_what_the_querysets_give(space, genai_on, project, admin, ireland):
    bare = SpaceFactory(name="bare")  # no setting, no billing record
    page = _assert_settings_page_as_the_querysets_read(bare)
    assert (page.setting, page.in_progress, page.quota) == (None, 0, 50)

    for feature in ("assign_issues", "recommend_tasks"):
        services.amazon_q_request_start(project=project, feature=feature, subject="Work", by=admin)
    AmazonQRequest.objects.filter(feature="recommend_tasks").update(
        status=AmazonQRequest.Status.COMPLETED, finished_at=timezone.now()
    )
    SpaceBilling.objects.filter(space=space).update(tier=Tier.ENTERPRISE)
    page = _assert_settings_page_as_the_querysets_read(space)
    assert page.in_progress == 1 and page.setting.enabled and page.quota != 50

    services.genai_setting_change(space=space, enabled=False, by=admin)
    page = _assert_settings_page_as_the_querysets_read(space)
    assert page.setting.changed_by == admin and page.setting.changed_at is not None and page.in_progress == 0
    _assert_settings_page_as_the_querysets_read(ireland)


def _space_usage_by_querysets(space, period, quota):
    from django.db.models import Count, Sum

    requests = AmazonQRequest.objects.filter(space=space, usage__period=period)
    people = (
        requests.values("requested_by", "requested_by__name", "requested_by__username")
        .annotate(units=Sum("usage__quantity"), count=Count("id"))
        .order_by("-units", "requested_by__name")
    )
    features = {
        row["feature"]: row
        for row in requests.values("feature").annotate(units=Sum("usage__quantity"), count=Count("id"))
    }
    return (
        [
            (
                row["requested_by__name"] or row["requested_by__username"] or "A former member",
                str(row["units"]),
                row["count"],
            )
            for row in people
        ],
        {key: (str(row["units"]), row["count"]) for key, row in features.items()},
    )


def test_the_space_usage_read_in_plain_sql_is_what_the_querysets_give(
    genai_on, project, admin, contributor, other_request
):
    for by, feature in ((admin, "assign_issues"), (contributor, "recommend_tasks"), (contributor, "comment_summary")):
        services.amazon_q_request_start(project=project, feature=feature, subject="Work", by=by)
    leaver = UserFactory(name="")
    SpaceMembershipFactory(space=genai_on, user=leaver, role=SpaceRole.LIMITED_ACCESS)
    ProjectMembershipFactory(project=project, user=leaver, role=ProjectRole.CONTRIBUTOR)
    services.amazon_q_request_start(project=project, feature="write_description", subject="Work", by=leaver)
    first = AmazonQRequest.objects.filter(space=genai_on).order_by("id").first()
    UsageRecord.objects.filter(pk=first.usage_id).update(quantity=Decimal("9.875"))
    AmazonQRequest.objects.filter(requested_by=leaver).update(requested_by=None)  # a former member
    last_month = (timezone.now().date().replace(day=1) - timedelta(days=1)).replace(day=1)
    services.amazon_q_request_start(project=project, feature="assign_issues", subject="Old", by=admin)
    old = AmazonQRequest.objects.filter(subject="Old").get()
    UsageRecord.objects.filter(pk=old.usage_id).update(period=last_month)

    with CaptureQueriesContext(connection) as queries:
        usage = selectors.space_usage(admin, genai_on, quota=50)
    assert len(queries) == 2
    people, features = _space_usage_by_querysets(genai_on, selectors.period_start(), 50)
    assert [(line.name, str(line.used), line.requests) for line in usage["people"]] == people
    assert {"A former member", "Alice Admin"} <= {line.name for line in usage["people"]}
    labels = {f.label: f.key for f in selectors.features()}
    assert {
        labels[line["label"]]: (str(line["used"]), line["requests"]) for line in usage["features"] if line["requests"]
    } == features
    assert usage["total"] == sum(Decimal(units) for units, _ in features.values())
    assert selectors.space_usage(admin, genai_on) == usage  # the quota read here is the page's
