"""Users: the list with search, Add user, the user's page, edit, disable/enable and delete."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import DirectoryUser, GroupMembership
from catalyst_admin.actors import SYSTEM
from tests.identity_center.helpers import BASE, html, snapshot

pytestmark = pytest.mark.django_db

USERS = BASE + "users/"
CREATE = USERS + "create/"


def test_users_list_shows_the_stores_users(client_as, build, people):
    page = html(client_as(build).get(USERS))
    assert 'Users <span class="counter">(2)</span>' in page
    assert f'href="/aws/identity-center/users/{people["mary"].user_id}/">mary.major</a>' in page
    assert "mary@example.com" in page
    assert 'href="/aws/identity-center/users/create/">Add user</a>' in page


@pytest.mark.parametrize("query", ["MARY", "Major", "mary@example"])
def test_users_list_finds_by_user_name_display_name_or_email(client_as, build, people, query):
    page = html(client_as(build).get(USERS, {"q": query}))
    assert "mary.major" in page
    assert "li.juan" not in page


def test_users_search_without_matches_says_so(client_as, build, people):
    assert "No user's user name, display name or email contains" in html(client_as(build).get(USERS, {"q": "zzz\x00"}))


def test_users_list_is_paginated_by_50(client_as, build, store):
    for n in range(51):
        directory.directory_user_create(store=store, user_name=f"user{n:02d}", display_name=f"User {n}", account=SYSTEM)
    client = client_as(build)
    first = html(client.get(USERS))
    assert "Page 1 of 2" in first
    assert "user50" not in first
    assert "user50" in html(client.get(USERS, {"page": 2}))
    assert client.get(USERS, {"page": "nonsense"}).status_code == 200


def test_add_user_creates_the_user_and_opens_its_page(client_as, build, store):
    response = client_as(build).post(
        CREATE,
        {
            "user_name": "saanvi.sarkar",
            "display_name": "Saanvi Sarkar",
            "email": "saanvi@example.com",
            "password": "portal-password",
            "enabled": "on",
        },
        follow=True,
    )
    user = DirectoryUser.objects.get(user_name="saanvi.sarkar")
    assert user.store == store and user.enabled and user.check_password("portal-password")
    assert re.fullmatch(r"[0-9a-f]{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", user.user_id)
    page = html(response)
    assert f"The user saanvi.sarkar was added to identity store {store.store_id}." in page
    assert user.user_id in page
    assert store.store_id in page


def test_add_user_form_labels_every_input(client_as, build, store):
    page = html(client_as(build).get(CREATE))
    for label in ("User name", "Display name", "Email address", "Password for the access portal", "Enabled"):
        assert f">{label}" in page


def test_add_user_refuses_a_duplicate_user_name_ignoring_case(client_as, build, people):
    before = snapshot()
    response = client_as(build).post(
        CREATE, {"user_name": "MARY.MAJOR", "display_name": "Another Mary", "email": "m2@example.com"}
    )
    assert response.status_code == 200
    assert "A user named MARY.MAJOR already exists in this identity store." in html(response)
    assert snapshot() == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"user_name": "bad name!", "display_name": "X", "email": "x@example.com"}, "A user name is 1–128"),
        ({"user_name": "x", "display_name": "X", "email": "not-an-email"}, "Enter a valid email address."),
        (
            {"user_name": "x", "display_name": "X", "email": "x@example.com", "password": "short"},
            "8–64 characters",
        ),
        ({"user_name": "x", "display_name": "   ", "email": "x@example.com"}, "This field is required."),
        ({"user_name": "x" * 129, "display_name": "X", "email": "x@example.com"}, "A user name is 1–128"),
    ],
)
def test_add_user_bad_input_is_a_form_error(client_as, build, store, data, message):
    before = snapshot()
    response = client_as(build).post(CREATE, data)
    assert response.status_code == 200
    assert message in html(response)
    assert "The user was not added." in html(response)
    assert snapshot() == before


def test_user_page_shows_ids_groups_and_actions(client_as, build, people, store):
    mary = people["mary"]
    page = html(client_as(build).get(USERS + f"{mary.user_id}/"))
    assert mary.user_id in page
    assert store.store_id in page
    assert "Developers</a>" in page
    assert "Disable user access" in page
    assert f'href="/aws/identity-center/users/{mary.user_id}/delete/">Delete user</a>' in page


def test_edit_user_changes_display_name_and_email(client_as, build, people):
    mary = people["mary"]
    response = client_as(build).post(
        USERS + f"{mary.user_id}/edit/",
        {"display_name": "Mary Major-Smith", "email": "mms@example.com"},
        follow=True,
    )
    mary.refresh_from_db()
    assert (mary.display_name, mary.email) == ("Mary Major-Smith", "mms@example.com")
    assert mary.check_password("portal-pass-1")
    assert "Changes to mary.major saved." in html(response)


def test_disable_and_enable_user_access(client_as, build, people):
    mary, client = people["mary"], client_as(build)
    response = client.post(USERS + f"{mary.user_id}/status/", {"enabled": "false"}, follow=True)
    mary.refresh_from_db()
    assert not mary.enabled
    assert "User access for mary.major is disabled." in html(response)
    assert "Enable user access" in html(response)
    client.post(USERS + f"{mary.user_id}/status/", {"enabled": "true"})
    mary.refresh_from_db()
    assert mary.enabled


def test_the_list_the_user_page_and_the_group_page_badge_each_users_status(client_as, build, people):
    mary, client = people["mary"], client_as(build)
    directory.directory_user_enabled_set(user=mary, enabled=False, account=SYSTEM)
    enabled, disabled = (
        '<span class="badge success status">Enabled</span>',
        '<span class="badge danger status">Disabled</span>',
    )
    listing = html(client.get(USERS))
    assert listing.count(disabled) == 1 and listing.count(enabled) == 1  # mary.major, li.juan
    assert listing.index("mary.major") < listing.index(disabled)
    assert f"<dt>Status</dt><dd>{disabled}</dd>" in html(client.get(USERS + f"{mary.user_id}/"))
    group = html(client.get(BASE + f"groups/{people['developers'].group_id}/"))
    assert disabled in group and enabled not in group  # Developers: mary.major only


def test_delete_user_asks_then_deletes_with_memberships(client_as, build, people):
    mary, client = people["mary"], client_as(build)
    confirm = html(client.get(USERS + f"{mary.user_id}/delete/"))
    assert "Delete user mary.major?" in confirm
    assert "Developers" in confirm
    assert DirectoryUser.objects.filter(pk=mary.pk).exists()
    response = client.post(USERS + f"{mary.user_id}/delete/", follow=True)
    assert not DirectoryUser.objects.filter(pk=mary.pk).exists()
    assert not GroupMembership.objects.filter(user_id=mary.pk).exists()
    assert "The user mary.major was deleted" in html(response)


def test_unknown_or_malformed_user_ids_are_404(client_as, build, store):
    client = client_as(build)
    assert client.get(USERS + "0123456789-00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get(USERS + "not%00hex/").status_code == 404


def test_users_list_query_count_does_not_grow_with_rows(client_as, build, store):
    client = client_as(build)
    directory.directory_user_create(store=store, user_name="first", display_name="First", account=SYSTEM)
    client.get(USERS)
    with CaptureQueriesContext(connection) as one:
        assert client.get(USERS).status_code == 200
    for n in range(29):
        directory.directory_user_create(store=store, user_name=f"more{n}", display_name=f"More {n}", account=SYSTEM)
    with CaptureQueriesContext(connection) as thirty:
        page = html(client.get(USERS))
    assert page.count('href="/aws/identity-center/users/') >= 30
    assert len(thirty) == len(one)


def test_add_user_reports_every_invalid_field_on_the_first_submit(client_as, build, store):
    response = client_as(build).post(
        CREATE, {"user_name": "bad name!", "display_name": "d" * 1100, "email": "not-an-email", "enabled": "on"}
    )
    assert response.status_code == 200
    assert {"user_name", "display_name", "email"} <= set(response.context["form"].errors)
    assert not DirectoryUser.objects.filter(user_name="bad name!").exists()
