"""The AWS console's Amazon CodeCatalyst › IAM Identity Center pages (seed 000, "Administering
Identity Center applications"): the application enabled spaces, "Edit space", "Disassociate space
from application" and deleting a federated space. The wizards are in ``identity.federation.wizard``.

Every page needs the console session; a space the signed-in account neither bills nor owns the
application of is a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.aws.console.views import console_login_required
from accounts.aws.identity_center import selectors as directory_selectors
from accounts.aws.identity_center.services import is_identity_admin
from billing import selectors as billing_selectors
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from identity.federation import forms
from identity.federation import selectors as federation_selectors
from identity.federation import services as federation
from spaces.models import Region, Space

# The IAM Identity Center console pages (identity store, users, groups) are built by identity.aws_urls.
IDENTITY_CENTER_CONSOLE = "/aws/identity-center/"
TEMPLATES = "aws/codecatalyst/identity_center/"
DONE_KEY = "federation_wizard_done"


def store_of(account):
    """The identity store of the IAM Identity Center instance of ``account``'s organization, or None;
    with its instance and the instance's organization (one query: ``identity_center_for``)."""
    instance = directory_selectors.identity_center_for(account)
    return getattr(instance, "identity_store", None) if instance else None


def _managed_space(request, space_name) -> Space:
    space = federation_selectors.managed_space(request.aws_account, space_name)
    if space is None:
        raise Http404("No federated space of that name is managed by this account.")
    return space


def count_of(n: int, noun: str) -> str:
    """``count_of(1, "member")`` → "1 member"; ``count_of(3, "member")`` → "3 members"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def region_label(region: str) -> str:
    return dict(Region.choices).get(region, region)


# IAM Identity Center page ------------------------------------------------------------------------


@console_login_required
def home(request):
    account = request.aws_account
    store = store_of(account)
    organization = store.instance.organization if store else account.organization
    return render(
        request,
        TEMPLATES + "home.html",
        {
            "nav": "federation",
            "organization": organization,
            "store": store,
            "instance": store.instance if store else None,
            **federation_selectors.home_lists(account),
            "identity_center_url": IDENTITY_CENTER_CONSOLE,
            # Connect and Connect space are the IAM Identity Center administrator's (issue 9).
            "can_connect": bool(store) and is_identity_admin(store.instance, account),
            "identity_admin_needed": federation.IDENTITY_ADMIN_NEEDED,
        },
    )


# Edit space, Disassociate, Delete ----------------------------------------------------------------


def _application_or_home(request, space):
    """The space's application with a live identity store, or a redirect that says why not."""
    application = space.identity_application
    if application is None:
        messages.info(
            request,
            f"{space.name} is not associated with an Identity Center application. Choose Connect space on an "
            "application to associate it.",
        )
        return None, redirect("federation:home")
    if application.store is None:
        messages.error(request, f"The identity store of {application.name} was deleted. Disassociate the space.")
        return None, redirect("federation:home")
    return application, None


@console_login_required
def space_edit(request, space_name):
    space = _managed_space(request, space_name)
    application, refusal = _application_or_home(request, space)
    if refusal:
        return refusal
    store = application.store
    current_admins = list(space.sso_administrators.values_list("user_id", flat=True))
    connected = list(space.connected_groups.all())
    current_groups = [group.group_id for group in connected]
    if request.method == "POST":
        group_ids = request.POST.getlist("groups")
        if "refresh" in request.POST:
            # "Show users of the chosen groups": no save, only the administrator list follows the groups.
            form = forms.SsoEditForm(
                initial={"groups": group_ids, "administrators": request.POST.getlist("administrators")},
                store=store,
                group_ids=group_ids,
                current_admin_ids=current_admins,
            )
        else:
            form = forms.SsoEditForm(request.POST, store=store, group_ids=group_ids, current_admin_ids=current_admins)
            if form.is_valid():
                try:
                    federation.space_sso_update(
                        space=space,
                        group_ids=form.cleaned_data["groups"],
                        admin_user_ids=form.cleaned_data["administrators"],
                        account=request.aws_account,
                    )
                except DomainError as error:
                    add_domain_error(form, error)
                else:
                    messages.success(
                        request,
                        f"Saved {space.name}: {count_of(space.connected_groups.count(), 'connected group')}, "
                        f"{count_of(space.sso_administrators.count(), 'Space administrator')}, "
                        f"{count_of(space.memberships.count(), 'member')}.",
                    )
                    return redirect("federation:home")
    else:
        form = forms.SsoEditForm(
            initial={"groups": current_groups, "administrators": current_admins},
            store=store,
            group_ids=current_groups,
            current_admin_ids=current_admins,
        )
    in_store = {group.group_id for group in form.group_list}  # the store's groups, read by the form
    return render(
        request,
        TEMPLATES + "space_edit.html",
        {
            "nav": "federation",
            "space": space,
            "application": application,
            "store": store,
            "form": form,
            "missing_groups": [g for g in connected if g.group_id not in in_store],
            "identity_center_url": IDENTITY_CENTER_CONSOLE,
        },
    )


@console_login_required
def space_disassociate(request, space_name):
    space = _managed_space(request, space_name)
    application, refusal = _application_or_home(request, space)
    if refusal:
        return refusal
    form = forms.DisassociateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            removed = federation.space_disassociate(
                space=space, confirmation=form.cleaned_data["confirmation"], account=request.aws_account
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"{space.name} was disassociated from {application.name}; {removed} SSO "
                f"member{'s were' if removed != 1 else ' was'} removed from the space. You can associate "
                f"{application.name} with this space or another space again later with Connect space.",
            )
            return redirect("federation:home")
    sso_members = federation_selectors.sso_member_count(space)
    return render(
        request,
        TEMPLATES + "space_disassociate.html",
        {
            "nav": "federation",
            "space": space,
            "application": application,
            "form": form,
            "sso_members": sso_members,
        },
    )


@console_login_required
def space_delete(request, space_name):
    space = _managed_space(request, space_name)
    account = request.aws_account
    is_billing_account = billing_selectors.is_billing_account(space=space, aws_account_id=account.account_id)
    application = space.identity_application
    form = forms.FederatedSpaceDeleteForm(request.POST if request.method == "POST" else None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            deleted_application = federation.federated_space_delete(
                space=space,
                confirm_name=form.cleaned_data["confirm_name"],
                keep_application=form.cleaned_data.get("application", forms.RETAIN) == forms.RETAIN,
                account=account,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            message = f"Space {space.name} was deleted, with its projects and resources."
            if application is not None:
                if deleted_application:
                    message += f" The Identity Center application {application.name} was deleted."
                elif form.cleaned_data.get("application") == forms.DELETE:
                    message += (
                        f" The Identity Center application {application.name} was retained because other "
                        "spaces still use it."
                    )
                else:
                    message += (
                        f" The Identity Center application {application.name} was retained; choose Connect "
                        "space to associate it with another space."
                    )
            messages.success(request, message)
            return redirect("federation:home")
    return render(
        request,
        TEMPLATES + "space_delete.html",
        {
            "nav": "federation",
            "space": space,
            "application": application,
            "form": form,
            "is_billing_account": is_billing_account,
            "project_count": space.projects.count(),
            "member_count": space.memberships.count(),
        },
    )
