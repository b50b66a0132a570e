"""Pages of the CodeCatalyst console for spaces, projects, members, teams and activity.

Views are thin: load what the person may see through a selector, call one service, redirect
with a banner. Refusals of the services come back as form errors or an error banner.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error

from . import permissions, selectors, services
from .forms import (
    ActivityFilterForm,
    ConfirmNameForm,
    ProjectCreateForm,
    ProjectInviteForm,
    ProjectRoleForm,
    SpaceCreateForm,
    SpaceInviteForm,
    SpaceRoleForm,
    SpaceSettingsForm,
    TeamForm,
    TeamMemberForm,
)
from .models import Invitation

PAGE_SIZE = 25


def in_space(view):
    """Load the space named in the URL for a signed-in member; anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request, space_name, *args, **kwargs):
        space = selectors.space_for(request.user, space_name)
        return view(request, space, *args, **kwargs)

    return wrapper


def render_space(request, template, space, nav, context=None):
    perms = {
        action.replace(".", "_"): permissions.can(request.user, action, space=space)
        for action in permissions.SPACE_ACTIONS
    }
    return render(request, template, {"space": space, "nav": nav, "space_perms": perms, **(context or {})})


def _error_banner(request, error: DomainError):
    messages.error(request, error.message)


# Spaces -----------------------------------------------------------------------------------------


@login_required
def space_list(request):
    spaces = selectors.spaces_visible_to(request.user)
    invitations = selectors.invitations_for(request.user)
    return render(request, "spaces/space_list.html", {"spaces": spaces, "invitations": invitations})


@login_required
def space_create(request):
    form = SpaceCreateForm(request.POST or None)
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
            "projects": selectors.projects_visible_to(request.user, space)[:10],
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


# Projects ---------------------------------------------------------------------------------------


@in_space
def project_list(request, space):
    page = Paginator(selectors.projects_visible_to(request.user, space), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_space(request, "spaces/project_list.html", space, "projects", {"page_obj": page})


@in_space
def project_create(request, space):
    permissions.require(request.user, "projects.create", space=space)
    form = ProjectCreateForm(request.POST or None)
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
            "members": selectors.project_members(project),
            "invitations": selectors.pending_invitations(space).filter(project=project),
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
    form = ProjectRoleForm(request.POST)
    if form.is_valid():
        try:
            services.project_member_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
        except DomainError as error:
            _error_banner(request, error)
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
        _error_banner(request, error)
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


# Members and invitations ------------------------------------------------------------------------


@in_space
def member_list(request, space):
    can_manage = permissions.can(request.user, "members.manage", space=space)
    form = SpaceInviteForm(request.POST or None)
    if not permissions.can(request.user, "space_admins.manage", space=space):
        form.fields["role"].choices = [c for c in form.fields["role"].choices if c[0] != "space_admin"]
    if request.method == "POST":
        permissions.require(request.user, "members.manage", space=space)
        if form.is_valid():
            try:
                services.invitation_create(space=space, **form.cleaned_data, by=request.user)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request, f"An invitation was sent to {form.cleaned_data['email']}. It expires in 24 hours."
                )
                return redirect("spaces:members", space.name)
    page = Paginator(selectors.space_members(space), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_space(
        request,
        "spaces/member_list.html",
        space,
        "members",
        {
            "page_obj": page,
            "invite_form": form,
            "can_manage": can_manage,
            "can_manage_admins": permissions.can(request.user, "space_admins.manage", space=space),
            "invitations": selectors.pending_invitations(space).filter(project__isnull=True) if can_manage else [],
            "role_form": SpaceRoleForm(),
        },
    )


@require_POST
@in_space
def member_role(request, space, membership_id):
    membership = get_object_or_404(space.memberships.select_related("user"), pk=membership_id)
    form = SpaceRoleForm(request.POST)
    if form.is_valid():
        try:
            services.member_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
        except DomainError as error:
            _error_banner(request, error)
        else:
            messages.success(request, f"{membership.user.display_name} is now {membership.get_role_display()}.")
    else:
        messages.error(request, "Choose Power user or Limited access.")
    return redirect("spaces:members", space.name)


@require_POST
@in_space
def member_remove(request, space, membership_id):
    membership = get_object_or_404(space.memberships.select_related("user"), pk=membership_id)
    try:
        services.member_remove(membership=membership, by=request.user)
    except DomainError as error:
        _error_banner(request, error)
    else:
        messages.success(request, f"{membership.user.display_name} was removed from the space.")
    return redirect("spaces:members", space.name)


@require_POST
@in_space
def invitation_cancel(request, space, invitation_id):
    invitation = get_object_or_404(space.invitations.select_related("project"), pk=invitation_id)
    try:
        services.invitation_cancel(invitation=invitation, by=request.user)
    except DomainError as error:
        _error_banner(request, error)
    else:
        messages.success(request, f"The invitation of {invitation.email} was cancelled.")
    if invitation.project_id:
        return redirect("spaces:project", space.name, invitation.project.name)
    return redirect("spaces:members", space.name)


def _my_invitation(request, invitation_id):
    return get_object_or_404(
        Invitation.objects.select_related("space", "project"), pk=invitation_id, email__iexact=request.user.email or "-"
    )


@require_POST
@login_required
def invitation_accept(request, invitation_id):
    invitation = _my_invitation(request, invitation_id)
    try:
        membership = services.invitation_accept(invitation=invitation, user=request.user)
    except DomainError as error:
        _error_banner(request, error)
        return redirect("spaces:list")
    if invitation.project_id:
        messages.success(request, f"You joined {invitation.project.name} as {invitation.role_label}.")
    elif membership.role == invitation.space_role:
        messages.success(request, f"You joined {invitation.space.name} as {invitation.role_label}.")
    else:
        messages.info(
            request,
            f"You accepted the invitation. You stay {membership.get_role_display()} of {invitation.space.name}: "
            "the Space administrator role cannot be changed this way.",
        )
    if invitation.project_id:
        return redirect("spaces:project", invitation.space.name, invitation.project.name)
    return redirect("spaces:overview", invitation.space.name)


@require_POST
@login_required
def invitation_decline(request, invitation_id):
    invitation = _my_invitation(request, invitation_id)
    try:
        services.invitation_decline(invitation=invitation, user=request.user)
    except DomainError as error:
        _error_banner(request, error)
    else:
        messages.success(request, f"You declined the invitation to {invitation.space.name}.")
    return redirect("spaces:list")


# Teams ------------------------------------------------------------------------------------------


@in_space
def team_list(request, space):
    form = TeamForm(request.POST or None)
    if request.method == "POST":
        permissions.require(request.user, "teams.manage", space=space)
        if form.is_valid():
            try:
                team = services.team_create(space=space, **form.cleaned_data, by=request.user)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"Team {team.name} was created.")
                return redirect("spaces:team", space.name, team.pk)
    return render_space(
        request,
        "spaces/team_list.html",
        space,
        "teams",
        {
            "teams": selectors.teams_of(space),
            "form": form,
            "can_manage": permissions.can(request.user, "teams.manage", space=space),
            "sso_groups": space.connected_groups.all() if space.is_federated else [],
        },
    )


