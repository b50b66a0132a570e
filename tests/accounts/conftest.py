"""Console clients for the AWS side's cast (``tests/fixtures_aws.py``): console user ``mateo``
administers the build and network accounts of the ExampleCorp organization; ``outside`` is an
account he has no access to."""

import pytest
from django.test import Client

from tests.fixtures_aws import sign_in_session


@pytest.fixture
def aws_client(client, mateo, build):
    """A test client signed in to the AWS console as mateo, with examplecorp-build."""
    return sign_in_session(client, mateo, build)


@pytest.fixture
def csrf_client(mateo, build):
    """Like ``aws_client``, but CSRF is checked as in a browser."""
    return sign_in_session(Client(enforce_csrf_checks=True), mateo, build)
