"""The one router of the REST API (namespace ``api``): ``/api/v1/`` collects each app's ``api``
routes; ``/api/schema/`` (``api:schema``) is the OpenAPI 3 document and ``/api/docs/``
(``api:docs``) Swagger UI, whose assets drf-spectacular-sidecar serves from our own static files."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from accounts.connections.api.endpoints import urlpatterns as connections
from billing.api.endpoints import urlpatterns as billing
from identity.federation.api.endpoints import urlpatterns as sso
from identity.people.api.endpoints import urlpatterns as people
from identity.sync.api.endpoints import urlpatterns as operations
from spaces.api.urls import urlpatterns as spaces
from vpc.api.endpoints import urlpatterns as vpc

v1 = [*people, *spaces, *connections, *vpc, *sso, *billing, *operations]

urlpatterns = [
    path("v1/", include(v1)),
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[], throttle_classes=[]),
        name="schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", permission_classes=[AllowAny], authentication_classes=[], throttle_classes=[]
        ),
        name="docs",
    ),
]
