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
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in production.PASSWORD_HASHERS


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
