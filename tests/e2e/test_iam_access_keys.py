"""IAM access keys end to end: mateo creates an IAM user and an access key in the AWS console, the
secret shown once; boto3 signs with it against the same server; deactivating the key in the
console makes the next request an AuthFailure, and the key is deleted with its ID typed."""

import re

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_mateo_creates_an_access_key_uses_it_deactivates_and_deletes_it(page, url, demo_world):
    page.goto(url("/aws/signin/"))
    page.get_by_label("Account ID (12 digits)").fill("777788889999")
    page.get_by_label("IAM user name").fill("mateo")
    page.get_by_label("Password").fill(demo_world)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("navigation", name="Services").get_by_role("link", name="Users").first.click()
    page.get_by_role("link", name="Create user").first.click()
    page.get_by_label("User name").fill("cli-admin")
    page.get_by_role("button", name="Create user").click()
    expect(page.get_by_role("heading", name="cli-admin")).to_be_visible()

    page.get_by_role("link", name="Create access key").click()
    page.get_by_label(re.compile("I understand the above recommendation")).check()
    page.get_by_role("button", name="Create access key").click()
    expect(page.get_by_text("This is the only time the secret access key is shown.")).to_be_visible()
    key_id = page.locator("#access-key-id").inner_text()
    secret = page.locator("#secret-access-key").inner_text()

    ec2 = boto3.client(
        "ec2",
        endpoint_url=url("/aws-api/ec2/"),
        region_name="us-west-2",
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=Config(retries={"total_max_attempts": 1}),
    )
    cidrs = sorted(v["CidrBlock"] for v in ec2.describe_vpcs()["Vpcs"])
    assert cidrs == ["10.0.0.0/16", "172.16.0.0/16", "172.31.0.0/16"]

    page.get_by_role("link", name="Done").click()
    expect(page.get_by_text(secret)).to_have_count(0)
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text(f"Access key {key_id} deactivated.")).to_be_visible()
    with pytest.raises(ClientError) as refused:
        ec2.describe_vpcs()
    assert refused.value.response["Error"]["Code"] == "AuthFailure"

    page.get_by_role("link", name="Delete").click()
    page.get_by_label("To confirm deletion, enter the access key ID in the text input field.").fill(key_id)
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text(f"Access key {key_id} deleted.")).to_be_visible()
    expect(page.get_by_text("No access keys")).to_be_visible()
