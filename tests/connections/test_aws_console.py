"""The AWS console's Amazon CodeCatalyst pages: Spaces, space details, "Update allowed billing
tiers" and "Remove space" (seed 000, "Removing an account from a space (in AWS)", "Changing
allowed tiers for a billing account"). Everything is scoped to the account signed in with."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.aws.console.models import ConsoleAccess
from accounts.connections import services
from accounts.connections.models import AccountConnection
from billing.models import SpaceBilling, Tier
from catalyst_admin.errors import DomainError, NotFound
from spaces.models import ActivityEvent
from tests.connections.conftest import BILLING, BUILD, banners, snapshot
from tests.factories import ConsoleUserFactory, billed_space
from tests.fixtures_aws import sign_in_session

pytestmark = pytest.mark.django_db

SPACES = "/aws/codecatalyst/"


def _url(name, connection):
    return reverse(f"aws:codecatalyst_space{name}", args=[connection.space.name])


@pytest.fixture
def billed(space, admin, management):
    """The space's billing connection (111122223333), verified with paid tiers, and a console user for it."""
    request = services.connection_request_create(
        space=space, aws_account_id=BILLING, display_name="billing", requested_by=admin
    )
    root = ConsoleUserFactory(user_name="root-admin", accounts=[management])
    services.connection_verify(
        token=request.new_token, account=management, console_user=root, authorize_paid_tiers=True
    )
    request.refresh_from_db()
    request.root = root
    request.client = sign_in_session(Client(), root, management)
    return request


# Spaces -----------------------------------------------------------------------------------------------


def test_the_spaces_page_lists_the_spaces_connected_to_the_account(aws, verified, other_space, outsider, network):
    services.connection_request_create(space=other_space, aws_account_id=BUILD, display_name="x", requested_by=outsider)
    SpaceBilling.objects.filter(space=verified.space).update(aws_account_id=BUILD)
    html = aws.get(SPACES).content.decode()
    assert "Amazon CodeCatalyst spaces" in html and "Verify Amazon CodeCatalyst space" in html
    row_acme = html.split(">acme</a>", 1)[1].split("</tr>", 1)[0]
    row_globex = html.split(">globex</a>", 1)[1].split("</tr>", 1)[0]
    assert "Verified" in row_acme and "Billing account" in row_acme and "FREE" in row_acme
    assert "Pending verification" in row_globex and "Billing account" not in row_globex


def test_the_spaces_page_shows_nothing_of_other_accounts(aws_network, verified):
    html = aws_network.get(SPACES).content.decode()
    assert "acme" not in html and "No spaces" in html


def test_deleted_spaces_are_not_listed(aws, verified, space):
    from django.utils import timezone

    space.deleted_at = timezone.now()
    space.save()
    assert "acme" not in aws.get(SPACES).content.decode()


def test_the_space_details_page_shows_arn_billing_details_and_tags(aws, verified, build, mateo):
    services.connection_tags_replace(connection=verified, rows=[("team", "build")], account=build, console_user=mateo)
    html = aws.get(_url("", verified)).content.decode()
    assert "Amazon CodeCatalyst space details" in html
    assert verified.arn in html
    assert "Billing details" in html and "Another account bills acme" in html
    assert "Manage tags" in html and "team" in html
    assert "Remove space" in html
    assert "by mateo" in html


def test_a_pending_space_is_shown_as_pending(aws, pending):
    html = aws.get(_url("", pending)).content.decode()
    assert "Pending verification" in html and "Edit billing details" not in html


# Allowed billing tiers ----------------------------------------------------------------------------------


def _tiers(connection, account, user, paid):
    return services.connection_paid_tiers_update(
        connection=connection, account=account, console_user=user, paid_tiers_authorized=paid
    )


