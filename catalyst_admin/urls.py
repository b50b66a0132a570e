from django.contrib import admin
from django.urls import include, path

from accounts.aws.ec2.api.views import ec2_api
from catalyst_admin import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("identity.urls")),
    path("", include("spaces.urls")),
    path("aws/identity-center/", include("accounts.aws.identity_center.urls")),
    path("aws/codecatalyst/identity-center/", include("identity.federation.urls")),
    path("aws/", include("accounts.urls")),
    # AWS-compatible APIs, one per service: signed requests, no session, no CSRF token.
    path("aws-api/ec2/", include("accounts.aws.ec2.api.urls")),
    # An --endpoint-url written without the trailing slash: a POST cannot be redirected to the slashed URL.
    path("aws-api/ec2", ec2_api),
    path("ops/usage/", include("billing.urls")),
    path("ops/", include("identity.sync.urls")),
    # AWS-compatible APIs: bearer personal access tokens only (no session, no CSRF).
    path("aws-api/codecatalyst/", include("aws_api.codecatalyst.urls")),
    path("api/", include(("catalyst_admin.api", "api"))),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico before (or without) reading the page's <link rel="icon">.
    path("favicon.ico", views.favicon),
]

handler400 = "catalyst_admin.views.bad_request"
handler403 = "catalyst_admin.views.forbidden"
handler404 = "catalyst_admin.views.not_found"
handler500 = "catalyst_admin.views.server_error"
