"""The spaces app's routes under ``/api/v1/`` (collected by ``catalyst_admin.api``)."""

from django.urls import path

from spaces.api import members, spaces, teams

S = "spaces/<str:space_name>/"
P = S + "projects/<str:project_name>/"

urlpatterns = [
    path("spaces/", spaces.SpaceListApi.as_view(), name="spaces"),
    path(S, spaces.SpaceDetailApi.as_view(), name="space"),
    path(S + "projects/", spaces.ProjectListApi.as_view(), name="projects"),
    path(P, spaces.ProjectDetailApi.as_view(), name="project"),
    path(P + "members/", spaces.ProjectMemberListApi.as_view(), name="project-members"),
    path(P + "members/<int:membership_id>/", spaces.ProjectMemberApi.as_view(), name="project-member"),
    path(P + "invitations/", members.ProjectInvitationApi.as_view(), name="project-invitations"),
    path(S + "members/", members.MemberListApi.as_view(), name="members"),
    path(S + "members/<int:membership_id>/", members.MemberApi.as_view(), name="member"),
    path(S + "invitations/", members.InvitationListApi.as_view(), name="invitations"),
    path(S + "invitations/<uuid:invitation_id>/", members.InvitationCancelApi.as_view(), name="invitation"),
    path("me/invitations/", members.MyInvitationListApi.as_view(), name="my-invitations"),
    path(
        "me/invitations/<uuid:invitation_id>/accept/", members.InvitationAcceptApi.as_view(), name="invitation-accept"
    ),
    path(
        "me/invitations/<uuid:invitation_id>/decline/",
        members.InvitationDeclineApi.as_view(),
        name="invitation-decline",
    ),
    path(S + "teams/", teams.TeamListApi.as_view(), name="teams"),
    path(S + "teams/import/", teams.TeamImportApi.as_view(), name="team-import"),
    path(S + "teams/<int:team_id>/", teams.TeamApi.as_view(), name="team"),
    path(S + "teams/<int:team_id>/members/", teams.TeamMemberListApi.as_view(), name="team-members"),
    path(S + "teams/<int:team_id>/members/<int:user_id>/", teams.TeamMemberApi.as_view(), name="team-member"),
    path(S + "activity/", teams.ActivityApi.as_view(), name="activity"),
]
