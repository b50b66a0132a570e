"""IAM → Roles: the list, the detail page and Create role, always scoped to the signed-in account."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.aws.iam.models import IamRole
from tests.factories import IamRoleFactory

pytestmark = pytest.mark.django_db

ROLES = "/aws/iam/roles/"
CREATE = "/aws/iam/roles/create/"

TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["codecatalyst-runner.amazonaws.com", "codecatalyst.amazonaws.com"]},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)
PERMISSIONS = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]}
)


def test_roles_list_shows_only_the_signed_in_accounts_roles(aws_client, build, network, outside):
    IamRoleFactory(account=build, name="codecatalyst-build-role")
    IamRoleFactory(account=network, name="codecatalyst-vpc-role")
    IamRoleFactory(account=outside, name="globex-secret-role")
    response = aws_client.get(ROLES)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Roles | AWS Management Console</title>" in html
    assert "codecatalyst-build-role" in html
    assert "arn:aws:iam::444455556666:role/codecatalyst-build-role" in html
    assert "AWS Service: codecatalyst-runner.amazonaws.com" in html
    assert "AWS Service: codecatalyst.amazonaws.com" in html
    assert "codecatalyst-vpc-role" not in html
    assert "globex-secret-role" not in html
    assert 'Roles <span class="counter">(1)</span>' in html


def test_roles_list_follows_the_account_switched_to(aws_client, build, network):
    IamRoleFactory(account=build, name="codecatalyst-build-role")
    IamRoleFactory(account=network, name="codecatalyst-vpc-role")
    aws_client.post("/aws/switch/", {"account_id": network.account_id})
    html = aws_client.get(ROLES).content.decode()
    assert "codecatalyst-vpc-role" in html
    assert "codecatalyst-build-role" not in html


def test_roles_list_without_roles_shows_empty_state_with_create_role(aws_client):
    html = aws_client.get(ROLES).content.decode()
    assert "This account has no IAM roles yet." in html
    assert f'href="{CREATE}">Create role</a>' in html


def test_roles_list_finds_roles_by_name(aws_client, build):
    IamRoleFactory(account=build, name="codecatalyst-build-role")
    IamRoleFactory(account=build, name="deploy-role")
    html = aws_client.get(ROLES, {"q": "BUILD"}).content.decode()
    assert "codecatalyst-build-role" in html
    assert "deploy-role" not in html
    assert "No role in this account has a name containing" in aws_client.get(ROLES, {"q": "zzz"}).content.decode()


def test_roles_list_query_count_does_not_grow_with_rows(aws_client, build):
    IamRoleFactory(account=build)
    with CaptureQueriesContext(connection) as one:
        aws_client.get(ROLES)
    IamRoleFactory.create_batch(30, account=build)
    with CaptureQueriesContext(connection) as many:
        aws_client.get(ROLES)
    assert len(many) == len(one)


def test_roles_list_pages_through_many_roles(aws_client, build):
    IamRoleFactory.create_batch(55, account=build)
    first = aws_client.get(ROLES).content.decode()
    assert "Page 1 of 2" in first
    assert aws_client.get(ROLES, {"page": "2"}).status_code == 200
    assert aws_client.get(ROLES, {"page": "not-a-number"}).status_code == 200


def test_role_detail_shows_arn_and_pretty_printed_policies(aws_client, build):
    IamRoleFactory(
        account=build,
        name="codecatalyst-build-role",
        description="Build and deploy",
        permissions_policy=json.loads(PERMISSIONS),
    )
    response = aws_client.get(reverse("aws:iam_role", args=["codecatalyst-build-role"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "arn:aws:iam::444455556666:role/codecatalyst-build-role" in html
    assert "Build and deploy" in html
    assert "  &quot;Statement&quot;: [\n    {\n      &quot;Effect&quot;: &quot;Allow&quot;" in html
    assert "&quot;sts:AssumeRole&quot;" in html
    assert "&quot;s3:*&quot;" in html


def test_role_detail_without_permissions_policy_says_so(aws_client, build):
    IamRoleFactory(account=build, name="bare-role")
    html = aws_client.get(reverse("aws:iam_role", args=["bare-role"])).content.decode()
    assert "This role has no permissions policy." in html


def test_role_of_another_account_is_404(aws_client, network, outside):
    IamRoleFactory(account=network, name="codecatalyst-vpc-role")
    IamRoleFactory(account=outside, name="globex-secret-role")
    assert aws_client.get(reverse("aws:iam_role", args=["codecatalyst-vpc-role"])).status_code == 404
    response = aws_client.get(reverse("aws:iam_role", args=["globex-secret-role"]))
    assert response.status_code == 404
    assert "does not exist in this account" in response.content.decode()


def test_create_role_form_is_prefilled_with_a_codecatalyst_trust_policy(aws_client):
    response = aws_client.get(CREATE)
    html = response.content.decode()
    assert "<title>Create role | AWS Management Console</title>" in html
    for field_id in ("id_name", "id_description", "id_trust_policy", "id_permissions_policy"):
        assert f'<label for="{field_id}"' in html
    trust = response.context["form"]["trust_policy"].value()
    principals = json.loads(trust)["Statement"][0]["Principal"]["Service"]
    assert principals == ["codecatalyst-runner.amazonaws.com", "codecatalyst.amazonaws.com"]


def test_creating_a_role_saves_it_and_opens_its_page(aws_client, build):
    response = aws_client.post(
        CREATE,
        {
            "name": "codecatalyst-deploy-role",
            "description": "Deploys from workflows",
            "trust_policy": TRUST,
            "permissions_policy": PERMISSIONS,
        },
        follow=True,
    )
    role = IamRole.objects.get(name="codecatalyst-deploy-role")
    assert role.account == build
    assert role.description == "Deploys from workflows"
    assert role.trust_policy == json.loads(TRUST)
    assert role.permissions_policy == json.loads(PERMISSIONS)
    assert response.redirect_chain == [(reverse("aws:iam_role", args=[role.name]), 302)]
    assert "Role codecatalyst-deploy-role created." in response.content.decode()


def test_creating_a_role_without_permissions_policy_is_allowed(aws_client, build):
    aws_client.post(CREATE, {"name": "trust-only", "trust_policy": TRUST, "permissions_policy": "  "})
    assert IamRole.objects.get(name="trust-only").permissions_policy == {}


def test_role_name_taken_in_another_account_is_still_free_here(aws_client, build, network):
    IamRoleFactory(account=network, name="shared-name")
    aws_client.post(CREATE, {"name": "shared-name", "trust_policy": TRUST})
    assert IamRole.objects.filter(account=build, name="shared-name").exists()


INVALID = {
    "invalid trust JSON": ({"trust_policy": '{"Statement": ['}, "The trust policy is not valid JSON"),
    "trust without Statement": ({"trust_policy": '{"Version": "2012-10-17"}'}, 'with a "Statement" list'),
    "trust is a list": ({"trust_policy": "[1, 2]"}, 'with a "Statement" list'),
    "empty Statement": ({"trust_policy": '{"Statement": []}'}, "needs at least one statement"),
    "trust without Effect": (
        {"trust_policy": '{"Statement": [{"Principal": {"Service": "codecatalyst.amazonaws.com"}}]}'},
        'needs "Effect": "Allow" or "Deny"',
    ),
    "trust without Principal": (
        {"trust_policy": '{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}'},
        'needs a "Principal"',
    ),
    "trust with NaN": ({"trust_policy": '{"Statement": NaN}'}, "The trust policy is not valid JSON"),
    "trust nested too deeply": ({"trust_policy": "[" * 100000 + "]" * 100000}, "nested too deeply"),
    "trust too long": (
        {"trust_policy": json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Sid": "x" * 5000}]})},
        "IAM allows at most 4096",
    ),
    "trust with NUL": (
        {"trust_policy": '{"Statement": [{"Effect": "Allow", "Principal": "*", "Sid": "a\\u0000b"}]}'},
        "NUL character",
    ),
    "empty trust": ({"trust_policy": ""}, "This field is required."),
    "invalid permissions JSON": (
        {"permissions_policy": "{nope}"},
        "The permissions policy is not valid JSON",
    ),
    "permissions without Effect": (
        {"permissions_policy": '{"Statement": {"Action": "s3:*", "Resource": "*"}}'},
        'Every statement of the permissions policy needs "Effect"',
    ),
    "bad name": ({"name": "my role!"}, "Role names use letters, digits and +=,.@_- only."),
    "name too long": ({"name": "r" * 65}, "at most 64 characters"),
    "empty name": ({"name": "  "}, "This field is required."),
    "description too long": ({"description": "d" * 1001}, "at most 1000 characters"),
}


@pytest.mark.parametrize("change,message", INVALID.values(), ids=INVALID.keys())
def test_invalid_role_is_refused_with_a_form_error_and_nothing_saved(aws_client, change, message):
    data = {
        "name": "codecatalyst-deploy-role",
        "description": "",
        "trust_policy": TRUST,
        "permissions_policy": "",
    }
    response = aws_client.post(CREATE, {**data, **change})
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not IamRole.objects.exists()


def test_invalid_field_error_is_shown_next_to_that_field(aws_client):
    response = aws_client.post(
        CREATE,
        {"name": "ok-role", "description": "d" * 1001, "trust_policy": TRUST, "permissions_policy": ""},
    )
    form = response.context["form"]
    assert list(form.errors) == ["description"]


@pytest.mark.parametrize("existing", ["codecatalyst-deploy-role", "CodeCatalyst-Deploy-Role"])
def test_duplicate_role_name_is_refused_and_nothing_saved(aws_client, build, existing):
    IamRoleFactory(account=build, name=existing)
    response = aws_client.post(CREATE, {"name": "codecatalyst-deploy-role", "trust_policy": TRUST})
    assert response.status_code == 200
    assert "already exists in this account. Choose another role name." in response.content.decode()
    assert IamRole.objects.count() == 1


def test_create_role_without_csrf_token_is_refused(csrf_client):
    response = csrf_client.post(CREATE, {"name": "sneaky-role", "trust_policy": TRUST})
    assert response.status_code == 403
    assert not IamRole.objects.exists()


def test_every_invalid_field_is_reported_on_the_first_submit(aws_client):
    response = aws_client.post(
        CREATE,
        {
            "name": "my role!",
            "description": "d" * 1001,
            "trust_policy": "{not json",
            "permissions_policy": '{"Statement": {"Action": "s3:*", "Resource": "*"}}',
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "description", "trust_policy", "permissions_policy"}
    assert not IamRole.objects.exists()


def test_role_summary_has_the_role_arn_with_a_copy_button(aws_client, build):
    role = IamRoleFactory(account=build, name="codecatalyst-build-role")
    page = aws_client.get(reverse("aws:iam_role", args=[role.name])).content.decode()
    assert "<dt>Role ARN</dt>" in page
    assert f'<span class="mono" id="role-arn">{role.arn}</span>' in page
    assert 'data-copy-target="role-arn" aria-label="Copy Role ARN">Copy</button>' in page
