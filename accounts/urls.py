from django.urls import path

from . import views

app_name = "aws"

urlpatterns = [
    path("", views.home, name="home"),
    path("signin/", views.signin, name="signin"),
    path("signout/", views.signout, name="signout"),
    path("switch/", views.switch, name="switch"),
    path("iam/roles/", views.iam_roles, name="iam_roles"),
    path("iam/roles/create/", views.iam_role_create, name="iam_role_create"),
    path("iam/roles/<str:role_name>/", views.iam_role_detail, name="iam_role"),
    path("codecatalyst/", views.codecatalyst_spaces, name="codecatalyst_spaces"),
    path("codecatalyst/verify/", views.codecatalyst_verify, name="codecatalyst_verify"),
    path("codecatalyst/spaces/<str:space_name>/", views.codecatalyst_space, name="codecatalyst_space"),
    path(
        "codecatalyst/spaces/<str:space_name>/tags/",
        views.codecatalyst_space_tags,
        name="codecatalyst_space_tags",
    ),
    path(
        "codecatalyst/spaces/<str:space_name>/billing/",
        views.codecatalyst_space_billing,
        name="codecatalyst_space_billing",
    ),
    path(
        "codecatalyst/spaces/<str:space_name>/remove/",
        views.codecatalyst_space_remove,
        name="codecatalyst_space_remove",
    ),
]
