"""Teams: the list, a team's page, importing an SSO group as a team, removal."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from spaces import permissions, selectors, services
from spaces.forms import TeamForm, TeamMemberForm
from spaces.pages import error_banner, in_space, render_space


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
        error_banner(request, error)
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
        error_banner(request, error)
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
        error_banner(request, error)
    else:
        messages.success(request, f"{user.display_name} was removed from {team.name}.")
    return redirect("spaces:team", space.name, team.pk)
