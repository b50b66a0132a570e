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
]
