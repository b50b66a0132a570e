"""Teams and team members, and the space's activity log (filtered like the page)."""

from rest_framework import serializers, status
from rest_framework.response import Response

from catalyst_admin.rest import StrictSerializer, documented, id_field, page_of
from spaces import permissions, selectors, services
from spaces.rest import PersonOutput, SpaceApi, one_of


class TeamOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    description = serializers.CharField()
    created_at = serializers.DateTimeField()


class TeamCreateInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TeamRenameInput(StrictSerializer):
    name = serializers.CharField(max_length=200)


class TeamMemberInput(StrictSerializer):
    user_id = id_field(help_text="The id of a member of the space (see the members list).")


class TeamListApi(SpaceApi):
    cursor_ordering = ("name", "pk")

    @documented("List a space's teams", responses={200: page_of(TeamOutput)}, errors=(400, 404))
    def get(self, request, space_name):
        return self.paginated(selectors.teams_of(self.space), TeamOutput)

    @documented(
        "Create a team (Space administrator)", request=TeamCreateInput, responses={201: TeamOutput}, errors=(403, 404)
    )
    def post(self, request, space_name):
        permissions.require(request.user, "teams.manage", space=self.space)
        data = TeamCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        team = services.team_create(space=self.space, **data.validated_data, by=request.user)
        return Response(TeamOutput(team).data, status=status.HTTP_201_CREATED)


class TeamImportInput(StrictSerializer):
    group = serializers.CharField(
        max_length=100, help_text="The group id of an SSO group connected to the space (see the space's sso/)."
    )


class TeamImportApi(SpaceApi):
    @documented(
        "Import an SSO group connected to the space as a team, with its users as of the last sync (Space "
        "administrator; a federated space)",
        request=TeamImportInput,
        responses={201: TeamOutput},
        errors=(403, 404),
    )
    def post(self, request, space_name):
        permissions.require(request.user, "teams.manage", space=self.space)
        data = TeamImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        team = services.team_import_sso_group(space=self.space, group_id=data.validated_data["group"], by=request.user)
        return Response(TeamOutput(team).data, status=status.HTTP_201_CREATED)


class TeamScoped(SpaceApi):
    def team(self, team_id):
        return one_of(self.space.teams, "No team with that id in this space.", pk=team_id)


class TeamApi(TeamScoped):
    @documented("Get a team", responses={200: TeamOutput}, errors=(404,))
    def get(self, request, space_name, team_id):
        return Response(TeamOutput(self.team(team_id)).data)

    @documented(
        "Rename a team (Space administrator)", request=TeamRenameInput, responses={200: TeamOutput}, errors=(403, 404)
    )
    def patch(self, request, space_name, team_id):
        team = self.team(team_id)
        permissions.require(request.user, "teams.manage", space=self.space)
        data = TeamRenameInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            TeamOutput(services.team_rename(team=team, name=data.validated_data["name"], by=request.user)).data
        )

    @documented("Delete a team (Space administrator)", responses={204: None}, errors=(400, 403, 404))
    def delete(self, request, space_name, team_id):
        services.team_delete(team=self.team(team_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TeamMemberListApi(TeamScoped):
    cursor_ordering = ("pk",)

    @documented("List a team's members", responses={200: page_of(PersonOutput)}, errors=(400, 404))
    def get(self, request, space_name, team_id):
        return self.paginated(self.team(team_id).members.all(), PersonOutput)

    @documented(
        "Add a space member to a team (Space administrator)",
        request=TeamMemberInput,
        responses={201: PersonOutput},
        errors=(403, 404),
    )
    def post(self, request, space_name, team_id):
        team = self.team(team_id)
        permissions.require(request.user, "teams.manage", space=self.space)
        data = TeamMemberInput(data=request.data)
        data.is_valid(raise_exception=True)
        member = one_of(
            self.space.memberships.select_related("user"),
            "No member of this space has that id.",
            user_id=data.validated_data["user_id"],
        )
        services.team_member_add(team=team, user=member.user, by=request.user)
        return Response(PersonOutput(member.user).data, status=status.HTTP_201_CREATED)


class TeamMemberApi(TeamScoped):
    @documented("Remove a person from a team (Space administrator)", responses={204: None}, errors=(400, 403, 404))
    def delete(self, request, space_name, team_id, user_id):
        team = self.team(team_id)
        user = one_of(team.members.all(), "No member of this team has that id.", pk=user_id)
        services.team_member_remove(team=team, user=user, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActivityOutput(serializers.Serializer):
    id = serializers.UUIDField()
    event_name = serializers.CharField()
    description = serializers.CharField()
    actor_name = serializers.CharField()
    project_name = serializers.CharField()
    created_at = serializers.DateTimeField()
    source_ip = serializers.CharField(allow_null=True)
    user_agent = serializers.CharField()
    read_only = serializers.BooleanField()


class ActivityFilter(StrictSerializer):
    actor = serializers.CharField(required=False, max_length=300, help_text="A person's display name.")
    event_name = serializers.CharField(required=False, max_length=80)
    project = serializers.CharField(required=False, max_length=63, help_text="A project's name.")
    since = serializers.DateTimeField(required=False, help_text="From (inclusive), ISO 8601.")
    until = serializers.DateTimeField(required=False, help_text="To (exclusive), ISO 8601.")
    cursor = serializers.CharField(required=False)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)

    def validate(self, data):
        if data.get("since") and data.get("until") and data["since"] >= data["until"]:
            raise serializers.ValidationError({"since": ["The start of the time range must be before its end."]})
        return data


class ActivityApi(SpaceApi):
    cursor_ordering = ("-created_at", "-id")

    @documented(
        "List a space's activity (Space administrator or Power user), newest first",
        parameters=[ActivityFilter],
        responses={200: page_of(ActivityOutput)},
        errors=(400, 403, 404),
    )
    def get(self, request, space_name):
        permissions.require(request.user, "activity.view", space=self.space)
        filters = ActivityFilter(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        wanted = {k: v for k, v in filters.validated_data.items() if k not in ("cursor", "page_size")}
        return self.paginated(selectors.activity_of(self.space, **wanted), ActivityOutput)
