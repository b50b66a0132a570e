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
    *vpc_patterns,
    *aws_console_patterns,
    *billing_patterns,
]
