"""The emulated IAM Identity Center in the AWS console, for the Identity federation administrator.

Every page is for a console session signed in with an account of the organization; reads come from
identity/selectors.py (scoped to that organization, so another organization's objects are a 404)
and writes go through identity/directory.py, which holds the rules. The management account and the
delegated administrator may change things; any other member account sees the pages read-only.
"""

import json
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.aws.console.views import console_login_required
from accounts.aws.identity_center import consumers, forms, selectors
from accounts.aws.identity_center import services as directory
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error

PAGE_SIZE = 50
CHOICES_SHOWN = 50
T = "aws/identity_center/"


# Access ----------------------------------------------------------------------------------------


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


def _render(request, template, instance, nav, context=None, status=200):
    account = request.aws_account
    base = {
        "nav": nav,
        "instance": instance,
        "store": instance.identity_store,
        "can_administer": request.can_administer,
        "is_management": account.pk == instance.organization.management_account_id,
    }
    return render(request, T + template, {**base, **(context or {})}, status=status)


def _search(request) -> str:
    # PostgreSQL cannot compare with NUL characters; nobody types them on purpose.
    return request.GET.get("q", "").replace("\x00", "").strip()[:200]


def _page(request, queryset, query: str):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page_obj": page, "q": query, "query": urlencode({"q": query}) if query else ""}


# Dashboard -------------------------------------------------------------------------------------


