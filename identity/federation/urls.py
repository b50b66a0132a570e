"""Identity federation's pages. ``urlpatterns`` is Amazon CodeCatalyst › IAM Identity Center in
the emulated AWS console (namespace ``federation``); ``codecatalyst_patterns`` is the space's
Settings → SSO, mounted by ``spaces.urls``. Sign in with SSO is in ``identity.urls``."""

from django.urls import path

from identity.federation import aws_views, views, wizard

app_name = "federation"

urlpatterns = [
    path("", aws_views.home, name="home"),
    path("connect/", wizard.FederatedSpaceWizard.as_view(), name="connect"),
    path(
        "applications/<uuid:application_id>/connect/",
        wizard.ConnectSpaceWizard.as_view(),
        name="connect_space",
    ),
    path("spaces/<str:space_name>/edit/", aws_views.space_edit, name="space_edit"),
    path("spaces/<str:space_name>/disassociate/", aws_views.space_disassociate, name="space_disassociate"),
    path("spaces/<str:space_name>/delete/", aws_views.space_delete, name="space_delete"),
]

S = "spaces/<str:space_name>/settings/sso/"

codecatalyst_patterns = [
    path(S, views.sso_settings, name="sso"),
    path(S + "sync/", views.sso_sync_now, name="sso_sync"),
    path(S + "runs/<int:run_id>/", views.sso_sync_status, name="sso_run"),
    path(S + "runs/<int:run_id>/changes/", views.sso_run_detail, name="sso_run_detail"),
]
