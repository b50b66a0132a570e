"""boto3's own ``codecatalyst`` client against the live test server.

Over plain HTTP botocore (>= 1.44) refuses to send a bearer token, so the client is unsigned and a
``before-sign`` handler adds ``Authorization: Bearer <PAT>`` (REFERENCE.md); the HTTPS listener is
tried with nothing but environment variables in ``test_https.py``."""

import itertools

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from identity.people.services import access_token_create


def codecatalyst_client(live_server, secret: str | None, *, validate: bool = True):
    """``validate=False`` turns botocore's own checks off, to see the server refuse what botocore would."""
    client = boto3.session.Session().client(
        "codecatalyst",
        region_name="us-west-2",
        endpoint_url=live_server.url + "/aws-api/codecatalyst",
        # One attempt: a ThrottlingException must reach the test, not be retried away.
        config=Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1}, parameter_validation=validate),
    )
    if secret is not None:

        def add_bearer(request, **kwargs):
            request.headers["Authorization"] = f"Bearer {secret}"

        client.meta.events.register("before-sign.codecatalyst.*", add_bearer)
    return client


@pytest.fixture
def pat():
    """A personal access token's secret for a user: ``pat(user)``."""

    made = itertools.count(1)

    def make(user, name=None):
        # Names are unique per person (any case), so each fresh token gets its own.
        return access_token_create(user=user, name=name or f"api-{next(made)}")[1]

    return make


@pytest.fixture
def client_of(live_server, pat):
    """``client_of(user)``: a codecatalyst client with a fresh personal access token of ``user``."""

    def make(user, *, validate: bool = True):
        return codecatalyst_client(live_server, pat(user), validate=validate)

    return make
