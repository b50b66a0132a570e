import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from identity.people import selectors, services
from identity.people.models import NotificationPreference, PersonalAccessToken, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETTINGS = reverse("identity:settings")
CREATE = reverse("identity:token_create")
NOTIFICATIONS = reverse("identity:notifications")


def _delete_url(token):
    return reverse("identity:token_delete", args=[token.pk])


def _create_form(client, **data):
    """The create page's form values (including its one-time form id), overridden by ``data``."""
    form = client.get(CREATE).context["form"]
    values = {name: form[name].value() for name in form.fields}
    values["expires_on"] = values["expires_on"].isoformat()
    values.update(data)
    return values


# Sign-in required -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", SETTINGS),
        ("post", SETTINGS),
        ("get", CREATE),
        ("post", CREATE),
        ("get", NOTIFICATIONS),
        ("post", NOTIFICATIONS),
        ("get", "/settings/tokens/1/delete/"),
        ("post", "/settings/tokens/1/delete/"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('identity:signin')}?next={url}"


def test_anonymous_post_changes_nothing(client, admin):
    token, _ = services.access_token_create(user=admin, name="laptop")
    client.post(_delete_url(token))
    client.post(CREATE, {"name": "sneaky", "expires_on": timezone.localdate().isoformat()})
    assert list(PersonalAccessToken.objects.values_list("name", flat=True)) == ["laptop"]


# The page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "power", "contributor", "outsider"])
def test_every_member_of_the_cast_sees_their_own_settings(client_for, cast, who):
    user = cast[who]
    response = client_for(user).get(SETTINGS)
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "My settings",
        user.alias,
        user.email,
        str(user.user_identifier),
        "AWS Builder ID",
        "Personal access tokens",
        "Notifications",
    ):
        assert text in content


def test_my_settings_shows_only_my_own_tokens(client_for, admin, outsider):
    services.access_token_create(user=admin, name="alice-laptop")
    services.access_token_create(user=outsider, name="olga-laptop")
    content = client_for(admin).get(SETTINGS).content.decode()
    assert "alice-laptop" in content
    assert "olga-laptop" not in content


def test_an_sso_user_sees_the_same_page_with_a_dash_for_the_missing_alias(client_for):
    sso = UserFactory(username="sso/d-9067c0ffee/li.juan", kind=User.Kind.SSO, alias=None, email="", name="Li Juan")
    response = client_for(sso).get(SETTINGS)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<dt>Alias</dt><dd>—</dd>" in content
    assert "<dt>Email address</dt><dd>—</dd>" in content
    assert str(sso.user_identifier) in content
    assert '<p class="profile-kind">AWS Builder ID</p>' not in content


def test_a_staff_user_sees_the_same_page(client_for):
    staff = User.objects.create_superuser("ops", "pw-ops-12345", name="Operations", email="ops@example.com")
    response = client_for(staff).get(SETTINGS)
    assert response.status_code == 200
    assert "<dt>Alias</dt><dd>—</dd>" in response.content.decode()


def test_an_expired_token_is_marked_expired(client_for, admin):
    token, _ = services.access_token_create(user=admin, name="old-laptop")
    PersonalAccessToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    services.access_token_create(user=admin, name="new-laptop")
    content = client_for(admin).get(SETTINGS).content.decode()
    assert content.count('<span class="badge danger">Expired</span>') == 1


