"""Groups: the list with member counts, Create group, the group's members, Add users to group,
Remove, edit and delete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import DirectoryGroup, DirectoryUser, GroupMembership
from catalyst_admin.actors import SYSTEM
from tests.identity_center.helpers import BASE, html, snapshot

pytestmark = pytest.mark.django_db

GROUPS = BASE + "groups/"
CREATE = GROUPS + "create/"


def test_groups_list_shows_member_counts(client_as, build, people):
    page = html(client_as(build).get(GROUPS))
    assert 'Groups <span class="counter">(1)</span>' in page
    assert f'href="/aws/identity-center/groups/{people["developers"].group_id}/">Developers</a>' in page
    assert '<td class="num">1</td>' in page
    assert 'href="/aws/identity-center/groups/create/">Create group</a>' in page


def test_groups_list_finds_by_name(client_as, build, people, store):
    directory.directory_group_create(store=store, display_name="Space-Admins", account=SYSTEM)
    page = html(client_as(build).get(GROUPS, {"q": "space"}))
    assert "Space-Admins" in page and ">Developers<" not in page


def test_create_group_then_open_it(client_as, build, store):
    response = client_as(build).post(CREATE, {"display_name": "Space-Admins", "description": "Admins"}, follow=True)
    group = DirectoryGroup.objects.get(display_name="Space-Admins")
    assert group.store == store and group.description == "Admins"
    page = html(response)
    assert "The group Space-Admins was created." in page
    assert group.group_id in page
    assert "This group has no users yet." in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"display_name": "developers"}, "A group named developers already exists in this identity store."),
        ({"display_name": "x" * 1025}, "A group name is 1–1024 characters."),
        ({"display_name": ""}, "This field is required."),
        ({"display_name": "Ok", "description": "d" * 1025}, "A description is at most 1024 characters."),
    ],
)
def test_create_group_bad_input_is_a_form_error(client_as, build, people, data, message):
    before = snapshot()
    response = client_as(build).post(CREATE, data)
    assert response.status_code == 200
    assert message in html(response)
    assert snapshot() == before


def test_a_group_name_of_1024_characters_is_fine(client_as, build, store):
    client_as(build).post(CREATE, {"display_name": "g" * 1024})
    assert DirectoryGroup.objects.filter(display_name="g" * 1024).exists()


def test_group_page_lists_members_with_remove(client_as, build, people):
    group = people["developers"]
    page = html(client_as(build).get(GROUPS + f"{group.group_id}/"))
    assert 'Users in this group <span class="counter">(1)</span>' in page
    assert "mary.major" in page and "li.juan" not in page
    assert f"/groups/{group.group_id}/members/{people['mary'].user_id}/remove/" in page
    assert "Add users to group" in page


def test_group_page_counts_all_its_members_past_the_first_page_and_while_searching(client_as, build, people, store):
    group = people["developers"]
    users = DirectoryUser.objects.bulk_create(
        DirectoryUser(store=store, user_name=f"member.{n:02}", display_name=f"Member {n:02}", email=f"m{n}@example.com")
        for n in range(60)
    )
    GroupMembership.objects.bulk_create(GroupMembership(group=group, user=user) for user in users)
    url = GROUPS + f"{group.group_id}/"
    assert 'Users in this group <span class="counter">(61)</span>' in html(client_as(build).get(url))
    page = html(client_as(build).get(url, {"q": "member.0"}))
    assert 'Users in this group <span class="counter">(61)</span>' in page
    assert "member.05" in page and "member.15" not in page


def test_add_users_offers_only_users_not_yet_in_the_group(client_as, build, people):
    group = people["developers"]
    page = html(client_as(build).get(GROUPS + f"{group.group_id}/add-users/"))
    assert f'value="{people["li"].user_id}"' in page
    assert f'value="{people["mary"].user_id}"' not in page


def test_add_users_to_group(client_as, build, people, store):
    group = people["developers"]
    jorge = directory.directory_user_create(
        store=store, user_name="jorge.souza", display_name="Jorge Souza", account=SYSTEM
    )
    response = client_as(build).post(
        GROUPS + f"{group.group_id}/add-users/", {"users": [people["li"].user_id, jorge.user_id]}, follow=True
    )
    assert set(group.members.values_list("user_name", flat=True)) == {"mary.major", "li.juan", "jorge.souza"}
    assert "Added 2 users to Developers." in html(response)


@pytest.mark.parametrize("users", [[], ["0123456789-00000000-0000-0000-0000-000000000000"], ["bad\x00"]])
def test_add_users_without_a_valid_choice_writes_nothing(client_as, build, people, users):
    before = snapshot()
    response = client_as(build).post(GROUPS + f"{people['developers'].group_id}/add-users/", {"users": users})
    assert response.status_code == 200
    assert 'class="alert error"' in html(response)
    assert snapshot() == before


def test_adding_a_member_again_or_another_stores_user_is_refused(client_as, build, people, globex):
    group = people["developers"]
    before = snapshot()
    client = client_as(build)
    for user_id in (people["mary"].user_id, globex["user"].user_id):
        response = client.post(GROUPS + f"{group.group_id}/add-users/", {"users": [user_id]})
        assert "Select a valid choice" in html(response)
    assert snapshot() == before


def test_remove_member(client_as, build, people):
    group, mary = people["developers"], people["mary"]
    response = client_as(build).post(GROUPS + f"{group.group_id}/members/{mary.user_id}/remove/", follow=True)
    assert not GroupMembership.objects.filter(group=group, user=mary).exists()
    assert DirectoryUser.objects.filter(pk=mary.pk).exists()
    assert "Removed mary.major from Developers." in html(response)


def test_removing_a_user_who_is_not_a_member_says_so(client_as, build, people):
    group, li = people["developers"], people["li"]
    response = client_as(build).post(GROUPS + f"{group.group_id}/members/{li.user_id}/remove/", follow=True)
    assert "li.juan is not in Developers." in html(response)


def test_edit_group(client_as, build, people):
    group = people["developers"]
    client_as(build).post(GROUPS + f"{group.group_id}/edit/", {"display_name": "Engineers", "description": "All"})
    group.refresh_from_db()
    assert (group.display_name, group.description) == ("Engineers", "All")


def test_edit_group_to_a_taken_name_is_refused(client_as, build, people, store):
    directory.directory_group_create(store=store, display_name="Space-Admins", account=SYSTEM)
    group = people["developers"]
    response = client_as(build).post(GROUPS + f"{group.group_id}/edit/", {"display_name": "SPACE-ADMINS"})
    assert "A group named SPACE-ADMINS already exists" in html(response)
    group.refresh_from_db()
    assert group.display_name == "Developers"


def test_delete_group_asks_then_deletes_keeping_users(client_as, build, people):
    group, client = people["developers"], client_as(build)
    confirm = html(client.get(GROUPS + f"{group.group_id}/delete/"))
    assert "Delete group Developers?" in confirm
    assert "removes its 1 membership" in confirm
    response = client.post(GROUPS + f"{group.group_id}/delete/", follow=True)
    assert not DirectoryGroup.objects.filter(pk=group.pk).exists()
    assert DirectoryUser.objects.filter(pk=people["mary"].pk).exists()
    assert "The group Developers was deleted." in html(response)


def test_groups_list_query_count_does_not_grow_with_rows(client_as, build, store):
    client = client_as(build)
    users = [
        directory.directory_user_create(store=store, user_name=f"u{n}", display_name=f"U {n}", account=SYSTEM)
        for n in range(3)
    ]
    first = directory.directory_group_create(store=store, display_name="group-00", account=SYSTEM)
    directory.group_membership_add(group=first, user=users[0], account=SYSTEM)
    client.get(GROUPS)
    with CaptureQueriesContext(connection) as one:
        assert client.get(GROUPS).status_code == 200
    for n in range(1, 30):
        group = directory.directory_group_create(store=store, display_name=f"group-{n:02d}", account=SYSTEM)
        for user in users[: n % 3 + 1]:
            directory.group_membership_add(group=group, user=user, account=SYSTEM)
    with CaptureQueriesContext(connection) as thirty:
        page = html(client.get(GROUPS))
    assert "group-29" in page
    assert len(thirty) == len(one)


def test_group_members_query_count_does_not_grow_with_rows(client_as, build, people, store):
    client, group = client_as(build), people["developers"]
    url = GROUPS + f"{group.group_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(29):
        user = directory.directory_user_create(store=store, user_name=f"m{n}", display_name=f"M {n}", account=SYSTEM)
        directory.group_membership_add(group=group, user=user, account=SYSTEM)
    with CaptureQueriesContext(connection) as thirty:
        client.get(url)
    assert len(thirty) == len(one)
