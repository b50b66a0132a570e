"""The project's URLs plus two that fail, to see what a person gets when a view crashes."""

from django.urls import path

from catalyst_admin.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def crash(request):
    raise RuntimeError("secret detail of a crash")


urlpatterns = [path("crash/", crash), path("aws/crash/", crash), *urlpatterns]