def test_the_settings_page_query_count_does_not_grow_with_tokens(client_for, admin, django_assert_max_num_queries):
    client = client_for(admin)
    for i in range(3):
        services.access_token_create(user=admin, name=f"t{i}")
    with django_assert_max_num_queries(12) as few:
        client.get(SETTINGS)
    for i in range(3, 40):
        services.access_token_create(user=admin, name=f"t{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(SETTINGS)


# Profile ----------------------------------------------------------------------------------------


def test_saving_the_profile_changes_name_and_nickname(client_for, admin):
    response = client_for(admin).post(SETTINGS, {"name": "Alice A. Admin", "nickname": "Al"}, follow=True)
    assert "Changes saved" in response.content.decode()
    admin.refresh_from_db()
    assert (admin.name, admin.nickname) == ("Alice A. Admin", "Al")


def test_alias_email_and_identifier_cannot_be_changed_even_if_posted(client_for, admin):
    identifier = admin.user_identifier
    client_for(admin).post(
        SETTINGS,
        {
            "name": "Alice",
            "nickname": "",
            "alias": "mallory",
            "email": "mallory@example.com",
            "user_identifier": "00000000-0000-0000-0000-000000000000",
            "username": "mallory@example.com",
        },
    )
    admin.refresh_from_db()
    assert (admin.alias, admin.email, admin.username, admin.user_identifier) == (
        "alice",
        "alice@example.com",
        "alice@example.com",
        identifier,
    )
    assert admin.name == "Alice"


def test_saving_the_profile_without_a_name_shows_an_error_and_saves_nothing(client_for, admin):
    response = client_for(admin).post(SETTINGS, {"name": "", "nickname": "Al"})
    assert response.status_code == 200
    assert response.context["profile_form"].errors["name"]
    admin.refresh_from_db()
    assert (admin.name, admin.nickname) == ("Alice Admin", "")


# Creating tokens --------------------------------------------------------------------------------


def test_the_create_form_defaults_to_one_year_and_forbids_past_dates(client_for, admin):
    content = client_for(admin).get(CREATE).content.decode()
    today = timezone.localdate()
    assert f'value="{services.default_token_expiry().isoformat()}"' in content
    assert f'min="{today.isoformat()}"' in content
    assert 'type="date"' in content


def test_the_secret_is_shown_once_with_a_copy_button(client_for, admin):
    client = client_for(admin)
    response = client.post(CREATE, _create_form(client, name="laptop"))

    assert response.status_code == 200
    secret = response.context["secret"]
    content = response.content.decode()
    assert secret.startswith("ccpat_")
    assert f'<code id="token-secret">{secret}</code>' in content
    assert 'data-copy-target="token-secret">Copy</button>' in content
    assert "Personal access token laptop was created" in content
    assert "only time the secret is shown" in content
    assert "no-store" in response["Cache-Control"]
    token = PersonalAccessToken.objects.get(user=admin)
    assert token.name == "laptop"
    assert selectors.access_token_user(secret) == admin


def test_the_secret_is_never_shown_again(client_for, admin):
    client = client_for(admin)
    data = _create_form(client, name="laptop")
    secret = client.post(CREATE, data).context["secret"]

    # Nothing of the secret lives in the session, nor on any later page.
    assert all(secret not in str(value) for value in client.session.values())
    assert secret not in client.get(SETTINGS).content.decode()
    assert secret not in client.get(CREATE).content.decode()

    # The browser's reload sends the same form again: no second token, no secret.
    reload = client.post(CREATE, data, follow=True)
    assert secret not in reload.content.decode()
    assert "already created" in reload.content.decode()
    assert PersonalAccessToken.objects.filter(user=admin).count() == 1


def test_a_past_expiration_date_is_refused_on_the_form(client_for, admin):
    client = client_for(admin)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(CREATE, _create_form(client, name="laptop", expires_on=yesterday))
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"] == [
        "The expiration date cannot be in the past. Choose today or a later date."
    ]
    assert "secret" not in response.context
    assert not PersonalAccessToken.objects.exists()


@pytest.mark.parametrize("name,expires_on", [("", "2099-01-01"), ("x" * 101, "2099-01-01"), ("ok", "not-a-date")])
def test_invalid_token_input_is_shown_next_to_the_field(client_for, admin, name, expires_on):
    client = client_for(admin)
    response = client.post(CREATE, _create_form(client, name=name, expires_on=expires_on))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not PersonalAccessToken.objects.exists()


