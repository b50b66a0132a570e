import re

import pytest
from django.urls import reverse

from identity.people.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("identity:signup")
SIGNIN = reverse("identity:signin")


def _sign_up(client, **data):
    values = {
        "name": "Mary Major",
        "email": "mary@example.com",
        "alias": "marymajor",
        "password": "catalyst-demo",
    }
    values.update(data)
    return client.post(SIGNUP, values)


def _errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_sign_up_creates_a_builder_id_and_asks_to_verify_its_email(client):
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("identity:verify_email")
    user = User.objects.get(alias="marymajor")
    assert user.kind == User.Kind.BUILDER_ID
    assert user.email_verified_at is None
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "alias",
    ["ab", "1mary", "mary-major", "mary.major", "mary major", "märy", "m" * 101],
    ids=["too-short", "starts-with-digit", "hyphen", "dot", "space", "non-ascii", "too-long"],
)
def test_sign_up_refuses_an_alias_that_breaks_the_rules(client, alias):
    response = _sign_up(client, alias=alias)
    assert response.status_code == 200
    assert _errors(response, "alias")
    assert not User.objects.exists()


def test_sign_up_accepts_an_alias_of_3_letters_and_digits(client):
    assert _sign_up(client, alias="m42").status_code == 302


def test_sign_up_refuses_an_alias_taken_in_another_case(client):
    UserFactory(alias="MaryMajor", username="someone@example.com")
    response = _sign_up(client, alias="marymajor")
    assert _errors(response, "alias") == ["The alias marymajor is taken. Choose another one."]
    assert User.objects.count() == 1


def test_sign_up_with_an_email_that_has_a_builder_id_answers_as_for_a_new_one(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Nothing tells the person the address has an account (that would tell anyone which addresses
    do): the same code page; the owner gets a note instead of a code; nothing is created."""
    UserFactory(username="mary@example.com", alias="someone")
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, email="Mary@Example.com")
    assert response.status_code == 302 and response.url == reverse("identity:verify_email")
    assert User.objects.count() == 1
    assert [m.to for m in mailoutbox] == [["mary@example.com"]]
    assert "An account with this address exists already" in mailoutbox[0].body
    page = client.get(response.url).content.decode()
    assert "We sent a 6-digit code to <strong>mary@example.com</strong>" in page
    for left in (4, 3):
        answer = client.post(response.url, {"code": "123456"})
        assert (
            f"That code is not correct. Check the email and try again ({left} tries left)." in answer.content.decode()
        )
    assert not client.session.get("_auth_user_id")


@pytest.mark.parametrize("password", ["short", "x" * 7, "x" * 65])
def test_sign_up_refuses_a_password_outside_8_to_64_characters(client, password):
    response = _sign_up(client, password=password)
    assert _errors(response, "password") == ["A password is 8–64 characters."]
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["x" * 8, "x" * 64])
def test_sign_up_accepts_passwords_of_8_and_64_characters(client, password):
    assert _sign_up(client, password=password).status_code == 302


def test_sign_in_with_a_wrong_password_shows_a_message(client, admin):
    response = client.post(SIGNIN, {"email": "alice@example.com", "password": "not-the-password"})
    assert response.status_code == 200
    assert "The email address or password is not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_with_the_right_password_signs_in(client, admin, password):
    response = client.post(SIGNIN, {"email": "Alice@Example.com", "password": password})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == admin.pk


def test_sign_up_then_verify_then_sign_out_then_sign_in_works(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, password="my-new-password")
    code = re.search(r"\b(\d{6})\b", mailoutbox[0].body).group(1)
    client.post(reverse("identity:verify_email"), {"code": code})
    client.post(reverse("identity:signout"))
    assert "_auth_user_id" not in client.session

    response = client.post(SIGNIN, {"email": "mary@example.com", "password": "my-new-password"})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(alias="marymajor").pk)


def test_sign_in_returns_to_the_page_asked_for(client, admin, password):
    response = client.post(
        SIGNIN + "?next=/settings/",
        {"email": "alice@example.com", "password": password, "next": "/settings/"},
    )
    assert response["Location"] == "/settings/"


def test_sign_in_ignores_a_next_address_on_another_site(client, admin, password):
    response = client.post(
        SIGNIN, {"email": "alice@example.com", "password": password, "next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("spaces:list")


def test_staff_user_signs_in_with_their_email(client, db):
    from identity.people.models import User

    User.objects.create_superuser("ops", "ops-password-1", email="ops@example.com", name="Operations")
    response = client.post("/signin/", {"email": "ops@example.com", "password": "ops-password-1"})
    assert response.status_code == 302
    assert client.get("/ops/").status_code == 200


def test_sso_user_cannot_sign_in_with_the_builder_id_form(client, db):
    from identity.people.models import User

    User.objects.create_user("sso/d-0123456789/abc", "sso-password-1", email="li@example.com", kind=User.Kind.SSO)
    response = client.post("/signin/", {"email": "li@example.com", "password": "sso-password-1"})
    assert response.status_code == 200
    assert b"The email address or password is not correct" in response.content
