"""Amazon CodeCatalyst › IAM Identity Center in the emulated AWS Management Console."""

from django.urls import path

from . import federation_views as views

app_name = "federation"

urlpatterns = [
    path("", views.home, name="home"),
    path("connect/", views.FederatedSpaceWizard.as_view(), name="connect"),
    path(
        "applications/<uuid:application_id>/connect/",
        views.ConnectSpaceWizard.as_view(),
        name="connect_space",
    ),
    path("spaces/<str:space_name>/edit/", views.space_edit, name="space_edit"),
    path("spaces/<str:space_name>/disassociate/", views.space_disassociate, name="space_disassociate"),
    path("spaces/<str:space_name>/delete/", views.space_delete, name="space_delete"),
]
