"""Settings: identity source, delegated administration, and deleting the identity store."""

import pytest

from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import IdentityCenterInstance, IdentityStore
from identity.federation.models import IdentityCenterApplication
from spaces.models import Space, SpaceMembership
from tests.identity_center.helpers import BASE, html, snapshot

pytestmark = pytest.mark.django_db

SETTINGS = BASE + "settings/"
SOURCE = SETTINGS + "identity-source/"
REGISTER = SETTINGS + "delegated-administrator/register/"
DEREGISTER = SETTINGS + "delegated-administrator/deregister/"
DELETE = SETTINGS + "delete-identity-store/"


def test_settings_show_source_and_delegated_administrator(client_as, build, instance):
    page = html(client_as(build).get(SETTINGS))
    assert "Identity Center directory" in page
    assert 'href="/aws/identity-center/settings/identity-source/">Change identity source</a>' in page
    assert 'id="delegated-administration"' in page
    assert "examplecorp-build" in page
    assert "Only the management account, examplecorp-management, can register" in page
    assert 'href="/aws/identity-center/settings/delete-identity-store/">Delete identity store</a>' in page


def test_change_identity_source_offers_the_three_sources(client_as, build, instance):
    page = html(client_as(build).get(SOURCE))
    for label in ("Identity Center directory", "Active Directory", "External identity provider"):
        assert label in page
    response = client_as(build).post(SOURCE, {"identity_source": "external_idp"}, follow=True)
    instance.refresh_from_db()
    assert instance.identity_source == "external_idp"
    assert "The identity source is now External identity provider." in html(response)


def test_an_unknown_identity_source_is_a_form_error(client_as, build, instance):
    response = client_as(build).post(SOURCE, {"identity_source": "ldap"})
    assert "Select a valid choice" in html(response)
    instance.refresh_from_db()
    assert instance.identity_source == "identity_center"


def test_management_registers_and_deregisters_the_delegated_administrator(client_as, management, network, instance):
    client = client_as(management)
    page = html(client.get(SETTINGS))
    assert "Deregister account" in page
    response = client.post(DEREGISTER, follow=True)
    instance.refresh_from_db()
    assert instance.delegated_administrator is None
    assert "examplecorp-build (444455556666) is no longer the delegated administrator." in html(response)
    page = html(response)
    assert '<label for="id_account">Member account</label>' in page
    assert "examplecorp-network (777788889999)" in page
    assert ">examplecorp-management (111122223333)<" not in page
    response = client.post(REGISTER, {"account": network.account_id}, follow=True)
    instance.refresh_from_db()
    assert instance.delegated_administrator == network
    assert "examplecorp-network (777788889999) is registered as the delegated administrator" in html(response)


def test_registering_a_second_delegated_administrator_is_refused(client_as, management, network, instance):
    before = snapshot()
    response = client_as(management).post(REGISTER, {"account": network.account_id})
    assert "examplecorp-build (444455556666) is already the delegated administrator. Deregister it" in html(response)
    assert snapshot() == before


def test_registering_an_account_of_another_organization_is_refused(client_as, management, instance, globex):
    directory.delegated_administrator_deregister(instance=instance, account=management)
    before = snapshot()
    response = client_as(management).post(REGISTER, {"account": globex["management"].account_id})
    assert "Select a valid choice" in html(response)
    assert snapshot() == before


def test_the_delegated_administrator_cannot_register_or_deregister(client_as, build, network, instance):
    client = client_as(build)
    before = snapshot()
    response = client.post(DEREGISTER, follow=True)
    assert "Only the management account can deregister the delegated administrator." in html(response)
    response = client.post(REGISTER, {"account": network.account_id})
    assert "Only the management account can register a delegated administrator." in html(response)
    assert snapshot() == before


def test_store_delete_page_warns_about_spaces(client_as, management, instance):
    page = html(client_as(management).get(DELETE))
    store_id = instance.identity_store.store_id
    assert f"To confirm deletion, type the identity store ID {store_id}" in page
    assert "the Identity Center application is automatically disassociated from the CodeCatalyst space" in page


@pytest.mark.parametrize("typed", ["", "d-0000000000", "delete"])
def test_store_delete_with_the_wrong_confirmation_writes_nothing(client_as, management, instance, people, typed):
    before = snapshot()
    response = client_as(management).post(DELETE, {"confirmation": typed})
    assert response.status_code == 200
    assert 'class="error" role="alert"' in html(response)
    assert snapshot() == before


def test_the_delegated_administrator_cannot_delete_the_store(client_as, build, instance, people):
    before = snapshot()
    response = client_as(build).post(DELETE, {"confirmation": instance.identity_store.store_id})
    assert "Only the management account can delete the identity store." in html(response)
    assert snapshot() == before


def test_deleting_the_store_disassociates_its_spaces(client_as, management, instance, federated_space):
    store = instance.identity_store
    assert SpaceMembership.objects.filter(space=federated_space, source=SpaceMembership.Source.SSO).exists()
    client = client_as(management)
    warning = html(client.get(DELETE))
    assert (
        "1 space is associated with ExampleCorp (examplecorp-codecatalyst) now: it loses every SSO member." in warning
    )
    response = client.post(DELETE, {"confirmation": store.store_id}, follow=True)
    page = html(response)
    assert f"The identity store {store.store_id} was deleted" in page
    assert "disassociated from 1 space, which lost their SSO members" in page
    assert "Enable IAM Identity Center" in page
    space = Space.objects.get(pk=federated_space.pk)
    assert space.identity_application is None
    assert not SpaceMembership.objects.filter(space=space, source=SpaceMembership.Source.SSO).exists()
    assert not IdentityStore.objects.filter(pk=store.pk).exists()
    assert not IdentityCenterInstance.objects.filter(pk=instance.pk).exists()
    application = IdentityCenterApplication.objects.get(name="examplecorp-codecatalyst")
    assert application.store is None