def test_the_101st_token_is_refused_with_a_message(client_for, admin):
    client = client_for(admin)
    expires = timezone.localdate() + timedelta(days=30)
    PersonalAccessToken.objects.bulk_create(
        PersonalAccessToken(user=admin, name=f"t{i}", token_hash=f"{i:064d}", hint="x", expires_on=expires)
        for i in range(100)
    )
    response = client.post(CREATE, _create_form(client, name="one too many"))
    assert response.status_code == 200
    assert "You already have 100 personal access tokens" in response.content.decode()
    assert admin.access_tokens.count() == 100
    assert "the most allowed. Delete one before you create another" in client.get(SETTINGS).content.decode()


# Deleting tokens --------------------------------------------------------------------------------


def test_deleting_my_token_removes_it_with_a_banner(client_for, admin):
    token, _ = services.access_token_create(user=admin, name="laptop")
    response = client_for(admin).post(_delete_url(token), follow=True)
    assert "Personal access token laptop was deleted." in response.content.decode()
    assert not PersonalAccessToken.objects.exists()


def test_deleting_another_users_token_is_404_and_deletes_nothing(client_for, admin, outsider):
    token, _ = services.access_token_create(user=outsider, name="theirs")
    response = client_for(admin).post(_delete_url(token))
    assert response.status_code == 404
    assert PersonalAccessToken.objects.filter(pk=token.pk).exists()


def test_deleting_a_token_needs_a_post(client_for, admin):
    token, _ = services.access_token_create(user=admin, name="laptop")
    assert client_for(admin).get(_delete_url(token)).status_code == 405
    assert PersonalAccessToken.objects.exists()


def test_the_delete_button_asks_for_confirmation(client_for, admin):
    services.access_token_create(user=admin, name="laptop")
    content = client_for(admin).get(SETTINGS).content.decode()
    assert '<details class="confirm">' in content
    assert "Delete personal access token laptop?" in content


# Notifications ----------------------------------------------------------------------------------


def test_every_notification_checkbox_has_a_label(client_for, admin):
    content = client_for(admin).get(SETTINGS).content.decode()
    for event, label in NotificationPreference.Event.choices:
        assert f'<label class="visually-hidden" for="id_{event}_email">Email: {label}</label>' in content
        assert f'<label class="visually-hidden" for="id_{event}_slack">Slack: {label}</label>' in content


def test_saving_notification_preferences_persists_them(client_for, admin):
    response = client_for(admin).post(
        NOTIFICATIONS, {"invitation_slack": "on", "pull_request_email": "on"}, follow=True
    )
    assert "Changes saved" in response.content.decode()
    saved = {p.event: (p.email, p.slack) for p in admin.notification_preferences.all()}
    assert len(saved) == len(NotificationPreference.Event.values)
    assert saved["invitation"] == (False, True)
    assert saved["pull_request"] == (True, False)
    assert saved["role_changed"] == (False, False)
    form = response.context["notification_form"]
    assert form["invitation_slack"].value() is True
    assert form["invitation_email"].value() is False


def test_new_users_see_email_notifications_checked(client_for, admin):
    form = client_for(admin).get(SETTINGS).context["notification_form"]
    assert form["invitation_email"].value() is True
    assert form["invitation_slack"].value() is False


# CSRF -------------------------------------------------------------------------------------------


def test_posts_without_a_csrf_token_are_refused(admin):
    token, _ = services.access_token_create(user=admin, name="laptop")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)

    responses = [
        client.post(SETTINGS, {"name": "Hacked", "nickname": ""}),
        client.post(CREATE, {"name": "sneaky", "expires_on": "2099-01-01"}),
        client.post(_delete_url(token)),
        client.post(NOTIFICATIONS, {"invitation_slack": "on"}),
    ]

    assert [r.status_code for r in responses] == [403] * 4
    admin.refresh_from_db()
    assert admin.name == "Alice Admin"
    assert list(PersonalAccessToken.objects.values_list("name", flat=True)) == ["laptop"]
    assert not NotificationPreference.objects.exists()


