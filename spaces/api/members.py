"""Members and invitations: the space's members, their roles and removal; inviting, cancelling,
and answering an invitation (the caller's own)."""

from rest_framework import serializers, status
from rest_framework.response import Response

from catalyst_admin.rest import CatalystApi, StrictSerializer, documented, page_of
from spaces import permissions, selectors, services
from spaces.models import Invitation
from spaces.rest import PersonOutput, SpaceApi, one_of
from spaces.roles import ProjectRole, SpaceRole


class MemberOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    user = PersonOutput()
    role = serializers.ChoiceField(choices=SpaceRole.choices)
    source = serializers.CharField()
    joined_at = serializers.DateTimeField()


class SpaceRoleInput(StrictSerializer):
    role = serializers.ChoiceField(choices=SpaceRole.choices)


class MemberListApi(SpaceApi):
    cursor_ordering = ("pk",)

    @documented("List a space's members", responses={200: page_of(MemberOutput)}, errors=(400, 404))
    def get(self, request, space_name):
        return self.paginated(selectors.space_members(self.space), MemberOutput)


class MemberApi(SpaceApi):
    def _membership(self, membership_id):
        return one_of(
            self.space.memberships.select_related("user"), "No member with that id in this space.", pk=membership_id
        )

    @documented(
        "Change a member's space role (Space administrator or Power user; Space administrators only by a Space "
        "administrator)",
        request=SpaceRoleInput,
        responses={200: MemberOutput},
        errors=(403, 404),
    )
    def patch(self, request, space_name, membership_id):
        membership = self._membership(membership_id)
        role = request.data.get("role", "") if isinstance(request.data, dict) else ""
        services.member_change_role_authorize(
            membership=membership, role=role if isinstance(role, str) else "", by=request.user
        )
        data = SpaceRoleInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.member_change_role(
            membership=membership, role=data.validated_data["role"], by=request.user
        )
        return Response(MemberOutput(membership).data)

    @documented("Remove a member from the space", responses={204: None}, errors=(400, 403, 404))
    def delete(self, request, space_name, membership_id):
        services.member_remove(membership=self._membership(membership_id), by=request.user)
        permissions.forget_roles(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    space = serializers.CharField(source="space.name")
    project = serializers.CharField(source="project.name", allow_null=True, default=None)
    role = serializers.CharField(source="role_label")
    status = serializers.ChoiceField(choices=Invitation.Status.choices)
    invited_by = serializers.CharField(source="invited_by.display_name", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class SpaceInvitationInput(StrictSerializer):
    email = serializers.CharField(max_length=254)
    role = serializers.ChoiceField(choices=[SpaceRole.SPACE_ADMINISTRATOR, SpaceRole.POWER_USER])


class ProjectInvitationInput(StrictSerializer):
    email = serializers.CharField(max_length=254)
    role = serializers.ChoiceField(choices=ProjectRole.choices)


class InvitationListApi(SpaceApi):
    cursor_ordering = ("-created_at", "pk")

    @documented(
        "List a space's pending invitations (Space administrator or Power user)",
        responses={200: page_of(InvitationOutput)},
        errors=(400, 403, 404),
    )
    def get(self, request, space_name):
        permissions.require(request.user, "members.manage", space=self.space)
        return self.paginated(selectors.pending_invitations(self.space), InvitationOutput)

    @documented(
        "Invite a person by email to the space (valid 24 hours)",
        request=SpaceInvitationInput,
        responses={201: InvitationOutput},
        errors=(403, 404),
    )
    def post(self, request, space_name):
        role = request.data.get("role", "") if isinstance(request.data, dict) else ""
        services.invitation_create_authorize(
            space=self.space, role=role if isinstance(role, str) else "", by=request.user
        )
        data = SpaceInvitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.invitation_create(space=self.space, **data.validated_data, by=request.user)
        return Response(InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)


class ProjectInvitationApi(SpaceApi):
    @documented(
        "Invite a person by email to a project (Project administrator; valid 24 hours)",
        request=ProjectInvitationInput,
        responses={201: InvitationOutput},
        errors=(403, 404),
    )
    def post(self, request, space_name, project_name):
        project = selectors.project_for(request.user, self.space, project_name)
        permissions.require(request.user, "project.members.manage", space=self.space, project=project)
        data = ProjectInvitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.project_invitation_create(project=project, **data.validated_data, by=request.user)
        return Response(InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)


class InvitationCancelApi(SpaceApi):
    @documented("Cancel a pending invitation", responses={204: None}, errors=(400, 403, 404))
    def delete(self, request, space_name, invitation_id):
        invitation = one_of(
            self.space.invitations.select_related("project"),
            "No invitation with that id in this space.",
            pk=invitation_id,
        )
        services.invitation_cancel(invitation=invitation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _my_invitation(request, invitation_id) -> Invitation:
    """An invitation addressed to the caller's email; anyone else's is a 404."""
    return one_of(
        Invitation.objects.select_related("space", "project", "invited_by"),
        "No invitation with that id was sent to you.",
        pk=invitation_id,
        email__iexact=request.user.email or "-",
    )


class MyInvitationListApi(CatalystApi):
    cursor_ordering = ("-created_at", "pk")

    @documented("List the invitations you can answer", responses={200: page_of(InvitationOutput)}, errors=(400,))
    def get(self, request):
        return self.paginated(selectors.invitations_for(request.user), InvitationOutput)


class MembershipOutput(serializers.Serializer):
    space = serializers.CharField(source="space.name")
    role = serializers.ChoiceField(choices=SpaceRole.choices)


class InvitationAcceptApi(CatalystApi):
    @documented(
        "Accept an invitation sent to you", request=None, responses={200: MembershipOutput}, errors=(400, 403, 404)
    )
    def post(self, request, invitation_id):
        membership = services.invitation_accept(invitation=_my_invitation(request, invitation_id), user=request.user)
        return Response(MembershipOutput(membership).data)


class InvitationDeclineApi(CatalystApi):
    @documented("Decline an invitation sent to you", request=None, responses={204: None}, errors=(400, 403, 404))
    def post(self, request, invitation_id):
        services.invitation_decline(invitation=_my_invitation(request, invitation_id), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
