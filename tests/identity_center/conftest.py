"""Console clients for the IAM Identity Center cast (``tests/fixtures_identity_center.py``):
ExampleCorp with its management account (111122223333), the delegated administrator ``build``
(444455556666) and a plain member ``network`` (777788889999); Globex, another organization with
its own IAM Identity Center; and ``loner``, an account of no organization. Console user mateo can
sign in to every one of them."""

import pytest
from django.test import Client

from accounts.aws.console.models import ConsoleAccess
from tests.factories import ConsoleUserFactory
from tests.fixtures_aws import sign_in_session


@pytest.fixture
def mateo(db, organization, management, build, network, loner):
    return ConsoleUserFactory(
        user_name="mateo", display_name="Mateo Jackson", accounts=[management, build, network, loner]
    )


@pytest.fixture
def client_as(mateo):
    """A console client signed in with the given account (mateo may use any of them); None: anonymous."""

    def make(account, *, csrf=False):
        client = Client(enforce_csrf_checks=csrf)
        if account is None:
            return client
        if not mateo.accounts.filter(pk=account.pk).exists():
            ConsoleAccess.objects.create(user=mateo, account=account)
        return sign_in_session(client, mateo, account)

    return make
