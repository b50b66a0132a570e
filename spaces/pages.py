"""What every page about a space shares, whichever room it belongs to (spaces, account
connections, identity federation …): loading the space for a member, rendering in the space's
layout, an error banner."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from catalyst_admin.errors import DomainError
from catalyst_admin.templatetags.console_urls import reverse_remembered
from spaces import permissions, selectors


def in_space(view):
    """Load the space named in the URL for a signed-in member; anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request, space_name, *args, **kwargs):
        space = selectors.console_space_for(request.user, space_name)
        # An error page raised further in (a 403, a 404 of something in the space) keeps the
        # space's navigation and switcher: catalyst_admin.views.error_page reads this.
        request.space_page_context = lambda: _space_context(request, space)
        return view(request, space, *args, **kwargs)

    return wrapper


# The space navigation, top to bottom: (nav key, label, URL name, the space_perms entry it needs).
SPACE_NAV = (
    ("overview", "Overview", "spaces:overview", None),
    ("projects", "Projects", "spaces:projects", None),
    ("members", "Members", "spaces:members", None),
    ("teams", "Teams", "spaces:teams", None),
    ("activity", "Activity", "spaces:activity", "activity_view"),
)
SETTINGS_NAV = (
    ("settings", "General", "spaces:settings", None),
    ("sso", "SSO", "spaces:sso", "sso_manage"),
    ("aws_accounts", "AWS accounts", "spaces:aws_accounts", "connections_view"),
    ("vpc_connections", "VPC connections", "spaces:vpc_connections", "vpc_manage"),
    ("billing", "Billing", "spaces:billing", "billing_manage"),
    ("genai", "Generative AI", "spaces:genai", "genai_manage"),
)


def space_nav(space_name: str, perms: dict[str, bool]) -> dict[str, list[tuple[str, str, str]]]:
    """The links of the space navigation that ``perms`` shows, as (nav key, label, href), in its two
    sections (rendered by the ``nav_items`` filter, spaces/templatetags/space_nav.py)."""

    def links(entries):
        return [
            (key, label, reverse_remembered(url_name, (space_name,)))
            for key, label, url_name, needs in entries
            if needs is None or perms[needs]
        ]

    return {"main": links(SPACE_NAV), "settings": links(SETTINGS_NAV)}


def _space_context(request, space) -> dict:
    perms = permissions.space_perms(permissions.space_role(request.user, space))
    return {"space": space, "space_perms": perms, "space_nav": space_nav(space.name, perms)}


def render_space(request, template, space, nav, context=None):
    return render(request, template, {**_space_context(request, space), "nav": nav, **(context or {})})


def error_banner(request, error: DomainError):
    messages.error(request, error.message)
