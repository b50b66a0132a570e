"""The AWS Billing dashboard's chart and table of charges, written in Python: two number filters a
value and a template loop a month cost about a millisecond and a half a page. Each writes what the
template loop it replaced wrote (tests/billing/test_dashboard_rows.py renders both)."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Library
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from catalyst_admin.dates import date_filter as date

register = Library()


def _money(value) -> str:
    # {{ value|floatformat:"2"|intcomma }}
    return conditional_escape(intcomma(floatformat(value, "2")))


@register.simple_tag
def chart_desc(chart):
    """The chart's text: each month's label and total."""
    return mark_safe(
        "; ".join(f"{conditional_escape(bar['label'])}: ${floatformat(bar['total'], '2')}" for bar in chart["bars"])
    )


@register.simple_tag
def chart_bars(chart):
    """A bar, its month and its rounded total for each month of the chart."""
    width, label_y, value_y = chart["bar_width"], int(chart["height"]) - 22, int(chart["height"]) - 6
    parts = []
    for bar in chart["bars"]:
        label, x = conditional_escape(bar["label"]), bar["x"]
        current = " chart-bar-current" if bar["current"] else ""
        parts.append(
            f'\n      <rect class="chart-bar{current}" x="{x}" y="{bar["y"]}" width="{width}" height="{bar["height"]}">'
            f"<title>{label}: ${floatformat(bar['total'], '2')}</title></rect>\n"
            f'      <text class="chart-label" x="{x}" y="{label_y}">{label}</text>\n'
            f'      <text class="chart-value" x="{x}" y="{value_y}">'
            f"${conditional_escape(intcomma(floatformat(bar['total'], '0')))}</text>\n      "
        )
    return mark_safe("".join(parts))


@register.simple_tag
def charge_rows(months):
    """The ``<tr>`` of each space's charges, month by month."""
    parts = []
    for month in months:
        period = conditional_escape(date(month["period"], "F Y"))
        for line in month["lines"]:
            badge = "" if line.closed else ' <span class="badge info">Month to date</span>'
            parts.append(
                f"<tr>\n    <td>{period}{badge}</td><td>{conditional_escape(line.space_name)}</td>"
                f'<td>{conditional_escape(line.tier)}</td><td class="num">{line.billable_users}</td>\n'
                f'    <td class="num">${_money(line.subscription)}</td><td class="num">${_money(line.usage)}</td>'
                f'<td class="num"><strong>${_money(line.total)}</strong></td>\n  </tr>'
            )
    return mark_safe("".join(parts))
