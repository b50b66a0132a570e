"""Settings → AWS accounts as endpoints."""

from django.urls import path
from django.utils.cache import add_never_cache_headers
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.connections import selectors, services
from accounts.connections.models import AccountConnection
from catalyst_admin.rest import StrictSerializer, documented, id_field, page_of
from spaces import permissions
from spaces.rest import SpaceApi, one_of


class ConnectionOutput(serializers.Serializer):
    connection_id = serializers.UUIDField()
    aws_account_id = serializers.CharField()
    display_name = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=AccountConnection.Status.choices)
    is_billing_account = serializers.BooleanField()
    paid_tiers_authorized = serializers.BooleanField()
    project_restricted = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    verified_at = serializers.DateTimeField(allow_null=True)


class ConnectionRoleOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="role.name")
    arn = serializers.CharField(source="role.arn")
    added_at = serializers.DateTimeField()


class ProjectAccessOutput(serializers.Serializer):
    project_id = serializers.IntegerField(source="project.pk")
    project = serializers.CharField(source="project.name")
    granted_at = serializers.DateTimeField()


class ConnectionDetailOutput(ConnectionOutput):
    roles = ConnectionRoleOutput(many=True)
    project_access = ProjectAccessOutput(many=True)


class ConnectionCreatedOutput(ConnectionOutput):
    token = serializers.CharField(
        help_text="The connection token (valid 24 hours, usable once): shown in this response only."
    )


class ConnectionTokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text="The new connection token: shown in this response only.")


class ConnectionRequestInput(StrictSerializer):
    aws_account_id = serializers.CharField(max_length=40)
    display_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RoleInput(StrictSerializer):
    role_arn = serializers.CharField(max_length=2048)


class RestrictionInput(StrictSerializer):
    project_ids = serializers.ListField(child=id_field(), allow_empty=False, max_length=100)


def _detail(connection) -> dict:
    data = ConnectionOutput(connection).data
    data["roles"] = ConnectionRoleOutput(selectors.connection_roles(connection), many=True).data
    data["project_access"] = ProjectAccessOutput(selectors.project_access_of(connection), many=True).data
    return data


class ConnectionListApi(SpaceApi):
    cursor_ordering = ("display_name", "pk")

    @documented(
        "List the space's AWS account connections (Space administrator or Power user)",
        responses={200: page_of(ConnectionOutput)},
        errors=(403, 404),
    )
    def get(self, request, space_name):
        return self.paginated(selectors.connections_of(request.user, self.space), ConnectionOutput)

    @documented(
        "Add an AWS account: request a connection (the connection token is in this response only)",
        request=ConnectionRequestInput,
        responses={201: ConnectionCreatedOutput},
        errors=(402, 403, 404, 409),
    )
    def post(self, request, space_name):
        permissions.require(request.user, "connections.manage", space=self.space)
        data = ConnectionRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        connection = services.connection_request_create(
            space=self.space, **data.validated_data, requested_by=request.user
        )
        shown = selectors.connection_for(request.user, self.space, connection.connection_id)
        response = Response({**ConnectionOutput(shown).data, "token": connection.new_token}, status=201)
        add_never_cache_headers(response)
        return response


class ConnectionScoped(SpaceApi):
    def connection(self, request, connection_id):
        return selectors.connection_for(request.user, self.space, connection_id)


class ConnectionDetailApi(ConnectionScoped):
    @documented(
        "Get an AWS account connection with its IAM roles and project access",
        responses={200: ConnectionDetailOutput},
        errors=(403, 404),
    )
    def get(self, request, space_name, connection_id):
        return Response(_detail(self.connection(request, connection_id)))


class ConnectionTokenApi(ConnectionScoped):
    @documented(
        "Regenerate the connection token of a pending connection (earlier tokens stop working)",
        request=None,
        responses={201: ConnectionTokenOutput},
        errors=(400, 403, 404),
    )
    def post(self, request, space_name, connection_id):
        token = services.connection_token_regenerate(
            connection=self.connection(request, connection_id), by=request.user
        )
        response = Response({"token": token}, status=status.HTTP_201_CREATED)
        add_never_cache_headers(response)
        return response


class ConnectionRoleListApi(ConnectionScoped):
    @documented(
        "Add an IAM role of the connected account to the connection",
        request=RoleInput,
        responses={201: ConnectionRoleOutput},
        errors=(403, 404),
    )
    def post(self, request, space_name, connection_id):
        connection = self.connection(request, connection_id)
        permissions.require(request.user, "connections.manage", space=self.space)
        data = RoleInput(data=request.data)
        data.is_valid(raise_exception=True)
        association = services.connection_role_add(
            connection=connection, role_arn=data.validated_data["role_arn"], by=request.user
        )
        return Response(ConnectionRoleOutput(association).data, status=status.HTTP_201_CREATED)


class ConnectionRoleApi(ConnectionScoped):
    @documented("Remove an IAM role from the connection", responses={204: None}, errors=(400, 403, 404))
    def delete(self, request, space_name, connection_id, association_id):
        connection = self.connection(request, connection_id)
        association = one_of(
            connection.roles.select_related("role__account"),
            "No IAM role with that id on this connection.",
            pk=association_id,
        )
        services.connection_role_remove(association=association, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RestrictionsApi(ConnectionScoped):
    @documented(
        "Enable project restrictions: only the chosen projects may use the connection (added to those allowed)",
        request=RestrictionInput,
        responses={200: ConnectionDetailOutput},
        errors=(403, 404),
    )
    def post(self, request, space_name, connection_id):
        connection = self.connection(request, connection_id)
        permissions.require(request.user, "connections.manage", space=self.space)
        data = RestrictionInput(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = set(data.validated_data["project_ids"])
        projects = list(self.space.projects.filter(pk__in=wanted))
        if len(projects) != len(wanted):
            raise serializers.ValidationError({"project_ids": ["No project with one of those ids in this space."]})
        services.connection_project_access_enable(connection=connection, projects=projects, by=request.user)
        return Response(_detail(self.connection(request, connection_id)))

    @documented(
        "Disable project restrictions: every project may use the connection",
        responses={204: None},
        errors=(400, 403, 404),
    )
    def delete(self, request, space_name, connection_id):
        services.connection_restrictions_disable(connection=self.connection(request, connection_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectRestrictionApi(ConnectionScoped):
    @documented("Disable a project's access to a restricted connection", responses={204: None}, errors=(400, 403, 404))
    def delete(self, request, space_name, connection_id, project_id):
        connection = self.connection(request, connection_id)
        project = one_of(self.space.projects, "No project with that id in this space.", pk=project_id)
        services.connection_project_access_disable(connection=connection, project=project, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


S = "spaces/<str:space_name>/aws-accounts/"
C = S + "<uuid:connection_id>/"

urlpatterns = [
    path(S, ConnectionListApi.as_view(), name="connections"),
    path(C, ConnectionDetailApi.as_view(), name="connection"),
    path(C + "token/", ConnectionTokenApi.as_view(), name="connection-token"),
    path(C + "roles/", ConnectionRoleListApi.as_view(), name="connection-roles"),
    path(C + "roles/<int:association_id>/", ConnectionRoleApi.as_view(), name="connection-role"),
    path(C + "restrictions/", RestrictionsApi.as_view(), name="connection-restrictions"),
    path(C + "restrictions/<int:project_id>/", ProjectRestrictionApi.as_view(), name="connection-restriction"),
]
