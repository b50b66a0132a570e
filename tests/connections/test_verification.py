"""Step 2, verification in the AWS console (seed 001, "Step 2: Accepting an account connection
request"): tokens are single-use, expire, are compared by hash, and need the right account."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.connections import services
from accounts.connections.models import AccountConnection, ConnectionToken
from billing.services import billing_quota_check
from catalyst_admin.errors import DomainError, Forbidden
from spaces.models import ActivityEvent, Space
from tests.connections.conftest import BILLING, BUILD, banners, snapshot
from tests.factories import ConsoleUserFactory, billed_space

pytestmark = pytest.mark.django_db

VERIFY = "/aws/codecatalyst/verify/"


def _verify(token, account, user, paid=False):
    return services.connection_verify(token=token, account=account, console_user=user, authorize_paid_tiers=paid)


def test_verifying_accepts_the_connection_and_uses_up_the_token(pending, build, mateo):
    connection = _verify(pending.new_token, build, mateo)
    assert connection.status == AccountConnection.Status.VERIFIED
    assert connection.verified_by == mateo and connection.verified_at is not None
    assert connection.paid_tiers_authorized is False
    assert ConnectionToken.objects.get(connection=pending).used_at is not None
    event = ActivityEvent.objects.get(event_name="VerifyAccountConnection")
    assert event.actor_aws_account_id == BUILD and event.actor_user is None


def test_verifying_with_paid_tiers_authorizes_them(pending, build, mateo):
    assert _verify(pending.new_token, build, mateo, paid=True).paid_tiers_authorized is True


def test_a_token_works_only_once(pending, build, mateo):
    _verify(pending.new_token, build, mateo)
    before = snapshot()
    with pytest.raises(DomainError, match="already used"):
        _verify(pending.new_token, build, mateo)
    assert snapshot() == before


def test_an_expired_token_is_refused_and_nothing_is_written(pending, build, mateo):
    ConnectionToken.objects.filter(connection=pending).update(
        created_at=timezone.now() - timedelta(hours=25), expires_at=timezone.now() - timedelta(hours=1)
    )
    before = snapshot()
    with pytest.raises(DomainError, match="expired on .*valid for 24 hours.*Regenerate token"):
        _verify(pending.new_token, build, mateo)
    assert snapshot() == before
    assert AccountConnection.objects.get(pk=pending.pk).status == "pending"


def test_a_token_is_valid_until_just_before_it_expires(pending, build, mateo):
    ConnectionToken.objects.filter(connection=pending).update(expires_at=timezone.now() + timedelta(seconds=30))
    assert _verify(pending.new_token, build, mateo).is_verified


def test_tokens_live_24_hours(pending):
    row = ConnectionToken.objects.get(connection=pending)
    assert row.expires_at - row.created_at == timedelta(hours=24) == services.TOKEN_LIFETIME


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # secret changed
        lambda t: ("0" if t[0] != "0" else "1") + t[1:],  # selector changed
        lambda t: t.split(".")[0],  # secret missing
        lambda t: t.replace(".", ""),  # separator missing
        lambda t: "",
        lambda t: "x" * 1000,
        lambda t: t + "extra",
    ],
)
def test_a_tampered_token_is_refused_and_nothing_is_written(pending, build, mateo, tamper):
    before = snapshot()
    with pytest.raises(DomainError, match="not a valid verification token"):
        _verify(tamper(pending.new_token), build, mateo)
    assert snapshot() == before


def test_the_secret_is_compared_in_constant_time(pending, build, mateo, monkeypatch):
    import hmac

    from catalyst_admin import secrets

    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(secrets.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    _verify(pending.new_token, build, mateo)
    assert calls


def test_a_token_typed_by_hand_with_stray_spaces_works(pending, build, mateo):
    token = pending.new_token
    typed = f"  {token[:20]} {token[20:40]}\n{token[40:]}  "
    assert _verify(typed, build, mateo).is_verified


def test_the_token_must_be_verified_with_its_own_account(pending, network, mateo):
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        _verify(pending.new_token, network, mateo)
    message = refused.value.message
    assert "This token is for AWS account 4444-5555-6666" in message
    assert "you are signed in with AWS account 7777-8888-9999 (examplecorp-network)" in message
    assert snapshot() == before


def test_only_an_administrator_of_the_account_may_verify(pending, build):
    reader = ConsoleUserFactory(user_name="reader")
    reader.accounts.through.objects.create(user=reader, account=build, is_administrator=False)
    before = snapshot()
    with pytest.raises(DomainError, match="administrator permissions in AWS account 444455556666"):
        _verify(pending.new_token, build, reader)
    assert snapshot() == before


def test_regenerating_revokes_the_earlier_token(pending, space, admin, build, mateo):
    new = services.connection_token_regenerate(connection=pending, by=admin)
    with pytest.raises(DomainError, match="replaced by a newer one"):
        _verify(pending.new_token, build, mateo)
    assert _verify(new, build, mateo).is_verified
    assert ActivityEvent.objects.filter(event_name="RegenerateConnectionToken", actor_user=admin).exists()


def test_a_verified_connection_needs_no_new_token(verified, admin):
    with pytest.raises(DomainError, match="already verified"):
        services.connection_token_regenerate(connection=verified, by=admin)


@pytest.mark.parametrize("who", ["contributor", "outsider"])
def test_only_admins_and_power_users_regenerate_tokens(pending, cast, who):
    before = snapshot()
    with pytest.raises(Forbidden):
        services.connection_token_regenerate(connection=pending, by=cast[who])
    assert snapshot() == before


def test_a_token_of_a_deleted_space_is_refused(pending, space, build, mateo):
    space.deleted_at = timezone.now()
    space.save()
    with pytest.raises(DomainError, match="has been deleted"):
        _verify(pending.new_token, build, mateo)


def test_a_removed_connections_token_is_invalid(pending, build, mateo):
    token = pending.new_token
    pending.delete()
    with pytest.raises(DomainError, match="not a valid verification token"):
        _verify(token, build, mateo)


# How many spaces one account may bill: 3 on the Free tier, 15 with paid tiers authorized ----------


def _bill_spaces(account_id, n):
    for _ in range(n):
        billed_space(account_id)


@pytest.fixture
def billing_request(space, admin, management):
    """The space's own billing account, 111122223333, asking to be verified."""
    return services.connection_request_create(
        space=space, aws_account_id=BILLING, display_name="billing", requested_by=admin
    )


