"""The account connection pages of both consoles. Each list is mounted in its console's namespace:
``codecatalyst_patterns`` by ``spaces.urls`` (Settings → AWS accounts), ``aws_console_patterns`` by
``accounts.urls`` (Amazon CodeCatalyst in the AWS console)."""

from django.urls import path

from accounts.connections import aws_views, views

S = "spaces/<str:space_name>/settings/aws-accounts/"
AC = S + "<uuid:connection_id>/"
CC = "codecatalyst/spaces/<str:space_name>/"

codecatalyst_patterns = [
    path(S, views.aws_accounts, name="aws_accounts"),
    path(S + "add/", views.aws_account_add, name="aws_account_add"),
    path(AC, views.aws_account_detail, name="aws_account"),
    path(AC + "token/", views.aws_account_token_regenerate, name="aws_account_token"),
    path(AC + "roles/add/", views.aws_account_role_add, name="aws_account_role_add"),
    path(AC + "roles/<int:association_id>/remove/", views.aws_account_role_remove, name="aws_account_role_remove"),
    path(AC + "restrictions/enable/", views.aws_account_restrictions_enable, name="aws_account_restrict"),
    path(AC + "restrictions/disable/", views.aws_account_restrictions_disable, name="aws_account_unrestrict"),
    path(
        AC + "restrictions/<int:project_id>/disable/",
        views.aws_account_project_disable,
        name="aws_account_project_disable",
    ),
]

aws_console_patterns = [
    path("codecatalyst/", aws_views.codecatalyst_spaces, name="codecatalyst_spaces"),
    path("codecatalyst/verify/", aws_views.codecatalyst_verify, name="codecatalyst_verify"),
    path(CC, aws_views.codecatalyst_space, name="codecatalyst_space"),
    path(CC + "tags/", aws_views.codecatalyst_space_tags, name="codecatalyst_space_tags"),
    path(CC + "billing/", aws_views.codecatalyst_space_billing, name="codecatalyst_space_billing"),
    path(CC + "remove/", aws_views.codecatalyst_space_remove, name="codecatalyst_space_remove"),
    path(CC + "decline/", aws_views.codecatalyst_space_decline, name="codecatalyst_space_decline"),
]
