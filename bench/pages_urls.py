"""The console's URLs and ``/bench-hello/``, a view that answers a fixed text through the whole
middleware stack (``bench/pages.py``)."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("bench-hello/", hello), path("", include("catalyst_admin.urls"))]
