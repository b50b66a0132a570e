"""The CodeCatalyst console's people pages (namespace ``identity``): Builder ID sign-in and
sign-up, My settings, and Sign in with SSO from the federation room."""

from django.urls import path

from identity.federation import views as sso
from identity.people import views

app_name = "identity"

urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signup/", views.signup, name="signup"),
    path("signup/verify/", views.verify_email, name="verify_email"),
    path("signin/forgot-password/", views.password_forgot, name="password_forgot"),
    path("signin/forgot-password/reset/", views.password_reset, name="password_reset"),
    path("signout/", views.signout, name="signout"),
    path("signin/sso/", sso.choose_company, name="sso_company"),
    path("signin/sso/<uuid:application_id>/", sso.access_portal, name="sso_portal"),
    path("settings/", views.my_settings, name="settings"),
    path("settings/tokens/create/", views.token_create, name="token_create"),
    path("settings/tokens/<int:token_id>/delete/", views.token_delete, name="token_delete"),
    path("settings/notifications/", views.notifications_save, name="notifications"),
    path("settings/aws-profile/", views.aws_profile, name="aws_profile"),
]
