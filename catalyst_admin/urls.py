from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("identity.urls")),
    path("", include("spaces.urls")),
    path("aws/identity-center/", include("identity.aws_urls")),
    path("aws/codecatalyst/identity-center/", include("identity.federation_urls")),
    path("aws/", include("accounts.urls")),
    path("ops/", include("catalyst_admin.ops_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "catalyst_admin.views.bad_request"
handler403 = "catalyst_admin.views.forbidden"
handler404 = "catalyst_admin.views.not_found"
