import pytest

from accounts.aws.console import services
from accounts.aws.iam.policies import trusted_service_principals
from catalyst_admin.errors import NotFound

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "policy,expected",
    [
        (
            {"Statement": [{"Effect": "Allow", "Principal": {"Service": ["a.amazonaws.com", "b.amazonaws.com"]}}]},
            ["a.amazonaws.com", "b.amazonaws.com"],
        ),
        (
            {"Statement": {"Effect": "Allow", "Principal": {"Service": "a.amazonaws.com"}}},
            ["a.amazonaws.com"],
        ),
        (
            {
                "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "a.amazonaws.com"}},
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": ["a.amazonaws.com"], "AWS": "arn:aws:iam::1:root"},
                    },
                ]
            },
            ["a.amazonaws.com"],
        ),
        ({"Statement": [{"Effect": "Allow", "Principal": "*"}]}, []),
        ({"Statement": "nonsense"}, []),
        ({}, []),
        ("not a dict", []),
    ],
)
def test_trusted_service_principals_reads_every_shape_of_trust_policy(policy, expected):
    assert trusted_service_principals(policy) == expected


def test_console_account_switch_refuses_an_account_without_access(mateo, outside):
    with pytest.raises(NotFound):
        services.console_account_switch(user=mateo, account_id=outside.account_id)


def test_console_account_switch_returns_an_accessible_account(mateo, network):
    assert services.console_account_switch(user=mateo, account_id=" 777788889999 ") == network
