import pytest
from django.test import Client
from django.urls import reverse

from accounts.aws.console.middleware import SESSION_ACCOUNT, SESSION_USER
from tests.factories import ConsoleUserFactory

pytestmark = pytest.mark.django_db

SIGNIN = "/aws/signin/"
FAILURE = "The account ID, user name or password is not correct"


def post_signin(client, account_id, user_name, password, next_url=None):
    data = {"account_id": account_id, "user_name": user_name, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(SIGNIN, data)


def test_sign_in_page_labels_every_input(client):
    response = client.get(SIGNIN)
    assert response.status_code == 200
    html = response.content.decode()
    for field_id in ("id_account_id", "id_user_name", "id_password"):
        assert f'<label for="{field_id}"' in html
    assert '<button type="submit" class="btn primary">Sign in</button>' in html


def test_signing_in_opens_console_home_for_that_account(client, mateo, build, password):
    response = post_signin(client, "444455556666", "mateo", password)
    assert response.status_code == 302
    assert response.url == reverse("aws:home")
    assert client.session[SESSION_USER] == mateo.pk
    assert client.session[SESSION_ACCOUNT] == build.pk
    home = client.get(response.url)
    assert home.status_code == 200
    assert b"examplecorp-build" in home.content


def test_account_id_written_like_the_console_shows_it_is_accepted(client, mateo, network, password):
    response = post_signin(client, "7777-8888-9999", "mateo", password)
    assert response.status_code == 302
    assert client.session[SESSION_ACCOUNT] == network.pk


def test_signing_in_returns_to_the_console_page_asked_for(client, mateo, password):
    response = post_signin(client, "444455556666", "mateo", password, next_url="/aws/iam/roles/")
    assert response.url == "/aws/iam/roles/"


@pytest.mark.parametrize("next_url", ["https://evil.example/aws/", "//evil.example/aws/", "/admin/", "/"])
def test_next_outside_the_aws_console_is_ignored(client, mateo, password, next_url):
    response = post_signin(client, "444455556666", "mateo", password, next_url=next_url)
    assert response.url == reverse("aws:home")


def assert_refused(client, response, message):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SESSION_USER not in client.session
    assert client.get(reverse("aws:home")).status_code == 302


def test_wrong_password_is_refused_with_a_form_error(client, mateo):
    assert_refused(client, post_signin(client, "444455556666", "mateo", "not-the-password"), FAILURE)


def test_unknown_account_is_refused_with_a_form_error(client, mateo, password):
    assert_refused(client, post_signin(client, "123412341234", "mateo", password), FAILURE)


def test_unknown_user_is_refused_with_a_form_error(client, mateo, password):
    assert_refused(client, post_signin(client, "444455556666", "nobody", password), FAILURE)


def test_user_without_access_to_the_account_is_refused(client, mateo, outside, password):
    assert_refused(client, post_signin(client, outside.account_id, "mateo", password), FAILURE)


def test_user_of_another_account_cannot_sign_in_to_ours(client, build, outside, password):
    ConsoleUserFactory(user_name="hans", accounts=[outside])
    assert_refused(client, post_signin(client, build.account_id, "hans", password), FAILURE)


@pytest.mark.parametrize("account_id", ["44445555666", "4444555566667", "examplecorp", "4444-5555-666x"])
def test_account_id_that_is_not_twelve_digits_gets_a_twelve_digit_message(client, mateo, password, account_id):
    response = post_signin(client, account_id, "mateo", password)
    assert_refused(client, response, "Enter the twelve-digit AWS account ID")
    assert FAILURE not in response.content.decode()


def test_empty_sign_in_form_names_each_missing_field(client):
    response = client.post(SIGNIN, {})
    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 3


def test_sign_in_without_csrf_token_is_refused(mateo, password):
    client = Client(enforce_csrf_checks=True)
    response = post_signin(client, "444455556666", "mateo", password)
    assert response.status_code == 403
    assert SESSION_USER not in client.session


def test_signing_out_ends_the_console_session(aws_client):
    response = aws_client.post(reverse("aws:signout"), follow=True)
    assert b"You are signed out of the AWS Management Console." in response.content
    assert aws_client.get(reverse("aws:home")).status_code == 302


def test_sign_out_by_get_shows_the_sign_out_button_and_signs_nobody_out(aws_client):
    response = aws_client.get(reverse("aws:signout"))
    assert response.status_code == 200
    assert '<button type="submit" class="btn primary">Sign out</button>' in response.content.decode()
    assert aws_client.get(reverse("aws:home")).status_code == 200
