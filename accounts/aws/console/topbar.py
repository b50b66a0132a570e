"""The AWS console's top bar and side navigation, built in Python.

Every console page shows them, and as template code (a form per Region and per account to switch
to, an include per account ID, 25 ``{% url %}`` in the navigation) they cost more than most pages'
own content. The navigation is the same for everyone: it is rendered once per process for each
current entry (``nav``). The top bar's constant parts (the Regions, the URLs) are built once; what
is the person's own (the account, the user, the accounts to switch to, the CSRF token, the page to
come back to) is filled in per request, escaped."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from accounts.aws.ids import format_account_id
from accounts.aws.regions import REGIONS


@functools.lru_cache(maxsize=64)
def _sidenav(urlconf, prefix, nav) -> SafeString:
    return render_to_string("aws/includes/sidenav.html", {"nav": nav})


@functools.lru_cache(maxsize=8)
def _urls(urlconf, prefix) -> dict[str, str]:
    return {name: reverse(f"aws:{name}") for name in ("home", "region", "switch", "signout", "billing_dashboard")}


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "TEMPLATES"):
        _sidenav.cache_clear()
        _urls.cache_clear()


def sidenav(nav) -> SafeString:
    """The console's side navigation with ``nav`` marked as the current page."""
    return _sidenav(get_urlconf(), get_script_prefix(), nav if isinstance(nav, str) else "")


def urls() -> dict[str, str]:
    return _urls(get_urlconf(), get_script_prefix())


CURRENT = ' aria-current="true"'


def _csrf_input(csrf_token) -> str:
    # As Django's {% csrf_token %}: nothing without a token, nor for the "NOTPROVIDED" placeholder.
    if not csrf_token or csrf_token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)


def region_menu(*, region, next_url: str, csrf_token) -> SafeString:
    """The Region selector: a form per Region posting to ``aws:region``, the current one marked."""
    action = escape(urls()["region"])
    csrf, back = _csrf_input(csrf_token), escape(next_url)
    forms = "".join(
        f'      <form method="post" action="{action}">{csrf}\n'
        f'        <input type="hidden" name="console_region" value="{escape(choice.code)}">'
        f'<input type="hidden" name="next" value="{back}">\n'
        f'        <button type="submit" class="menu-item"{CURRENT if choice.code == region.code else ""}>'
        f'{escape(choice.name)} <span class="mono aws-muted">{escape(choice.code)}</span></button>\n'
        "      </form>\n"
        for choice in REGIONS.values()
    )
    return mark_safe(
        '<details class="menu aws-region-menu">\n'
        f'    <summary class="aws-region-summary"><span class="visually-hidden">Region: </span>{escape(region.name)}'
        "</summary>\n"
        '    <div class="menu-panel">\n'
        '      <div class="menu-heading">Regions</div>\n'
        f"{forms}"
        "    </div>\n"
        "  </details>"
    )


def account_menu(*, user, account, accounts, next_url: str, csrf_token) -> SafeString:
    """The account menu: the account and IAM user signed in with, the billing dashboard, a form per
    other account the user may switch to (posting to ``aws:switch``), and Sign out."""
    links = urls()
    csrf, back = _csrf_input(csrf_token), escape(next_url)
    number = escape(format_account_id(account.account_id))
    who = escape(user.user_name) + (f" ({escape(user.display_name)})" if user.display_name else "")
    switches = "".join(
        f'      <form method="post" action="{escape(links["switch"])}">{csrf}\n'
        f'        <input type="hidden" name="account_id" value="{escape(other.account_id)}">\n'
        f'        <input type="hidden" name="next" value="{back}">\n'
        f'        <button type="submit" class="menu-item">Switch to {escape(other.name)} '
        f'<span class="mono aws-muted">{escape(format_account_id(other.account_id))}</span></button>\n'
        "      </form>\n"
        for other in accounts
        if other.pk != account.pk
    )
    alone = '      <p class="menu-note">You have access to no other AWS account.</p>\n' if len(accounts) < 2 else ""
    return mark_safe(
        '<details class="menu aws-account-menu">\n'
        "    <summary>\n"
        '      <span class="aws-account-summary"><span class="visually-hidden">Account: </span>'
        f'<span class="aws-account-name">{escape(account.name)}</span> '
        f'<span class="mono aws-account-id">{number}</span>'
        "</span>\n"
        "    </summary>\n"
        '    <div class="menu-panel aws-account-panel">\n'
        '      <dl class="aws-account-facts">\n'
        f'        <div><dt>Account ID</dt><dd class="mono">{number}</dd></div>\n'
        f"        <div><dt>Account name</dt><dd>{escape(account.name)}</dd></div>\n"
        f"        <div><dt>IAM user</dt><dd>{who}</dd></div>\n"
        "      </dl>\n"
        "      <hr>\n"
        f'      <a class="menu-item" href="{escape(links["billing_dashboard"])}">Billing dashboard</a>\n'
        "      <hr>\n"
        '      <div class="menu-heading">Switch account</div>\n'
        f"{switches}{alone}"
        "      <hr>\n"
        f'      <form method="post" action="{escape(links["signout"])}">{csrf}'
        '<button type="submit" class="menu-item">Sign out</button></form>\n'
        "    </div>\n"
        "  </details>"
    )
