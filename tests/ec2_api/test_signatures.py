"""Signature Version 4 on the EC2 API, signed by botocore itself: a wrong secret, an unknown or
deactivated access key and a clock more than 15 minutes off are refused in EC2's words; the signer's
IAM policy decides which actions it may call."""

from datetime import timedelta
from unittest import mock

import boto3
import botocore.auth
import pytest
from botocore import UNSIGNED
from botocore.compat import get_current_datetime
from botocore.config import Config
from botocore.exceptions import ClientError

from accounts.aws.iam import services as iam_services
from tests.ec2_api.conftest import NO_RETRIES
from tests.fixtures_aws import BUILD

pytestmark = pytest.mark.django_db(transaction=True)

ONLY_VPCS = {"Statement": [{"Effect": "Allow", "Action": "ec2:DescribeVpcs", "Resource": "*"}]}


def _error(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response


def test_a_wrong_secret_is_an_auth_failure(make_key, ec2_for, build):
    key = make_key(build, policy=ONLY_VPCS)
    error = _error(lambda: ec2_for(key, secret="x" * 40).describe_route_tables())
    assert error["Error"]["Code"] == "AuthFailure"
    assert error["Error"]["Message"] == "AWS was not able to validate the provided access credentials"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 401
    assert error["ResponseMetadata"]["RequestId"]


def test_an_unknown_access_key_is_an_auth_failure(make_key, ec2_for, build):
    key = make_key(build, policy=ONLY_VPCS)
    error = _error(lambda: ec2_for("AKIAUNKNOWNUNKNOWN00", secret=key.secret).describe_route_tables())
    assert error["Error"]["Code"] == "AuthFailure"


def test_a_deactivated_key_is_refused_until_activated_again(make_key, ec2_for, build):
    key = make_key(build, policy=ONLY_VPCS)
    client = ec2_for(key)
    # Signed correctly: the request gets as far as the policy (which does not allow route tables).
    assert _error(client.describe_route_tables)["Error"]["Code"] == "UnauthorizedOperation"
    iam_services.access_key_status_set(account=build, key=key, active=False)
    assert _error(client.describe_route_tables)["Error"]["Code"] == "AuthFailure"
    iam_services.access_key_status_set(account=build, key=key, active=True)
    assert _error(client.describe_route_tables)["Error"]["Code"] == "UnauthorizedOperation"


@pytest.mark.parametrize("skew", [timedelta(minutes=16), -timedelta(minutes=16)])
def test_a_request_signed_more_than_15_minutes_off_is_refused(make_key, ec2_for, build, skew):
    key = make_key(build, policy=ONLY_VPCS)
    client = ec2_for(key)
    # botocore's own signer, with the signing computer's clock off by ``skew``.
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda: get_current_datetime() + skew):
        error = _error(client.describe_route_tables)
    assert error["Error"]["Code"] == "RequestExpired"
    assert error["Error"]["Message"].startswith("Request has expired.")


def test_a_request_signed_14_minutes_off_is_accepted(make_key, ec2_for, build):
    key = make_key(build, policy=ONLY_VPCS)
    with mock.patch.object(
        botocore.auth, "get_current_datetime", lambda: get_current_datetime() - timedelta(minutes=14)
    ):
        error = _error(ec2_for(key).describe_route_tables)
    assert error["Error"]["Code"] == "UnauthorizedOperation"


def test_an_action_the_users_policy_does_not_allow_is_unauthorized(make_key, ec2_for, build):
    key = make_key(build, policy=ONLY_VPCS)
    error = _error(ec2_for(key).describe_route_tables)
    assert error["Error"]["Code"] == "UnauthorizedOperation"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error["Error"]["Message"] == (
        "You are not authorized to perform this operation. User: "
        f"arn:aws:iam::{BUILD}:user/deployer is not authorized to perform: ec2:DescribeRouteTables "
        "because no identity-based policy allows the ec2:DescribeRouteTables action"
    )


def test_an_explicit_deny_wins(make_key, ec2_for, build):
    policy = {
        "Statement": [
            {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "ec2:DescribeRoute*", "Resource": "*"},
        ]
    }
    error = _error(ec2_for(make_key(build, policy=policy)).describe_route_tables)
    assert error["Error"]["Code"] == "UnauthorizedOperation"
    assert "with an explicit deny in an identity-based policy" in error["Error"]["Message"]


def test_unsigned_and_unknown_action_requests(endpoint, make_key, ec2_for, build):
    unsigned = boto3.client(
        "ec2",
        endpoint_url=endpoint,
        region_name="us-west-2",
        config=NO_RETRIES.merge(Config(signature_version=UNSIGNED)),
    )
    error = _error(unsigned.describe_vpcs)
    assert error["Error"]["Code"] == "AuthFailure"
    assert error["Error"]["Message"].startswith("The request is not signed.")
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 401

    # A signed request for an action EC2 does not have, sent through botocore's own signer.
    client = ec2_for(make_key(build, policy={"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    client.meta.events.register(
        "before-sign.ec2.DescribeVpcs",
        lambda request, **_: setattr(request, "data", {**request.data, "Action": "DescribeUnicorns"}),
    )
    error = _error(client.describe_vpcs)
    assert error["Error"]["Code"] == "InvalidAction"
    assert error["Error"]["Message"] == "The action DescribeUnicorns is not valid for this web service."