@console_login_required
def dashboard(request):
    account = request.aws_account
    instance = selectors.identity_center_for(account)
    if instance is None:
        return _render_enable(request, forms.EnableIdentityCenterForm())
    request.can_administer = directory.is_identity_admin(instance, account)
    store = instance.identity_store
    return _render(
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


# Users -----------------------------------------------------------------------------------------


@identity_center_page()
def users(request, instance):
    query = _search(request)
    listing = _page(request, selectors.directory_users(instance.identity_store, query=query), query)
    return _render(request, "users.html", instance, "ic_users", listing)


@identity_center_page(admin=True)
def user_create(request, instance):
    form = forms.DirectoryUserCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = directory.directory_user_create(
                store=instance.identity_store, account=request.aws_account, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The user {user.user_name} was added to identity store {user.store}.")
            return redirect("sso_admin:user", user_id=user.user_id)
    return _render(request, "user_form.html", instance, "ic_users", {"form": form})


@identity_center_page()
def user_detail(request, instance, user_id):
    user = selectors.directory_user_for(instance.identity_store, user_id)
    return _render(
        request,
        "user_detail.html",
        instance,
        "ic_users",
        {
            "person": user,
            "groups": selectors.groups_of_user(user),
            "assignments": selectors.principal_assignments(instance, user=user),
        },
    )


@identity_center_page(admin=True)
def user_edit(request, instance, user_id):
    user = selectors.directory_user_for(instance.identity_store, user_id)
    initial = {"display_name": user.display_name, "email": user.email}
    form = forms.DirectoryUserEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            directory.directory_user_update(
                user=user, enabled=user.enabled, account=request.aws_account, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Changes to {user.user_name} saved.")
            return redirect("sso_admin:user", user_id=user.user_id)
    return _render(request, "user_form.html", instance, "ic_users", {"form": form, "person": user})


@identity_center_page(admin=True)
@require_POST
def user_status(request, instance, user_id):
    user = selectors.directory_user_for(instance.identity_store, user_id)
    enabled = request.POST.get("enabled") == "true"
    try:
        directory.directory_user_enabled_set(user=user, enabled=enabled, account=request.aws_account)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if enabled:
            messages.success(request, f"User access for {user.user_name} is enabled.")
        else:
            messages.success(
                request,
                f"User access for {user.user_name} is disabled. They can no longer sign in to the AWS access "
                "portal or to CodeCatalyst.",
            )
    return redirect("sso_admin:user", user_id=user.user_id)


@identity_center_page(admin=True)
def user_delete(request, instance, user_id):
    user = selectors.directory_user_for(instance.identity_store, user_id)
    if request.method == "POST":
        try:
            directory.directory_user_delete(user=user, account=request.aws_account)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("sso_admin:user", user_id=user.user_id)
        messages.success(
            request,
            f"The user {user.user_name} was deleted, with their group memberships and account assignments.",
        )
        return redirect("sso_admin:users")
    return _render(
        request,
        "user_delete.html",
        instance,
        "ic_users",
        {"person": user, "groups": selectors.groups_of_user(user)},
    )


# Groups ----------------------------------------------------------------------------------------


@identity_center_page()
def groups(request, instance):
    query = _search(request)
    listing = _page(request, selectors.directory_groups(instance.identity_store, query=query), query)
    return _render(request, "groups.html", instance, "ic_groups", listing)


@identity_center_page(admin=True)
def group_create(request, instance):
    form = forms.DirectoryGroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            group = directory.directory_group_create(
                store=instance.identity_store, account=request.aws_account, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The group {group.display_name} was created. Next, add users to it.")
            return redirect("sso_admin:group", group_id=group.group_id)
    return _render(request, "group_form.html", instance, "ic_groups", {"form": form})


@identity_center_page()
def group_detail(request, instance, group_id):
    group = selectors.directory_group_for(instance.identity_store, group_id)
    query = _search(request)
    members = selectors.group_members(group)
    if query:
        members = members.filter(pk__in=selectors.directory_users(instance.identity_store, query=query).values("pk"))
    return _render(
        request,
        "group_detail.html",
        instance,
        "ic_groups",
        {
            "group": group,
            "member_count": group.memberships.count(),
            "assignments": selectors.principal_assignments(instance, group=group),
            **_page(request, members, query),
        },
    )


@identity_center_page(admin=True)
def group_edit(request, instance, group_id):
    group = selectors.directory_group_for(instance.identity_store, group_id)
    initial = {"display_name": group.display_name, "description": group.description}
    form = forms.DirectoryGroupForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            directory.directory_group_update(group=group, account=request.aws_account, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Changes to {group.display_name} saved.")
            return redirect("sso_admin:group", group_id=group.group_id)
    return _render(request, "group_form.html", instance, "ic_groups", {"form": form, "group": group})


@identity_center_page(admin=True)
def group_delete(request, instance, group_id):
    group = selectors.directory_group_for(instance.identity_store, group_id)
    if request.method == "POST":
        try:
            directory.directory_group_delete(group=group, account=request.aws_account)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("sso_admin:group", group_id=group.group_id)
        messages.success(
            request,
            f"The group {group.display_name} was deleted. Its users stay in the identity store; "
            "spaces connected to the group lose its members at the next sync.",
        )
        return redirect("sso_admin:groups")
    return _render(
        request,
        "group_delete.html",
        instance,
        "ic_groups",
        {
            "group": group,
            "member_count": group.memberships.count(),
            "space_count": consumers.spaces_connected_to_group(group),
        },
    )


@identity_center_page(admin=True)
def group_add_users(request, instance, group_id):
    group = selectors.directory_group_for(instance.identity_store, group_id)
    candidates = selectors.users_not_in_group(group)
    form = forms.AddUsersToGroupForm(request.POST if request.method == "POST" else None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            added = directory.group_memberships_add(
                group=group, users=form.cleaned_data["users"], account=request.aws_account
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Added {added} user{'s' if added != 1 else ''} to {group.display_name}.")
            return redirect("sso_admin:group", group_id=group.group_id)
    query = _search(request)
    listing = _page(request, selectors.users_not_in_group(group, query=query), query)
    chosen = set(request.POST.getlist("users")) if request.method == "POST" else set()
    return _render(
        request,
        "group_add_users.html",
        instance,
        "ic_groups",
        {"group": group, "form": form, "chosen": chosen, **listing},
    )


@identity_center_page(admin=True)
@require_POST
def group_remove_member(request, instance, group_id, user_id):
    group = selectors.directory_group_for(instance.identity_store, group_id)
    user = selectors.directory_user_for(instance.identity_store, user_id)
    try:
        directory.group_membership_remove(group=group, user=user, account=request.aws_account)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Removed {user.user_name} from {group.display_name}.")
    return redirect("sso_admin:group", group_id=group.group_id)


# Settings --------------------------------------------------------------------------------------


def _render_settings(request, instance, register_form=None, status=200):
    accounts = selectors.member_accounts(instance)
    return _render(
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
    return _render(request, "identity_source.html", instance, "ic_settings", {"form": form})


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
    return _render(
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


# Permission sets -------------------------------------------------------------------------------


@identity_center_page()
def permission_sets(request, instance):
    return _render(
        request,
        "permission_sets.html",
        instance,
        "ic_permission_sets",
        {"permission_sets": selectors.permission_sets(instance)},
    )


@identity_center_page(admin=True)
def permission_set_create(request, instance):
    form = forms.PermissionSetCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("permission_set_type")
        try:
            permission_set = directory.permission_set_create(instance=instance, account=request.aws_account, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"The permission set {permission_set.name} was created. "
                "Assign it to users or groups on the AWS accounts page.",
            )
            return redirect("sso_admin:permission_set", ps_id=permission_set.permission_set_id)
    return _render(request, "permission_set_create.html", instance, "ic_permission_sets", {"form": form})


@identity_center_page()
def permission_set_detail(request, instance, ps_id):
    permission_set = selectors.permission_set_for(instance, ps_id)
    assignments = permission_set.assignments.select_related("account", "user", "group").order_by(
        "account__account_id", "pk"
    )
    return _render(
        request,
        "permission_set_detail.html",
        instance,
        "ic_permission_sets",
        {
            "permission_set": permission_set,
            "policy_json": json.dumps(permission_set.inline_policy, indent=2) if permission_set.inline_policy else "",
            "assignments": assignments,
        },
    )


@identity_center_page(admin=True)
def permission_set_delete(request, instance, ps_id):
    permission_set = selectors.permission_set_for(instance, ps_id)
    if request.method == "POST":
        try:
            removed = directory.permission_set_delete(permission_set=permission_set, account=request.aws_account)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("sso_admin:permission_set", ps_id=ps_id)
        messages.success(
            request,
            f"The permission set {permission_set.name} was deleted, with its {removed} account "
            f"assignment{'s' if removed != 1 else ''}.",
        )
        return redirect("sso_admin:permission_sets")
    return _render(
        request,
        "permission_set_delete.html",
        instance,
        "ic_permission_sets",
        {"permission_set": permission_set, "assignment_count": permission_set.assignments.count()},
    )


# AWS accounts ----------------------------------------------------------------------------------


@identity_center_page()
def accounts(request, instance):
    return _render(
        request,
        "accounts.html",
        instance,
        "ic_accounts",
        {"accounts": selectors.organization_accounts(instance)},
    )


@identity_center_page()
def account_detail(request, instance, account_id):
    target = selectors.organization_account_for(instance, account_id)
    return _render(
        request,
        "account_detail.html",
        instance,
        "ic_accounts",
        {
            "target": target,
            "assignments": selectors.account_assignments(instance, target),
            "may_manage": directory.may_manage_access_to(instance, target, request.aws_account),
        },
    )


@identity_center_page(admin=True)
def account_assign(request, instance, account_id):
    """ "Assign users or groups": choose users and groups, then permission sets, then review and
    submit. Each step posts everything chosen so far; only the last one writes."""
    target = selectors.organization_account_for(instance, account_id)
    store = instance.identity_store
    data = request.POST if request.method == "POST" else None
    step = request.POST.get("step", "principals") if data is not None else "principals"
    principals = forms.AssignPrincipalsForm(data, store=store)
    permission_sets = forms.AssignPermissionSetsForm(data if step != "principals" else None, instance=instance)
    context = {"target": target, "principals": principals, "permission_set_form": permission_sets}
    if data is None or not principals.is_valid():
        return _assign_step(request, instance, "principals", context)
    if step == "principals":
        return _assign_step(request, instance, "permission_sets", context)
    if not permission_sets.is_valid():
        return _assign_step(request, instance, "permission_sets", context)
    if step == "permission_sets":
        return _assign_step(request, instance, "review", context)
    chosen = principals.cleaned_data
    try:
        created = directory.account_assignments_create(
            target_account=target,
            permission_sets=permission_sets.cleaned_data["permission_sets"],
            users=chosen["users"],
            groups=chosen["groups"],
            account=request.aws_account,
        )
    except DomainError as error:
        context["error"] = error.message
        return _assign_step(request, instance, "review", context)
    messages.success(
        request,
        f"Submitted {created} new assignment{'s' if created != 1 else ''} to {target.name} ({target.account_id}).",
    )
    return redirect("sso_admin:account", account_id=target.account_id)


def _assign_step(request, instance, step, context):
    query = _search(request)
    store = instance.identity_store
    principals = context["principals"]
    chosen_users = set(request.POST.getlist("users"))
    chosen_groups = set(request.POST.getlist("groups"))
    extra = {
        "step": step,
        "q": query,
        "chosen_users": chosen_users,
        "chosen_groups": chosen_groups,
        "chosen_permission_sets": set(request.POST.getlist("permission_sets")),
        "may_manage": directory.may_manage_access_to(instance, context["target"], request.aws_account),
    }
    if step == "principals":
        extra["user_choices"] = list(selectors.directory_users(store, query=query)[:CHOICES_SHOWN])
        extra["group_choices"] = list(selectors.directory_groups(store, query=query)[:CHOICES_SHOWN])
        extra["choices_shown"] = CHOICES_SHOWN
    else:
        extra["chosen_user_objects"] = principals.cleaned_data["users"]
        extra["chosen_group_objects"] = principals.cleaned_data["groups"]
        extra["chosen_count"] = len(principals.cleaned_data["users"]) + len(principals.cleaned_data["groups"])
        extra["permission_set_choices"] = selectors.permission_sets(instance)
        if step == "review":
            extra["chosen_permission_set_objects"] = context["permission_set_form"].cleaned_data["permission_sets"]
    return _render(request, "account_assign.html", instance, "ic_accounts", {**context, **extra})


@identity_center_page(admin=True)
@require_POST
def account_assignment_remove(request, instance, account_id, pk):
    target = selectors.organization_account_for(instance, account_id)
    assignment = selectors.account_assignment_for(instance, target, pk)
    principal = assignment.user or assignment.group
    kind = "user" if assignment.user_id else "group"
    try:
        directory.account_assignment_delete(assignment=assignment, account=request.aws_account)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Removed access: the {kind} {principal} no longer has {assignment.permission_set.name} in "
            f"{target.name} ({target.account_id}).",
        )
    return redirect(reverse("sso_admin:account", kwargs={"account_id": target.account_id}))
