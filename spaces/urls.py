"""The CodeCatalyst console's space pages (namespace ``spaces``), with the pages other rooms add to
a space: Settings → AWS accounts (account connections), Settings → SSO (identity federation),
Settings → Billing, Settings → Generative AI with each project's Amazon Q page, and Settings → VPC
connections."""

from django.urls import path

from accounts.connections.urls import codecatalyst_patterns as connection_patterns
from billing.urls import codecatalyst_patterns as billing_patterns
from genai.urls import codecatalyst_patterns as genai_patterns
from identity.federation.urls import codecatalyst_patterns as sso_patterns
from spaces.views import activity, members, projects, teams
from spaces.views import spaces as space_pages
from vpc.urls import codecatalyst_patterns as vpc_patterns

app_name = "spaces"

S = "spaces/<str:space_name>/"
P = S + "projects/<str:project_name>/"

urlpatterns = [
    path("spaces/", space_pages.space_list, name="list"),
    path("spaces/create/", space_pages.space_create, name="create"),
    path("invitations/<uuid:invitation_id>/", members.invitation_detail, name="invitation"),
    path("invitations/<uuid:invitation_id>/accept/", members.invitation_accept, name="invitation_accept"),
    path("invitations/<uuid:invitation_id>/decline/", members.invitation_decline, name="invitation_decline"),
    path(S, space_pages.space_overview, name="overview"),
    path(S + "settings/", space_pages.space_settings, name="settings"),
    path(S + "settings/delete/", space_pages.space_delete, name="delete"),
    path(S + "projects/", projects.project_list, name="projects"),
    path(S + "projects/create/", projects.project_create, name="project_create"),
    path(P, projects.project_detail, name="project"),
    path(P + "delete/", projects.project_delete, name="project_delete"),
    path(P + "members/<int:membership_id>/role/", projects.project_member_role, name="project_member_role"),
    path(P + "members/<int:membership_id>/remove/", projects.project_member_remove, name="project_member_remove"),
    path(S + "members/", members.member_list, name="members"),
    path(S + "members/<int:membership_id>/role/", members.member_role, name="member_role"),
    path(S + "members/<int:membership_id>/remove/", members.member_remove, name="member_remove"),
    path(S + "invitations/<uuid:invitation_id>/cancel/", members.invitation_cancel, name="invitation_cancel"),
    path(S + "teams/", teams.team_list, name="teams"),
    path(S + "teams/import/", teams.team_import, name="team_import"),
    path(S + "teams/<int:team_id>/", teams.team_detail, name="team"),
    path(S + "teams/<int:team_id>/delete/", teams.team_delete, name="team_delete"),
    path(S + "teams/<int:team_id>/members/<int:user_id>/remove/", teams.team_member_remove, name="team_member_remove"),
    path(S + "activity/", activity.activity, name="activity"),
    *connection_patterns,
    *sso_patterns,
    *billing_patterns,
    *genai_patterns,
    *vpc_patterns,
]
