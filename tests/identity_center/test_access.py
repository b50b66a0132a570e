"""Every IAM Identity Center page for the cast: an anonymous visitor, the management account, the
delegated administrator, a plain member account, and an account of another organization."""

import pytest

from tests.identity_center.helpers import BASE, html, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(instance, people, permission_set, assignment, network, globex):
    mary, developers = people["mary"], people["developers"]
    ps = permission_set.permission_set_id
    reads = [
        BASE,
        BASE + "users/",
        BASE + f"users/{mary.user_id}/",
        BASE + "groups/",
        BASE + f"groups/{developers.group_id}/",
        BASE + "settings/",
        BASE + "permission-sets/",
        BASE + f"permission-sets/{ps}/",
        BASE + "accounts/",
        BASE + f"accounts/{network.account_id}/",
    ]
    write_pages = [
        BASE + "users/create/",
        BASE + f"users/{mary.user_id}/edit/",
        BASE + f"users/{mary.user_id}/delete/",
        BASE + "groups/create/",
        BASE + f"groups/{developers.group_id}/edit/",
        BASE + f"groups/{developers.group_id}/delete/",
        BASE + f"groups/{developers.group_id}/add-users/",
        BASE + "settings/identity-source/",
        BASE + "settings/delete-identity-store/",
        BASE + "permission-sets/create/",
        BASE + f"permission-sets/{ps}/delete/",
        BASE + f"accounts/{network.account_id}/assign/",
    ]
    post_only = [
        BASE + f"users/{mary.user_id}/status/",
        BASE + f"groups/{developers.group_id}/members/{mary.user_id}/remove/",
        BASE + "settings/delegated-administrator/register/",
        BASE + "settings/delegated-administrator/deregister/",
        BASE + f"accounts/{network.account_id}/assignments/{assignment.pk}/remove/",
    ]
    # What a page would change if the POST went through; every refused POST must write nothing.
    post_data = {
        BASE + "users/create/": {"user_name": "new.user", "display_name": "New", "email": "n@example.com"},
        BASE + f"users/{mary.user_id}/edit/": {"display_name": "Changed", "email": "c@example.com"},
        BASE + "groups/create/": {"display_name": "New group"},
        BASE + f"groups/{developers.group_id}/edit/": {"display_name": "Renamed"},
        BASE + f"groups/{developers.group_id}/add-users/": {"users": [people["li"].user_id]},
        BASE + "settings/identity-source/": {"identity_source": "active_directory"},
        BASE + "settings/delete-identity-store/": {"confirmation": instance.identity_store.store_id},
        BASE + "permission-sets/create/": {
            "name": "X",
            "session_duration_hours": 8,
            "permission_set_type": "custom",
        },
        BASE + f"users/{mary.user_id}/status/": {"enabled": "false"},
        BASE + "settings/delegated-administrator/register/": {"account": network.account_id},
    }
    return {"reads": reads, "write_pages": write_pages, "post_only": post_only, "post_data": post_data}


def test_anonymous_visitors_are_sent_to_the_console_sign_in(world, client_as):
    client = client_as(None)
    before = snapshot()
    for url in world["reads"] + world["write_pages"] + world["post_only"] + [BASE + "enable/"]:
        for response in (client.get(url), client.post(url, world["post_data"].get(url, {}))):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/aws/signin/?next="), url
    assert snapshot() == before


@pytest.mark.parametrize("who", ["management", "build"])
def test_administrators_open_every_page(world, client_as, who, request):
    client = client_as(request.getfixturevalue(who))
    for url in world["reads"] + world["write_pages"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "You can view IAM Identity Center, but not change it" not in html(response), url
    for url in world["post_only"]:
        assert client.get(url).status_code == 405, url


def test_a_plain_member_account_reads_but_cannot_change_anything(world, client_as, network):
    client = client_as(network)
    for url in world["reads"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "You can view IAM Identity Center, but not change it" in html(response), url
        assert "Add user</a>" not in html(response)
    before = snapshot()
    for url in world["write_pages"] + world["post_only"]:
        assert client.get(url).status_code in (403, 405), url
        response = client.post(url, world["post_data"].get(url, {}))
        assert response.status_code == 403, url
        assert "management account or its delegated administrator account" in html(response), url
    assert snapshot() == before


def test_users_list_hides_actions_from_a_plain_member(world, client_as, network):
    page = html(client_as(network).get(BASE + "users/"))
    assert "mary.major" in page
    assert "/users/create/" not in page


def test_another_organizations_objects_are_not_found(world, client_as, globex):
    client = client_as(globex["management"])
    before = snapshot()
    object_urls = [u for u in world["reads"] + world["write_pages"] + world["post_only"] if _names_an_object(u)]
    assert object_urls
    for url in object_urls:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, world["post_data"].get(url, {})).status_code == 404, url
    assert snapshot() == before


def _names_an_object(url: str) -> bool:
    rest = url[len(BASE) :].strip("/").split("/")
    return len(rest) >= 2 and rest[1] not in (
        "create",
        "identity-source",
        "delete-identity-store",
        "delegated-administrator",
    )


def test_another_organizations_lists_show_only_its_own(world, client_as, globex):
    client = client_as(globex["management"])
    users = html(client.get(BASE + "users/"))
    assert "hank.scorpio" in users and "mary.major" not in users
    groups = html(client.get(BASE + "groups/"))
    assert "Globex-Admins" in groups and "Developers" not in groups
    sets = html(client.get(BASE + "permission-sets/"))
    assert "GlobexAdmin" in sets and "CodeWhisperer_administrator" not in sets
    accounts = html(client.get(BASE + "accounts/"))
    assert "/accounts/555566667777/" in accounts and "/accounts/777788889999/" not in accounts


def test_an_account_outside_any_organization_sees_a_clear_message(world, client_as, loner):
    client = client_as(loner)
    page = html(client.get(BASE))
    assert "is not a member of an organization in AWS Organizations" in page
    assert 'name="region"' not in page
    for url in (
        BASE + "users/",
        BASE + "groups/",
        BASE + "settings/",
        BASE + "permission-sets/",
        BASE + "accounts/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "This account is not part of an organization" in html(response)
    assert client.get(world["reads"][2]).status_code == 404
    before = snapshot()
    response = client.post(BASE + "enable/", {"region": "us-west-2"})
    assert "not part of an organization" in html(response)
    assert snapshot() == before


def test_posts_without_a_csrf_token_are_refused_and_write_nothing(world, client_as, management):
    client = client_as(management, csrf=True)
    before = snapshot()
    for url, data in world["post_data"].items():
        assert client.post(url, data).status_code == 403, url
    for url in world["post_only"]:
        assert client.post(url, world["post_data"].get(url, {})).status_code == 403, url
    assert snapshot() == before
