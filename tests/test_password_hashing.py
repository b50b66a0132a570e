"""Passwords are hashed with Argon2id in production (issue 17 §4), and a hash made by an older
hasher is upgraded on the next sign-in: every sign-in form — AWS Builder ID, the SSO access
portal, the AWS Management Console and Django admin — with the production PASSWORD_HASHERS (the
suite itself hashes with MD5 for speed)."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password

from catalyst_admin import settings as production
from tests import test_throttling
from tests.test_throttling import FORMS, _known_password_hash

pytestmark = pytest.mark.django_db

# The four sign-in forms and their known users, as the throttling tests have them.
form = test_throttling.form


def test_production_hashes_new_passwords_with_argon2id_and_still_reads_pbkdf2():
    assert production.PASSWORD_HASHERS[0] == "catalyst_admin.hashers.ConsoleArgon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in production.PASSWORD_HASHERS


def test_the_argon2id_parameters_cost_at_least_what_django_s_pbkdf2_costs():
    # OWASP: Argon2id m=19 MiB t=2 p=1 is as strong as PBKDF2-HMAC-SHA256 with 600,000 iterations;
    # Django's PBKDF2 runs more iterations, and the memory × passes must grow as much.
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from catalyst_admin.hashers import ConsoleArgon2PasswordHasher as ours

    owasp_memory_passes = 19 * 1024 * 2
    needed = owasp_memory_passes * PBKDF2PasswordHasher.iterations / 600_000
    assert ours.memory_cost * ours.time_cost >= needed
    assert ours.parallelism == 1
    encoded = ours().encode("a password", ours().salt())
    assert "$argon2id$v=19$m=32768,t=2,p=1$" in encoded


@pytest.mark.parametrize("form", FORMS, indirect=True)
def test_a_sign_in_rehashes_an_argon2_hash_made_with_django_s_defaults(settings, client, form):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    _set_known_hash(form, Argon2PasswordHasher().encode(form.password, Argon2PasswordHasher().salt()))
    assert "$m=102400,t=2,p=8$" in _known_password_hash(form)

    form.post(client, form.known, form.password, ip="10.0.0.4")
    assert form.signed_in(client)
    assert "$argon2id$v=19$m=32768,t=2,p=1$" in _known_password_hash(form)


def _set_known_hash(form, encoded):
    if form.name == "sso-portal":
        from accounts.aws.identity_center.models import DirectoryUser as model

        field = "user_name"
    elif form.name == "aws-console":
        from accounts.aws.console.models import ConsoleUser as model

        field = "user_name"
    else:
        from identity.people.models import User as model

        field = "username"
    assert model.objects.filter(**{field: form.known}).update(password=encoded) == 1


@pytest.mark.parametrize("form", FORMS, indirect=True)
def test_a_sign_in_upgrades_a_pbkdf2_hash_to_argon2id(settings, client, form):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    # The hash a user created before Argon2id has: PBKDF2 (Django's former default).
    _set_known_hash(form, make_password(form.password, hasher="pbkdf2_sha256"))
    assert identify_hasher(_known_password_hash(form)).algorithm == "pbkdf2_sha256"

    wrong = form.post(client, form.known, "not-the-password")
    assert not form.signed_in(client)
    assert identify_hasher(_known_password_hash(form)).algorithm == "pbkdf2_sha256"  # nothing on a failure

    response = form.post(client, form.known, form.password, ip="10.0.0.2")
    assert response.status_code == 302, wrong
    assert form.signed_in(client)
    upgraded = _known_password_hash(form)
    assert upgraded.startswith("argon2$argon2id$")
    assert identify_hasher(upgraded).algorithm == "argon2"


@pytest.mark.parametrize("form", FORMS, indirect=True)
def test_the_upgraded_hash_still_signs_in(settings, client, form):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    _set_known_hash(form, make_password(form.password, hasher="pbkdf2_sha256"))
    form.post(client, form.known, form.password)
    client.logout()
    client.cookies.clear()
    form.post(client, form.known, form.password, ip="10.0.0.3")
    assert form.signed_in(client)
    assert _known_password_hash(form).startswith("argon2$argon2id$")
