"""The AWS Billing dashboard's chart and charges table written in Python (billing.templatetags.
billing_tables) write what the template loops they replaced wrote (kept here as *_loop.html),
byte for byte, for awkward names and amounts."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Engine

from billing.aws_views import _chart
from billing.selectors import ChargeLine

HERE = Path(__file__).parent

# Each loop of templates/aws/billing/dashboard.html, and the tag that took its place there.
LOOPS = [
    ((HERE / "chart_desc_loop.html").read_text().removesuffix("\n"), "{% chart_desc chart %}"),
    ((HERE / "chart_bars_loop.html").read_text(), "      {% chart_bars chart %}\n"),
    ((HERE / "charge_rows_loop.html").read_text().removesuffix("\n"), "  {% charge_rows months %}"),
]

AMOUNTS = [Decimal("0"), Decimal("1234567.89"), Decimal("0.005"), Decimal("-12.50"), Decimal("999.995"), Decimal(7)]


def _months(count: int) -> list[dict]:
    months = []
    for number in range(count):
        period = date(2026, 12 - number, 1)
        lines = [
            ChargeLine(
                period, 'acme <"&">', "Enterprise", 1234, AMOUNTS[number % 6], AMOUNTS[(number + 1) % 6], number > 0
            ),
            ChargeLine(period, "zeta", "Free", 1, Decimal("4.10"), Decimal("0.35"), number > 0),
        ][: 1 + number % 2]
        months.append({"period": period, "lines": lines, "total": sum((line.total for line in lines), Decimal(0))})
    return months


@pytest.mark.parametrize("count", [0, 1, 7])
@pytest.mark.parametrize("loop, tag", LOOPS, ids=["desc", "bars", "rows"])
def test_the_tag_writes_what_the_template_loop_wrote(loop, tag, count):
    months = _months(count)
    context = {"months": months, "chart": _chart(months)}
    engine = Engine.get_default()
    old = engine.from_string("{% load humanize %}" + loop).render(Context(context))
    new = engine.from_string("{% load billing_tables %}" + tag).render(Context(context))
    assert new == old
    if count:
        assert "$" in new
