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


# Seed 003: "Permission set type" → Next → the inline policy → Next → "Permission set name" → Next →
# "Review and create" → Create. Each step's fields, in order; the others ride along as hidden inputs.
CREATE_STEPS = {
    "type": ("Permission set type", ["permission_set_type"]),
    "policy": ("Inline policy", ["inline_policy"]),
    "details": ("Permission set details", ["name", "description", "session_duration_hours"]),
    "review": ("Review and create", []),
}
STEP_NAMES = list(CREATE_STEPS)


def _step_of_field(field: str | None) -> str:
    for step, (_, fields) in CREATE_STEPS.items():
        if field in fields:
            return step
    return "review"


@identity_center_page(admin=True)
def permission_set_create(request, instance):
    """The steps are one form posted back and forth: "Next" checks the step's own fields,
    "Previous" keeps what was typed, "Create" (on Review and create) makes one service call."""
    step = STEP_NAMES[0]
    form = forms.PermissionSetCreateForm()
    if request.method == "POST":
        posted = request.POST.get("step", "")
        action = request.POST.get("action", "create")
        step = posted if posted in CREATE_STEPS else "review"
        bound = forms.PermissionSetCreateForm(request.POST)
        if action == "previous":
            step = STEP_NAMES[max(STEP_NAMES.index(step) - 1, 0)]
            form = forms.PermissionSetCreateForm(initial=request.POST.dict())
        elif action == "next":
            bound.is_valid()
            fields = CREATE_STEPS[step][1]
            if step == "policy" and not bound.has_error("inline_policy"):
                text = bound.cleaned_data.get("inline_policy", "")
                if text.strip():
                    try:
                        directory.parse_policy(text)
                    except DomainError as error:
                        add_domain_error(bound, error)
            if any(bound.has_error(field) for field in fields):
                form = bound
                form.step_errors = True
            else:
                step = STEP_NAMES[min(STEP_NAMES.index(step) + 1, len(STEP_NAMES) - 1)]
                form = forms.PermissionSetCreateForm(initial=request.POST.dict())
        else:
            form = bound
            if form.is_valid():
                data = dict(form.cleaned_data)
                data.pop("permission_set_type")
                try:
                    permission_set = directory.permission_set_create(
                        instance=instance, account=request.aws_account, **data
                    )
                except DomainError as error:
                    add_domain_error(form, error)
                else:
                    messages.success(
                        request,
                        f"The permission set {permission_set.name} was created. "
                        "Assign it to users or groups on the AWS accounts page.",
                    )
                    return redirect("sso_admin:permission_set", ps_id=permission_set.permission_set_id)
            # Back to the earliest step with a field concerned, with everything typed.
            step = min((_step_of_field(name) for name in form.errors), key=STEP_NAMES.index, default="review")
            form.step_errors = True
    title, fields = CREATE_STEPS[step]
    # Problems of fields on other steps (a Create that found several) are named in the banner, with
    # their step, so every invalid field is reported at once.
    elsewhere = [
        (CREATE_STEPS[_step_of_field(name)][0], form.fields[name].label, message)
        for name, errors in (form.errors.items() if form.is_bound else ())
        if name in form.fields and name not in fields
        for message in errors
    ]
    return render_page(
        request,
        "permission_set_create.html",
        instance,
        "ic_permission_sets",
        {
            "form": form,
            "step": step,
            "step_title": title,
            "step_number": STEP_NAMES.index(step) + 1,
            "step_fields": fields,
            "elsewhere_errors": elsewhere,
            "steps": [(name, label) for name, (label, _) in CREATE_STEPS.items()],
            "first_step": step == STEP_NAMES[0],
        },
    )


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
