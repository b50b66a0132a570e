"""My settings' "Generative AI feature usage", written in Python: a space's block was a dozen
filters and a loop over the features, about half a millisecond a page. It writes what the template
loop it replaced wrote (tests/genai/test_usage_blocks.py renders both)."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Library
from django.template.defaultfilters import floatformat, stringformat
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from catalyst_admin.dates import date_filter as date

register = Library()

EMPTY = (
    '\n  <div class="empty"><strong>No spaces</strong>You belong to no space, so you have no generative AI usage.'
    "</div>\n  "
)


def _figure(line) -> str:
    # {{ line.used|floatformat:"-2"|intcomma }} of {{ line.quota|intcomma }} units
    used, quota = intcomma(floatformat(line.used, "-2")), intcomma(line.quota)
    return f"{conditional_escape(used)} of {conditional_escape(quota)} units"


def _widthratio(value, max_value, max_width) -> str:
    # {% widthratio value max_value max_width %}
    try:
        return str(round(float(value) / float(max_value) * int(max_width)))
    except ZeroDivisionError:
        return "0"
    except (ValueError, TypeError, OverflowError):
        return ""


@register.simple_tag
def genai_usage_blocks(blocks):
    """A block per space: the person's quota, the total against it and each feature's share."""
    if not blocks:
        return mark_safe(EMPTY)
    parts = []
    for block in blocks:
        name = conditional_escape(block.space.name)
        resets = conditional_escape(date(block.resets_on, "F j, Y"))
        off = "" if block.enabled else ' <span class="badge">Generative AI off</span>'
        line = block.total
        top, quota = line.quota or 1, conditional_escape(intcomma(line.quota))
        if line.state == "maximum":
            note = f'<p class="usage-note">At your quota: new requests in {name} are refused until {resets}.</p>'
        elif line.state == "warning":
            note = '<p class="usage-note">Close to your quota: over 80 % used.</p>'
        else:
            note = ""
        parts.append(
            f'\n  <div class="container-body genai-usage" aria-labelledby="genai-{name}" role="group">\n'
            f'    <h3 id="genai-{name}">{name}{off}</h3>\n'
            f'    <p class="hint">Your quota in {name} is {quota} units this billing period; '
            f"it resets on {resets}.</p>\n"
            '    <ul class="usage-list">\n'
            f'    <li class="usage usage-{conditional_escape(line.state)}">\n'
            f'      <div class="usage-head"><span class="usage-label" id="genai-{name}-total">'
            f"{conditional_escape(line.label)}</span>\n"
            f'        <span class="usage-figure">{_figure(line)} · {line.percent} %</span></div>\n'
            f'      <meter min="0" max="{top}" low="{_widthratio(line.quota, 10, 8)}" high="{top}" optimum="0" '
            f'value="{conditional_escape(stringformat(line.used, "f"))}" aria-labelledby="genai-{name}-total">'
            f"{line.percent} %</meter>\n"
            f"      {note}\n"
            "    </li>\n    "
        )
        for counter, feature in enumerate(block.features, 1):
            plural = "" if feature.requests == 1 else "s"
            parts.append(
                f'<li class="usage usage-{conditional_escape(feature.state)}">\n'
                f'      <div class="usage-head"><span class="usage-label" id="genai-{name}-{counter}">'
                f"{conditional_escape(feature.label)}</span>\n"
                f'        <span class="usage-figure">{_figure(feature)} · {feature.requests} request{plural}'
                "</span></div>\n"
                f'      <meter min="0" max="{feature.quota or 1}" optimum="0" '
                f'value="{conditional_escape(stringformat(feature.used, "f"))}" '
                f'aria-labelledby="genai-{name}-{counter}">{feature.percent} %</meter>\n'
                "    </li>"
            )
        parts.append("\n    </ul>\n  </div>\n  ")
    return mark_safe("".join(parts))
