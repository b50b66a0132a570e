from django.urls import path

from . import settings_views, sso_views, views

app_name = "identity"

urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signup/", views.signup, name="signup"),
    path("signout/", views.signout, name="signout"),
    path("signin/sso/", sso_views.choose_company, name="sso_company"),
    path("signin/sso/<uuid:application_id>/", sso_views.access_portal, name="sso_portal"),
    path("settings/", settings_views.my_settings, name="settings"),
    path("settings/tokens/create/", settings_views.token_create, name="token_create"),
    path("settings/tokens/<int:token_id>/delete/", settings_views.token_delete, name="token_delete"),
    path("settings/notifications/", settings_views.notifications_save, name="notifications"),
]
