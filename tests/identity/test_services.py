import hashlib
from datetime import date, timedelta

import pytest
from django.utils import timezone

from catalyst_admin.errors import DomainError, NotFound
from identity.people import selectors, services
from identity.people.models import NotificationPreference, PersonalAccessToken, User
from spaces.models import ActivityEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fill_tokens(user, count):
    expires = timezone.localdate() + timedelta(days=30)
    PersonalAccessToken.objects.bulk_create(
        PersonalAccessToken(
            user=user, name=f"t{i}", token_hash=f"{user.pk:032d}{i:032d}", hint="abcd", expires_on=expires
        )
        for i in range(count)
    )


# Personal access tokens -------------------------------------------------------------------------


def test_creating_a_token_keeps_only_the_hash_of_its_secret(admin):
    token, secret = services.access_token_create(user=admin, name="laptop")

    assert secret.startswith("ccpat_")
    token.refresh_from_db()
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in PersonalAccessToken.objects.filter(pk=token.pk).values().get().values()]
    assert not any(secret in value for value in stored)
    assert token.hint == secret[-4:]


def test_each_token_gets_a_different_secret(admin):
    _, first = services.access_token_create(user=admin, name="one")
    _, second = services.access_token_create(user=admin, name="two")
    assert first != second


def test_a_token_expires_after_one_year_by_default(admin):
    token, _ = services.access_token_create(user=admin, name="laptop")
    today = timezone.localdate()
    assert token.expires_on == today.replace(year=today.year + 1)


def test_default_expiry_from_29_february_is_365_days_later(monkeypatch):
    monkeypatch.setattr(services.timezone, "localdate", lambda: date(2028, 2, 29))
    assert services.default_token_expiry() == date(2029, 2, 28)


def test_a_token_may_expire_on_a_chosen_date_including_today(admin):
    today = timezone.localdate()
    token, _ = services.access_token_create(user=admin, name="short", expires_on=today)
    assert token.expires_on == today


def test_an_expiration_date_in_the_past_is_refused(admin):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(DomainError) as error:
        services.access_token_create(user=admin, name="old", expires_on=yesterday)
    assert error.value.field == "expires_on"
    assert not PersonalAccessToken.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_name_must_be_1_to_100_characters(admin, name):
    with pytest.raises(DomainError) as error:
        services.access_token_create(user=admin, name=name)
    assert error.value.field == "name"
    assert not PersonalAccessToken.objects.exists()


def test_a_token_name_of_100_characters_is_accepted(admin):
    token, _ = services.access_token_create(user=admin, name="x" * 100)
    assert token.name == "x" * 100


def test_the_101st_token_is_refused_and_nothing_is_written(admin, power):
    _fill_tokens(admin, services.MAX_TOKENS_PER_USER)

    with pytest.raises(DomainError, match="100 personal access tokens"):
        services.access_token_create(user=admin, name="one too many")

    assert admin.access_tokens.count() == 100
    assert not ActivityEvent.objects.filter(event_name="CreateAccessToken").exists()
    # The limit is per person: someone else can still create one.
    services.access_token_create(user=power, name="mine")


def test_deleting_a_token_removes_it(admin):
    token, _ = services.access_token_create(user=admin, name="laptop")
    deleted = services.access_token_delete(user=admin, token_id=token.pk)
    assert deleted.name == "laptop"
    assert not PersonalAccessToken.objects.exists()


def test_deleting_another_users_token_is_not_found_and_deletes_nothing(admin, outsider):
    token, _ = services.access_token_create(user=outsider, name="theirs")
    with pytest.raises(NotFound):
        services.access_token_delete(user=admin, token_id=token.pk)
    assert PersonalAccessToken.objects.filter(pk=token.pk).exists()


def test_token_changes_are_recorded_in_the_activity_log(admin):
    token, _ = services.access_token_create(user=admin, name="laptop")
    services.access_token_delete(user=admin, token_id=token.pk)
    events = list(ActivityEvent.objects.filter(actor_user=admin).values_list("event_name", "description"))
    assert ("CreateAccessToken", "Created personal access token laptop") in events
    assert ("DeleteAccessToken", "Deleted personal access token laptop") in events


def test_a_valid_token_identifies_its_owner(admin):
    _, secret = services.access_token_create(user=admin, name="laptop")
    assert selectors.access_token_user(secret) == admin


def test_a_token_still_works_on_its_expiration_date(admin):
    _, secret = services.access_token_create(user=admin, name="today", expires_on=timezone.localdate())
    assert selectors.access_token_user(secret) == admin


def test_an_expired_token_identifies_nobody(admin):
    token, secret = services.access_token_create(user=admin, name="laptop")
    PersonalAccessToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert selectors.access_token_user(secret) is None


def test_a_token_of_a_deactivated_user_identifies_nobody(admin):
    _, secret = services.access_token_create(user=admin, name="laptop")
    User.objects.filter(pk=admin.pk).update(is_active=False)
    assert selectors.access_token_user(secret) is None


