"""AWS accounts (multi-account permissions): the organization's accounts, their assignments,
"Assign users or groups" in three steps, and "Remove access"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import AccountAssignment
from catalyst_admin.actors import SYSTEM
from tests.identity_center.helpers import BASE, assign, html, snapshot

pytestmark = pytest.mark.django_db

ACCOUNTS = BASE + "accounts/"


def test_accounts_list_shows_the_organizations_accounts(client_as, build, instance, assignment):
    page = html(client_as(build).get(ACCOUNTS))
    for account_id, role in (
        ("111122223333", "Management account"),
        ("444455556666", "Delegated administrator"),
        ("777788889999", "Member account"),
    ):
        assert f'href="/aws/identity-center/accounts/{account_id}/"' in page
        assert role in page
    assert '<td class="num">1</td>' in page


def test_account_page_lists_assignments(client_as, build, network, assignment):
    page = html(client_as(build).get(ACCOUNTS + f"{network.account_id}/"))
    assert "Developers" in page and "CodeWhisperer_administrator" in page
    assert f"/accounts/{network.account_id}/assignments/{assignment.pk}/remove/" in page
    assert "Assign users or groups" in page


def test_assign_users_or_groups_in_three_steps(client_as, build, network, people, permission_set):
    client = client_as(build)
    url = ACCOUNTS + f"{network.account_id}/assign/"
    step1 = html(client.get(url))
    assert "Assign users and groups" in step1
    assert f'value="{people["mary"].user_id}"' in step1 and f'value="{people["developers"].group_id}"' in step1
    chosen = {"users": [people["mary"].user_id], "groups": [people["developers"].group_id]}
    step2 = html(client.post(url, {**chosen, "step": "principals"}))
    assert "Assign permission sets" in step2
    assert f'value="{permission_set.permission_set_id}"' in step2
    with_sets = {**chosen, "permission_sets": [permission_set.permission_set_id]}
    step3 = html(client.post(url, {**with_sets, "step": "permission_sets"}))
    assert "Review and submit assignments" in step3
    assert not AccountAssignment.objects.exists()
    response = client.post(url, {**with_sets, "step": "review"}, follow=True)
    assert AccountAssignment.objects.filter(account=network, user=people["mary"]).exists()
    assert AccountAssignment.objects.filter(account=network, group=people["developers"]).exists()
    assert "Submitted 2 new assignments to examplecorp-network (777788889999)." in html(response)


def test_assigning_again_keeps_the_existing_assignment(client_as, build, network, people, permission_set, assignment):
    url = ACCOUNTS + f"{network.account_id}/assign/"
    data = {
        "groups": [people["developers"].group_id],
        "permission_sets": [permission_set.permission_set_id],
        "step": "review",
    }
    response = client_as(build).post(url, data, follow=True)
    assert "Submitted 0 new assignments" in html(response)
    assert AccountAssignment.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"step": "principals"}, "Choose at least one user or group."),
        ({"step": "review", "permission_sets": ["ps-0"]}, "Choose at least one user or group."),
        ({"step": "permission_sets", "users": ["MARY"]}, "Choose at least one permission set."),
        ({"step": "review", "users": ["MARY"], "permission_sets": ["ps-nope"]}, "Select a valid choice"),
        ({"step": "review", "users": ["0000000000-x"], "permission_sets": ["PS"]}, "Select a valid choice"),
    ],
)
def test_assign_without_valid_choices_writes_nothing(client_as, build, network, people, permission_set, data, message):
    data = {
        k: [people["mary"].user_id if v == "MARY" else permission_set.permission_set_id if v == "PS" else v for v in vs]
        if isinstance(vs, list)
        else vs
        for k, vs in data.items()
    }
    before = snapshot()
    response = client_as(build).post(ACCOUNTS + f"{network.account_id}/assign/", data)
    assert response.status_code == 200
    assert message in html(response)
    assert snapshot() == before


def test_another_organizations_principals_cannot_be_assigned(client_as, build, network, permission_set, globex):
    before = snapshot()
    response = client_as(build).post(
        ACCOUNTS + f"{network.account_id}/assign/",
        {
            "step": "review",
            "users": [globex["user"].user_id],
            "permission_sets": [permission_set.permission_set_id],
        },
    )
    assert "Select a valid choice" in html(response)
    assert snapshot() == before


def test_the_delegated_administrator_cannot_manage_the_management_account(
    client_as, build, management, people, permission_set
):
    page = html(client_as(build).get(ACCOUNTS + f"{management.account_id}/"))
    assert "A delegated administrator cannot manage access to the management account." in page
    assert "/assign/" not in page
    before = snapshot()
    response = client_as(build).post(
        ACCOUNTS + f"{management.account_id}/assign/",
        {
            "step": "review",
            "users": [people["mary"].user_id],
            "permission_sets": [permission_set.permission_set_id],
        },
    )
    assert "A delegated administrator cannot manage access to the management account." in html(response)
    assert snapshot() == before


def test_the_management_account_assigns_in_itself(client_as, management, people, permission_set):
    client_as(management).post(
        ACCOUNTS + f"{management.account_id}/assign/",
        {
            "step": "review",
            "users": [people["mary"].user_id],
            "permission_sets": [permission_set.permission_set_id],
        },
    )
    assert AccountAssignment.objects.filter(account=management).count() == 1


def test_remove_access(client_as, build, network, assignment):
    response = client_as(build).post(
        ACCOUNTS + f"{network.account_id}/assignments/{assignment.pk}/remove/", follow=True
    )
    assert not AccountAssignment.objects.exists()
    assert (
        "Removed access: the group Developers no longer has CodeWhisperer_administrator "
        "in examplecorp-network" in html(response)
    )


def test_remove_access_of_another_account_is_404(client_as, build, management, network, assignment):
    url = ACCOUNTS + f"{management.account_id}/assignments/{assignment.pk}/remove/"
    assert client_as(build).post(url).status_code == 404
    assert AccountAssignment.objects.exists()


def test_unknown_accounts_are_404(client_as, build, instance, globex):
    client = client_as(build)
    assert client.get(ACCOUNTS + "000000000000/").status_code == 404
    assert client.get(ACCOUNTS + f"{globex['management'].account_id}/").status_code == 404
    assert client.get(ACCOUNTS + "12345/").status_code == 404
    assert client.post(ACCOUNTS + "777788889999/assignments/99999999999999999999/remove/").status_code == 404


def test_account_page_query_count_does_not_grow_with_assignments(
    client_as, build, network, people, store, permission_set
):
    client = client_as(build)
    url = ACCOUNTS + f"{network.account_id}/"
    assign(permission_set, network, user=people["mary"], account=build)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(29):
        user = directory.directory_user_create(store=store, user_name=f"a{n}", display_name=f"A {n}", account=SYSTEM)
        assign(permission_set, network, user=user, account=build)
    with CaptureQueriesContext(connection) as thirty:
        client.get(url)
    assert len(thirty) == len(one)


def test_assign_wizard_has_users_and_groups_tabs_and_previous_keeps_the_choices(
    client_as, build, network, people, permission_set
):
    client = client_as(build)
    url = ACCOUNTS + f"{network.account_id}/assign/"
    step1 = html(client.get(url))
    assert 'role="tab" id="tab-users" aria-controls="panel-users"' in step1 and ">Users</button>" in step1
    assert 'role="tab" id="tab-groups" aria-controls="panel-groups"' in step1 and ">Groups</button>" in step1
    chosen = {"users": [people["mary"].user_id], "groups": [people["developers"].group_id]}
    step2 = html(client.post(url, {**chosen, "step": "principals"}))
    assert 'name="action" value="previous">Previous</button>' in step2
    back = html(client.post(url, {**chosen, "step": "permission_sets", "action": "previous"}))
    assert "Assign users and groups" in back
    assert f'value="{people["mary"].user_id}" id="u-{people["mary"].user_id}" checked' in back
    assert "Choose at least one" not in back
    with_sets = {**chosen, "permission_sets": [permission_set.permission_set_id]}
    step3 = html(client.post(url, {**with_sets, "step": "permission_sets"}))
    assert 'name="action" value="previous">Previous</button>' in step3
    back = html(client.post(url, {**with_sets, "step": "review", "action": "previous"}))
    assert "Assign permission sets" in back
    assert f'value="{permission_set.permission_set_id}" id="ps-{permission_set.permission_set_id}" checked' in back
    assert not AccountAssignment.objects.exists()