@pytest.fixture
def root(management):
    return ConsoleUserFactory(user_name="root-admin", accounts=[management])


def test_a_billing_account_of_three_other_spaces_needs_paid_tiers(billing_request, management, root):
    _bill_spaces(BILLING, 3)
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        _verify(billing_request.new_token, management, root)
    assert "already the billing account of 3 other spaces" in refused.value.message
    assert "Free tier" in refused.value.message and "Authorize paid tiers" in refused.value.message
    assert snapshot() == before
    assert _verify(billing_request.new_token, management, root, paid=True).is_verified


def test_a_billing_account_of_two_other_spaces_is_verified_on_the_free_tier(billing_request, management, root):
    _bill_spaces(BILLING, 2)
    assert _verify(billing_request.new_token, management, root).is_verified


def test_a_billing_account_of_fifteen_other_spaces_is_refused_even_with_paid_tiers(billing_request, management, root):
    # Fifteen verified connections are more than the account's 5 spaces, so verification stops at
    # that quota first; the billing limit itself says so too.
    _bill_spaces(BILLING, 15)
    before = snapshot()
    with pytest.raises(DomainError, match="already connected to 5 spaces"):
        _verify(billing_request.new_token, management, root, paid=True)
    with pytest.raises(
        DomainError, match="already the billing account of 15 other spaces, the most an account may bill"
    ):
        billing_quota_check(space=billing_request.space, aws_account_id=BILLING, paid_tiers_authorized=True)
    assert snapshot() == before


def test_deleted_spaces_do_not_count_towards_the_billing_limit(billing_request, management, root):
    _bill_spaces(BILLING, 3)
    Space.all_objects.filter(billing__aws_account_id=BILLING).exclude(pk=billing_request.space.pk).update(
        deleted_at=timezone.now()
    )
    assert _verify(billing_request.new_token, management, root).is_verified


def test_the_billing_limit_does_not_apply_to_an_account_that_is_not_the_billing_account(pending, build, mateo):
    _bill_spaces(BUILD, 3)
    assert _verify(pending.new_token, build, mateo).is_verified


# The "Verify Amazon CodeCatalyst space" page --------------------------------------------------------


def test_the_page_sends_anonymous_visitors_to_the_aws_sign_in(pending):
    from django.test import Client

    response = Client().get(f"{VERIFY}?token={pending.new_token}")
    assert response.status_code == 302
    assert response.url.startswith("/aws/signin/?next=")


def test_the_link_fills_in_the_token_and_says_it_is_valid(aws, pending):
    html = aws.get(f"{VERIFY}?token={pending.new_token}").content.decode()
    assert "Verify Amazon CodeCatalyst space" in html
    assert f'value="{pending.new_token}"' in html
    assert "This is a valid token." in html and "acme" in html
    assert "Authorize paid tiers (Standard, Enterprise)" in html
    assert "This does not upgrade the billing tier to a paid tier." in html
    assert "Verify space" in html
    assert ConnectionToken.objects.get(connection=pending).used_at is None  # looking uses nothing up


