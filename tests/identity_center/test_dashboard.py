"""Dashboard: enabling IAM Identity Center, and what the enabled dashboard tells the administrator."""

import re

import pytest

from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import IdentityCenterInstance
from tests.identity_center.helpers import BASE, html, snapshot

pytestmark = pytest.mark.django_db

ENABLE = BASE + "enable/"


def test_management_account_sees_enable_with_the_regions(client_as, management, mateo):
    page = html(client_as(management).get(BASE))
    assert "Enable IAM Identity Center" in page
    assert '<label for="id_region">Region</label>' in page
    for code, _ in directory.IDENTITY_CENTER_REGIONS:
        assert f'value="{code}"' in page
    assert "you cannot set up IAM Identity Center in an opt-in Region" in page


def test_enabling_creates_the_instance_and_its_identity_store(client_as, management, organization, mateo):
    response = client_as(management).post(ENABLE, {"region": "us-east-1"}, follow=True)
    instance = IdentityCenterInstance.objects.get(organization=organization)
    assert instance.region == "us-east-1"
    store_id = instance.identity_store.store_id
    assert re.fullmatch(r"d-[0-9a-f]{10}", store_id)
    assert re.fullmatch(r"ssoins-[0-9a-f]{16}", instance.instance_id)
    page = html(response)
    assert f"IAM Identity Center is enabled in us-east-1 with identity store {store_id}" in page
    assert f"arn:aws:sso:::instance/{instance.instance_id}" in page
    assert "Identity Center directory" in page


@pytest.mark.parametrize("region", sorted(directory.OPT_IN_REGIONS))
def test_an_opt_in_region_is_refused_with_the_seeds_reason(client_as, management, mateo, region):
    before = snapshot()
    response = client_as(management).post(ENABLE, {"region": region})
    assert response.status_code == 200
    assert "For compatibility with CodeWhisperer, you cannot set up IAM Identity Center in an opt-in Region." in html(
        response
    )
    assert 'class="error" role="alert"' in html(response)
    assert snapshot() == before


def test_an_unknown_region_is_a_form_error(client_as, management, mateo):
    response = client_as(management).post(ENABLE, {"region": "mars-north-1"})
    assert "Select a valid choice" in html(response)
    assert not IdentityCenterInstance.objects.exists()


def test_only_the_management_account_can_enable(client_as, build, mateo):
    client = client_as(build)
    page = html(client.get(BASE))
    assert "Only the management account, examplecorp-management (1111-2222-3333), can enable" in page
    assert 'name="region"' not in page
    response = client.post(ENABLE, {"region": "us-west-2"})
    assert "Enable IAM Identity Center from the organization&#x27;s management account." in html(response)
    assert not IdentityCenterInstance.objects.exists()


def test_enabling_twice_is_refused(client_as, management, instance):
    response = client_as(management).post(ENABLE, {"region": "us-east-1"}, follow=True)
    assert response.redirect_chain == [("/aws/identity-center/", 302)]
    assert "IAM Identity Center is already enabled for this organization." in html(response)
    assert IdentityCenterInstance.objects.get().region == "us-west-2"


def test_enable_is_post_only(client_as, management, mateo):
    assert client_as(management).get(ENABLE).status_code == 405


def test_enabled_dashboard_shows_the_settings_summary(client_as, build, instance):
    page = html(client_as(build).get(BASE))
    assert "us-west-2" in page
    assert instance.arn in page
    assert instance.identity_store.store_id in page
    assert "Identity Center directory" in page
    assert "examplecorp-build" in page
    assert "As a matter of best practices" not in page


def test_management_account_is_told_to_delegate(client_as, management, organization, mateo):
    instance = directory.identity_center_enable(organization=organization, region="us-west-2", account=management)
    page = html(client_as(management).get(BASE))
    assert (
        "As a matter of best practices, you should not administer IAM Identity Center "
        "from your management account." in page
    )
    assert "Therefore, you should use Delegated administration" in page
    assert 'href="/aws/identity-center/settings/#delegated-administration"' in page
    assert instance.identity_store.store_id in page


def test_active_directory_source_shows_the_dev_environments_warning(client_as, build, instance):
    warning = (
        "Dev Environments aren't available for users in spaces where Active Directory is used as the identity provider."
    )
    assert warning not in html(client_as(build).get(BASE))
    directory.identity_source_change(instance=instance, source="active_directory", account=build)
    assert warning in html(client_as(build).get(BASE))
    assert warning in html(client_as(build).get(BASE + "settings/"))
