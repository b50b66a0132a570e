"""The AWS console's Billing → "Billing dashboard" (seed 000, "Getting AWS billing information"): the
signed-in account's CodeCatalyst charges by month and by space, this month to date and the six
before it as a chart, and a CSV download of the lines. Only the spaces this account bills."""

import csv
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import render

from accounts.aws.console.views import console_login_required
from billing import selectors

CHART_HEIGHT = 160
CHART_BAR = 48
CHART_GAP = 24


def _chart(months: list[dict]) -> dict:
    """Bars for the months, oldest first, scaled to the largest total (drawn as SVG by the page)."""
    ordered = list(reversed(months))
    top = max((month["total"] for month in ordered), default=Decimal(0)) or Decimal(1)
    bars = []
    for index, month in enumerate(ordered):
        height = int(month["total"] / top * CHART_HEIGHT)
        bars.append(
            {
                "x": index * (CHART_BAR + CHART_GAP) + CHART_GAP,
                "y": CHART_HEIGHT - height + 10,
                "height": max(height, 1),
                "label": month["period"].strftime("%b %Y"),
                "total": month["total"],
                "current": index == len(ordered) - 1,
            }
        )
    return {
        "bars": bars,
        "width": len(ordered) * (CHART_BAR + CHART_GAP) + CHART_GAP,
        "height": CHART_HEIGHT + 50,
        "bar_width": CHART_BAR,
        "baseline": CHART_HEIGHT + 10,
    }


@console_login_required
def billing_dashboard(request):
    months = selectors.account_charges(request.aws_account.account_id)
    return render(
        request,
        "aws/billing/dashboard.html",
        {"nav": "billing", "months": months, "this_month": months[0], "chart": _chart(months)},
    )


@console_login_required
def billing_dashboard_csv(request):
    account_id = request.aws_account.account_id
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="codecatalyst-charges-{account_id}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "Billing period",
            "Space",
            "Tier",
            "Billable users",
            "Subscription (USD)",
            "Usage (USD)",
            "Total (USD)",
            "Status",
        ]
    )
    for month in selectors.account_charges(account_id):
        for line in month["lines"]:
            writer.writerow(
                [
                    f"{month['period']:%Y-%m}",
                    line.space_name,
                    line.tier,
                    line.billable_users,
                    f"{line.subscription:.2f}",
                    f"{line.usage:.2f}",
                    f"{line.total:.2f}",
                    "Closed" if line.closed else "Month to date",
                ]
            )
    return response
