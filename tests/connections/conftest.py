"""The account-connections cast, all of it shared (``tests/conftest.py``, ``tests/fixtures_aws.py``):

- ``space`` ("acme", billed to 111122223333) with ``admin``, ``power``, ``contributor``
- ``management`` (111122223333), ``build`` (444455556666) and ``network`` (777788889999) of the
  ExampleCorp organization, the last two administered by console user ``mateo``
- ``pending``: admin's connection request for 444455556666, its token on ``pending.new_token``
- ``verified``: the same connection, verified by mateo
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from accounts.connections.models import (
    AccountConnection,
    ConnectionProjectAccess,
    ConnectionRole,
    ConnectionTag,
    ConnectionToken,
)
from spaces.models import ActivityEvent
from tests.fixtures_aws import BILLING, BUILD, NETWORK, sign_in_session  # noqa: F401  (IDs for this folder)


@pytest.fixture
def aws(mateo, build):
    """A browser signed in to the AWS console as mateo with examplecorp-build (444455556666)."""
    return sign_in_session(Client(), mateo, build)


@pytest.fixture
def aws_network(mateo, network):
    """mateo signed in to the AWS console with examplecorp-network (777788889999)."""
    return sign_in_session(Client(), mateo, network)


@pytest.fixture
def cc():
    """A CodeCatalyst console browser for the given user (None for anonymous)."""

    def for_user(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return for_user


def banners(response, level=None) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if level is None or m.level_tag == level]


def snapshot() -> dict:
    """Row counts of everything the connection services write, to prove a refusal wrote nothing."""
    return {
        "connections": list(
            AccountConnection.objects.order_by("pk").values_list(
                "pk", "status", "paid_tiers_authorized", "project_restricted", "display_name"
            )
        ),
        "tokens": list(ConnectionToken.objects.order_by("pk").values_list("pk", "used_at", "revoked_at")),
        "roles": ConnectionRole.objects.count(),
        "tags": list(ConnectionTag.objects.order_by("pk").values_list("key", "value")),
        "access": ConnectionProjectAccess.objects.count(),
        "activity": ActivityEvent.objects.count(),
    }
