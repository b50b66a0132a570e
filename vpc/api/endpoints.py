"""Settings → VPC connections as endpoints: list, get, add, edit, remove (with the typed name),
set and remove the default, and run the VPC requirements check. Each calls the same service as
the pages; a failed requirement is a 400 whose message names it."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.response import Response

from catalyst_admin.rest import StrictSerializer, documented, page_of
from spaces import permissions
from spaces.rest import PersonOutput, SpaceApi
from vpc import selectors, services
from vpc.models import VpcRequirementsCheck
from vpc.requirements import STATUSES


def id_list(**kwargs) -> serializers.ListField:
    """EC2 resource IDs; up to 20 taken, so that the service says what is allowed (five security groups)."""
    return serializers.ListField(child=serializers.CharField(max_length=64), max_length=20, **kwargs)


class RequirementOutput(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=STATUSES)
    detail = serializers.CharField()
    troubleshooting = serializers.CharField(help_text="The seed's troubleshooting line, when failed.")
    actions = serializers.ListField(
        child=serializers.CharField(), help_text="The EC2 actions the role would need, when unverifiable."
    )


class CheckOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    checked_at = serializers.DateTimeField()
    checked_by = PersonOutput(allow_null=True)
    verdict = serializers.ChoiceField(choices=VpcRequirementsCheck.Verdict.choices)
    role_arn = serializers.CharField()
    vpc_id = serializers.CharField()
    subnet_ids = serializers.ListField(child=serializers.CharField())
    security_group_ids = serializers.ListField(child=serializers.CharField())
    results = RequirementOutput(many=True)


class VpcConnectionOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    account_connection_id = serializers.UUIDField(source="account_connection.connection_id")
    aws_account_id = serializers.CharField(source="account_connection.aws_account_id")
    account_connection_name = serializers.CharField(source="account_connection.display_name")
    role_arn = serializers.CharField()
    region = serializers.CharField()
    vpc_id = serializers.CharField()
    subnet_ids = serializers.ListField(child=serializers.CharField())
    security_group_ids = serializers.ListField(child=serializers.CharField())
    is_default = serializers.BooleanField()
    created_by = PersonOutput(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    last_check = CheckOutput(allow_null=True)


class AddInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    account_connection_id = serializers.UUIDField(help_text="The AWS account connection's connection_id.")
    role_arn = serializers.CharField(max_length=2048, help_text="An IAM role associated with that connection.")
    vpc_id = serializers.CharField(max_length=64)
    subnet_ids = id_list(help_text="One private subnet per Availability Zone.")
    security_group_ids = id_list(help_text="One to five security groups of the VPC.")


class UpdateInput(StrictSerializer):
    role_arn = serializers.CharField(max_length=2048, required=False)
    subnet_ids = id_list(required=False)
    security_group_ids = id_list(required=False)


TYPED_NAME = OpenApiParameter(
    "typed_name", str, OpenApiParameter.QUERY, required=True, description="The VPC connection's name, typed to confirm."
)


class VpcConnectionListApi(SpaceApi):
    cursor_ordering = ("name", "pk")

    @documented(
        "List the space's VPC connections (Space administrator or Power user)",
        responses={200: page_of(VpcConnectionOutput)},
        errors=(403, 404),
    )
    def get(self, request, space_name):
        return self.paginated(selectors.vpc_connections_of(request.user, self.space), VpcConnectionOutput)

    @documented(
        "Add a VPC connection: the VPC role and the VPC requirements check must pass (a failed requirement is a 400)",
        request=AddInput,
        responses={201: VpcConnectionOutput},
        errors=(402, 403, 404, 409),
    )
    def post(self, request, space_name):
        permissions.require(request.user, "vpc.manage", space=self.space)
        data = AddInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        account_connection = self.space.account_connections.filter(
            connection_id=fields.pop("account_connection_id")
        ).first()
        if account_connection is None:
            raise serializers.ValidationError(
                {"account_connection_id": ["No AWS account connection with that ID in this space."]}
            )
        made = services.vpc_connection_add(
            space=self.space, account_connection=account_connection, **fields, by=request.user
        )
        shown = selectors.vpc_connection_for(request.user, self.space, made.pk)
        return Response(VpcConnectionOutput(shown).data, status=status.HTTP_201_CREATED)


class VpcConnectionScoped(SpaceApi):
    def vpc_connection(self, request, vpc_connection_id):
        return selectors.vpc_connection_for(request.user, self.space, vpc_connection_id)

    def shown(self, request, vpc_connection_id) -> Response:
        return Response(VpcConnectionOutput(self.vpc_connection(request, vpc_connection_id)).data)


class VpcConnectionApi(VpcConnectionScoped):
    @documented("Get a VPC connection with its last requirements check", responses={200: VpcConnectionOutput},
                errors=(403, 404))  # fmt: skip
    def get(self, request, space_name, vpc_connection_id):
        return self.shown(request, vpc_connection_id)

    @documented(
        "Edit a VPC connection's role, subnets or security groups (the check runs again)",
        request=UpdateInput,
        responses={200: VpcConnectionOutput},
        errors=(403, 404),
    )
    def patch(self, request, space_name, vpc_connection_id):
        vpc_connection = self.vpc_connection(request, vpc_connection_id)
        permissions.require(request.user, "vpc.manage", space=self.space)
        data = UpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {
            "role_arn": vpc_connection.role_arn,
            "subnet_ids": vpc_connection.subnet_ids,
            "security_group_ids": vpc_connection.security_group_ids,
            **data.validated_data,
        }
        services.vpc_connection_update(vpc_connection=vpc_connection, **fields, by=request.user)
        return self.shown(request, vpc_connection_id)

    @documented(
        "Remove a VPC connection (type its name to confirm)",
        responses={204: None},
        errors=(400, 403, 404),
        parameters=[TYPED_NAME],
    )
    def delete(self, request, space_name, vpc_connection_id):
        services.vpc_connection_remove(
            vpc_connection=self.vpc_connection(request, vpc_connection_id),
            typed_name=request.query_params.get("typed_name", ""),
            by=request.user,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class VpcConnectionDefaultApi(VpcConnectionScoped):
    @documented(
        "Manage default → Set as default (not on a project-restricted account connection)",
        request=None,
        responses={200: VpcConnectionOutput},
        errors=(400, 403, 404),
    )
    def put(self, request, space_name, vpc_connection_id):
        services.vpc_connection_default_set(
            vpc_connection=self.vpc_connection(request, vpc_connection_id), by=request.user
        )
        return self.shown(request, vpc_connection_id)

    @documented("Manage default → Remove as default", responses={204: None}, errors=(400, 403, 404))
    def delete(self, request, space_name, vpc_connection_id):
        services.vpc_connection_default_remove(
            vpc_connection=self.vpc_connection(request, vpc_connection_id), by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class VpcConnectionCheckApi(VpcConnectionScoped):
    @documented(
        "Check VPC connection: run the VPC requirements check again and record it (also when it fails)",
        request=None,
        responses={201: CheckOutput},
        errors=(400, 403, 404),
    )
    def post(self, request, space_name, vpc_connection_id):
        check = services.vpc_connection_check(
            vpc_connection=self.vpc_connection(request, vpc_connection_id), by=request.user
        )
        return Response(CheckOutput(check).data, status=status.HTTP_201_CREATED)


S = "spaces/<str:space_name>/vpc-connections/"
V = S + "<int:vpc_connection_id>/"

urlpatterns = [
    path(S, VpcConnectionListApi.as_view(), name="vpc-connections"),
    path(V, VpcConnectionApi.as_view(), name="vpc-connection"),
    path(V + "default/", VpcConnectionDefaultApi.as_view(), name="vpc-connection-default"),
    path(V + "checks/", VpcConnectionCheckApi.as_view(), name="vpc-connection-checks"),
]
