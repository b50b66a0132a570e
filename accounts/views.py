"""The emulated AWS Management Console: sign-in, account switching, Console Home and IAM roles.

Every page but sign-in needs the console session, and every query is scoped to the account the
person is signed in with (``request.aws_account``): another account's role is a 404.
"""

import json
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from catalyst_admin.errors import DomainError, NotFound
from catalyst_admin.forms import add_domain_error

from . import services
from .forms import ConsoleSignInForm, IamRoleCreateForm
from .middleware import SESSION_ACCOUNT, SESSION_USER

ROLES_PAGE_SIZE = 50


def console_login_required(view):
    """Send visitors who are not signed in to the AWS console to its sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.aws_account is None:
            return redirect(f"{reverse('aws:signin')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def format_account_id(account_id: str) -> str:
    """An account ID the way the AWS console shows it: 4444-5555-6666."""
    return f"{account_id[:4]}-{account_id[4:8]}-{account_id[8:]}"


def _not_found(request, reason: str):
    return render(request, "aws/not_found.html", {"reason": reason}, status=404)


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
        try:
            user, account = services.console_authenticate(**form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            request.session.cycle_key()
            request.session[SESSION_USER] = user.pk
            request.session[SESSION_ACCOUNT] = account.pk
            return redirect(_safe_next(request, next_url) or "aws:home")
    return render(request, "aws/signin.html", {"form": form, "next": next_url})


@require_POST
def signout(request):
    request.session.pop(SESSION_USER, None)
    request.session.pop(SESSION_ACCOUNT, None)
    messages.success(request, "You are signed out of the AWS Management Console.")
    return redirect("aws:signin")


@require_POST
@console_login_required
def switch(request):
    try:
        account = services.console_account_switch(
            user=request.aws_user, account_id=request.POST.get("account_id")
        )
    except NotFound as error:
        return _not_found(request, error.message)
    request.session[SESSION_ACCOUNT] = account.pk
    messages.success(
        request, f"You are now signed in to {account.name} ({format_account_id(account.account_id)})."
    )
    return redirect("aws:home")


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


# IAM roles -------------------------------------------------------------------------------------


@console_login_required
def iam_roles(request):
    query = request.GET.get("q", "").strip()
    roles = request.aws_account.iam_roles.select_related("account")
    if query:
        roles = roles.filter(name__icontains=query)
    page = Paginator(roles, ROLES_PAGE_SIZE).get_page(request.GET.get("page"))
    for role in page:
        role.trusted_services = services.trusted_service_principals(role.trust_policy)
    return render(
        request,
        "aws/iam_roles.html",
        {
            "nav": "iam_roles",
            "page_obj": page,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
        },
    )


@console_login_required
def iam_role_create(request):
    form = IamRoleCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            role = services.iam_role_create(account=request.aws_account, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Role {role.name} created.")
            return redirect("aws:iam_role", role_name=role.name)
    return render(request, "aws/iam_role_create.html", {"nav": "iam_roles", "form": form})


@console_login_required
def iam_role_detail(request, role_name):
    role = request.aws_account.iam_roles.select_related("account").filter(name=role_name).first()
    if role is None:
        return _not_found(request, f"The role {role_name} does not exist in this account.")
    return render(
        request,
        "aws/iam_role_detail.html",
        {
            "nav": "iam_roles",
            "role": role,
            "trusted_services": services.trusted_service_principals(role.trust_policy),
            "trust_policy_json": json.dumps(role.trust_policy, indent=2),
            "permissions_policy_json": json.dumps(role.permissions_policy, indent=2)
            if role.permissions_policy
            else "",
        },
    )
