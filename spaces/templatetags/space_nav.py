"""The space navigation's links, written in Python: a dozen ``<li>`` a page, the same for every page
of a space but the one marked current (``spaces.pages.space_nav`` computes the links)."""

from django.template import Library
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = Library()

_CURRENT = mark_safe(' aria-current="page"')


@register.simple_tag(takes_context=True)
def nav_items(context, links):
    """``<li><a href=…>label</a></li>`` per (key, label, href), the one whose key is the page's
    ``nav`` (none on an error page) with ``aria-current="page"``."""
    current = context.get("nav")
    return format_html_join(
        "\n    ",
        '<li><a href="{}"{}>{}</a></li>',
        ((href, _CURRENT if key == current else "", label) for key, label, href in links),
    )
