"""Closing billing periods and the AWS console's Billing dashboard, checked against a hand-computed
example. Only the spaces the signed-in account bills appear."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from billing import selectors, services
from billing.models import MonthlyStatement, SpaceBilling, UsageRecord
from catalyst_admin.actors import SYSTEM
from tests.factories import (
    AwsAccountFactory,
    ConsoleUserFactory,
    SpaceBillingFactory,
    SpaceFactory,
    SpaceMembershipFactory,
)
from tests.fixtures_aws import sign_in_session

pytestmark = pytest.mark.django_db


def test_closing_a_period_writes_its_statement_once_with_the_hand_computed_charges(space, admin, billing_connection):
    # Standard (emulator defaults): $4 per user; 40 Dev Environment hours per user at $0.20 beyond.
    services.billing_tier_change(space=space, tier="standard", by=admin)
    november = date(2026, 11, 1)
    space.__class__.all_objects.filter(pk=space.pk).update(created_at="2026-10-01T00:00:00Z")
    UsageRecord.objects.create(
        space=space,
        resource="dev_environment_hours",
        quantity=Decimal(130),
        period=november,
        recorded_at="2026-11-20T10:00:00Z",
    )
    assert services.billing_periods_close(today=date(2026, 12, 1)) == 1
    statement = MonthlyStatement.objects.get(space=space)
    # 3 billable users: 3 × $4 = $12.00; allowance 3 × 40 = 120 hours, 10 beyond × $0.20 = $2.00.
    assert (statement.period, statement.tier, statement.billable_users) == (november, "standard", 3)
    assert (statement.subscription, statement.usage, statement.total) == (
        Decimal("12.00"),
        Decimal("2.00"),
        Decimal("14.00"),
    )
    assert statement.aws_account_id == "111122223333"
    assert services.billing_periods_close(today=date(2026, 12, 15)) == 0


def test_the_daily_task_closes_the_month_before_it_applies_a_downgrade(space, admin, billing_connection):
    services.billing_tier_change(space=space, tier="enterprise", by=admin)
    services.billing_tier_change(space=space, tier="free", by=admin)
    space.__class__.all_objects.filter(pk=space.pk).update(created_at="2020-01-01T00:00:00Z")
    first = selectors.next_period_start()
    assert services.billing_day(today=first) == {"statements": 1, "tier_changes": 1}
    assert MonthlyStatement.objects.get(space=space).tier == "enterprise"  # the closed month kept its tier
    assert SpaceBilling.objects.get(space=space).tier == "free"


def test_the_dashboard_shows_only_the_accounts_spaces_with_month_to_date_and_history(
    client, space, admin, billing_connection
):
    management = AwsAccountFactory(account_id="111122223333", name="examplecorp-management")
    stranger = AwsAccountFactory(account_id="999900001111", name="globex")
    user = ConsoleUserFactory(user_name="mateo", accounts=[management, stranger])
    services.billing_tier_change(space=space, tier="enterprise", by=admin)  # 3 users × $20 = $60 this month
    previous = selectors.period_start(selectors.period_start() - timedelta(days=1))
    MonthlyStatement.objects.create(
        space=space,
        period=previous,
        aws_account_id="111122223333",
        tier="standard",
        billable_users=2,
        subscription=Decimal("8.00"),
        usage=Decimal("1.50"),
    )
    other = SpaceFactory(name="globex-space")
    SpaceBillingFactory(space=other, aws_account_id="999900001111", tier="enterprise")
    SpaceMembershipFactory(space=other, user=admin)

    html = sign_in_session(client, user, management).get(reverse("aws:billing_dashboard")).content.decode()
    assert "$60.00" in html and "acme" in html and "Month to date" in html
    assert "$9.50" in html  # last month's closed statement
    assert "globex-space" not in html

    csv = client.get(reverse("aws:billing_dashboard_csv")).content.decode().splitlines()
    assert csv[0].startswith("Billing period,Space,Tier")
    assert any(row.endswith(",acme,Enterprise,3,60.00,0.00,60.00,Month to date") for row in csv)
    assert any(",acme,Standard,2,8.00,1.50,9.50,Closed" in row for row in csv)
    assert not any("globex-space" in row for row in csv)

    other_html = sign_in_session(client, user, stranger).get(reverse("aws:billing_dashboard")).content.decode()
    assert "globex-space" in other_html and "acme" not in other_html


def test_the_charge_formula_counts_no_overage_on_free(space):
    services.usage_record(space=space, resource="build_minutes", quantity=2000, by=SYSTEM)
    line = selectors.charge_line_now(space)
    assert (line.subscription, line.usage) == (Decimal("0.00"), Decimal("0.00"))


def test_the_dashboards_month_to_date_lines_are_each_spaces_charges_in_the_same_queries_for_more_spaces(
    client, django_assert_num_queries
):
    account = AwsAccountFactory(account_id="111122223333", name="examplecorp-management")
    user = ConsoleUserFactory(user_name="mateo", accounts=[account])
    aws = sign_in_session(client, user, account)

    def add_space(number: int, tier: str, members: int, minutes: int):
        space = SpaceFactory(name=f"space-{number}")
        SpaceBillingFactory(space=space, aws_account_id=account.account_id, tier=tier)
        for _ in range(members):
            SpaceMembershipFactory(space=space)
        if minutes:
            services.usage_record(space=space, resource="build_minutes", quantity=minutes, by=SYSTEM)
        return space

    spaces = [add_space(1, "standard", 2, 9000), add_space(2, "free", 1, 2000)]
    aws.get(reverse("aws:billing_dashboard"))
    with django_assert_num_queries(4) as few:  # session, console session, statements, spaces with usage
        aws.get(reverse("aws:billing_dashboard"))
    spaces += [add_space(3, "enterprise", 3, 0), add_space(4, "standard", 1, 12000)]
    with django_assert_num_queries(len(few.captured_queries)):
        aws.get(reverse("aws:billing_dashboard"))
    this_month = selectors.account_charges(account.account_id)[0]
    expected = sorted((selectors.charge_line_now(s) for s in spaces), key=lambda line: line.space_name)
    assert this_month["lines"] == expected
    assert any(line.usage > 0 for line in this_month["lines"])  # overage on a paid tier
    assert [line.billable_users for line in this_month["lines"]] == [2, 1, 3, 1]


def test_the_dashboards_closed_lines_read_in_plain_sql_are_the_statements_querysets():
    account = "111122223333"
    this_month = selectors.period_start()
    periods = [this_month]
    for _ in range(7):
        periods.append(selectors.period_start(periods[-1] - timedelta(days=1)))
    gone = SpaceFactory(name="aaa-gone", deleted_at=timezone.now())  # its history still shows
    kept, other = SpaceFactory(name="kept"), SpaceFactory(name="other-account")
    for number, period in enumerate(periods[1:]):  # the last one is older than the dashboard's six
        for space, tier in ((gone, "standard"), (kept, "enterprise")):
            MonthlyStatement.objects.create(
                space=space,
                period=period,
                aws_account_id=account,
                tier=tier,
                billable_users=number + 1,
                subscription=Decimal("4.10") * (number + 1),
                usage=Decimal("0.35"),
            )
        MonthlyStatement.objects.create(
            space=other,
            period=period,
            aws_account_id="444455556666",
            tier="free",
            billable_users=1,
            subscription=Decimal(0),
            usage=Decimal(0),
        )
    months = selectors.account_charges(account)
    expected = {period: [] for period in periods[1:7]}
    for statement in MonthlyStatement.objects.filter(aws_account_id=account, period__in=periods[1:7]).select_related(
        "space"
    ):
        expected[statement.period].append(
            selectors.ChargeLine(
                statement.period,
                statement.space.name,
                statement.get_tier_display(),
                statement.billable_users,
                statement.subscription,
                statement.usage,
                closed=True,
            )
        )
    assert [month["period"] for month in months] == periods[:7]
    assert months[0]["lines"] == []
    for month in months[1:]:
        assert month["lines"] == sorted(expected[month["period"]], key=lambda line: line.space_name)
        assert [str(line.total) for line in month["lines"]] == [str(line.total) for line in expected[month["period"]]]
        assert [line.space_name for line in month["lines"]] == ["aaa-gone", "kept"]
    assert months[1]["lines"][0].tier == "Standard" and months[1]["total"] == Decimal("8.90")
