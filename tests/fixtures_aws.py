"""The AWS side's cast: the ExampleCorp organization, with its management account
(111122223333) and the build (444455556666) and network (777788889999) accounts; ``outside``,
an account of no organization; console user ``mateo``, administrator of build and network.

On top of the CodeCatalyst cast (``tests/conftest.py``): ``pending``, admin's request to connect
the build account to ``space`` (its token on ``pending.new_token``), and ``verified``, the same
connection once mateo verified it with the build account.
"""

import pytest
from django.test import Client

from accounts.aws.console.middleware import SESSION_ACCOUNT, SESSION_USER
from accounts.aws.iam import services as iam_services
from accounts.connections import services
from tests.factories import AwsAccountFactory, ConsoleUserFactory, IamRoleFactory, IamUserFactory, OrganizationFactory

BILLING = "111122223333"
BUILD = "444455556666"
NETWORK = "777788889999"


def sign_in_session(client: Client, user, account) -> Client:
    """Put a console session on ``client`` without going through the sign-in form."""
    session = client.session
    session[SESSION_USER] = user.pk
    session[SESSION_ACCOUNT] = account.pk
    session.save()
    return client


@pytest.fixture
def management(db):
    return AwsAccountFactory(account_id=BILLING, name="examplecorp-management")


@pytest.fixture
def organization(management):
    org = OrganizationFactory(name="ExampleCorp", management_account=management)
    management.organization = org
    management.save()
    return org


@pytest.fixture
def build(organization):
    return AwsAccountFactory(account_id=BUILD, name="examplecorp-build", organization=organization)


@pytest.fixture
def network(organization):
    return AwsAccountFactory(account_id=NETWORK, name="examplecorp-network", organization=organization)


@pytest.fixture
def outside(db):
    return AwsAccountFactory(account_id="999900001111", name="globex-prod")


@pytest.fixture
def mateo(build, network):
    return ConsoleUserFactory(user_name="mateo", display_name="Mateo Jackson", accounts=[build, network])


@pytest.fixture
def pending(space, admin, build):
    return services.connection_request_create(
        space=space,
        aws_account_id=BUILD,
        display_name="examplecorp-build",
        description="Builds",
        requested_by=admin,
    )


@pytest.fixture
def verified(pending, build, mateo):
    connection = services.connection_verify(token=pending.new_token, account=build, console_user=mateo)
    connection.new_token = pending.new_token
    return connection


@pytest.fixture
def build_role(build):
    return IamRoleFactory(account=build, name="codecatalyst-build-role")


EC2_READ_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "ec2:*VpcEndpoint*"], "Resource": "*"}],
}


@pytest.fixture
def iam_user(build):
    """IAM user ``deployer`` of the build account, allowed the EC2 Describe and VPC endpoint actions."""
    return IamUserFactory(account=build, name="deployer", permissions_policy=EC2_READ_POLICY)


@pytest.fixture
def access_key(iam_user, build):
    """An active access key of ``deployer``; its secret on ``access_key.secret``."""
    key, secret = iam_services.access_key_create(account=build, user=iam_user)
    key.secret = secret
    return key


@pytest.fixture
def inactive_key(access_key, build):
    """``deployer``'s access key, deactivated."""
    return iam_services.access_key_status_set(account=build, key=access_key, active=False)
