"""Sign-in resists guessing (issue 9 §3): every sign-in form — AWS Builder ID, the SSO access
portal, the AWS Management Console and Django admin — locks out after AXES_FAILURE_LIMIT failures
per user name and per client address, says so on a page in its console's look, logs it, and
refuses unknown and known user names alike, by message and by work done (the password hasher runs
either way)."""

import logging
from dataclasses import dataclass
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.db.models import F, Max
from django.urls import reverse

from accounts.aws.console.middleware import SESSION_USER
from tests.factories import PASSWORD
from tests.hashers import CountingPasswordHasher

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT
WRONG = "not-the-password"


@dataclass
class SignInForm:
    name: str
    url: str
    user_field: str
    known: str
    password: str
    failure: str
    session_key: str = "_auth_user_id"
    extra: dict | None = None
    # The user name axes counts for ``known`` (what the form keys its throttle by).
    known_key: str = ""

    def post(self, client, user, password, ip="10.0.0.1"):
        data = {**(self.extra or {}), self.user_field: user, "password": password}
        return client.post(self.url, data, REMOTE_ADDR=ip)

    def unknown(self, i=0):
        return f"nobody{i}@example.com" if self.name == "builder-id" else f"nobody{i}"

    def signed_in(self, client):
        return self.session_key in client.session


FORMS = ["builder-id", "sso-portal", "aws-console", "admin"]


@pytest.fixture(params=FORMS)
def form(request):
    name = request.param
    if name == "builder-id":
        request.getfixturevalue("admin")
        return SignInForm(
            name,
            reverse("identity:signin"),
            "email",
            "alice@example.com",
            PASSWORD,
            "The email address or password is not correct. Check them and try again.",
            known_key="alice@example.com",
        )
    if name == "sso-portal":
        space = request.getfixturevalue("federated_space")
        application_id = space.identity_application.application_id
        return SignInForm(
            name,
            reverse("identity:sso_portal", args=[application_id]),
            "user_name",
            "mary.major",
            "portal-pass-1",
            "The user name or password is not correct.",
            known_key=f"sso:{application_id}:mary.major",
        )
    if name == "aws-console":
        request.getfixturevalue("mateo")
        return SignInForm(
            name,
            reverse("aws:signin"),
            "user_name",
            "mateo",
            PASSWORD,
            "The account ID, user name or password is not correct. Check them and try again.",
            session_key=SESSION_USER,
            extra={"account_id": "444455556666"},
            known_key="aws:444455556666:mateo",
        )
    request.getfixturevalue("staff")
    return SignInForm(
        name,
        reverse("admin:login"),
        "username",
        "ops",
        PASSWORD,
        "Please enter the correct username and password for a staff account.",
        known_key="ops",
    )


def fail(form, client, user, times, ip="10.0.0.1"):
    return [form.post(client, user, WRONG, ip=ip) for _ in range(times)]


def is_locked_page(response):
    return response.status_code == 429 and "Sign-in is locked" in response.content.decode()


def test_reaching_the_failure_limit_locks_out_even_the_right_password(client, form):
    before = fail(form, client, form.known, LIMIT - 1)
    assert all(r.status_code == 200 and form.failure in r.content.decode() for r in before)

    assert is_locked_page(form.post(client, form.known, WRONG))
    assert is_locked_page(form.post(client, form.known, form.password))
    assert not form.signed_in(client)


def test_an_unknown_user_name_is_locked_out_exactly_like_a_known_one(client, form):
    known = [r.status_code for r in fail(form, client, form.known, LIMIT, ip="10.0.0.1")]
    unknown = [r.status_code for r in fail(form, client, form.unknown(), LIMIT, ip="10.0.0.2")]
    assert known == unknown == [200] * (LIMIT - 1) + [429]


def test_a_locked_user_name_stays_locked_from_any_address(client, form):
    fail(form, client, form.known, LIMIT, ip="10.0.0.1")
    assert is_locked_page(form.post(client, form.known, form.password, ip="10.0.0.2"))
    assert not form.signed_in(client)
    # Another user name from that other address is not locked.
    assert form.post(client, form.unknown(), WRONG, ip="10.0.0.2").status_code == 200


