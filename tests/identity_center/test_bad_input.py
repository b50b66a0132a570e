"""No page answers 500, whatever is posted or put in the query string."""

import pytest

from tests.identity_center.helpers import BASE

pytestmark = pytest.mark.django_db

NASTY = ["", "a\x00b", "x" * 5000, "' OR 1=1 --", "1e309", "🙂"]
FIELDS = [
    "region", "user_name", "display_name", "email", "password", "enabled", "description", "users", "groups",
    "identity_source", "account", "confirmation", "permission_set_type", "inline_policy", "name",
    "session_duration_hours", "permission_sets", "step", "q", "page",
]  # fmt: skip


def test_nothing_posted_or_queried_answers_500(client_as, build, people, permission_set, assignment, network):
    mary, developers = people["mary"], people["developers"]
    urls = [
        BASE, BASE + "enable/", BASE + "users/", BASE + "users/create/", BASE + f"users/{mary.user_id}/",
        BASE + f"users/{mary.user_id}/edit/", BASE + f"users/{mary.user_id}/status/",
        BASE + "groups/", BASE + "groups/create/", BASE + f"groups/{developers.group_id}/",
        BASE + f"groups/{developers.group_id}/edit/", BASE + f"groups/{developers.group_id}/add-users/",
        BASE + f"groups/{developers.group_id}/members/{mary.user_id}/remove/",
        BASE + "settings/", BASE + "settings/identity-source/",
        BASE + "settings/delegated-administrator/register/",
        BASE + "settings/delete-identity-store/", BASE + "permission-sets/", BASE + "permission-sets/create/",
        BASE + f"permission-sets/{permission_set.permission_set_id}/", BASE + "accounts/",
        BASE + f"accounts/{network.account_id}/", BASE + f"accounts/{network.account_id}/assign/",
    ]  # fmt: skip
    client = client_as(build)
    for url in urls:
        steps = ("principals", "permission_sets", "review") if url.endswith("/assign/") else ("",)
        for value in NASTY:
            for step in steps:
                response = client.post(url, {**{field: value for field in FIELDS}, "step": step})
                assert response.status_code < 500, (url, value)
            response = client.get(url, {"q": value, "page": value})
            assert response.status_code < 500, (url, value)
