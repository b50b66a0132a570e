"""Forgot password for AWS Builder IDs: a code sent by email, then the code and a new password.
Codes are short-lived, single use, stored hashed and tried a few times; requests are throttled; and
the pages answer the same whether or not an address has an account."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from catalyst_admin.errors import DomainError
from catalyst_admin.secrets import secret_hash
from identity.people import password_reset
from identity.people.models import PasswordResetCode, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNIN = reverse("identity:signin")
FORGOT = reverse("identity:password_forgot")
RESET = reverse("identity:password_reset")
NEW_PASSWORD = "a-new-password-1"


@pytest.fixture
def mary():
    return UserFactory(email="mary@example.com", username="mary@example.com", name="Mary Major")


@pytest.fixture
def ask(client, mailoutbox, django_capture_on_commit_callbacks):
    """Ask for a code for ``email`` on the Forgot password page; returns the answer."""

    def ask(email, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(FORGOT, {"email": email}, **extra)

    return ask


def _code(message) -> str:
    return re.search(r"^\s+(\d{6})$", message.body, re.M).group(1)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _page(response) -> str:
    return response.content.decode()


# The way in -----------------------------------------------------------------------------------


def test_the_sign_in_page_links_forgot_password(client):
    page = _page(client.get(SIGNIN))
    assert f'href="{FORGOT}"' in page
    assert ">Forgot password</a>" in page


def test_the_forgot_password_page_asks_for_the_address_and_tells_sso_users_where_to_go(client):
    page = _page(client.get(FORGOT))
    assert '<label for="id_email">Email address' in page
    assert "reset it with your company's identity provider" in page
    assert reverse("identity:sso_company") in page


def test_the_reset_page_without_an_address_sends_back_to_forgot_password(client):
    response = client.get(RESET, follow=True)
    assert response.redirect_chain == [(FORGOT, 302)]
    assert "Enter the email address of your AWS Builder ID" in _page(response)


def test_a_malformed_address_is_refused_on_the_page(client, ask):
    response = ask("not-an-address")
    assert response.status_code == 200
    assert "Enter a valid email address, such as name@example.com." in _page(response)
    assert not PasswordResetCode.objects.exists()


# The code ---------------------------------------------------------------------------------------


def test_a_builder_id_gets_a_6_digit_code_by_email(mary, ask, mailoutbox):
    response = ask("Mary@Example.com ")
    assert response["Location"] == RESET
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["mary@example.com"]
    assert "password reset code" in message.subject
    assert re.fullmatch(r"\d{6}", _code(message))
    assert "valid for 10 minutes and works once" in message.body
    assert "http://127.0.0.1:8000/signin/forgot-password/reset/" in message.body


def test_the_code_is_stored_hashed_and_expires_in_10_minutes(mary, ask, mailoutbox):
    ask("mary@example.com")
    code = _code(mailoutbox[0])
    row = PasswordResetCode.objects.get()
    assert row.user == mary
    assert row.email_hash == secret_hash("mary@example.com")
    assert code not in row.code_hash
    assert row.code_hash == secret_hash(f"password-reset:mary@example.com:{code}")
    assert timedelta(minutes=9) < row.expires_at - timezone.now() <= timedelta(minutes=10)


def test_the_right_code_and_a_new_password_change_it_and_sign_in(client, mary, ask, mailoutbox):
    ask("mary@example.com")
    response = client.post(RESET, {"code": _code(mailoutbox[0]), "password": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain[0] == (reverse("spaces:list"), 302)
    assert "Your password is changed, and you are signed in." in _page(response)
    assert int(client.session[SESSION_KEY]) == mary.pk
    mary.refresh_from_db()
    assert mary.check_password(NEW_PASSWORD)
    assert not mary.check_password(PASSWORD)
    assert not PasswordResetCode.objects.exists()


def test_the_new_password_signs_in_and_the_old_one_no_longer_does(client, mary, ask, mailoutbox):
    ask("mary@example.com")
    client.post(RESET, {"code": _code(mailoutbox[0]), "password": NEW_PASSWORD})
    client.post(reverse("identity:signout"))
    assert client.post(SIGNIN, {"email": "mary@example.com", "password": PASSWORD}).status_code == 200
    assert client.post(SIGNIN, {"email": "mary@example.com", "password": NEW_PASSWORD})["Location"] == "/spaces/"


def test_a_reset_ends_the_persons_other_sessions(client, mary, ask, mailoutbox):
    from django.test import Client

    elsewhere = Client()
    elsewhere.force_login(mary)
    assert elsewhere.get(reverse("identity:settings")).status_code == 200
    ask("mary@example.com")
    client.post(RESET, {"code": _code(mailoutbox[0]), "password": NEW_PASSWORD})
    assert elsewhere.get(reverse("identity:settings"))["Location"].startswith(SIGNIN)


def test_a_code_works_once(client, mary, ask, mailoutbox):
    ask("mary@example.com")
    code = _code(mailoutbox[0])
    assert client.post(RESET, {"code": code, "password": NEW_PASSWORD})["Location"] == "/spaces/"
    with pytest.raises(DomainError, match="This code can no longer be used. Choose Send a new code."):
        password_reset.password_reset_confirm(email="mary@example.com", code=code, password="yet-another-password")
    # Asking again sends a new code; the spent one is not it.
    client.post(reverse("identity:signout"))
    ask("mary@example.com")
    if _code(mailoutbox[1]) != code:
        response = client.post(RESET, {"code": code, "password": "yet-another-password"})
        assert "That code is not correct." in _page(response)
    mary.refresh_from_db()
    assert mary.check_password(NEW_PASSWORD)


def test_a_code_expires_after_10_minutes(client, mary, ask, mailoutbox):
    ask("mary@example.com")
    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1)):
        response = client.post(RESET, {"code": _code(mailoutbox[0]), "password": NEW_PASSWORD})
    assert "This code has expired: codes are valid for 10 minutes. Choose Send a new code." in _page(response)
    mary.refresh_from_db()
    assert mary.check_password(PASSWORD)


def test_a_wrong_code_is_counted_and_the_fifth_spends_the_code(client, mary, ask, mailoutbox):
    ask("mary@example.com")
    code = _code(mailoutbox[0])
    response = client.post(RESET, {"code": _wrong(code), "password": NEW_PASSWORD})
    assert "That code is not correct. Check the email and try again (4 tries left)." in _page(response)
    for _ in range(3):
        response = client.post(RESET, {"code": _wrong(code), "password": NEW_PASSWORD})
    assert "(1 try left)" in _page(response)
    response = client.post(RESET, {"code": _wrong(code), "password": NEW_PASSWORD})
    assert "it was the last try. Choose Send a new code." in _page(response)
    response = client.post(RESET, {"code": code, "password": NEW_PASSWORD})
    assert "This code can no longer be used." in _page(response)
    mary.refresh_from_db()
    assert mary.check_password(PASSWORD)
    assert PasswordResetCode.objects.get().failed_attempts == 5


def test_a_wrong_code_and_a_short_password_are_both_reported_on_the_first_submit(client, mary, ask, mailoutbox):
    ask("mary@example.com")
    response = client.post(RESET, {"code": _wrong(_code(mailoutbox[0])), "password": "short"})
    page = _page(response)
    assert "That code is not correct." in page
    assert "A password is 8–64 characters." in page


def test_a_right_code_with_a_too_long_password_keeps_the_code_for_the_next_try(client, mary, ask, mailoutbox):
    ask("mary@example.com")
    code = _code(mailoutbox[0])
    response = client.post(RESET, {"code": code, "password": "x" * 65})
    assert "A password is 8–64 characters." in _page(response)
    assert "code is not correct" not in _page(response)
    assert client.post(RESET, {"code": code, "password": NEW_PASSWORD})["Location"] == "/spaces/"


def test_send_a_new_code_replaces_the_old_one_after_half_a_minute(
    client, mary, ask, mailoutbox, django_capture_on_commit_callbacks
):
    ask("mary@example.com")
    first = _code(mailoutbox[0])
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(RESET, {"action": "resend"}, follow=True)
        assert "a new code is on its way" in _page(response)
        assert len(mailoutbox) == 2
        second = _code(mailoutbox[1])
        if second != first:  # one time in a million the new code is the old one
            response = client.post(RESET, {"code": first, "password": NEW_PASSWORD})
            assert "That code is not correct." in _page(response)
        assert client.post(RESET, {"code": second, "password": NEW_PASSWORD})["Location"] == "/spaces/"


def test_asking_again_within_half_a_minute_sends_nothing_new(mary, ask, mailoutbox):
    ask("mary@example.com")
    ask("mary@example.com")
    assert len(mailoutbox) == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        ask("mary@example.com")
    assert len(mailoutbox) == 2
    row = PasswordResetCode.objects.get()
    assert row.code_hash == secret_hash(f"password-reset:mary@example.com:{_code(mailoutbox[1])}")


def test_a_client_may_ask_for_10_addresses_an_hour(client, ask, mailoutbox):
    for n in range(password_reset.RESET_REQUESTS_PER_CLIENT_PER_HOUR):
        assert ask(f"person{n}@example.com")["Location"] == RESET
    response = ask("one-more@example.com")
    assert response.status_code == 200
    assert "Too many password reset requests from your network in the last hour." in _page(response)
    # Another client is not held back by this one.
    assert ask("one-more@example.com", REMOTE_ADDR="192.0.2.7")["Location"] == RESET
    with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
        assert ask("later@example.com")["Location"] == RESET


# No account enumeration -----------------------------------------------------------------------------


def _journey(client, email, wrong_code, django_capture_on_commit_callbacks):
    # wrong_code(): a code that is not the one sent (asked once the request is made).
    """What a person sees for ``email``: the answer to the request, the reset page, a wrong code's
    answer and the answer to Send a new code, with the address itself and the CSRF token left out."""
    with django_capture_on_commit_callbacks(execute=True):
        requested = client.post(FORGOT, {"email": email})
    shown = client.get(RESET)
    typed = wrong_code()
    wrong = client.post(RESET, {"code": typed, "password": NEW_PASSWORD})
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        with django_capture_on_commit_callbacks(execute=True):
            resent = client.post(RESET, {"action": "resend"}, follow=True)
    return [requested.status_code, requested["Location"]] + [
        re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", _page(r)).replace(email, "EMAIL").replace(typed, "CODE")
        for r in (shown, wrong, resent)
    ]


def test_the_pages_answer_the_same_whether_or_not_the_address_has_a_builder_id(
    mary, mailoutbox, django_capture_on_commit_callbacks
):
    from django.test import Client

    known = _journey(
        Client(), "mary@example.com", lambda: _wrong(_code(mailoutbox[0])), django_capture_on_commit_callbacks
    )
    assert len(mailoutbox) == 2  # the code, and the new code
    unknown = _journey(Client(), "nobody@example.com", lambda: "000000", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2  # nothing is sent to an address without an account
    assert known == unknown
    assert "(4 tries left)" in known[3]
    assert "a new code is on its way" in known[4]
    row = PasswordResetCode.objects.get(email_hash=secret_hash("nobody@example.com"))
    assert row.user is None  # a code nobody was sent, replaced by Send a new code like a real one
    assert row.failed_attempts == 0


def test_an_unknown_address_is_refused_like_a_spent_code_after_five_tries(client, ask, mailoutbox):
    ask("nobody@example.com")
    for _ in range(5):
        client.post(RESET, {"code": "123456", "password": NEW_PASSWORD})
    assert "This code can no longer be used." in _page(client.post(RESET, {"code": "123456", "password": NEW_PASSWORD}))
    assert mailoutbox == []


def test_an_sso_user_is_told_by_email_to_reset_with_the_identity_provider(client, ask, mailoutbox):
    sso = UserFactory(kind=User.Kind.SSO, username="sso/d-1/u-1", email="sam@example.com", alias=None)
    assert ask("sam@example.com")["Location"] == RESET
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["sam@example.com"]
    assert "identity provider" in message.subject
    assert "reset it with your identity provider" in message.body
    assert "http://127.0.0.1:8000/signin/sso/" in message.body
    assert not re.search(r"^\s+\d{6}$", message.body, re.M)
    response = client.post(RESET, {"code": "123456", "password": NEW_PASSWORD})
    assert "That code is not correct." in _page(response)
    sso.refresh_from_db()
    assert not sso.check_password(NEW_PASSWORD)


def test_a_builder_id_still_verifying_its_address_is_verified_by_a_reset(client, ask, mailoutbox):
    pending = UserFactory(email="new@example.com", username="new@example.com", email_verified_at=None)
    ask("new@example.com")
    assert client.post(RESET, {"code": _code(mailoutbox[0]), "password": NEW_PASSWORD})["Location"] == "/spaces/"
    pending.refresh_from_db()
    assert pending.email_verified_at is not None
