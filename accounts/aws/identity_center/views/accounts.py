"""AWS accounts of the organization: their assignments and the Assign users or groups wizard."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.aws.identity_center import forms, selectors
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.views.base import CHOICES_SHOWN, identity_center_page, render_page, search_query
from catalyst_admin.errors import DomainError


@identity_center_page()
def accounts(request, instance):
    return render_page(
        request,
        "accounts.html",
        instance,
        "ic_accounts",
        {"accounts": selectors.organization_accounts(instance)},
    )


@identity_center_page()
def account_detail(request, instance, account_id):
    target = selectors.organization_account_for(instance, account_id)
    return render_page(
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
    if data is not None and request.POST.get("action") == "previous":
        # "Previous": one step back, with everything chosen so far still chosen.
        back = "permission_sets" if step == "review" and principals.is_valid() else "principals"
        if back == "principals":
            principals.is_valid()
            principals.errors.clear()
        context["permission_set_form"] = forms.AssignPermissionSetsForm(instance=instance)
        return _assign_step(request, instance, back, context)
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
        # Every problem at once (the review step shows no fields of its own to mark).
        context["errors"] = [message for messages_ in error.errors.values() for message in messages_]
        return _assign_step(request, instance, "review", context)
    messages.success(
        request,
        f"Submitted {created} new assignment{'s' if created != 1 else ''} to {target.name} ({target.account_id}).",
    )
    return redirect("sso_admin:account", account_id=target.account_id)


def _assign_step(request, instance, step, context):
    query = search_query(request)
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
    return render_page(request, "account_assign.html", instance, "ic_accounts", {**context, **extra})


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
