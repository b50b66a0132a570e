"""The AWS side's cast: console user ``mateo`` administers the build and network accounts of the
ExampleCorp organization; ``outside`` is an account he has no access to."""

import pytest
from django.test import Client

from accounts.aws.console.middleware import SESSION_ACCOUNT, SESSION_USER
from tests.factories import AwsAccountFactory, ConsoleUserFactory, OrganizationFactory


@pytest.fixture
def management(db):
    return AwsAccountFactory(account_id="111122223333", name="examplecorp-management")


@pytest.fixture
def organization(management):
    org = OrganizationFactory(name="ExampleCorp", management_account=management)
    management.organization = org
    management.save()
    return org


@pytest.fixture
def build(organization):
    return AwsAccountFactory(account_id="444455556666", name="examplecorp-build", organization=organization)


@pytest.fixture
def network(organization):
    return AwsAccountFactory(account_id="777788889999", name="examplecorp-network", organization=organization)


@pytest.fixture
def outside(db):
    return AwsAccountFactory(account_id="999900001111", name="globex-prod")


@pytest.fixture
def mateo(build, network):
    return ConsoleUserFactory(user_name="mateo", display_name="Mateo Jackson", accounts=[build, network])


def sign_in_session(client: Client, user, account) -> Client:
    """Put a console session on ``client`` without going through the sign-in form."""
    session = client.session
    session[SESSION_USER] = user.pk
    session[SESSION_ACCOUNT] = account.pk
    session.save()
    return client


@pytest.fixture
def aws_client(client, mateo, build):
    """A test client signed in to the AWS console as mateo, with examplecorp-build."""
    return sign_in_session(client, mateo, build)


@pytest.fixture
def csrf_client(mateo, build):
    """Like ``aws_client``, but CSRF is checked as in a browser."""
    return sign_in_session(Client(enforce_csrf_checks=True), mateo, build)
