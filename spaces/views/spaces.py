"""Spaces: the list, Create space, the overview, Settings and Delete space."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from spaces import permissions, selectors, services
from spaces.forms import ConfirmNameForm, SpaceCreateForm, SpaceSettingsForm
from spaces.pages import in_space, render_space


@login_required
def space_list(request):
    spaces = selectors.console_spaces(request.user)  # the switcher's, read once
    invitations = selectors.invitations_for(request.user)
    return render(
        request,
        "spaces/space_list.html",
        {"spaces": spaces, "invitations": invitations, "can_create_space": request.user.kind != request.user.Kind.SSO},
    )


@login_required
def space_create(request):
    form = SpaceCreateForm(request.POST or None)
    if request.user.kind == request.user.Kind.SSO:
        # Builder ID spaces only (space_create refuses an SSO user): no form, but where theirs come from.
        return render(request, "spaces/space_create.html", {"form": None, "sso_refusal": services.SSO_CREATES_NO_SPACE})
    if request.method == "POST" and form.is_valid():
        try:
            space = services.space_create(**form.cleaned_data, created_by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Space {space.name} was created. Its billing account {form.cleaned_data['billing_account_id']} "
                "is pending verification in the AWS Management Console.",
            )
            return redirect("spaces:overview", space.name)
    return render(request, "spaces/space_create.html", {"form": form})


@in_space
def space_overview(request, space):
    return render_space(
        request,
        "spaces/space_overview.html",
        space,
        "overview",
        {
            "projects": selectors.project_listing_visible_to(request.user, space)[0:10],
            "member_count": space.memberships.count(),
            "my_role": permissions.SpaceRole(permissions.space_role(request.user, space)).label,
            "billing": getattr(space, "billing", None),
        },
    )


@in_space
def space_settings(request, space):
    form = SpaceSettingsForm(request.POST or None, initial={"description": space.description})
    if request.method == "POST":
        permissions.require(request.user, "space.edit", space=space)
        if form.is_valid():
            try:
                services.space_update(space=space, description=form.cleaned_data["description"], by=request.user)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "The space description was saved.")
                return redirect("spaces:settings", space.name)
    return render_space(request, "spaces/space_settings.html", space, "settings", {"form": form})


@in_space
def space_delete(request, space):
    permissions.require(request.user, "space.delete", space=space)
    form = ConfirmNameForm(request.POST or None, expected=space.name)
    if request.method == "POST" and form.is_valid():
        try:
            services.space_delete(space=space, confirm_name=form.cleaned_data["confirm_name"], by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Space {space.name} was deleted. Its name cannot be used again.")
            return redirect("spaces:list")
    return render_space(request, "spaces/space_delete.html", space, "settings", {"form": form})