def test_paid_tiers_are_turned_on_and_off(verified, build, mateo):
    assert _tiers(verified, build, mateo, True).paid_tiers_authorized
    assert not _tiers(verified, build, mateo, False).paid_tiers_authorized
    assert ActivityEvent.objects.filter(event_name="UpdateAllowedBillingTiers", actor_aws_account_id=BUILD).count() == 2


def test_an_unchanged_choice_writes_nothing(verified, build, mateo):
    before = snapshot()
    _tiers(verified, build, mateo, False)
    assert snapshot() == before


def test_turning_paid_tiers_off_moves_a_paid_space_to_free_at_the_next_billing_period(
    billed, management, admin, client_for
):
    from billing import selectors as billing_selectors
    from billing import services as billing_services
    from billing.models import PendingTierChange

    SpaceBilling.objects.filter(space=billed.space).update(tier=Tier.STANDARD)
    updated = _tiers(billed, management, billed.root, False)
    assert not updated.paid_tiers_authorized
    first_day = billing_selectors.next_period_start()
    assert updated.downgrade_on == first_day
    pending = PendingTierChange.objects.get(space=billed.space)
    assert (pending.tier, pending.effective_on) == ("free", first_day)
    assert SpaceBilling.objects.get(space=billed.space).tier == "standard"  # until the period ends
    assert billed.space.activity.filter(
        event_name="UpdateSubscription", description__contains="Paid tiers were"
    ).exists()
    # The Space administrator cannot keep the paid tier while the account does not allow it ...
    with pytest.raises(DomainError, match="does not allow paid tiers"):
        billing_services.pending_tier_change_cancel(space=billed.space, by=admin)
    with pytest.raises(DomainError, match="does not allow paid tiers"):
        billing_services.billing_tier_change(space=billed.space, tier="standard", by=admin)
    # ... both consoles show the change ...
    html = client_for(admin).get(reverse("spaces:billing", args=[billed.space.name])).content.decode()
    assert "The space moves to the Free tier on" in html
    # ... and it takes effect with the new period.
    billing_services.pending_tier_changes_apply(today=first_day)
    assert SpaceBilling.objects.get(space=billed.space).tier == "free"


def test_paid_tiers_cannot_be_turned_off_when_the_account_bills_three_other_spaces(billed, management):
    for _ in range(3):
        billed_space(BILLING)
    with pytest.raises(DomainError, match="the most an account may bill on the Free tier"):
        _tiers(billed, management, billed.root, False)
    assert AccountConnection.objects.get(pk=billed.pk).paid_tiers_authorized


def test_tiers_of_a_pending_connection_are_chosen_at_verification(pending, build, mateo):
    with pytest.raises(DomainError, match="Verify space acme first"):
        _tiers(pending, build, mateo, True)


def test_tiers_of_another_accounts_connection_cannot_be_changed(verified, network, mateo):
    with pytest.raises(NotFound):
        _tiers(verified, network, mateo, True)


def test_the_billing_page_says_paid_standard_enterprise_and_updates(aws, verified):
    url = _url("_billing", verified)
    html = aws.get(url).content.decode()
    assert "Update allowed billing tiers" in html and "PAID (STANDARD, ENTERPRISE)" in html and ">Update<" in html
    response = aws.post(url, {"paid": "on"})
    assert response.status_code == 302
    assert "Allowed billing tiers updated for acme." in banners(aws.get(response.url), "success")
    assert AccountConnection.objects.get(pk=verified.pk).paid_tiers_authorized


def test_the_billing_page_says_when_a_paid_space_moves_to_free(billed):
    SpaceBilling.objects.filter(space=billed.space).update(tier=Tier.ENTERPRISE)
    response = billed.client.post(_url("_billing", billed), {}, follow=True)
    html = response.content.decode()
    assert "keeps its paid tier until the end of this billing period and moves to the Free tier on" in html
    assert "Free from" in html  # the pending change on the space's details page


def test_the_billing_page_shows_a_refusal(billed):
    for _ in range(3):
        billed_space(BILLING)
    response = billed.client.post(_url("_billing", billed), {})
    assert response.status_code == 200
    assert "the most an account may bill on the Free tier" in response.content.decode()


