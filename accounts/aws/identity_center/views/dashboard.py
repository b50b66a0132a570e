"""The IAM Identity Center dashboard and Enable IAM Identity Center."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.aws.console.views import console_login_required
from accounts.aws.identity_center import consumers, forms, selectors
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.views.base import T, render_page
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error


@console_login_required
def dashboard(request):
    account = request.aws_account
    instance = selectors.identity_center_for(account)
    if instance is None:
        return _render_enable(request, forms.EnableIdentityCenterForm())
    request.can_administer = directory.is_identity_admin(instance, account)
    store = instance.identity_store
    return render_page(
        request,
        "dashboard.html",
        instance,
        "ic_dashboard",
        {
            "user_count": store.users.count(),
            "group_count": store.groups.count(),
            "permission_set_count": instance.permission_sets.count(),
            "applications": consumers.applications_of(store),
        },
    )


def _render_enable(request, form, status=200):
    organization = request.aws_account.organization
    return render(
        request,
        T + "enable.html",
        {
            "nav": "ic_dashboard",
            "form": form,
            "organization": organization,
            "management_account": organization.management_account if organization else None,
        },
        status=status,
    )


@console_login_required
@require_POST
def enable(request):
    form = forms.EnableIdentityCenterForm(request.POST)
    if form.is_valid():
        try:
            instance = directory.identity_center_enable(
                organization=request.aws_account.organization,
                region=form.cleaned_data["region"],
                account=request.aws_account,
            )
        except DomainError as error:
            if selectors.identity_center_for(request.aws_account) is not None:
                messages.error(request, error.message)
                return redirect("sso_admin:dashboard")
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"IAM Identity Center is enabled in {instance.region} with identity store "
                f"{instance.identity_store.store_id}. Next, add users and groups.",
            )
            return redirect("sso_admin:dashboard")
    return _render_enable(request, form)
