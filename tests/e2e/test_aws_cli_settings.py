"""A person follows My settings → AWS CLI and SDKs: creates a personal access token, gets the
Toolkit profile files for it, and boto3 lists their spaces with that token."""

import pytest
from playwright.sync_api import expect

from tests.aws_api.conftest import codecatalyst_client
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_create_a_token_get_the_profile_files_and_list_spaces_with_boto3(page, url, live_server, demo_world):
    sign_in(page, url, email="mary@example.com", password=demo_world)
    page.goto(url("/settings/"))
    page.get_by_role("link", name="Create personal access token").click()
    page.get_by_label("Name").fill("toolkit")
    page.get_by_role("button", name="Create").click()
    secret = page.locator("#token-secret").inner_text().strip()
    page.get_by_role("link", name="Done").click()

    aws = page.get_by_role("region", name="AWS CLI and SDKs")
    expect(aws.get_by_text("export AWS_ENDPOINT_URL_CODECATALYST=https://")).to_be_visible()
    aws.get_by_role("textbox", name="Personal access token").fill(secret)
    aws.get_by_role("button", name="Show profile files").click()

    expect(page.get_by_role("heading", name="~/.aws/config")).to_be_visible()
    expect(page.get_by_text("sso_session = codecatalyst")).to_be_visible()
    expect(page.get_by_role("button", name="Download ~/.aws/config")).to_be_visible()
    expect(page.get_by_text("The SSO-cache file holds your personal access token toolkit.")).to_be_visible()

    spaces = codecatalyst_client(live_server, secret).list_spaces()["items"]
    assert [space["name"] for space in spaces] == ["mary-sandbox"]
