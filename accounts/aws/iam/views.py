"""IAM in the emulated AWS console: the account's roles, Create role and a role's Summary."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from accounts.aws.console.views import console_login_required, not_found
from accounts.aws.iam import selectors, services
from accounts.aws.iam.forms import IamRoleCreateForm
from accounts.aws.iam.policies import trusted_service_principals
from catalyst_admin.errors import DomainError
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
