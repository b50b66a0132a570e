from django.urls import path

from . import connection_views, sso_views, views

app_name = "spaces"

S = "spaces/<str:space_name>/"
P = S + "projects/<str:project_name>/"
AC = S + "settings/aws-accounts/<uuid:connection_id>/"

urlpatterns = [
    path("spaces/", views.space_list, name="list"),
    path("spaces/create/", views.space_create, name="create"),
    path("invitations/<uuid:invitation_id>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<uuid:invitation_id>/decline/", views.invitation_decline, name="invitation_decline"),
    path(S, views.space_overview, name="overview"),
    path(S + "settings/", views.space_settings, name="settings"),
    path(S + "settings/delete/", views.space_delete, name="delete"),
    path(S + "settings/aws-accounts/", connection_views.aws_accounts, name="aws_accounts"),
    path(S + "settings/aws-accounts/add/", connection_views.aws_account_add, name="aws_account_add"),
    path(AC, connection_views.aws_account_detail, name="aws_account"),
    path(AC + "token/", connection_views.aws_account_token_regenerate, name="aws_account_token"),
    path(AC + "roles/add/", connection_views.aws_account_role_add, name="aws_account_role_add"),
    path(
        AC + "roles/<int:association_id>/remove/",
        connection_views.aws_account_role_remove,
        name="aws_account_role_remove",
    ),
    path(AC + "restrictions/enable/", connection_views.aws_account_restrictions_enable, name="aws_account_restrict"),
    path(
        AC + "restrictions/disable/", connection_views.aws_account_restrictions_disable, name="aws_account_unrestrict"
    ),
    path(
        AC + "restrictions/<int:project_id>/disable/",
        connection_views.aws_account_project_disable,
        name="aws_account_project_disable",
    ),
    path(S + "projects/", views.project_list, name="projects"),
    path(S + "projects/create/", views.project_create, name="project_create"),
    path(P, views.project_detail, name="project"),
    path(P + "delete/", views.project_delete, name="project_delete"),
    path(P + "members/<int:membership_id>/role/", views.project_member_role, name="project_member_role"),
    path(P + "members/<int:membership_id>/remove/", views.project_member_remove, name="project_member_remove"),
    path(S + "members/", views.member_list, name="members"),
    path(S + "members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path(S + "members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path(S + "invitations/<uuid:invitation_id>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path(S + "teams/", views.team_list, name="teams"),
    path(S + "teams/import/", views.team_import, name="team_import"),
    path(S + "teams/<int:team_id>/", views.team_detail, name="team"),
    path(S + "teams/<int:team_id>/delete/", views.team_delete, name="team_delete"),
    path(S + "teams/<int:team_id>/members/<int:user_id>/remove/", views.team_member_remove, name="team_member_remove"),
    path(S + "activity/", views.activity, name="activity"),
    path(S + "settings/sso/", sso_views.sso_settings, name="sso"),
    path(S + "settings/sso/sync/", sso_views.sso_sync_now, name="sso_sync"),
    path(S + "settings/sso/runs/<int:run_id>/", sso_views.sso_sync_status, name="sso_run"),
]
