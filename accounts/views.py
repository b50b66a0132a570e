"""The emulated AWS Management Console: sign-in, account switching, Console Home, IAM roles and
the Amazon CodeCatalyst pages (Spaces, space details, Verify Amazon CodeCatalyst space).

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
from catalyst_admin.views import error_page

from . import selectors, services
from .forms import (
    AllowedBillingTiersForm,
    ConsoleSignInForm,
    IamRoleCreateForm,
    ManageTagsForm,
    RemoveSpaceForm,
    VerifySpaceForm,
)
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
        account = services.console_account_switch(user=request.aws_user, account_id=request.POST.get("account_id"))
    except NotFound as error:
        return _not_found(request, error.message)
    request.session[SESSION_ACCOUNT] = account.pk
    messages.success(request, f"You are now signed in to {account.name} ({format_account_id(account.account_id)}).")
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
    page = Paginator(selectors.iam_roles_of(request.aws_account, query=query), ROLES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
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


# IAM's own order of policy elements. PostgreSQL's jsonb does not keep the order keys were written
# in, so the page puts them back in this order on every database.
_POLICY_KEY_ORDER = [
    "Version", "Id", "Statement", "Sid", "Effect", "Principal", "NotPrincipal",
    "Action", "NotAction", "Resource", "NotResource", "Condition",
]  # fmt: skip


def _in_policy_order(value):
    if isinstance(value, dict):
        rank = {key: index for index, key in enumerate(_POLICY_KEY_ORDER)}
        ordered = sorted(value, key=lambda key: (rank.get(key, len(rank)), key))
        return {key: _in_policy_order(value[key]) for key in ordered}
    if isinstance(value, list):
        return [_in_policy_order(item) for item in value]
    return value


def _policy_text(policy) -> str:
    return json.dumps(_in_policy_order(policy), indent=2)


@console_login_required
def iam_role_detail(request, role_name):
    role = selectors.iam_role_in(request.aws_account, role_name)
    if role is None:
        return _not_found(request, f"The role {role_name} does not exist in this account.")
    return render(
        request,
        "aws/iam_role_detail.html",
        {
            "nav": "iam_roles",
            "role": role,
            "trusted_services": services.trusted_service_principals(role.trust_policy),
            "trust_policy_json": _policy_text(role.trust_policy),
            "permissions_policy_json": _policy_text(role.permissions_policy) if role.permissions_policy else "",
        },
    )


# Amazon CodeCatalyst ---------------------------------------------------------------------------


def _connection_or_404(request, space_name):
    try:
        return selectors.connection_in_account(request.aws_account, space_name), None
    except NotFound as error:
        return None, _not_found(request, error.message)


@console_login_required
def codecatalyst_spaces(request):
    return render(
        request,
        "aws/codecatalyst/spaces.html",
        {"nav": "codecatalyst_spaces", "connections": selectors.spaces_connected_to(request.aws_account)},
    )


@console_login_required
def codecatalyst_verify(request):
    """ "Verify Amazon CodeCatalyst space": the token comes from the link or is typed in; "Check
    token" says whether it is valid without using it."""
    account = request.aws_account
    posted = request.method == "POST"
    form = VerifySpaceForm(request.POST if posted else None, initial={"token": request.GET.get("token", "")})
    checking = posted and request.POST.get("action") == "check"
    if posted and not checking and form.is_valid():
        try:
            connection = services.connection_verify(account=account, console_user=request.aws_user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Account verified. AWS account {format_account_id(account.account_id)} was added to the "
                f"CodeCatalyst space {connection.space.name}.",
            )
            return redirect("aws:codecatalyst_space", space_name=connection.space.name)
    token = request.POST.get("token", "") if checking else ("" if posted else request.GET.get("token", ""))
    return render(
        request,
        "aws/codecatalyst/verify.html",
        {
            "nav": "codecatalyst_spaces",
            "form": form,
            "check": _token_check(request, token) if token.strip() else None,
            "lifetime": services.TOKEN_LIFETIME_TEXT,
        },
    )


