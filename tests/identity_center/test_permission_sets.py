"""Permission sets: the list, Create permission set (seed 003's CodeWhisperer_administrator), the
detail page with the pretty-printed policy, and Delete."""

import json

import pytest

from accounts.aws.identity_center.models import AccountAssignment, PermissionSet
from tests.fixtures_identity_center import SEED_003_POLICY
from tests.identity_center.helpers import BASE, html, snapshot

pytestmark = pytest.mark.django_db

LIST = BASE + "permission-sets/"
CREATE = LIST + "create/"


def form(**overrides):
    data = {
        "permission_set_type": "custom",
        "inline_policy": SEED_003_POLICY,
        "name": "CodeWhisperer_administrator",
        "description": "",
        "session_duration_hours": "8",
    }
    data.update(overrides)
    return data


def test_create_permission_set_follows_seed_003s_steps(client_as, build, instance):
    """Permission set type → Next → Inline policy → Next → Permission set name → Next → Review and
    create → Create; Previous on every step after the first keeps what was typed."""
    client = client_as(build)
    page = html(client.get(CREATE))
    assert "Permission set type" in page and "Custom permission set" in page
    assert 'value="next">Next</button>' in page and 'value="previous"' not in page
    data = form()
    page = html(client.post(CREATE, {**data, "step": "type", "action": "next"}))
    assert '<h2 id="step-title">Inline policy</h2>' in page and 'value="previous">Previous</button>' in page
    # A bad policy stops at its step, saying why.
    stay = html(client.post(CREATE, {**data, "inline_policy": "{ not json", "step": "policy", "action": "next"}))
    assert '<h2 id="step-title">Inline policy</h2>' in stay and "The policy is not valid JSON" in stay
    page = html(client.post(CREATE, {**data, "step": "policy", "action": "next"}))
    assert "Permission set name" in page and 'name="session_duration_hours" value="8"' in page
    back = html(client.post(CREATE, {**data, "step": "details", "action": "previous"}))
    assert '<h2 id="step-title">Inline policy</h2>' in back and "sso-directory:SearchUsers" in back
    review = html(client.post(CREATE, {**data, "step": "details", "action": "next"}))
    assert "<h1>Review and create</h1>" in review and "CodeWhisperer_administrator" in review
    assert 'value="create">Create</button>' in review and 'value="previous">Previous</button>' in review
    assert not PermissionSet.objects.filter(name="CodeWhisperer_administrator").exists()
    client.post(CREATE, {**data, "step": "review", "action": "create"})
    assert PermissionSet.objects.filter(name="CodeWhisperer_administrator").exists()


def test_a_refusal_at_create_returns_to_the_step_of_the_field(client_as, build, permission_set):
    page = html(client_as(build).post(CREATE, {**form(name="codewhisperer_ADMINISTRATOR"), "step": "review"}))
    assert '<h2 id="step-title">Permission set details</h2>' in page
    assert "already exists" in page


def test_create_the_seeds_codewhisperer_administrator(client_as, build, instance):
    response = client_as(build).post(CREATE, form(), follow=True)
    permission_set = PermissionSet.objects.get(name="CodeWhisperer_administrator")
    assert permission_set.session_duration_hours == 8
    assert permission_set.inline_policy == json.loads(SEED_003_POLICY)
    page = html(response)
    assert "The permission set CodeWhisperer_administrator was created." in page
    assert permission_set.arn in page
    assert "&quot;Effect&quot;: &quot;Allow&quot;" in page
    assert "  &quot;Version&quot;: &quot;2012-10-17&quot;,\n  &quot;Statement&quot;: [" in page


def test_a_permission_set_without_inline_policy_is_fine(client_as, build, instance):
    client_as(build).post(CREATE, form(inline_policy="", name="ReadOnly", session_duration_hours="1"))
    assert PermissionSet.objects.get(name="ReadOnly").inline_policy == {}


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"inline_policy": "{ not json"}, "The policy is not valid JSON"),
        (
            {"inline_policy": '{"Statement": [{"Action": "s3:*", "Resource": "*"}]}'},
            "Every statement of the policy needs",
        ),
        ({"inline_policy": '{"Version": "2012-10-17"}'}, "must be a JSON object with a &quot;Statement&quot; list"),
        ({"inline_policy": '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": NaN}]}'}, "NaN"),
        ({"inline_policy": "[" * 100000 + "]" * 100000}, "The policy"),
        ({"inline_policy": '{"Statement": [{"Effect": "Allow", "Action": "a\\u0000"}]}'}, "NUL character"),
        ({"session_duration_hours": "0"}, "The session duration is 1 to 12 hours."),
        ({"session_duration_hours": "13"}, "The session duration is 1 to 12 hours."),
        ({"session_duration_hours": "eight"}, "Enter a whole number."),
        ({"name": "has space"}, "A permission set name is 1–32"),
        ({"name": "x" * 33}, "A permission set name is 1–32"),
        ({"permission_set_type": "predefined"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_a_form_error_and_writes_nothing(client_as, build, instance, overrides, message):
    before = snapshot()
    response = client_as(build).post(CREATE, form(**overrides))
    assert response.status_code == 200
    assert message in html(response)
    assert "The permission set was not created." in html(response)
    assert snapshot() == before


def test_a_duplicate_name_is_refused(client_as, build, permission_set):
    before = snapshot()
    response = client_as(build).post(CREATE, form(name="codewhisperer_ADMINISTRATOR"))
    assert "A permission set named codewhisperer_ADMINISTRATOR already exists." in html(response)
    assert snapshot() == before


def test_list_shows_permission_sets_with_assignment_counts(client_as, network, assignment, permission_set):
    page = html(client_as(network).get(LIST))
    assert f'href="/aws/identity-center/permission-sets/{permission_set.permission_set_id}/">' in page
    assert "8 hours" in page
    assert '<td class="num">1</td>' in page


def test_delete_asks_then_deletes_with_assignments(client_as, build, assignment, permission_set):
    client = client_as(build)
    url = LIST + f"{permission_set.permission_set_id}/delete/"
    assert "is assigned 1 time" in html(client.get(url))
    response = client.post(url, follow=True)
    assert not PermissionSet.objects.filter(pk=permission_set.pk).exists()
    assert not AccountAssignment.objects.exists()
    assert "The permission set CodeWhisperer_administrator was deleted, with its 1 account assignment." in html(
        response
    )


def test_create_reports_every_invalid_field_on_the_first_submit(client_as, build, instance):
    """A Create with a bad name, session duration and policy returns to the first step concerned
    (Inline policy) and names the problems of the other step in the banner."""
    data = {**form(name="has spaces!", inline_policy="{ not json", session_duration_hours="13"), "step": "review"}
    page = html(client_as(build).post(CREATE, {**data, "action": "create"}))
    assert '<h2 id="step-title">Inline policy</h2>' in page
    assert "The policy is not valid JSON" in page
    assert "Permission set details → Permission set name:" in page
    assert "Permission set details → Session duration (hours):" in page
    assert not PermissionSet.objects.filter(name="has spaces!").exists()
