from django.urls import re_path

from aws_api.codecatalyst import views

app_name = "aws_api_codecatalyst"

urlpatterns = [
    re_path(r"^(?P<path>.*)$", views.endpoint, name="endpoint"),
]
