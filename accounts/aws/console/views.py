"""The emulated AWS Management Console's core pages: sign-in, sign-out, the account switcher and
Console Home. Every page but sign-in needs the console session, and every query is scoped to the
account the person is signed in with (``request.aws_account``).
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.aws.console import services
from accounts.aws.console.forms import ConsoleSignInForm
from accounts.aws.console.middleware import SESSION_ACCOUNT, SESSION_REGION, SESSION_USER
from accounts.aws.ids import format_account_id
from accounts.aws.regions import REGIONS
from catalyst_admin import signin_throttle
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from catalyst_admin.views import error_page


def console_login_required(view):
    """Send visitors who are not signed in to the AWS console to its sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.aws_account is None:
            return redirect(f"{reverse('aws:signin')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def not_found(request, reason: str):
    """The AWS console's 404 page saying ``reason``."""
    return error_page(request, 404, reason)


def _safe_next(request, target: str) -> str | None:
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if allowed and target.startswith("/aws/") else None


# Sign-in and the account menu ------------------------------------------------------------------


def signin(request):
    form = ConsoleSignInForm(
        request.POST if request.method == "POST" else None,
        initial={"account_id": request.GET.get("account", "")},
    )
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        # Throttled per account ID and IAM user name typed (known or not) and per client address.
        throttle_name = f"aws:{form.cleaned_data['account_id']}:{form.cleaned_data['user_name'].strip()}"
        if locked := signin_throttle.signin_refused(request, username=throttle_name, sender=__name__):
            return locked
        try:
            user, account = services.console_authenticate(**form.cleaned_data)
        except DomainError as error:
            if locked := signin_throttle.signin_failed(request, username=throttle_name, sender=__name__):
                return locked
            add_domain_error(form, error)
        else:
            request.session.cycle_key()
            request.session[SESSION_USER] = user.pk
            request.session[SESSION_ACCOUNT] = account.pk
            return redirect(_safe_next(request, next_url) or "aws:home")
    return render(request, "aws/signin.html", {"form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
def signout(request):
    """A POST signs out of the AWS Management Console; a GET shows the Sign out button."""
    if request.method == "GET":
        if SESSION_USER not in request.session:
            return redirect("aws:signin")
        return render(request, "aws/signout.html")
    request.session.pop(SESSION_USER, None)
    request.session.pop(SESSION_ACCOUNT, None)
    messages.success(request, "You are signed out of the AWS Management Console.")
    return redirect("aws:signin")


@require_POST
@console_login_required
def switch(request):
    # An account the person cannot use is a NotFound: the middleware answers with the console's 404 page.
    account = services.console_account_switch(user=request.aws_user, account_id=request.POST.get("account_id"))
    request.session[SESSION_ACCOUNT] = account.pk
    messages.success(request, f"You are now signed in to {account.name} ({format_account_id(account.account_id)}).")
    # Back to the Verify Amazon CodeCatalyst space page (with its token) the switch was made from;
    # any other page may belong to the account left, so Console Home.
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}) and target.split("?")[0] == reverse(
        "aws:codecatalyst_verify"
    ):
        return redirect(target)
    return redirect("aws:home")


@require_POST
@console_login_required
def region(request):
    """The top bar's Region selector: the regional pages (Amazon VPC) show the chosen Region's resources."""
    chosen = REGIONS.get(request.POST.get("console_region", ""))
    if chosen is None:
        return not_found(request, "That Region is not available. Choose US West (Oregon) or Europe (Ireland).")
    request.session[SESSION_REGION] = chosen.code
    messages.success(request, f"You are now working in {chosen.name} ({chosen.code}).")
    return redirect(_safe_next(request, request.POST.get("next", "")) or "aws:home")


# Console Home ----------------------------------------------------------------------------------


@console_login_required
def home(request):
    account = request.aws_account
    organization = account.organization
    management = organization.management_account if organization else None
    return render(
        request,
        "aws/home.html",
        {
            "nav": "home",
            "organization": organization,
            "management_account": management,
            "role_count": account.iam_roles.count(),
        },
    )
