from django.urls import path

from . import settings_views, views

app_name = "identity"

urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signup/", views.signup, name="signup"),
    path("signout/", views.signout, name="signout"),
    path("settings/", settings_views.my_settings, name="settings"),
]