def test_an_address_failing_for_many_user_names_is_locked_out_for_every_name(client, form):
    for i in range(LIMIT):
        form.post(client, form.unknown(i), WRONG, ip="10.0.0.3")
    assert is_locked_page(form.post(client, form.known, form.password, ip="10.0.0.3"))
    assert not form.signed_in(client)
    # The same person from another address signs in: their user name has no failures.
    assert form.post(client, form.known, form.password, ip="10.0.0.4").status_code == 302
    assert form.signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client, form):
    fail(form, client, form.known, LIMIT)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert form.post(client, form.known, form.password).status_code == 302
    assert form.signed_in(client)


def test_the_lockout_page_says_when_to_try_again_in_the_look_of_its_console(client, form):
    response = fail(form, client, form.known, LIMIT)[-1]
    html = response.content.decode()
    until = AccessAttempt.objects.aggregate(last=Max("attempt_time"))["last"] + settings.AXES_COOLOFF_TIME
    assert "This account is locked: there were too many failed sign-in attempts" in html
    assert f"Try again after {until:%H:%M} UTC (in 15 minutes)" in html
    in_aws_look = "| AWS Management Console" in html
    assert in_aws_look == (form.name == "aws-console")


def test_failures_and_the_lockout_are_logged_without_the_password(client, form, caplog):
    with caplog.at_level(logging.INFO, logger="axes"):
        fail(form, client, form.known, LIMIT)
    lines = [record.getMessage() for record in caplog.records if record.name.startswith("axes")]
    assert sum("login failure by" in line for line in lines) == LIMIT
    assert any(line.startswith("AXES: Locking out") and form.url in line for line in lines)
    assert all(WRONG not in line for line in lines)
    attempt = AccessAttempt.objects.get(username=form.known_key)
    assert attempt.failures_since_start == LIMIT
    assert WRONG not in attempt.post_data


def test_an_operator_unlocks_a_user_name_with_axes_reset_username(client, form, capsys):
    fail(form, client, form.known, LIMIT)
    call_command("axes_reset_username", form.known_key)
    assert form.post(client, form.known, form.password).status_code == 302
    assert form.signed_in(client)


# No enumeration ---------------------------------------------------------------------------------


def _form_errors(response):
    return response.context["form"].errors


def test_an_unknown_user_name_gets_the_same_message_as_a_wrong_password(client, form):
    wrong_password = form.post(client, form.known, WRONG, ip="10.0.0.5")
    unknown_user = form.post(client, form.unknown(), form.password, ip="10.0.0.6")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert _form_errors(wrong_password) == _form_errors(unknown_user)
    assert form.failure in wrong_password.content.decode()


@pytest.fixture
def counting_hasher(settings):
    """Every password in the test (the cast's included) hashed by the counting hasher."""
    settings.PASSWORD_HASHERS = ["tests.hashers.CountingPasswordHasher"]
    return CountingPasswordHasher


@pytest.mark.parametrize("form", FORMS, indirect=True)
def test_the_password_hasher_runs_once_for_an_unknown_user_as_for_a_wrong_password(counting_hasher, client, form):
    # The cast is created after the setting, so its passwords are counting hashes too.
    from django.contrib.auth.hashers import identify_hasher

    assert identify_hasher(_known_password_hash(form)).algorithm == CountingPasswordHasher.algorithm

    counting_hasher.calls = 0
    form.post(client, form.known, WRONG, ip="10.0.0.7")
    for_wrong_password = counting_hasher.calls

    counting_hasher.calls = 0
    form.post(client, form.unknown(), WRONG, ip="10.0.0.8")
    for_unknown_user = counting_hasher.calls

    assert for_wrong_password == for_unknown_user == 1


def _known_password_hash(form):
    if form.name == "sso-portal":
        from accounts.aws.identity_center.models import DirectoryUser

        return DirectoryUser.objects.get(user_name=form.known).password
    if form.name == "aws-console":
        from accounts.aws.console.models import ConsoleUser

        return ConsoleUser.objects.get(user_name=form.known).password
    from identity.people.models import User

    return User.objects.get(username=form.known).password
