"""The REST API's cast: the house's people (tests/conftest.py), each with a personal access token,
and a client that sends it."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from identity.people import services as people


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # The throttles count in the cache: each test starts with none used.
    cache.clear()
    yield
    cache.clear()


def token_of(user) -> str:
    _, secret = people.access_token_create(user=user, name="api tests")
    return secret


@pytest.fixture
def bearer():
    """A client sending ``user``'s personal access token (or nothing, for ``None``)."""

    def client_for(user, secret: str | None = None) -> APIClient:
        client = APIClient()
        if user is not None or secret is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret or token_of(user)}")
        return client

    return client_for


@pytest.fixture
def association(verified, build_role, admin):
    """The build account's IAM role, added to acme's connection."""
    from accounts.connections import services as connections

    return connections.connection_role_add(connection=verified, role_arn=build_role.arn, by=admin)


@pytest.fixture
def restricted(verified, project, admin):
    """acme's connection, restricted to the project web-app."""
    from accounts.connections import services as connections

    connections.connection_project_access_enable(connection=verified, projects=[project], by=admin)
    verified.refresh_from_db()
    return verified


@pytest.fixture
def examplecorp_run(federated_space):
    """A sync run of the federated space examplecorp: not acme's, so nobody sees it from acme."""
    from identity.sync.models import SyncRun

    return SyncRun.objects.create(application=federated_space.identity_application)


@pytest.fixture
def held_run(federated_space):
    from identity.sync.models import SyncRun

    return SyncRun.objects.create(application=federated_space.identity_application, status=SyncRun.Status.HELD)


@pytest.fixture
def stuck_run(federated_space):
    from identity.sync.models import SyncRun

    return SyncRun.objects.create(application=federated_space.identity_application, status=SyncRun.Status.RUNNING)
