"""The console's session engine (catalyst_admin.sessions): Django's database sessions read with one
plain SQL statement — what it loads must be exactly what Django's own engine loads."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.backends import db as django_db_sessions
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from catalyst_admin.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _saved_session(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_the_console_uses_this_engine():
    assert settings.SESSION_ENGINE == "catalyst_admin.sessions"


def test_a_session_loads_what_was_saved_and_what_djangos_engine_loads():
    key = _saved_session(name="Mary", spaces=["mary-sandbox"], count=3, when="2026-12-02T10:00:00+00:00")
    loaded = SessionStore(key).load()
    assert loaded == {"name": "Mary", "spaces": ["mary-sandbox"], "count": 3, "when": "2026-12-02T10:00:00+00:00"}
    assert loaded == django_db_sessions.SessionStore(key).load()


def test_an_expired_session_is_empty_and_its_key_forgotten():
    key = _saved_session(name="Mary")
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_a_session_that_expires_later_still_loads():
    key = _saved_session(name="Mary")
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(seconds=30))
    assert SessionStore(key).load() == {"name": "Mary"}


def test_an_unknown_key_is_empty_and_forgotten_and_a_new_one_is_made_on_save():
    store = SessionStore("k" * 32)
    assert store.load() == {}
    assert store.session_key is None
    store["name"] = "Mary"
    store.save()
    assert store.session_key != "k" * 32
    assert SessionStore(store.session_key).load() == {"name": "Mary"}
    assert not Session.objects.filter(session_key="k" * 32).exists()


def test_a_key_differing_only_in_case_is_not_the_session():
    key = _saved_session(name="Mary")
    assert SessionStore(key.upper()).load() == {}


def test_session_data_altered_in_the_database_is_not_trusted():
    key = _saved_session(name="Mary", staff=False)
    session = Session.objects.get(session_key=key)
    tampered = session.session_data.replace(session.session_data[:8], "eyJzdGFm", 1)
    Session.objects.filter(session_key=key).update(session_data=tampered)
    assert SessionStore(key).load() == {}


def test_a_signed_in_person_stays_signed_in_from_request_to_request_and_out_after_sign_out(client):
    user = UserFactory()
    client.force_login(user)
    spaces = reverse("spaces:list")
    assert client.get(spaces).status_code == 200
    assert client.get(spaces).context["user"] == user
    client.post(reverse("identity:signout"))
    assert client.get(spaces).status_code == 302