@require_POST
@in_space
def team_import(request, space):
    try:
        team = services.team_import_sso_group(space=space, group_id=request.POST.get("group", ""), by=request.user)
    except DomainError as error:
        _error_banner(request, error)
        return redirect("spaces:teams", space.name)
    messages.success(request, f"SSO group {team.name} was imported as a team with {team.members.count()} members.")
    return redirect("spaces:team", space.name, team.pk)


@in_space
def team_detail(request, space, team_id):
    team = get_object_or_404(space.teams, pk=team_id)
    can_manage = permissions.can(request.user, "teams.manage", space=space)
    members = selectors.space_members(space).exclude(user__teams=team)
    rename_form = TeamForm(
        request.POST if request.POST.get("action") == "rename" else None,
        initial={"name": team.name, "description": team.description},
        prefix="rename",
    )
    add_form = TeamMemberForm(
        request.POST if request.POST.get("action") == "add" else None, members=members, prefix="add"
    )
    if request.method == "POST":
        permissions.require(request.user, "teams.manage", space=space)
        try:
            if request.POST.get("action") == "rename" and rename_form.is_valid():
                services.team_rename(team=team, name=rename_form.cleaned_data["name"], by=request.user)
                messages.success(request, f"The team is now called {team.name}.")
                return redirect("spaces:team", space.name, team.pk)
            if request.POST.get("action") == "add" and add_form.is_valid():
                member = get_object_or_404(
                    space.memberships.select_related("user"), user_id=add_form.cleaned_data["user"]
                )
                services.team_member_add(team=team, user=member.user, by=request.user)
                messages.success(request, f"{member.user.display_name} was added to {team.name}.")
                return redirect("spaces:team", space.name, team.pk)
        except DomainError as error:
            add_domain_error(rename_form if request.POST.get("action") == "rename" else add_form, error)
    return render_space(
        request,
        "spaces/team_detail.html",
        space,
        "teams",
        {
            "team": team,
            "team_members": team.members.order_by("name"),
            "rename_form": rename_form,
            "add_form": add_form,
            "can_manage": can_manage,
        },
    )


@require_POST
@in_space
def team_delete(request, space, team_id):
    team = get_object_or_404(space.teams, pk=team_id)
    try:
        services.team_delete(team=team, by=request.user)
    except DomainError as error:
        _error_banner(request, error)
        return redirect("spaces:team", space.name, team.pk)
    messages.success(request, f"Team {team.name} was deleted.")
    return redirect("spaces:teams", space.name)


@require_POST
@in_space
def team_member_remove(request, space, team_id, user_id):
    team = get_object_or_404(space.teams, pk=team_id)
    user = get_object_or_404(team.members, pk=user_id)
    try:
        services.team_member_remove(team=team, user=user, by=request.user)
    except DomainError as error:
        _error_banner(request, error)
    else:
        messages.success(request, f"{user.display_name} was removed from {team.name}.")
    return redirect("spaces:team", space.name, team.pk)


# Activity ---------------------------------------------------------------------------------------


@in_space
def activity(request, space):
    permissions.require(request.user, "activity.view", space=space)
    log = space.activity.all()
    form = ActivityFilterForm(
        request.GET or None,
        actors=log.order_by("actor_name").values_list("actor_name", flat=True).distinct(),
        events=log.order_by("event_name").values_list("event_name", flat=True).distinct(),
        projects=log.exclude(project_name="")
        .order_by("project_name")
        .values_list("project_name", flat=True)
        .distinct(),
    )
    filters = {}
    if form.is_bound and not form.is_valid():
        # Keep the filters that are valid; a bad time range drops only the time range.
        filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors and k not in ("since", "until")}
    elif form.is_bound:
        filters = form.cleaned_data
    events = selectors.activity_of(space, **{k: v for k, v in filters.items() if v})
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_space(
        request, "spaces/activity.html", space, "activity", {"form": form, "page_obj": page, "query": query.urlencode()}
    )


# AWS accounts: the pages are in connection_views.py.
