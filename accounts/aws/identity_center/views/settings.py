"""Settings: the identity source, delegated administration and deleting the identity store."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.aws.identity_center import consumers, forms, selectors
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.views.base import identity_center_page, render_page
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error


def _render_settings(request, instance, register_form=None, status=200):
    accounts = selectors.member_accounts(instance)
    return render_page(
        request,
        "settings.html",
        instance,
        "ic_settings",
        {
            "register_form": register_form or forms.DelegatedAdministratorForm(accounts=accounts),
            "space_count": consumers.spaces_using_store(instance.identity_store),
        },
        status=status,
    )


@identity_center_page()
def settings(request, instance):
    return _render_settings(request, instance)


@identity_center_page(admin=True)
def identity_source(request, instance):
    form = forms.IdentitySourceForm(
        request.POST if request.method == "POST" else None,
        initial={"identity_source": instance.identity_source},
    )
    if request.method == "POST" and form.is_valid():
        try:
            directory.identity_source_change(
                instance=instance, source=form.cleaned_data["identity_source"], account=request.aws_account
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The identity source is now {instance.get_identity_source_display()}.")
            return redirect("sso_admin:settings")
    return render_page(request, "identity_source.html", instance, "ic_settings", {"form": form})


@identity_center_page(admin=True)
@require_POST
def delegated_register(request, instance):
    form = forms.DelegatedAdministratorForm(request.POST, accounts=selectors.member_accounts(instance))
    if form.is_valid():
        try:
            directory.delegated_administrator_register(
                instance=instance, member_account=form.cleaned_data["account"], account=request.aws_account
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            delegated = instance.delegated_administrator
            messages.success(
                request,
                f"{delegated.name} ({delegated.account_id}) is registered as the delegated administrator "
                "of IAM Identity Center. Sign in with it to administer IAM Identity Center.",
            )
            return redirect("sso_admin:settings")
    return _render_settings(request, instance, register_form=form)


@identity_center_page(admin=True)
@require_POST
def delegated_deregister(request, instance):
    previous = instance.delegated_administrator
    try:
        directory.delegated_administrator_deregister(instance=instance, account=request.aws_account)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{previous.name} ({previous.account_id}) is no longer the delegated administrator. "
            "Only the management account administers IAM Identity Center now.",
        )
    return redirect("sso_admin:settings")


@identity_center_page(admin=True)
def store_delete(request, instance):
    store = instance.identity_store
    form = forms.StoreDeleteForm(request.POST if request.method == "POST" else None, store_id=store.store_id)
    if request.method == "POST" and form.is_valid():
        store_id, organization = store.store_id, instance.organization
        try:
            count = directory.identity_center_store_delete(
                instance=instance, confirmation=form.cleaned_data["confirmation"], account=request.aws_account
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"The identity store {store_id} was deleted and IAM Identity Center is no longer enabled for "
                f"{organization.name}. Its Identity Center applications were disassociated from {count} "
                f"space{'s' if count != 1 else ''}, which lost their SSO members.",
            )
            return redirect("sso_admin:dashboard")
    return render_page(
        request,
        "store_delete.html",
        instance,
        "ic_settings",
        {
            "form": form,
            "space_count": consumers.spaces_using_store(store),
            "applications": consumers.applications_of(store),
            "user_count": store.users.count(),
            "group_count": store.groups.count(),
        },
    )
