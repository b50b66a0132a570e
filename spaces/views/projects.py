"""Projects: the list, Create project, a project's page with its members, Delete project."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from spaces import permissions, selectors, services
from spaces.forms import ConfirmNameForm, ProjectCreateForm, ProjectInviteForm, ProjectRoleForm
from spaces.pages import error_banner, in_space, render_space

PAGE_SIZE = 25


@in_space
def project_list(request, space):
    projects = selectors.project_listing_visible_to(request.user, space)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_space(request, "spaces/project_list.html", space, "projects", {"page_obj": page})


@in_space
def project_create(request, space):
    permissions.require(request.user, "projects.create", space=space)
    form = ProjectCreateForm(request.POST or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(space=space, **form.cleaned_data, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Project {project.name} was created.")
            return redirect("spaces:project", space.name, project.name)
    return render_space(request, "spaces/project_create.html", space, "projects", {"form": form})


@in_space
def project_detail(request, space, project_name):
    project = selectors.project_for(request.user, space, project_name)
    can_manage = permissions.can(request.user, "project.members.manage", space=space, project=project)
    invite_form = ProjectInviteForm(request.POST or None)
    if request.method == "POST":
        permissions.require(request.user, "project.members.manage", space=space, project=project)
        if invite_form.is_valid():
            try:
                services.project_invitation_create(project=project, **invite_form.cleaned_data, by=request.user)
            except DomainError as error:
                add_domain_error(invite_form, error)
            else:
                messages.success(request, f"An invitation was sent to {invite_form.cleaned_data['email']}.")
                return redirect("spaces:project", space.name, project.name)
    return render_space(
        request,
        "spaces/project_detail.html",
        space,
        "projects",
        {
            "project": project,
            "members": selectors.project_member_list(project),
            "invitations": selectors.pending_invitation_list(space, project=project),
            "invite_form": invite_form,
            "role_choices": permissions.ProjectRole.choices,
            "can_manage": can_manage,
            "can_delete": permissions.can(request.user, "project.delete", space=space, project=project),
        },
    )


@require_POST
@in_space
def project_member_role(request, space, project_name, membership_id):
    project = selectors.project_for(request.user, space, project_name)
    membership = get_object_or_404(project.memberships.select_related("user"), pk=membership_id)
    # A refusal (403) comes before the form's own errors.
    services.project_member_change_role_authorize(membership=membership, by=request.user)
    form = ProjectRoleForm(request.POST)
    if form.is_valid():
        try:
            services.project_member_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
        except DomainError as error:
            error_banner(request, error)
        else:
            messages.success(request, f"{membership.user.display_name} is now {membership.get_role_display()}.")
    else:
        messages.error(request, "Choose one of the project roles.")
    return redirect("spaces:project", space.name, project.name)


@require_POST
@in_space
def project_member_remove(request, space, project_name, membership_id):
    project = selectors.project_for(request.user, space, project_name)
    membership = get_object_or_404(project.memberships.select_related("user"), pk=membership_id)
    try:
        services.project_member_remove(membership=membership, by=request.user)
    except DomainError as error:
        error_banner(request, error)
    else:
        messages.success(request, f"{membership.user.display_name} was removed from {project.name}.")
    permissions.forget_roles(request.user)
    if not permissions.can(request.user, "project.view", space=space, project=project):
        # You removed yourself: the project (or the whole space) is no longer yours to open.
        if not permissions.can(request.user, "space.view", space=space):
            return redirect("spaces:list")
        return redirect("spaces:projects", space.name)
    return redirect("spaces:project", space.name, project.name)


@in_space
def project_delete(request, space, project_name):
    project = selectors.project_for(request.user, space, project_name)
    permissions.require(request.user, "project.delete", space=space, project=project)
    form = ConfirmNameForm(request.POST or None, expected=project.name)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_delete(project=project, confirm_name=form.cleaned_data["confirm_name"], by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Project {project_name} was deleted.")
            # Limited access ends with one's last project: the space is then no longer theirs to open.
            if not space.memberships.filter(user=request.user).exists():
                return redirect("spaces:list")
            return redirect("spaces:projects", space.name)
    return render_space(request, "spaces/project_delete.html", space, "projects", {"form": form, "project": project})
