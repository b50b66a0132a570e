"""IAM → Users: create users with an inline policy, and a user's access keys (created with the
secret shown once and stored only encrypted, deactivated, activated, deleted with its ID typed)."""

import json

import pytest
from django.db import connection

from accounts.aws.iam import selectors, services
from accounts.aws.iam.models import AccessKey, IamUser
from catalyst_admin.errors import DomainError, NotFound
from catalyst_admin.secrets import secret_decrypt
from tests.factories import IamUserFactory

pytestmark = pytest.mark.django_db

USERS = "/aws/iam/users/"
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]})


def test_users_list_shows_only_the_signed_in_accounts_users(aws_client, build, network):
    IamUserFactory(account=build, name="deployer")
    IamUserFactory(account=network, name="network-admin")
    html = aws_client.get(USERS).content.decode()
    assert "deployer" in html
    assert "arn:aws:iam::444455556666:user/deployer" in html
    assert "network-admin" not in html


def test_create_user_with_a_policy(aws_client, build):
    response = aws_client.post(f"{USERS}create/", {"name": "ci-user", "permissions_policy": POLICY})
    assert response.status_code == 302
    assert response["Location"] == f"{USERS}ci-user/"
    user = IamUser.objects.get(account=build, name="ci-user")
    assert user.permissions_policy["Statement"][0]["Action"] == "ec2:*"
    html = aws_client.get(response["Location"]).content.decode()
    assert "&quot;ec2:*&quot;" in html
    assert "Create access key" in html


@pytest.mark.parametrize(
    ("name", "policy", "message"),
    [
        ("", "", "This field is required."),
        ("bad name!", "", "User names use letters, digits"),
        ("ci-user", "{not json", "The permissions policy is not valid JSON"),
        ("ci-user", '{"Statement": [{"Effect": "Maybe"}]}', 'needs "Effect": "Allow" or "Deny"'),
    ],
)
def test_bad_user_input_is_a_message_and_nothing_is_written(aws_client, name, policy, message):
    response = aws_client.post(f"{USERS}create/", {"name": name, "permissions_policy": policy})
    assert response.status_code == 200
    assert message.replace('"', "&quot;") in response.content.decode()
    assert not IamUser.objects.exists()


def test_user_names_are_unique_per_account_regardless_of_case(build, network):
    services.iam_user_create(account=build, name="Deployer")
    with pytest.raises(DomainError, match="already exists"):
        services.iam_user_create(account=build, name="deployer")
    assert services.iam_user_create(account=network, name="deployer").account == network


def test_create_access_key_shows_the_secret_once_and_stores_it_encrypted(aws_client, iam_user):
    page = aws_client.get(f"{USERS}deployer/access-keys/create/").content.decode()
    assert "I understand the above recommendation and want to proceed to create an access key." in page
    refused = aws_client.post(f"{USERS}deployer/access-keys/create/", {})
    assert refused.status_code == 200
    assert not AccessKey.objects.exists()

    response = aws_client.post(f"{USERS}deployer/access-keys/create/", {"acknowledged": "on"})
    html = response.content.decode()
    key = AccessKey.objects.get(user=iam_user)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert key.access_key_id.startswith("AKIA") and len(key.access_key_id) == 20
    assert key.access_key_id in html
    secret = html.split('<code id="secret-access-key">')[1].split("</code>")[0]
    assert len(secret) == 40
    # Not in plain text in any column: only the encrypted form, which decrypts to the secret.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_accesskey")
        assert all(secret not in str(value) for value in cursor.fetchone())
    assert secret_decrypt(key.secret_encrypted) == secret
    # The user's page never shows it again.
    detail = aws_client.get(f"{USERS}deployer/").content.decode()
    assert key.access_key_id in detail
    assert secret not in detail


def test_a_user_has_at_most_two_access_keys(build, iam_user):
    services.access_key_create(account=build, user=iam_user)
    services.access_key_create(account=build, user=iam_user)
    with pytest.raises(DomainError, match="already has 2 access keys"):
        services.access_key_create(account=build, user=iam_user)
    assert iam_user.access_keys.count() == 2


def test_deactivate_activate_and_delete_with_the_typed_id(aws_client, access_key):
    base = f"{USERS}deployer/access-keys/{access_key.access_key_id}"
    # An active key cannot be deleted: the console asks to deactivate it first.
    aws_client.post(f"{base}/delete/", {"confirmation": access_key.access_key_id})
    assert AccessKey.objects.filter(pk=access_key.pk).exists()

    aws_client.post(f"{base}/status/", {"status": "Inactive"})
    assert AccessKey.objects.get(pk=access_key.pk).status == "Inactive"
    aws_client.post(f"{base}/status/", {"status": "Active"})
    assert AccessKey.objects.get(pk=access_key.pk).status == "Active"
    aws_client.post(f"{base}/status/", {"status": "Inactive"})

    wrong = aws_client.post(f"{base}/delete/", {"confirmation": "AKIAWRONG"})
    assert wrong.status_code == 200
    assert f"To confirm deletion, enter the access key ID {access_key.access_key_id}." in wrong.content.decode()
    assert AccessKey.objects.filter(pk=access_key.pk).exists()

    done = aws_client.post(f"{base}/delete/", {"confirmation": access_key.access_key_id})
    assert done.status_code == 302
    assert not AccessKey.objects.filter(pk=access_key.pk).exists()


def test_another_accounts_user_and_key_are_not_found(network, access_key):
    with pytest.raises(NotFound):
        services.access_key_status_set(account=network, key=access_key, active=False)
    with pytest.raises(NotFound):
        services.access_key_create(account=network, user=access_key.user)
    assert selectors.iam_user_in(network, "deployer") is None
    assert AccessKey.objects.get(pk=access_key.pk).status == "Active"