# Remove space -------------------------------------------------------------------------------------------


def _remove(connection, account, user, name):
    services.connection_remove(connection=connection, account=account, console_user=user, confirm_name=name)


def test_removing_a_space_ends_the_connection(verified, build, mateo, space):
    _remove(verified, build, mateo, "acme")
    assert not AccountConnection.objects.filter(pk=verified.pk).exists()
    event = ActivityEvent.objects.get(event_name="DeleteAccountConnection")
    assert event.actor_aws_account_id == BUILD and event.space == space


def test_removing_the_billing_account_is_refused(billed, management):
    before = snapshot()
    with pytest.raises(DomainError, match="is the billing account of acme.*Choose another billing account first"):
        _remove(billed, management, billed.root, "acme")
    assert snapshot() == before


@pytest.mark.parametrize("typed", ["", "Acme", "acme ", "acm", "globex"])
def test_a_wrong_confirmation_name_is_refused(verified, build, mateo, typed):
    if typed == "acme ":
        _remove(verified, build, mateo, typed)  # surrounding spaces are forgiven
        return
    before = snapshot()
    with pytest.raises(DomainError, match="type the space name acme exactly"):
        _remove(verified, build, mateo, typed)
    assert snapshot() == before


def test_only_an_administrator_of_the_account_removes_spaces(verified, build, mateo):
    ConsoleAccess.objects.filter(user=mateo, account=build).update(is_administrator=False)
    with pytest.raises(DomainError, match="administrator permissions"):
        _remove(verified, build, mateo, "acme")
    assert AccountConnection.objects.filter(pk=verified.pk).exists()


def test_another_account_cannot_remove_the_connection(verified, network, mateo):
    with pytest.raises(NotFound):
        _remove(verified, network, mateo, "acme")


def test_the_remove_page_asks_for_the_space_name_and_removes(aws, verified):
    url = _url("_remove", verified)
    html = aws.get(url).content.decode()
    assert "Remove CodeCatalyst space from this account" in html and "To confirm, type acme" in html
    response = aws.post(url, {"confirm_name": "acme"})
    assert response.status_code == 302 and response.url == SPACES
    assert "Space acme was removed from AWS account 4444-5555-6666." in banners(aws.get(response.url), "success")


def test_the_remove_page_refuses_a_wrong_name(aws, verified):
    response = aws.post(_url("_remove", verified), {"confirm_name": "wrong"})
    assert response.status_code == 200
    assert "To confirm, type the space name acme exactly." in response.content.decode()
    assert AccountConnection.objects.filter(pk=verified.pk).exists()


def test_the_remove_page_refuses_the_billing_account(billed):
    html = billed.client.get(_url("_remove", billed)).content.decode()
    assert "This account is the billing account of acme." in html
    response = billed.client.post(_url("_remove", billed), {"confirm_name": "acme"})
    assert "Choose another billing account first" in response.content.decode()
    assert AccountConnection.objects.filter(pk=billed.pk).exists()


def test_removing_without_the_csrf_token_is_refused(mateo, build, verified):
    client = sign_in_session(Client(enforce_csrf_checks=True), mateo, build)
    assert client.post(_url("_remove", verified), {"confirm_name": "acme"}).status_code == 403
    assert AccountConnection.objects.filter(pk=verified.pk).exists()


def test_a_removed_account_comes_back_only_through_a_new_connection(aws, verified, space, admin, build, mateo):
    aws.post(_url("_remove", verified), {"confirm_name": "acme"})
    again = services.connection_request_create(
        space=space, aws_account_id=BUILD, display_name="back", requested_by=admin
    )
    assert not again.is_verified and again.connection_id != verified.connection_id
    with pytest.raises(DomainError, match="not a valid verification token"):
        services.connection_verify(token=verified.new_token, account=build, console_user=mateo)
