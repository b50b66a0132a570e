"""The emulated AWS Management Console (namespace ``aws``): the console core and IAM from the AWS
side, the Amazon CodeCatalyst pages of account connections and the Billing dashboard."""

from django.urls import path

from accounts.aws.console import views as console
from accounts.aws.ec2.urls import aws_console_patterns as vpc_patterns
from accounts.aws.iam import views as iam
from accounts.connections.urls import aws_console_patterns
from billing.urls import aws_console_patterns as billing_patterns

app_name = "aws"

urlpatterns = [
    path("", console.home, name="home"),
    path("signin/", console.signin, name="signin"),
    path("signout/", console.signout, name="signout"),
    path("switch/", console.switch, name="switch"),
    path("region/", console.region, name="region"),
    path("iam/roles/", iam.iam_roles, name="iam_roles"),
    path("iam/roles/create/", iam.iam_role_create, name="iam_role_create"),
    path("iam/roles/<str:role_name>/", iam.iam_role_detail, name="iam_role"),
    path("iam/users/", iam.iam_users, name="iam_users"),
    path("iam/users/create/", iam.iam_user_create, name="iam_user_create"),
    path("iam/users/<str:user_name>/", iam.iam_user_detail, name="iam_user"),
    path("iam/users/<str:user_name>/access-keys/create/", iam.iam_access_key_create, name="iam_access_key_create"),
    path(
        "iam/users/<str:user_name>/access-keys/<str:access_key_id>/status/",
        iam.iam_access_key_status,
        name="iam_access_key_status",
    ),
    path(
        "iam/users/<str:user_name>/access-keys/<str:access_key_id>/delete/",
        iam.iam_access_key_delete,
        name="iam_access_key_delete",
    ),
    *vpc_patterns,
    *aws_console_patterns,
    *billing_patterns,
]