def test_the_page_says_when_the_link_is_for_another_account(aws_network, pending):
    html = aws_network.get(f"{VERIFY}?token={pending.new_token}").content.decode()
    assert "This token cannot be verified." in html
    assert "This token is for AWS account 4444-5555-6666" in html
    assert "7777-8888-9999 (examplecorp-network)" in html


def test_the_page_says_when_the_token_is_expired(aws, pending):
    ConnectionToken.objects.filter(connection=pending).update(expires_at=timezone.now() - timedelta(minutes=1))
    html = aws.get(f"{VERIFY}?token={pending.new_token}").content.decode()
    assert "This token cannot be verified." in html and "expired" in html


def test_the_page_warns_when_only_paid_tiers_make_the_token_valid(space, admin, management):
    from django.test import Client

    from tests.fixtures_aws import sign_in_session

    request = services.connection_request_create(
        space=space, aws_account_id=BILLING, display_name="b", requested_by=admin
    )
    _bill_spaces(BILLING, 3)
    client = sign_in_session(Client(), ConsoleUserFactory(accounts=[management]), management)
    html = client.get(f"{VERIFY}?token={request.new_token}").content.decode()
    assert "This is a valid token." in html and "Choose Authorize paid tiers" in html


def test_verify_space_shows_account_verified_on_the_space_details_page(aws, pending, space):
    response = aws.post(VERIFY, {"token": pending.new_token, "authorize_paid_tiers": "on", "action": "verify"})
    assert response.status_code == 302
    assert response.url == reverse("aws:codecatalyst_space", args=[space.name])
    page = aws.get(response.url)
    assert any(text.startswith("Account verified.") for text in banners(page, "success"))
    connection = AccountConnection.objects.get(pk=pending.pk)
    assert connection.is_verified and connection.paid_tiers_authorized


def test_a_token_typed_by_hand_is_checked_then_verified(aws, pending):
    check = aws.post(VERIFY, {"token": f" {pending.new_token} ", "action": "check"})
    assert "This is a valid token." in check.content.decode()
    assert not AccountConnection.objects.get(pk=pending.pk).is_verified
    aws.post(VERIFY, {"token": f" {pending.new_token} ", "action": "verify"})
    assert AccountConnection.objects.get(pk=pending.pk).is_verified


@pytest.mark.parametrize("token", ["nonsense", "abc.def", ""])
def test_a_bad_token_is_a_form_error_and_nothing_is_written(aws, pending, token):
    before = snapshot()
    response = aws.post(VERIFY, {"token": token, "action": "verify"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "not a valid verification token" in html or "This field is required" in html
    assert snapshot() == before


def test_the_page_refuses_the_wrong_account_on_submit_too(aws_network, pending):
    response = aws_network.post(VERIFY, {"token": pending.new_token, "action": "verify"})
    assert "This token is for AWS account 4444-5555-6666" in response.content.decode()
    assert not AccountConnection.objects.get(pk=pending.pk).is_verified


def test_a_reused_token_is_refused_on_the_page(aws, verified):
    response = aws.post(VERIFY, {"token": verified.new_token, "action": "verify"})
    assert "already used" in response.content.decode()


def test_verifying_without_the_csrf_token_is_refused(mateo, build, pending):
    from django.test import Client

    from tests.fixtures_aws import sign_in_session

    client = sign_in_session(Client(enforce_csrf_checks=True), mateo, build)
    assert client.post(VERIFY, {"token": pending.new_token, "action": "verify"}).status_code == 403
    assert not AccountConnection.objects.get(pk=pending.pk).is_verified


def test_switching_account_from_the_verify_page_returns_to_it_with_the_token(pending, aws_network, build):
    """The token is for 444455556666 and mateo is in 777788889999: the account menu's switch comes
    back to Verify Amazon CodeCatalyst space, token and all; from any other page it goes home."""
    verify = reverse("aws:codecatalyst_verify")
    page = aws_network.get(verify, {"token": pending.new_token}).content.decode()
    from django.utils.http import urlencode

    back = f"{verify}?{urlencode({'token': pending.new_token})}"
    assert f'<input type="hidden" name="next" value="{back}">' in page.replace("&amp;", "&")
    response = aws_network.post(reverse("aws:switch"), {"account_id": BUILD, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert "This is a valid token." in aws_network.get(back).content.decode()
    elsewhere = aws_network.post(reverse("aws:switch"), {"account_id": "777788889999", "next": "/aws/iam/roles/x/"})
    assert elsewhere["Location"] == reverse("aws:home")
    offsite = aws_network.post(
        reverse("aws:switch"), {"account_id": BUILD, "next": "https://evil.example/aws/codecatalyst/verify/"}
    )
    assert offsite["Location"] == reverse("aws:home")
