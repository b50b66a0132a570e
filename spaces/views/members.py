"""Members and invitations: the members page, roles, removal, and answering an invitation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from spaces import permissions, selectors, services
from spaces.forms import SpaceInviteForm, SpaceRoleForm
from spaces.models import Invitation
from spaces.pages import error_banner, in_space, render_space

PAGE_SIZE = 25


@in_space
def member_list(request, space):
    can_manage = permissions.can(request.user, "members.manage", space=space)
    form = SpaceInviteForm(request.POST or None)
    if not permissions.can(request.user, "space_admins.manage", space=space):
        form.fields["role"].choices = [c for c in form.fields["role"].choices if c[0] != "space_admin"]
    if request.method == "POST":
        services.invitation_create_authorize(space=space, role=request.POST.get("role", ""), by=request.user)
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
    page = Paginator(selectors.space_member_listing(space), PAGE_SIZE).get_page(request.GET.get("page"))
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
            "invitations": selectors.pending_invitation_list(space) if can_manage else [],
            "role_form": SpaceRoleForm(
                can_manage_admins=permissions.can(request.user, "space_admins.manage", space=space)
            ),
        },
    )


@require_POST
@in_space
def member_role(request, space, membership_id):
    membership = get_object_or_404(space.memberships.select_related("user"), pk=membership_id)
    # A refusal (403) comes before the form's own errors.
    services.member_change_role_authorize(membership=membership, role=request.POST.get("role", ""), by=request.user)
    form = SpaceRoleForm(
        request.POST, can_manage_admins=permissions.can(request.user, "space_admins.manage", space=space)
    )
    if form.is_valid():
        try:
            services.member_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
        except DomainError as error:
            error_banner(request, error)
        else:
            messages.success(request, f"{membership.user.display_name} is now {membership.get_role_display()}.")
    else:
        messages.error(
            request,
            " or ".join(", ".join(label for _, label in form.fields["role"].choices).rsplit(", ", 1)).join(
                ["Choose ", "."]
            ),
        )
    return redirect("spaces:members", space.name)


@require_POST
@in_space
def member_remove(request, space, membership_id):
    membership = get_object_or_404(space.memberships.select_related("user"), pk=membership_id)
    try:
        services.member_remove(membership=membership, by=request.user)
    except DomainError as error:
        error_banner(request, error)
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
        error_banner(request, error)
    else:
        messages.success(request, f"The invitation of {invitation.email} was cancelled.")
    if invitation.project_id:
        return redirect("spaces:project", space.name, invitation.project.name)
    return redirect("spaces:members", space.name)


def _my_invitation(request, invitation_id):
    return get_object_or_404(
        Invitation.objects.select_related("space", "project"), pk=invitation_id, email__iexact=request.user.email or "-"
    )


@login_required
def invitation_detail(request, invitation_id):
    """The page an invitation email links to: the invitation, and Accept / Decline if the signed-in
    person may answer it (a Builder ID with the invited, verified email address)."""
    invitation = _my_invitation(request, invitation_id)
    refusal = None
    if invitation.status != Invitation.Status.PENDING:
        refusal = f"This invitation has already been {invitation.get_status_display().lower()}."
    elif invitation.expires_at <= timezone.now() or invitation.space.deleted_at:
        refusal = (
            "This invitation has expired. Invitations are valid for 24 hours: ask the person who invited you "
            "to send a new one."
        )
    else:
        try:
            services.invitation_answerer_check(request.user)
        except DomainError as error:
            refusal = error.message
    return render(request, "spaces/invitation.html", {"invitation": invitation, "refusal": refusal})


@require_POST
@login_required
def invitation_accept(request, invitation_id):
    invitation = _my_invitation(request, invitation_id)
    try:
        membership = services.invitation_accept(invitation=invitation, user=request.user)
    except DomainError as error:
        error_banner(request, error)
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
        error_banner(request, error)
    else:
        messages.success(request, f"You declined the invitation to {invitation.space.name}.")
    return redirect("spaces:list")
