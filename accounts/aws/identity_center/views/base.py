"""What every IAM Identity Center page shares: loading the organization's instance for the signed-in
account (read-only or as an administrator), rendering with the service's navigation, search and
pagination."""

from functools import wraps
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.aws.console.views import console_login_required
from accounts.aws.identity_center import selectors
from accounts.aws.identity_center import services as directory
from catalyst_admin.errors import DomainError

PAGE_SIZE = 50
CHOICES_SHOWN = 50
T = "aws/identity_center/"


def identity_center_page(*, admin: bool = False):
    """Load the organization's IAM Identity Center for the signed-in account and hand it to the view.

    Without an organization or an instance, the page says so. With ``admin``, an account that is
    neither the management account nor the delegated administrator gets the rule's message (403).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            account = request.aws_account
            instance = selectors.identity_center_for(account)
            if instance is None:
                return render(
                    request,
                    T + "unavailable.html",
                    {"nav": "ic_dashboard", "organization": account.organization},
                    status=404 if kwargs else 200,
                )
            request.identity_center = instance
            request.can_administer = directory.is_identity_admin(instance, account)
            if admin and not request.can_administer:
                try:
                    directory.require_identity_admin(instance, account)
                except DomainError as error:
                    return render(
                        request,
                        T + "refused.html",
                        {"instance": instance, "reason": error.message},
                        status=403,
                    )
            return view(request, instance, *args, **kwargs)

        return console_login_required(wrapper)

    return decorator


def render_page(request, template, instance, nav, context=None, status=200):
    account = request.aws_account
    base = {
        "nav": nav,
        "instance": instance,
        "store": instance.identity_store,
        "can_administer": request.can_administer,
        "is_management": account.pk == instance.organization.management_account_id,
    }
    return render(request, T + template, {**base, **(context or {})}, status=status)


def search_query(request) -> str:
    # PostgreSQL cannot compare with NUL characters; nobody types them on purpose.
    return request.GET.get("q", "").replace("\x00", "").strip()[:200]


def paginate(request, queryset, query: str):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page_obj": page, "q": query, "query": urlencode({"q": query}) if query else ""}