def test_a_past_date_and_a_missing_name_are_reported_together(client_for, admin):
    client = client_for(admin)
    response = client.post(CREATE, _create_form(client, name="", expires_on="2020-01-01"))
    errors = response.context["form"].errors
    assert errors["name"] == ["Enter a name for the personal access token."]
    assert errors["expires_on"] == ["The expiration date cannot be in the past. Choose today or a later date."]


# Time zone, SSO profiles, returning to the section saved ----------------------------------------


def test_the_time_zone_preference_is_saved_and_times_are_shown_in_it_and_say_so(client_for, admin, space):
    client = client_for(admin)
    response = client.post(SETTINGS, {"name": admin.name, "nickname": "", "time_zone": "America/New_York"})
    assert response.status_code == 302 and response["Location"] == SETTINGS + "#profile"
    admin.refresh_from_db()
    assert admin.time_zone == "America/New_York"
    from spaces.activity import activity_record

    activity_record(space=space, event_name="CreateProject", description="Created project web", user=admin)
    page = client.get(reverse("spaces:activity", args=[space.name])).content.decode()
    # Shown in Eastern time, and saying so (EST in winter, EDT in summer).
    assert re.search(r'<td class="nowrap" title="[^"]+">[^<]+ E[SD]T</td>', page), page
    assert " UTC</td>" not in page


def test_an_unknown_time_zone_is_refused_with_the_other_fields(client_for, admin):
    response = client_for(admin).post(SETTINGS, {"name": "", "nickname": "", "time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert {"name", "time_zone"} <= set(response.context["profile_form"].errors)
    admin.refresh_from_db()
    assert admin.time_zone == "UTC"


def test_an_sso_users_name_and_email_are_read_only_and_say_where_they_are_managed(client_for):
    person = UserFactory(kind=User.Kind.SSO, name="Li Juan", email="li@example.com", alias=None)
    client = client_for(person)
    page = client.get(SETTINGS).content.decode()
    assert 'name="name"' not in page and 'name="nickname"' not in page
    assert "Your AWS Builder ID nickname is not your CodeCatalyst alias." not in page
    assert "come from your company's directory in IAM Identity Center" in page
    assert "<dd>Li Juan</dd>" in page
    # A name posted anyway is not saved (the next sync would revert it); the time zone is.
    client.post(SETTINGS, {"name": "Someone Else", "time_zone": "Europe/Dublin"})
    person.refresh_from_db()
    assert (person.name, person.time_zone) == ("Li Juan", "Europe/Dublin")


def test_the_service_refuses_an_sso_users_name_change(client_for):
    from catalyst_admin.errors import DomainError

    person = UserFactory(kind=User.Kind.SSO, name="Li Juan", alias=None)
    with pytest.raises(DomainError, match="IAM Identity Center"):
        services.profile_update(user=person, name="Someone Else")
    person.refresh_from_db()
    assert person.name == "Li Juan"


def test_saving_notifications_or_deleting_a_token_returns_to_that_section(client_for, admin):
    client = client_for(admin)
    response = client.post(NOTIFICATIONS, {})
    assert response["Location"] == SETTINGS + "#notifications"
    token, _ = services.access_token_create(user=admin, name="ci")
    assert client.post(_delete_url(token))["Location"] == SETTINGS + "#tokens"


@pytest.mark.parametrize("second", ["ci", "CI", " ci "])
def test_a_duplicate_personal_access_token_name_is_refused(client_for, admin, second):
    services.access_token_create(user=admin, name="ci")
    client = client_for(admin)
    response = client.post(CREATE, _create_form(client, name=second))
    assert response.status_code == 200
    assert "You already have a personal access token named" in response.content.decode()
    assert admin.access_tokens.count() == 1


def test_the_database_refuses_a_duplicate_token_name_too(admin):
    from django.db import IntegrityError, transaction

    PersonalAccessToken.objects.create(user=admin, name="ci", token_hash="a" * 64, hint="abcd", expires_on="2030-01-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonalAccessToken.objects.create(
            user=admin, name="CI", token_hash="b" * 64, hint="abcd", expires_on="2030-01-01"
        )
