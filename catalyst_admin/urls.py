from django.contrib import admin
from django.urls import include, path

from catalyst_admin import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("identity.urls")),
    path("", include("spaces.urls")),
    path("aws/identity-center/", include("accounts.aws.identity_center.urls")),
    path("aws/codecatalyst/identity-center/", include("identity.federation.urls")),
    path("aws/", include("accounts.urls")),
    path("ops/usage/", include("billing.urls")),
    path("ops/", include("identity.sync.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico before (or without) reading the page's <link rel="icon">.
    path("favicon.ico", views.favicon),
]

handler400 = "catalyst_admin.views.bad_request"
handler403 = "catalyst_admin.views.forbidden"
handler404 = "catalyst_admin.views.not_found"
handler500 = "catalyst_admin.views.server_error"