@pytest.mark.parametrize("secret", ["", None, "ccpat_not-a-real-token"])
def test_an_unknown_secret_identifies_nobody(admin, secret):
    services.access_token_create(user=admin, name="laptop")
    assert selectors.access_token_user(secret) is None


# Profile ----------------------------------------------------------------------------------------


def test_profile_update_changes_name_and_nickname_only(admin):
    alias, email, identifier = admin.alias, admin.email, admin.user_identifier
    services.profile_update(user=admin, name="  Alice A. Admin ", nickname="Al")
    admin.refresh_from_db()
    assert (admin.name, admin.nickname) == ("Alice A. Admin", "Al")
    assert (admin.alias, admin.email, admin.user_identifier) == (alias, email, identifier)


@pytest.mark.parametrize("name", ["", "  ", "x" * 201])
def test_profile_update_needs_a_name_of_at_most_200_characters(admin, name):
    with pytest.raises(DomainError) as error:
        services.profile_update(user=admin, name=name, nickname="")
    assert error.value.field == "name"
    admin.refresh_from_db()
    assert admin.name == "Alice Admin"


def test_profile_update_refuses_a_nickname_over_100_characters(admin):
    with pytest.raises(DomainError) as error:
        services.profile_update(user=admin, name="Alice", nickname="x" * 101)
    assert error.value.field == "nickname"


# Notifications ----------------------------------------------------------------------------------


def test_notification_defaults_are_email_on_and_slack_off(admin):
    rows = selectors.notification_preferences(admin)
    assert [row["event"] for row in rows] == NotificationPreference.Event.values
    assert all(row["email"] and not row["slack"] for row in rows)


def test_saved_notification_choices_are_read_back(admin):
    services.notification_preferences_save(
        user=admin, choices={"invitation": {"email": False, "slack": True}, "pull_request": {"email": True}}
    )
    rows = {row["event"]: row for row in selectors.notification_preferences(admin)}
    assert (rows["invitation"]["email"], rows["invitation"]["slack"]) == (False, True)
    assert (rows["pull_request"]["email"], rows["pull_request"]["slack"]) == (True, False)


def test_saving_notifications_twice_keeps_one_row_per_event(admin):
    services.notification_preferences_save(user=admin, choices={"invitation": {"email": True}})
    services.notification_preferences_save(user=admin, choices={"invitation": {"email": False}})
    assert NotificationPreference.objects.filter(user=admin).count() == 1


def test_an_unknown_notification_kind_is_refused(admin):
    with pytest.raises(DomainError, match="Unknown notification kind"):
        services.notification_preferences_save(user=admin, choices={"birthday": {"email": True}})
    assert not NotificationPreference.objects.exists()


# Sign-up ----------------------------------------------------------------------------------------


def test_sign_up_creates_a_builder_id_with_lowercased_email():
    user = services.builder_id_sign_up(name="Mary", email="Mary@Example.com", alias="marymajor", password="x" * 8)
    assert (user.username, user.email, user.alias, user.kind) == (
        "mary@example.com",
        "mary@example.com",
        "marymajor",
        User.Kind.BUILDER_ID,
    )
    assert user.check_password("x" * 8)


def test_sign_up_refuses_an_alias_taken_in_another_case():
    UserFactory(alias="MaryMajor")
    with pytest.raises(DomainError, match="taken") as error:
        services.builder_id_sign_up(name="Mary", email="mary@example.com", alias="marymajor", password="x" * 8)
    assert error.value.field == "alias"


# Plain-SQL reads of My settings -----------------------------------------------------------------


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_my_access_tokens_read_in_plain_sql_are_the_querysets(admin, power):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    for name, days in (("zeta", 30), ("alpha", 30), ("soon", 2), ("later", 400)):
        services.access_token_create(user=admin, name=name, expires_on=today + timedelta(days=days))
    services.access_token_create(user=power, name="theirs", expires_on=today + timedelta(days=1))
    with CaptureQueriesContext(connection) as queries:
        mine = selectors.my_access_tokens(admin)
    assert len(queries) == 1
    assert [_fields(token) for token in mine] == [_fields(token) for token in admin.access_tokens.all()]
    assert [token.name for token in mine] == ["soon", "alpha", "zeta", "later"]
    assert mine[0].created_at.tzinfo is not None and not mine[0].is_expired
    assert selectors.my_access_tokens(UserFactory()) == []


def test_saved_notification_choices_read_in_plain_sql_are_the_querysets(admin, power):
    services.notification_preferences_save(
        user=admin, choices={"invitation": {"email": False, "slack": True}, "pull_request": {"email": True}}
    )
    services.notification_preferences_save(user=power, choices={"invitation": {"email": True, "slack": False}})
    saved = {p.event: p for p in admin.notification_preferences.all()}
    expected = [
        {
            "event": event.value,
            "label": event.label,
            "email": saved[event.value].email if event.value in saved else True,
            "slack": saved[event.value].slack if event.value in saved else False,
        }
        for event in NotificationPreference.Event
    ]
    found = selectors.notification_preferences(admin)
    assert found == expected
    assert all(type(row["email"]) is bool and type(row["slack"]) is bool for row in found)
