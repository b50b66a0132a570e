"""Writes on invitations to a space or a project: sending (24 hours, daily limits, an email with
the link), accepting, declining and cancelling.

Only a Builder ID whose email address is verified and is the invited one answers an invitation:
a Builder ID space is for Builder IDs, and an SSO user whose directory email happens to match is
someone else's identity (their space memberships come from IAM Identity Center).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from catalyst_admin.errors import DomainError, Forbidden
from spaces import permissions
from spaces.activity import activity_record
from spaces.models import Invitation, Project, ProjectMembership, Space, SpaceMembership
from spaces.roles import ProjectRole, SpaceRole
from spaces.services.members import refuse_if_federated

INVITATION_LIFETIME = timedelta(hours=24)
MAX_INVITATIONS_PER_ADDRESS_PER_DAY = 25
MAX_INVITATIONS_PER_INVITER_PER_DAY = 500


def _check_invitation_limits(*, email: str, by) -> None:
    # Lock the inviter's row so that simultaneous invitations are counted one after the other.
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    day_ago = timezone.now() - timedelta(days=1)
    if Invitation.objects.filter(email__iexact=email, created_at__gte=day_ago).count() >= (
        MAX_INVITATIONS_PER_ADDRESS_PER_DAY
    ):
        raise DomainError(
            f"{email} has already been sent {MAX_INVITATIONS_PER_ADDRESS_PER_DAY} invitations today. "
            "Try again tomorrow.",
            field="email",
        )
    if Invitation.objects.filter(invited_by=by, created_at__gte=day_ago).count() >= (
        MAX_INVITATIONS_PER_INVITER_PER_DAY
    ):
        raise DomainError(
            f"You have sent {MAX_INVITATIONS_PER_INVITER_PER_DAY} invitations today, the most allowed in a day. "
            "Try again tomorrow."
        )


def _invitation_email_send(invitation: Invitation) -> None:
    """Email the invited address, once the invitation is committed: the space (and project), who
    invites, the role, how long it is valid, and the link to answer it."""
    body = render_to_string(
        "spaces/email/invitation.txt",
        {
            "invitation": invitation,
            "inviter": invitation.invited_by.display_name,
            "hours": int(INVITATION_LIFETIME.total_seconds() // 3600),
            "answer_url": settings.SITE_URL + reverse("spaces:invitation", args=[invitation.pk]),
            "signup_url": settings.SITE_URL + reverse("identity:signup"),
        },
    )
    where = f"{invitation.project.name} in {invitation.space.name}" if invitation.project_id else invitation.space.name
    subject = f"{invitation.invited_by.display_name} invited you to {where} in Amazon CodeCatalyst"
    recipient = invitation.email
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient]))


def _normalise_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("Enter a valid email address, such as name@example.com.", field="email") from None
    return email


def invitation_create_authorize(*, space: Space, role: str, by) -> None:
    """Whether ``by`` may invite to ``space`` with ``role``: asked before the form is read, so a
    refusal is a 403, not a form error."""
    permissions.require(by, "members.manage", space=space)
    if role == SpaceRole.SPACE_ADMINISTRATOR:
        permissions.require(by, "space_admins.manage", space=space)


@transaction.atomic
def invitation_create(*, space: Space, email: str, role: str, by) -> Invitation:
    """Invite a person by email to the space with a space role; valid for 24 hours."""
    invitation_create_authorize(space=space, role=role, by=by)
    refuse_if_federated(space, "invite members")
    email = _normalise_email(email)
    if role not in (SpaceRole.SPACE_ADMINISTRATOR, SpaceRole.POWER_USER):
        raise DomainError("Choose Space administrator or Power user.", field="role")
    if space.memberships.filter(user__email__iexact=email).exclude(role=SpaceRole.LIMITED_ACCESS).exists():
        raise DomainError(f"{email} is already a member of this space.", field="email")
    if space.invitations.filter(
        email__iexact=email, project__isnull=True, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).exists():
        raise DomainError(
            f"{email} already has a pending invitation to this space. Cancel it first to send a new one.",
            field="email",
        )
    _check_invitation_limits(email=email, by=by)
    invitation = Invitation.objects.create(
        space=space, email=email, space_role=role, invited_by=by, expires_at=timezone.now() + INVITATION_LIFETIME
    )
    activity_record(
        space=space,
        event_name="CreateInvitation",
        description=f"Invited {email} as {SpaceRole(role).label}",
        user=by,
    )
    _invitation_email_send(invitation)
    return invitation


@transaction.atomic
def project_invitation_create(*, project: Project, email: str, role: str, by) -> Invitation:
    """Invite a person by email to a project with a project role; valid for 24 hours."""
    space = project.space
    permissions.require(by, "project.members.manage", space=space, project=project)
    refuse_if_federated(space, "invite members")
    email = _normalise_email(email)
    if role not in ProjectRole.values:
        raise DomainError("Choose a project role.", field="role")
    if project.memberships.filter(user__email__iexact=email).exists():
        raise DomainError(f"{email} is already a member of this project.", field="email")
    if project.invitations.filter(
        email__iexact=email, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).exists():
        raise DomainError(f"{email} already has a pending invitation to this project.", field="email")
    _check_invitation_limits(email=email, by=by)
    invitation = Invitation.objects.create(
        space=space,
        project=project,
        email=email,
        project_role=role,
        invited_by=by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    activity_record(
        space=space,
        project=project,
        event_name="CreateProjectInvitation",
        description=f"Invited {email} to {project.name} as {ProjectRole(role).label}",
        user=by,
    )
    _invitation_email_send(invitation)
    return invitation


def invitation_answerer_check(user) -> None:
    """Refuse anyone but a Builder ID with a verified email address: who may answer invitations."""
    if user.kind == user.Kind.SSO:
        raise DomainError(
            "You are signed in with SSO. Invitations are to spaces of AWS Builder IDs: sign out, then sign in "
            "with your AWS Builder ID to answer this invitation. The spaces SSO users belong to are managed "
            "through IAM Identity Center."
        )
    if user.kind != user.Kind.BUILDER_ID:
        raise DomainError("Only an AWS Builder ID can answer an invitation. Sign in with your AWS Builder ID.")
    if user.email_verified_at is None:
        raise DomainError("Verify your email address before you answer an invitation.")


def _answerable(invitation: Invitation, user) -> Invitation:
    # of=self: PostgreSQL cannot lock the nullable side (project) of the outer join.
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("space", "project").get(pk=invitation.pk)
    )
    if invitation.email.lower() != (user.email or "").lower():
        raise Forbidden("This invitation was sent to another email address.")
    invitation_answerer_check(user)
    if invitation.status != Invitation.Status.PENDING:
        raise DomainError(f"This invitation has already been {invitation.get_status_display().lower()}.")
    if invitation.expires_at <= timezone.now() or invitation.space.deleted_at:
        raise DomainError(
            "This invitation has expired. Invitations are valid for 24 hours: ask the person who invited you "
            "to send a new one."
        )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> SpaceMembership:
    """Join the space (and project) of the invitation. A project invitation gives Limited access
    to a person who is not yet a member of the space."""
    invitation = _answerable(invitation, user)
    space = invitation.space
    membership = SpaceMembership.objects.filter(space=space, user=user).first()
    if invitation.project_id is None:
        promotes = membership is not None and (
            membership.role == SpaceRole.LIMITED_ACCESS
            or (membership.role == SpaceRole.POWER_USER and invitation.space_role == SpaceRole.SPACE_ADMINISTRATOR)
        )
        if promotes:
            membership.role = invitation.space_role
            membership.source = SpaceMembership.Source.DIRECT
            membership.save(update_fields=["role", "source"])
        elif membership is None:
            membership = SpaceMembership.objects.create(space=space, user=user, role=invitation.space_role)
    else:
        if membership is None:
            membership = SpaceMembership.objects.create(
                space=space, user=user, role=SpaceRole.LIMITED_ACCESS, source=SpaceMembership.Source.PROJECT
            )
        ProjectMembership.objects.update_or_create(
            project=invitation.project, user=user, defaults={"role": invitation.project_role}
        )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.save(update_fields=["status"])
    permissions.forget_roles(user)
    activity_record(
        space=space,
        project=invitation.project,
        event_name="AcceptInvitation",
        description=f"{user.display_name} joined as {invitation.role_label}",
        user=user,
    )
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user) -> None:
    invitation = _answerable(invitation, user)
    invitation.status = Invitation.Status.DECLINED
    invitation.save(update_fields=["status"])
    activity_record(
        space=invitation.space,
        project=invitation.project,
        event_name="DeclineInvitation",
        description=f"{user.display_name} declined the invitation",
        user=user,
    )


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by) -> None:
    # of=self: PostgreSQL cannot lock the nullable side (project) of the outer join.
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("space", "project").get(pk=invitation.pk)
    )
    space = invitation.space
    if invitation.project_id:
        permissions.require(by, "project.members.manage", space=space, project=invitation.project)
    else:
        permissions.require(by, "members.manage", space=space)
        # Only Space administrators invite Space administrators, so only they cancel such an invitation.
        if invitation.space_role == SpaceRole.SPACE_ADMINISTRATOR:
            permissions.require(by, "space_admins.manage", space=space)
    if invitation.status != Invitation.Status.PENDING:
        raise DomainError("Only a pending invitation can be cancelled.")
    invitation.status = Invitation.Status.CANCELLED
    invitation.save(update_fields=["status"])
    activity_record(
        space=space,
        project=invitation.project,
        event_name="CancelInvitation",
        description=f"Cancelled the invitation of {invitation.email}",
        user=by,
    )
