"""``/aws-api/ec2/``: EC2's query API (namespace ``aws_api_ec2``)."""

from django.urls import path

from accounts.aws.ec2.api.views import ec2_api

app_name = "aws_api_ec2"

urlpatterns = [path("", ec2_api, name="endpoint")]
