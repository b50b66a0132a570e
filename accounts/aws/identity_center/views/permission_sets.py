"""Permission sets: list, Create permission set, a permission set's page, delete."""

import json

from django.contrib import messages
from django.shortcuts import redirect

from accounts.aws.identity_center import forms, selectors
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.views.base import identity_center_page, render_page
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error


@identity_center_page()
def permission_sets(request, instance):
    return render_page(
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
    return render_page(request, "permission_set_create.html", instance, "ic_permission_sets", {"form": form})


@identity_center_page()
def permission_set_detail(request, instance, ps_id):
    permission_set = selectors.permission_set_for(instance, ps_id)
    assignments = permission_set.assignments.select_related("account", "user", "group").order_by(
        "account__account_id", "pk"
    )
    return render_page(
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
    return render_page(
        request,
        "permission_set_delete.html",
        instance,
        "ic_permission_sets",
        {"permission_set": permission_set, "assignment_count": permission_set.assignments.count()},
    )
