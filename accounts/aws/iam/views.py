"""IAM in the emulated AWS console: the account's roles (Create role, a role's Summary) and users
(Create user, a user's permissions and Security credentials: create, deactivate, activate and
delete access keys)."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.aws.console.views import console_login_required, not_found
from accounts.aws.iam import selectors, services
from accounts.aws.iam.forms import AccessKeyCreateForm, AccessKeyDeleteForm, IamRoleCreateForm, IamUserCreateForm
from accounts.aws.iam.models import AccessKey
from accounts.aws.iam.policies import trusted_service_principals
from catalyst_admin.errors import DomainError, NotFound
from catalyst_admin.forms import add_domain_error

ROLES_PAGE_SIZE = 50


@console_login_required
def iam_roles(request):
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.iam_roles_of(request.aws_account, query=query), ROLES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for role in page:
        role.trusted_services = trusted_service_principals(role.trust_policy)
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
        return not_found(request, f"The role {role_name} does not exist in this account.")
    return render(
        request,
        "aws/iam_role_detail.html",
        {
            "nav": "iam_roles",
            "role": role,
            "trusted_services": trusted_service_principals(role.trust_policy),
            "trust_policy_json": _policy_text(role.trust_policy),
            "permissions_policy_json": _policy_text(role.permissions_policy) if role.permissions_policy else "",
        },
    )


# Users and access keys -------------------------------------------------------------------------

USERS_PAGE_SIZE = 50


def _user_or_404(request, user_name):
    user = selectors.iam_user_in(request.aws_account, user_name)
    if user is None:
        raise NotFound(f"The user {user_name} does not exist in this account.")
    return user


def _key_or_404(request, user, access_key_id):
    key = selectors.access_key_of(user, access_key_id)
    if key is None:
        raise NotFound(f"The access key {access_key_id} does not exist for {user.name}.")
    return key


@console_login_required
def iam_users(request):
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.iam_users_of(request.aws_account, query=query), USERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "aws/iam_users.html",
        {"nav": "iam_users", "page_obj": page, "q": query, "query": urlencode({"q": query}) if query else ""},
    )


@console_login_required
def iam_user_create(request):
    form = IamUserCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.iam_user_create(account=request.aws_account, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"User {user.name} created.")
            return redirect("aws:iam_user", user_name=user.name)
    return render(request, "aws/iam_user_create.html", {"nav": "iam_users", "form": form})


@console_login_required
def iam_user_detail(request, user_name):
    user = _user_or_404(request, user_name)
    return render(
        request,
        "aws/iam_user_detail.html",
        {
            "nav": "iam_users",
            "iam_user": user,
            "access_keys": list(selectors.access_keys_of(user)),
            "key_quota": services.ACCESS_KEYS_PER_USER,
            "permissions_policy_json": _policy_text(user.permissions_policy) if user.permissions_policy else "",
        },
    )


@console_login_required
def iam_access_key_create(request, user_name):
    user = _user_or_404(request, user_name)
    form = AccessKeyCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            key, secret = services.access_key_create(account=request.aws_account, user=user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # The secret is in this answer only: never stored in plain text, never shown again.
            messages.success(
                request,
                f"Access key {key.access_key_id} created. This is the only time that the secret access key can be "
                "viewed or downloaded. You cannot recover it later. However, you can create a new access key any time.",
            )
            response = render(
                request, "aws/iam_access_key_created.html", {"nav": "iam_users", "key": key, "secret": secret}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "aws/iam_access_key_create.html", {"nav": "iam_users", "iam_user": user, "form": form})


@require_POST
@console_login_required
def iam_access_key_status(request, user_name, access_key_id):
    user = _user_or_404(request, user_name)
    key = _key_or_404(request, user, access_key_id)
    wanted = request.POST.get("status")
    if wanted not in AccessKey.Status.values:
        messages.error(request, "Choose Activate or Deactivate.")
    else:
        services.access_key_status_set(account=request.aws_account, key=key, active=wanted == AccessKey.Status.ACTIVE)
        done = "activated" if wanted == AccessKey.Status.ACTIVE else "deactivated"
        messages.success(request, f"Access key {key.access_key_id} {done}.")
    return redirect(f"{reverse('aws:iam_user', args=[user.name])}#security-credentials")


@console_login_required
def iam_access_key_delete(request, user_name, access_key_id):
    user = _user_or_404(request, user_name)
    key = _key_or_404(request, user, access_key_id)
    form = AccessKeyDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.access_key_delete(account=request.aws_account, key=key, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Access key {access_key_id} deleted.")
            return redirect(f"{reverse('aws:iam_user', args=[user.name])}#security-credentials")
    return render(
        request, "aws/iam_access_key_delete.html", {"nav": "iam_users", "iam_user": user, "key": key, "form": form}
    )
