"""The console's password backend (identity.people.backends): the person of a signed-in request
read with one SQL statement must be the person Django's ModelBackend would load, field for field."""

import pytest
from django.conf import settings
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.urls import reverse

from identity.people.backends import MODEL_BACKEND, ModelBackend
from identity.people.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _fields(user):
    return {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}


def test_the_console_signs_in_with_this_backend():
    assert settings.AUTHENTICATION_BACKENDS[-1] == MODEL_BACKEND


def test_get_user_loads_the_same_person_as_djangos_backend_every_field_converted():
    user = UserFactory(time_zone="Europe/Paris", name="Mary Major")
    user.last_login = user.date_joined
    user.save()
    ours, djangos = ModelBackend().get_user(user.pk), DjangoModelBackend().get_user(user.pk)
    assert isinstance(ours, User)
    assert _fields(ours) == _fields(djangos)
    assert ours.last_login.tzinfo is not None and ours.is_active is True
    assert not ours._state.adding and ours._state.db == "default"


def test_get_user_of_no_one_is_none():
    assert ModelBackend().get_user(987654) is None


def test_an_inactive_person_is_no_one():
    user = UserFactory(is_active=False)
    assert ModelBackend().get_user(user.pk) is None


def test_signing_in_with_a_password_records_this_backend_and_keeps_the_person_signed_in(client):
    user = UserFactory(email="mary@example.com", username="mary@example.com")
    response = client.post(reverse("identity:signin"), {"email": "mary@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == MODEL_BACKEND
    assert client.get(reverse("spaces:list")).context["user"] == user


def test_a_session_made_under_djangos_backend_path_is_signed_out(client):
    user = UserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("spaces:list")).status_code == 302
