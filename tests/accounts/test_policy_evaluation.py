"""What an identity-based policy allows: explicit Deny wins, wildcards, NotAction, no statement."""

import pytest

from accounts.aws.iam.policies import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY, denial_message, policy_decision

SEVEN = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:CreateNetworkInterface",
                "ec2:DescribeDhcpOptions",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DeleteNetworkInterface",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeVpcs",
            ],
            "Resource": "*",
        }
    ],
}


def allow(action, resource="*"):
    return {"Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}


@pytest.mark.parametrize(
    ("policies", "action", "decision"),
    [
        ([SEVEN], "ec2:DescribeVpcs", ALLOWED),
        ([SEVEN], "ec2:describevpcs", ALLOWED),  # actions are case-insensitive
        ([SEVEN], "ec2:DescribeRouteTables", IMPLICIT_DENY),
        ([allow("ec2:Describe*")], "ec2:DescribeRouteTables", ALLOWED),
        ([allow("ec2:Describe*")], "ec2:CreateVpcEndpoint", IMPLICIT_DENY),
        ([allow("ec2:Describe?pcs")], "ec2:DescribeVpcs", ALLOWED),
        ([allow("*")], "ec2:DeleteVpcEndpoints", ALLOWED),
        ([allow("s3:*")], "ec2:DescribeVpcs", IMPLICIT_DENY),
        ([allow("ec2:*", resource="arn:aws:ec2:*:*:vpc/*")], "ec2:DescribeVpcs", IMPLICIT_DENY),
        ([allow("*"), {"Statement": {"Effect": "Deny", "Action": "ec2:Describe*", "Resource": "*"}}],
         "ec2:DescribeVpcs", EXPLICIT_DENY),
        ([{"Statement": [{"Effect": "Allow", "NotAction": "ec2:Delete*", "Resource": "*"}]}],
         "ec2:DeleteVpcEndpoints", IMPLICIT_DENY),
        ([{"Statement": [{"Effect": "Allow", "NotAction": "ec2:Delete*", "Resource": "*"}]}],
         "ec2:DescribeVpcs", ALLOWED),
        ([{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {}}}]}],
         "ec2:DescribeVpcs", IMPLICIT_DENY),
        ([{}], "ec2:DescribeVpcs", IMPLICIT_DENY),
        ([], "ec2:DescribeVpcs", IMPLICIT_DENY),
    ],
)  # fmt: skip
def test_policy_decision(policies, action, decision):
    assert policy_decision(policies, action=action) == decision


def test_denial_message_names_the_principal_and_the_action():
    message = denial_message(
        principal_arn="arn:aws:iam::777788889999:role/codecatalyst-vpc-role",
        action="ec2:DescribeRouteTables",
        decision=IMPLICIT_DENY,
    )
    assert message == (
        "User: arn:aws:iam::777788889999:role/codecatalyst-vpc-role is not authorized to perform: "
        "ec2:DescribeRouteTables because no identity-based policy allows the ec2:DescribeRouteTables action"
    )
