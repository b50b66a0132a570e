"""The VPC connections pages of a space (Settings → VPC connections), mounted by ``spaces.urls`` in
the ``spaces`` namespace as the account connection pages are."""

from django.urls import path

from vpc import views, wizard

S = "spaces/<str:space_name>/settings/vpc-connections/"
V = S + "<int:pk>/"

codecatalyst_patterns = [
    path(S, views.vpc_connections, name="vpc_connections"),
    path(S + "add/", wizard.AddVpcConnectionWizard.as_view(), name="vpc_connection_add"),
    path(V, views.vpc_connection_detail, name="vpc_connection"),
    path(V + "check/", views.vpc_connection_check, name="vpc_connection_check"),
    path(V + "default/", views.vpc_connection_default, name="vpc_connection_default"),
    path(V + "edit/", views.vpc_connection_edit, name="vpc_connection_edit"),
    path(V + "remove/", views.vpc_connection_remove, name="vpc_connection_remove"),
]
