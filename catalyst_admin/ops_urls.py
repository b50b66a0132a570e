from django.urls import path

from . import ops_views

app_name = "ops"

urlpatterns = [
    path("", ops_views.home, name="home"),
]
