"""Starting Amazon Q requests: who may start which feature, the space's setting, the tier, the
person's quota per billing period (a frozen clock at a period change) and bad input."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine

from billing.catalogue import catalogue
from billing.models import SpaceBilling, Tier, UsageRecord
from billing.services import QuotaExceeded
from catalyst_admin.errors import DomainError, Forbidden
from genai import services
from genai.models import AmazonQRequest
from spaces.models import ActivityEvent

pytestmark = pytest.mark.django_db

FEATURES = ["assign_issues", "recommend_tasks", "write_description", "comment_summary", "create_features"]
# Who may start each feature (seed 000 for Assign issues; the rest as spaces/permissions.py judges).
ALLOWED = {
    "admin": set(FEATURES),  # Space administrator: every project action
    "project_admin": set(FEATURES),
    "contributor": set(FEATURES) - {"create_features"},
    "reviewer": {"comment_summary"},
    "read_only": set(),
    "power": set(),  # a Power user with no role in the project
}


def _nothing_written(space):
    return (
        not AmazonQRequest.objects.filter(space=space).exists()
        and not UsageRecord.objects.filter(space=space).exists()
        and not ActivityEvent.objects.filter(space=space, event_name="StartAmazonQRequest").exists()
    )


@pytest.fixture
def project_admin(project):
    from spaces.roles import ProjectRole
    from tests.genai.conftest import project_member

    return project_member(project, ProjectRole.PROJECT_ADMINISTRATOR, "Pat Projectadmin")


@pytest.mark.parametrize("who", list(ALLOWED))
@pytest.mark.parametrize("feature", FEATURES)
def test_each_feature_is_started_only_by_the_roles_the_matrix_names(request, genai_on, project, who, feature):
    person = request.getfixturevalue(who)
    if feature in ALLOWED[who]:
        started = services.amazon_q_request_start(project=project, feature=feature, subject="Some work", by=person)
        assert started.status == AmazonQRequest.Status.IN_PROGRESS
        assert started.requested_by == person
    else:
        with pytest.raises(Forbidden, match="You need the Space administrator(,| or) Project administrator"):
            services.amazon_q_request_start(project=project, feature=feature, subject="Some work", by=person)
        assert _nothing_written(genai_on)


def test_a_start_writes_the_request_its_units_to_the_ledger_and_an_activity_entry(genai_on, project, contributor):
    started = services.amazon_q_request_start(
        project=project, feature="assign_issues", subject="  Checkout   fails  ", by=contributor
    )
    assert started.subject == "Checkout fails"
    assert started.units == catalogue().genai_features["assign_issues"].units == 10
    usage = UsageRecord.objects.get(space=genai_on)
    assert (usage.resource, usage.quantity, usage.user, usage.project) == ("genai_units", 10, contributor, project)
    assert started.usage == usage
    event = ActivityEvent.objects.get(space=genai_on, event_name="StartAmazonQRequest")
    assert event.description == "Assign issues to Amazon Q: Checkout fails"
    assert event.project == project


def test_nobody_starts_a_request_while_the_setting_is_off(space, project, admin):
    with pytest.raises(DomainError, match="turned off for acme. A Space administrator can turn them on"):
        services.amazon_q_request_start(project=project, feature="assign_issues", subject="Work", by=admin)
    assert _nothing_written(space)


@pytest.mark.parametrize(
    ("feature", "subject", "message"),
    [
        ("write_code_for_me", "Work", "Choose one of the generative AI features: Assign issues to Amazon Q"),
        ("", "Work", "Choose one of the generative AI features"),
        ("assign_issues", "", "Enter the issue title for Amazon Q to work on."),
        ("assign_issues", "   \n ", "Enter the issue title for Amazon Q to work on."),
        ("assign_issues", "x" * 10_000, "can have at most 200 characters; this one has 10,000."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(
    genai_on, project, contributor, feature, subject, message
):
    with pytest.raises(DomainError, match=message) as refused:
        services.amazon_q_request_start(project=project, feature=feature, subject=subject, by=contributor)
    assert refused.value.field in ("feature", "subject")
    assert _nothing_written(genai_on)


def test_a_tier_that_does_not_offer_a_feature_refuses_it(genai_on, project, contributor, free_without_assign_issues):
    with pytest.raises(DomainError, match="Assign issues to Amazon Q is not offered on the Free tier"):
        services.amazon_q_request_start(project=project, feature="assign_issues", subject="Work", by=contributor)
    assert _nothing_written(genai_on)
    SpaceBilling.objects.filter(space=genai_on).update(tier=Tier.STANDARD)
    services.amazon_q_request_start(project=project, feature="assign_issues", subject="Work", by=contributor)


# Quotas -------------------------------------------------------------------------------------------
# acme is on the Free tier: 50 units per person each billing period (billing/tiers.json).


def _start(project, person, feature="assign_issues"):
    return services.amazon_q_request_start(project=project, feature=feature, subject="Work", by=person)


def test_the_quota_is_reached_exactly_and_the_next_start_is_refused_until_the_period_resets(
    genai_on, project, contributor, admin
):
    with time_machine.travel(datetime(2026, 12, 31, 23, 59, 0, tzinfo=UTC), tick=False):
        for _ in range(4):
            _start(project, contributor)  # 40 units
        _start(project, contributor, "write_description")
        _start(project, contributor, "write_description")
        _start(project, contributor, "write_description")
        _start(project, contributor, "write_description")  # 48 units
        with pytest.raises(QuotaExceeded) as refused:
            _start(project, contributor, "recommend_tasks")  # 3 more would be 51
        assert refused.value.code == "ServiceQuotaExceededException"
        assert refused.value.message == (
            "Charlie Contributor has used 48 of 50 units of the Generative AI quota in acme this billing period, "
            "and this needs 3 more. The quota resets on January 1, 2027."
        )
        _start(project, contributor, "comment_summary")  # exactly 50
        with pytest.raises(QuotaExceeded):
            _start(project, contributor, "comment_summary")
        assert AmazonQRequest.objects.filter(requested_by=contributor).count() == 9
        # The quota is each person's: the administrator still has all of theirs.
        _start(project, admin)
    with time_machine.travel(datetime(2027, 1, 1, 0, 0, 0, tzinfo=UTC), tick=False):
        started = _start(project, contributor)
        assert started.usage.period.isoformat() == "2027-01-01"


def test_the_quota_follows_the_tier(genai_on, project, contributor):
    SpaceBilling.objects.filter(space=genai_on).update(tier=Tier.STANDARD)  # 100 units per person
    for _ in range(10):
        _start(project, contributor)
    with pytest.raises(QuotaExceeded, match="has used 100 of 100 units"):
        _start(project, contributor, "comment_summary")
    assert UsageRecord.objects.filter(space=genai_on, user=contributor).count() == 10
    assert sum(r.quantity for r in UsageRecord.objects.filter(user=contributor)) == Decimal(100)


def test_run_again_starts_a_new_request_for_a_completed_one_and_refuses_one_in_progress(started, contributor):
    with pytest.raises(DomainError, match="still in progress"):
        services.amazon_q_request_run_again(request=started, by=contributor)
    services.amazon_q_request_complete(request_id=started.pk)
    started.refresh_from_db()
    again = services.amazon_q_request_run_again(request=started, by=contributor)
    assert (again.feature, again.subject, again.status) == ("assign_issues", started.subject, "in_progress")
    assert again.pk != started.pk


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["tiers"][0]["genai_features"].append("write_poems"), "offers unknown generative AI features"),
        (lambda d: d["genai_features"]["assign_issues"].update(units=0), "must cost at least one unit"),
    ],
)
def test_a_catalogue_with_bad_generative_ai_figures_is_refused(settings, change, message):
    from django.core.exceptions import ImproperlyConfigured

    from billing.catalogue import parse

    data = json.loads(open(settings.BILLING_TIERS_FILE).read())
    change(data)
    with pytest.raises(ImproperlyConfigured, match=message):
        parse(data)
