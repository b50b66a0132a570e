"""The seeds' own buttons, clicked by their labels where the seeds put them (issue 16, section 1),
and where each one leads."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import aws_sign_in, sign_in, switch_account

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture
def mateo(browser, url, demo_world):
    """mateo, signed in to the AWS Management Console in the management account 111122223333."""
    context = browser.new_context(viewport=VIEWPORT)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url(""))
    page = context.new_page()
    page.goto(url("/aws/signin/"))
    aws_sign_in(page, account_id="111122223333", password=demo_world)
    yield page
    context.close()


def test_the_space_page_and_identity_center_page_buttons(mateo, url):
    mateo.goto(url("/aws/codecatalyst/spaces/examplecorp/"))
    mateo.get_by_role("link", name="Edit SSO", exact=True).click()
    expect(mateo).to_have_url(re.compile(r"/aws/codecatalyst/identity-center/spaces/examplecorp/edit/#groups-title$"))
    mateo.go_back()
    mateo.get_by_role("link", name="Edit IAM Identity Center", exact=True).click()
    expect(mateo).to_have_url(re.compile(r"/spaces/examplecorp/edit/#admins-title$"))
    mateo.go_back()
    mateo.get_by_role("link", name="Delete", exact=True).click()
    expect(mateo).to_have_url(re.compile(r"/aws/codecatalyst/identity-center/spaces/examplecorp/delete/$"))

    mateo.goto(url("/aws/codecatalyst/identity-center/"))
    mateo.get_by_role("link", name="Edit Identity Center application").first.click()
    expect(mateo).to_have_url(re.compile(r"/aws/identity-center/groups/$"))


def test_role_arn_copy_puts_the_arn_on_the_clipboard(mateo, url):
    switch_account(mateo, "examplecorp-build")
    mateo.goto(url("/aws/iam/roles/codecatalyst-build-role/"))
    arn = mateo.locator("#role-arn").inner_text().strip()
    assert arn == "arn:aws:iam::444455556666:role/codecatalyst-build-role"
    button = mateo.get_by_role("button", name="Copy Role ARN")
    button.click()
    expect(button).to_have_text("Copied")
    assert mateo.evaluate("navigator.clipboard.readText()") == arn


def test_create_permission_set_steps_then_assign_users_or_groups(mateo, url):
    mateo.goto(url("/aws/identity-center/permission-sets/"))
    mateo.get_by_role("link", name="Create permission set").first.click()
    expect(mateo.get_by_role("heading", name="Permission set type")).to_be_visible()
    mateo.get_by_label("Custom permission set").check()
    mateo.get_by_role("button", name="Next").click()
    expect(mateo.get_by_role("heading", name="Inline policy")).to_be_visible()
    policy = mateo.get_by_role("textbox", name=re.compile("^Inline policy"))
    policy.fill('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}')
    mateo.get_by_role("button", name="Next").click()
    mateo.get_by_label("Permission set name").fill("E2E_reader")
    mateo.get_by_role("button", name="Previous").click()
    expect(policy).to_have_value(re.compile(r"s3:Get\*"))
    mateo.get_by_role("button", name="Next").click()
    expect(mateo.get_by_label("Permission set name")).to_have_value("E2E_reader")
    mateo.get_by_role("button", name="Next").click()
    expect(mateo.get_by_role("heading", name="Review and create", level=1)).to_be_visible()
    mateo.get_by_role("button", name="Create", exact=True).click()
    expect(mateo.get_by_text("The permission set E2E_reader was created.")).to_be_visible()

    mateo.goto(url("/aws/identity-center/accounts/777788889999/"))
    mateo.get_by_role("link", name="Assign users or groups").first.click()
    users_tab = mateo.get_by_role("tab", name="Users")
    groups_tab = mateo.get_by_role("tab", name="Groups")
    expect(users_tab).to_have_attribute("aria-selected", "true")
    groups_tab.click()
    expect(groups_tab).to_have_attribute("aria-selected", "true")
    mateo.get_by_label("Developers").check()
    mateo.get_by_role("button", name="Next").click()
    mateo.get_by_label("E2E_reader").check()
    mateo.get_by_role("button", name="Previous").click()
    mateo.get_by_role("tab", name="Groups").click()
    expect(mateo.get_by_label("Developers")).to_be_checked()
    mateo.get_by_role("button", name="Next").click()
    mateo.get_by_label("E2E_reader").check()
    mateo.get_by_role("button", name="Next").click()
    mateo.get_by_role("button", name="Previous").click()
    expect(mateo.get_by_label("E2E_reader")).to_be_checked()
    mateo.get_by_role("button", name="Next").click()
    mateo.get_by_role("button", name="Submit").click()
    expect(mateo.get_by_text(re.compile(r"Submitted 1 new assignment to examplecorp-network"))).to_be_visible()


def test_complete_setup_on_a_pending_connection_and_back_to_verify_after_switching(browser, url, demo_world):
    page = browser.new_context(viewport=VIEWPORT).new_page()
    sign_in(page, url, email="mary@example.com", password=demo_world)
    page.goto(url("/spaces/mary-sandbox/settings/aws-accounts/"))
    page.get_by_role("link", name="Add an AWS account").click()
    page.get_by_label("AWS account ID").fill("444455556666")
    page.get_by_label("Amazon CodeCatalyst display name").fill("examplecorp-build")
    page.get_by_role("button", name="Associate AWS account").click()
    expect(page.get_by_text("is pending verification")).to_be_visible()
    # Later, from the list: the pending connection's details page still offers Complete setup.
    page.goto(url("/spaces/mary-sandbox/settings/aws-accounts/"))
    page.get_by_role("link", name="examplecorp-build").first.click()
    page.get_by_role("button", name="Complete setup in the AWS Management Console").click()
    # Signed in to the AWS console with the wrong account (the management account), then switched.
    aws_sign_in(page, account_id="111122223333", password=demo_world)
    expect(page.get_by_role("heading", name="Verify Amazon CodeCatalyst space")).to_be_visible()
    switch_account(page, "examplecorp-build")
    expect(page).to_have_url(re.compile(r"/aws/codecatalyst/verify/\?token="))
    expect(page.get_by_role("heading", name="Verify Amazon CodeCatalyst space")).to_be_visible()
    expect(page.get_by_text("This is a valid token.")).to_be_visible()
    page.get_by_role("button", name="Verify space").click()
    expect(page.get_by_text("Account verified.")).to_be_visible()


def test_set_up_in_aws_starts_the_wizard_with_the_space_chosen(browser, url, demo_world):
    page = browser.new_context(viewport=VIEWPORT).new_page()
    sign_in(page, url, email="mary@example.com", password=demo_world)
    page.goto(url("/spaces/mary-sandbox/settings/sso/"))
    page.get_by_role("link", name="Set up in AWS").click()
    aws_sign_in(page, account_id="111122223333", password=demo_world)
    page.get_by_label("Display name").fill("Sandbox")
    page.get_by_label("AWS Identity Center application name").fill("sandbox-codecatalyst")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("radio", name="Existing CodeCatalyst")).to_be_checked()
    expect(page.get_by_label("Choose existing CodeCatalyst").locator("option:checked")).to_have_text(
        re.compile(r"^mary-sandbox \(")
    )
