"""Spaces, projects and project members."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.response import Response

from catalyst_admin.rest import CatalystApi, StrictSerializer, documented, page_of
from spaces import permissions, selectors, services
from spaces.models import Region
from spaces.rest import PersonOutput, SpaceApi, one_of
from spaces.roles import ProjectRole

CONFIRM_NAME = OpenApiParameter(
    "confirm_name", str, OpenApiParameter.QUERY, required=True, description="The name, typed to confirm."
)


class SpaceOutput(serializers.Serializer):
    name = serializers.CharField()
    region = serializers.CharField()
    description = serializers.CharField()
    kind = serializers.CharField()
    created_at = serializers.DateTimeField()
    my_role = serializers.SerializerMethodField()

    def get_my_role(self, space) -> str:
        return getattr(space, "my_role", None) or permissions.space_role(self.context["user"], space)


class SpaceCreateInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    region = serializers.ChoiceField(choices=Region.choices)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    billing_account_id = serializers.CharField(max_length=40, help_text="The 12-digit AWS account that pays.")


class SpaceUpdateInput(StrictSerializer):
    description = serializers.CharField(max_length=200, allow_blank=True)


class SpaceListApi(CatalystApi):
    cursor_ordering = ("name",)

    @documented("List your spaces", responses={200: page_of(SpaceOutput)}, errors=(400,))
    def get(self, request):
        return self.paginated(selectors.spaces_visible_to(request.user), SpaceOutput, user=request.user)

    @documented(
        "Create a space (AWS Builder ID; you become its Space administrator)",
        request=SpaceCreateInput,
        responses={201: SpaceOutput},
        errors=(402, 409),
    )
    def post(self, request):
        data = SpaceCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        space = services.space_create(**data.validated_data, created_by=request.user)
        return Response(SpaceOutput(space, context={"user": request.user}).data, status=status.HTTP_201_CREATED)


class SpaceDetailApi(SpaceApi):
    @documented("Get a space", responses={200: SpaceOutput}, errors=(404,))
    def get(self, request, space_name):
        return Response(SpaceOutput(self.space, context={"user": request.user}).data)

    @documented(
        "Change a space's description (Space administrator)",
        request=SpaceUpdateInput,
        responses={200: SpaceOutput},
        errors=(403, 404),
    )
    def patch(self, request, space_name):
        permissions.require(request.user, "space.edit", space=self.space)
        data = SpaceUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        space = services.space_update(space=self.space, description=data.validated_data["description"], by=request.user)
        return Response(SpaceOutput(space, context={"user": request.user}).data)

    @documented(
        "Delete a space (Space administrator; its name can never be used again)",
        parameters=[CONFIRM_NAME],
        responses={204: None},
        errors=(400, 403, 404),
    )
    def delete(self, request, space_name):
        services.space_delete(
            space=self.space, confirm_name=request.query_params.get("confirm_name", ""), by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectOutput(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    created_at = serializers.DateTimeField()


class ProjectCreateInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ProjectListApi(SpaceApi):
    cursor_ordering = ("name",)

    @documented("List the projects you can see in a space", responses={200: page_of(ProjectOutput)}, errors=(400, 404))
    def get(self, request, space_name):
        return self.paginated(selectors.projects_visible_to(request.user, self.space), ProjectOutput)

    @documented(
        "Create a project (Space administrator or Power user)",
        request=ProjectCreateInput,
        responses={201: ProjectOutput},
        errors=(402, 403, 404, 409),
    )
    def post(self, request, space_name):
        permissions.require(request.user, "projects.create", space=self.space)
        data = ProjectCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_create(space=self.space, **data.validated_data, by=request.user)
        return Response(ProjectOutput(project).data, status=status.HTTP_201_CREATED)


class ProjectDetailApi(SpaceApi):
    @documented("Get a project", responses={200: ProjectOutput}, errors=(403, 404))
    def get(self, request, space_name, project_name):
        return Response(ProjectOutput(selectors.project_for(request.user, self.space, project_name)).data)

    @documented(
        "Delete a project (Project administrator)",
        parameters=[CONFIRM_NAME],
        responses={204: None},
        errors=(400, 403, 404),
    )
    def delete(self, request, space_name, project_name):
        project = selectors.project_for(request.user, self.space, project_name)
        services.project_delete(
            project=project, confirm_name=request.query_params.get("confirm_name", ""), by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectMemberOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    user = PersonOutput()
    role = serializers.ChoiceField(choices=ProjectRole.choices)
    joined_at = serializers.DateTimeField()


class ProjectRoleInput(StrictSerializer):
    role = serializers.ChoiceField(choices=ProjectRole.choices)


class ProjectMemberListApi(SpaceApi):
    cursor_ordering = ("pk",)

    @documented("List a project's members", responses={200: page_of(ProjectMemberOutput)}, errors=(400, 403, 404))
    def get(self, request, space_name, project_name):
        project = selectors.project_for(request.user, self.space, project_name)
        return self.paginated(selectors.project_members(project), ProjectMemberOutput)


class ProjectMemberApi(SpaceApi):
    def _membership(self, request, project_name, membership_id):
        project = selectors.project_for(request.user, self.space, project_name)
        return one_of(
            project.memberships.select_related("user"), "No member with that id in this project.", pk=membership_id
        )

    @documented(
        "Change a project member's role (Project administrator)",
        request=ProjectRoleInput,
        responses={200: ProjectMemberOutput},
        errors=(403, 404),
    )
    def patch(self, request, space_name, project_name, membership_id):
        membership = self._membership(request, project_name, membership_id)
        services.project_member_change_role_authorize(membership=membership, by=request.user)
        data = ProjectRoleInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.project_member_change_role(
            membership=membership, role=data.validated_data["role"], by=request.user
        )
        return Response(ProjectMemberOutput(membership).data)

    @documented("Remove a member from a project (Project administrator)", responses={204: None}, errors=(400, 403, 404))
    def delete(self, request, space_name, project_name, membership_id):
        services.project_member_remove(
            membership=self._membership(request, project_name, membership_id), by=request.user
        )
        permissions.forget_roles(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