def _token_check(request, token):
    """Whether ``token`` is valid for the account signed in with, said before anyone submits it."""
    common = {"account": request.aws_account, "console_user": request.aws_user, "token": token}
    try:
        connection = services.connection_token_check(authorize_paid_tiers=False, **common)
    except DomainError as free_problem:
        try:
            connection = services.connection_token_check(authorize_paid_tiers=True, **common)
        except DomainError as error:
            return {"valid": False, "message": error.message}
        return {"valid": True, "connection": connection, "needs_paid_tiers": free_problem.message}
    return {"valid": True, "connection": connection}


@console_login_required
def codecatalyst_space(request, space_name):
    connection, missing = _connection_or_404(request, space_name)
    if missing:
        return missing
    return render(
        request,
        "aws/codecatalyst/space_detail.html",
        {
            "nav": "codecatalyst_spaces",
            "connection": connection,
            "space": connection.space,
            "billing": getattr(connection.space, "billing", None),
            "tags": connection.tags.all(),
        },
    )


@console_login_required
def codecatalyst_space_tags(request, space_name):
    connection, missing = _connection_or_404(request, space_name)
    if missing:
        return missing
    form = ManageTagsForm(
        request.POST if request.method == "POST" else None,
        initial=connection.tags.values_list("key", "value"),
    )
    error = None
    if form.action == "save":
        try:
            changes = services.connection_tags_replace(
                connection=connection,
                rows=form.rows,
                account=request.aws_account,
                console_user=request.aws_user,
            )
        except services.TagRejected as rejected:
            error = rejected
        except DomainError as refused:
            error = services.TagRejected(refused.message)
        else:
            messages.success(
                request,
                "Tags saved." if any(changes.values()) else "No tags changed.",
            )
            return redirect("aws:codecatalyst_space", space_name=space_name)
    return render(
        request,
        "aws/codecatalyst/manage_tags.html",
        {
            "nav": "codecatalyst_spaces",
            "connection": connection,
            "space": connection.space,
            "rows": form.rows,
            "error": error,
            "max_tags": services.MAX_TAGS,
            "can_add": len(form.rows) < form.MAX_ROWS,
        },
    )


@console_login_required
def codecatalyst_space_billing(request, space_name):
    connection, missing = _connection_or_404(request, space_name)
    if missing:
        return missing
    form = AllowedBillingTiersForm(
        request.POST if request.method == "POST" else None, initial={"paid": connection.paid_tiers_authorized}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.connection_paid_tiers_update(
                connection=connection,
                account=request.aws_account,
                console_user=request.aws_user,
                paid_tiers_authorized=form.cleaned_data["paid"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Allowed billing tiers updated for {connection.space.name}.")
            return redirect("aws:codecatalyst_space", space_name=space_name)
    return render(
        request,
        "aws/codecatalyst/billing_tiers.html",
        {"nav": "codecatalyst_spaces", "connection": connection, "space": connection.space, "form": form},
    )


@console_login_required
def codecatalyst_space_remove(request, space_name):
    connection, missing = _connection_or_404(request, space_name)
    if missing:
        return missing
    form = RemoveSpaceForm(request.POST if request.method == "POST" else None, space_name=connection.space.name)
    if request.method == "POST" and form.is_valid():
        try:
            services.connection_remove(
                connection=connection,
                account=request.aws_account,
                console_user=request.aws_user,
                confirm_name=form.cleaned_data["confirm_name"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Space {connection.space.name} was removed from AWS account "
                f"{format_account_id(request.aws_account.account_id)}.",
            )
            return redirect("aws:codecatalyst_spaces")
    return render(
        request,
        "aws/codecatalyst/remove_space.html",
        {"nav": "codecatalyst_spaces", "connection": connection, "space": connection.space, "form": form},
    )
