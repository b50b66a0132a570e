"""A Builder ID proves its email address with a code sent to it before it can sign in or answer
an invitation; staff and Builder ID sign-up never share an email address."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalyst_admin.secrets import secret_hash
from identity.people import services
from identity.people.models import EmailVerificationCode, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("identity:signup")
SIGNIN = reverse("identity:signin")
VERIFY = reverse("identity:verify_email")
MARY = {"name": "Mary Major", "email": "mary@example.com", "alias": "marymajor", "password": "catalyst-demo"}


def _code(message) -> str:
    return re.search(r"^\s+(\d{6})$", message.body, re.M).group(1)


@pytest.fixture
def signed_up(client, mailoutbox, django_capture_on_commit_callbacks):
    """Mary has just signed up in ``client``: her code is in the outbox."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, MARY)
    assert response["Location"] == VERIFY
    return User.objects.get(alias="marymajor")


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# The code -----------------------------------------------------------------------------------------


def test_sign_up_emails_a_6_digit_code_to_the_address(signed_up, mailoutbox):
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["mary@example.com"]
    assert re.fullmatch(r"\d{6}", _code(message))
    assert "valid for 10 minutes" in message.body
    assert "http://127.0.0.1:8000/signup/verify/" in message.body


def test_the_code_is_stored_hashed_and_expires_in_10_minutes(signed_up, mailoutbox):
    code = _code(mailoutbox[0])
    stored = EmailVerificationCode.objects.get(user=signed_up)
    assert code not in stored.code_hash
    assert stored.code_hash == secret_hash(f"{signed_up.user_identifier}:{code}")
    assert timedelta(minutes=9) < stored.expires_at - timezone.now() <= timedelta(minutes=10)


def test_the_verify_page_asks_for_the_code(client, signed_up):
    response = client.get(VERIFY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Verify your email" in page
    assert "mary@example.com" in page
    assert "Send a new code" in page


def test_the_right_code_verifies_and_signs_in(client, signed_up, mailoutbox):
    response = client.post(VERIFY, {"code": _code(mailoutbox[0])})
    assert response["Location"] == reverse("spaces:list")
    signed_up.refresh_from_db()
    assert signed_up.email_verified_at is not None
    assert int(client.session["_auth_user_id"]) == signed_up.pk
    assert not EmailVerificationCode.objects.filter(user=signed_up).exists()


def test_a_wrong_code_is_refused_on_the_page_and_counted(client, signed_up, mailoutbox):
    response = client.post(VERIFY, {"code": _wrong(_code(mailoutbox[0]))})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "That code is not correct. Check the email and try again (4 tries left)."
    ]
    assert EmailVerificationCode.objects.get(user=signed_up).failed_attempts == 1
    signed_up.refresh_from_db()
    assert signed_up.email_verified_at is None
    assert "_auth_user_id" not in client.session


def test_after_5_wrong_codes_even_the_right_one_needs_a_new_code(client, signed_up, mailoutbox):
    code = _code(mailoutbox[0])
    for _ in range(services.EMAIL_CODE_MAX_ATTEMPTS):
        client.post(VERIFY, {"code": _wrong(code)})
    response = client.post(VERIFY, {"code": code})
    assert response.context["form"].errors["code"] == ["This code can no longer be used. Choose Send a new code."]
    signed_up.refresh_from_db()
    assert signed_up.email_verified_at is None


def test_a_code_older_than_10_minutes_is_refused(client, signed_up, mailoutbox):
    EmailVerificationCode.objects.filter(user=signed_up).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(VERIFY, {"code": _code(mailoutbox[0])})
    assert response.context["form"].errors["code"] == [
        "This code has expired: codes are valid for 10 minutes. Choose Send a new code."
    ]
    signed_up.refresh_from_db()
    assert signed_up.email_verified_at is None


def test_send_a_new_code_replaces_the_old_one(client, signed_up, mailoutbox, django_capture_on_commit_callbacks):
    old = _code(mailoutbox[0])
    EmailVerificationCode.objects.filter(user=signed_up).update(
        sent_at=timezone.now() - services.EMAIL_CODE_RESEND_INTERVAL, failed_attempts=5
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(VERIFY, {"action": "resend"})
    assert response["Location"] == VERIFY
    assert len(mailoutbox) == 2
    new = _code(mailoutbox[1])
    if new != old:  # one time in a million the new code is the old one
        assert client.post(VERIFY, {"code": old}).status_code == 200
    response = client.post(VERIFY, {"code": new})
    assert response["Location"] == reverse("spaces:list")


def test_a_new_code_is_not_sent_twice_within_half_a_minute(client, signed_up, mailoutbox):
    response = client.post(VERIFY, {"action": "resend"}, follow=True)
    assert "A code was sent a moment ago" in response.content.decode()
    assert len(mailoutbox) == 1


def test_the_verify_page_without_a_pending_sign_up_sends_to_sign_in(client):
    assert client.get(VERIFY)["Location"] == SIGNIN


# Signing in ---------------------------------------------------------------------------------------


def test_an_unverified_builder_id_cannot_sign_in_and_is_offered_the_code_page(client, db):
    user = UserFactory(username="new@example.com", email_verified_at=None)
    response = client.post(SIGNIN, {"email": "new@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Verify your email address before you sign in" in page
    assert f'href="{VERIFY}"' in page
    # The code page is now this person's, and the right code lets them in.
    assert client.get(VERIFY).status_code == 200
    code = "123456"
    EmailVerificationCode.objects.create(
        user=user,
        code_hash=secret_hash(f"{user.user_identifier}:{code}"),
        expires_at=timezone.now() + timedelta(minutes=10),
    )
    assert client.post(VERIFY, {"code": code})["Location"] == reverse("spaces:list")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_wrong_password_never_reaches_the_code_page(client, db):
    UserFactory(username="new@example.com", email_verified_at=None)
    response = client.post(SIGNIN, {"email": "new@example.com", "password": "not-the-password"})
    assert "The email address or password is not correct" in response.content.decode()
    assert client.get(VERIFY)["Location"] == SIGNIN


def test_the_demo_builder_id_is_verified(db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.get(username="mary@example.com").email_verified_at is not None


# Staff and Builder IDs never share an address ------------------------------------------------------


def test_sign_up_with_the_staff_users_email_creates_nothing_and_tells_nothing(client, staff):
    response = client.post(SIGNUP, {**MARY, "email": "OPS@example.com"})
    assert response.status_code == 302 and response.url == VERIFY
    assert not User.objects.filter(alias="marymajor").exists()
    assert User.objects.get(username="ops").email == "ops@example.com"


def test_sign_up_with_an_email_another_account_has_creates_nothing(db, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(username="sso/d-1/u-1", email="Li@Example.com", kind=User.Kind.SSO, alias=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.builder_id_sign_up(name="Li", email="li@example.com", alias="lijuan", password="catalyst-demo")
            is None
        )
    assert not User.objects.filter(alias="lijuan").exists()
    assert [m.subject for m in mailoutbox] == ["Someone tried to create an AWS Builder ID with your email address"]


def test_staff_signs_in_by_email_even_beside_an_older_builder_id_with_that_address(client, staff):
    # A Builder ID that signed up with the staff address before sign-up refused it.
    UserFactory(username="ops@example.com", alias="squatter", password="squatter-password")
    response = client.post(SIGNIN, {"email": "ops@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk
