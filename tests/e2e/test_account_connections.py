"""Account connections end to end, clicked through by visible labels in two browsers: mary in the
CodeCatalyst console and mateo in the AWS Management Console (seed 001, "Adding an AWS account
to a space"; seed 000, tagging, project restrictions and removal)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import aws_sign_in, sign_in, switch_account

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACCOUNTS_PAGE = "/spaces/mary-sandbox/settings/aws-accounts/"


@pytest.fixture
def two_browsers(browser):
    mary = browser.new_context(viewport={"width": 1280, "height": 800})
    mateo = browser.new_context(viewport={"width": 1280, "height": 800})
    yield mary.new_page(), mateo.new_page()
    mary.close()
    mateo.close()


def test_mary_connects_an_account_mateo_verifies_it_then_tags_restrictions_and_removal(two_browsers, url, demo_world):
    mary, mateo = two_browsers

    # Step 1: mary asks to connect examplecorp-build.
    sign_in(mary, url, email="mary@example.com", password=demo_world)
    mary.goto(url(ACCOUNTS_PAGE))
    mary.get_by_role("link", name="Add an AWS account").click()
    expect(mary.get_by_role("heading", name="Associate AWS account with Amazon CodeCatalyst")).to_be_visible()
    mary.get_by_label("AWS account ID").fill("44445555666")
    mary.get_by_label("Amazon CodeCatalyst display name").fill("examplecorp-build")
    mary.get_by_role("button", name="Associate AWS account").click()
    expect(mary.get_by_text("Enter the twelve-digit AWS account ID")).to_be_visible()
    mary.get_by_label("AWS account ID").fill("444455556666")
    mary.get_by_label("Connection description").fill("Builds and deploys the web app")
    mary.get_by_role("button", name="Associate AWS account").click()
    expect(mary.get_by_text("is pending verification")).to_be_visible()
    expect(mary.get_by_text("Connection token", exact=True)).to_be_visible()
    setup_link = mary.get_by_role("link", name="Complete setup in the AWS Management Console")
    verify_url = setup_link.get_attribute("href")
    assert "token=" in verify_url

    # Step 2: mateo opens the link, signs in as 444455556666, sees the token valid and verifies.
    mateo.goto(url(verify_url))
    aws_sign_in(mateo, account_id="444455556666", password=demo_world)
    expect(mateo.get_by_role("heading", name="Verify Amazon CodeCatalyst space")).to_be_visible()
    expect(mateo.get_by_text("This is a valid token.")).to_be_visible()
    expect(mateo.get_by_label("Verification token")).not_to_be_empty()
    mateo.get_by_label("Authorize paid tiers (Standard, Enterprise)").check()
    mateo.get_by_role("button", name="Verify space").click()
    expect(mateo.get_by_text("Account verified.")).to_be_visible()
    expect(mateo.get_by_role("heading", name="mary-sandbox", level=1)).to_be_visible()
    expect(mateo.get_by_text("FREE, PAID (STANDARD, ENTERPRISE)")).to_be_visible()

    # A token works once.
    mateo.goto(url(verify_url))
    expect(mateo.get_by_text("already used")).to_be_visible()

    # Step 3: mary sees the account verified.
    mary.goto(url(ACCOUNTS_PAGE))
    row = mary.get_by_role("row", name=re.compile("examplecorp-build"))
    expect(row.get_by_text("Verified")).to_be_visible()
    expect(row.get_by_text("444455556666")).to_be_visible()

    # Step 4: she adds the build role.
    mary.get_by_role("link", name="examplecorp-build", exact=True).click()
    mary.get_by_role("link", name="Add IAM role").click()
    mary.get_by_label("Choose from the account's IAM roles").select_option(label="codecatalyst-build-role")
    mary.get_by_role("button", name="Add IAM role").click()
    expect(mary.get_by_text("IAM role codecatalyst-build-role was added")).to_be_visible()

    # Tags: mateo adds two, a reserved key is refused, then one is removed.
    mateo.get_by_role("navigation", name="Services").get_by_role("link", name="Spaces").click()
    mateo.get_by_role("link", name="mary-sandbox").click()
    mateo.get_by_role("link", name="Manage tags").click()
    mateo.get_by_role("button", name="Add tag").click()
    mateo.get_by_label("Key of tag 1").fill("team")
    mateo.get_by_label("Value of tag 1").fill("build")
    mateo.get_by_role("button", name="Add tag").click()
    mateo.get_by_label("Key of tag 2").fill("aws:owner")
    mateo.get_by_label("Value of tag 2").fill("mateo")
    mateo.get_by_role("button", name="Save changes").click()
    expect(mateo.get_by_text("reserved for AWS use")).to_be_visible()
    mateo.get_by_label("Key of tag 2").fill("owner")
    mateo.get_by_role("button", name="Save changes").click()
    expect(mateo.get_by_text("Tags saved.")).to_be_visible()
    tags = mateo.get_by_role("region", name=re.compile("Tags"))
    expect(tags.get_by_role("cell", name="owner")).to_be_visible()
    mateo.get_by_role("link", name="Manage tags").click()
    expect(mateo.get_by_label("Key of tag 2")).to_have_value("team")  # tags are listed by key
    mateo.get_by_role("button", name="Remove tag 2").click()
    mateo.get_by_role("button", name="Save changes").click()
    expect(tags.get_by_role("cell", name="owner")).to_be_visible()
    expect(tags.get_by_role("cell", name="team")).to_have_count(0)

    # Project restrictions: enabled for hello-world, then disabled.
    mary.get_by_role("link", name="Enable project restrictions").click()
    mary.get_by_label("hello-world").check()
    mary.get_by_role("button", name="Enable").click()
    expect(mary.get_by_text("restricted to chosen projects")).to_be_visible()
    expect(mary.get_by_role("button", name="Disable hello-world")).to_be_visible()
    mary.get_by_role("button", name="Disable project restrictions").click()
    expect(mary.get_by_text("Project restrictions disabled.")).to_be_visible()
    expect(mary.get_by_text("All projects in the space can use this AWS account.")).to_be_visible()

    # Removing the billing account is refused: mateo switches to 111122223333, which bills mary-sandbox.
    switch_account(mateo, "examplecorp-management")
    mateo.goto(url("/aws/codecatalyst/"))
    billing_row = mateo.get_by_role("row", name=re.compile("mary-sandbox"))
    expect(billing_row.get_by_text("Billing account")).to_be_visible()
    mateo.get_by_role("link", name="mary-sandbox").click()
    mateo.get_by_role("link", name="Remove space").click()
    mateo.get_by_label("To confirm, type mary-sandbox").fill("mary-sandbox")
    mateo.get_by_role("button", name="Remove").click()
    expect(mateo.get_by_text("Choose another billing account first")).to_be_visible()

    # The build account can be removed, from its own console session.
    switch_account(mateo, "examplecorp-build")
    mateo.goto(url("/aws/codecatalyst/spaces/mary-sandbox/remove/"))
    mateo.get_by_label("To confirm, type mary-sandbox").fill("mary-sandbox")
    mateo.get_by_role("button", name="Remove").click()
    expect(mateo.get_by_text("Space mary-sandbox was removed from AWS account")).to_be_visible()
    mary.goto(url(ACCOUNTS_PAGE))
    expect(mary.get_by_role("link", name="examplecorp-build", exact=True)).to_have_count(0)


def test_a_token_for_another_account_says_which_account_it_needs(two_browsers, url, demo_world):
    mary, mateo = two_browsers
    sign_in(mary, url, email="mary@example.com", password=demo_world)
    mary.goto(url(ACCOUNTS_PAGE + "add/"))
    mary.get_by_label("AWS account ID").fill("777788889999")
    mary.get_by_label("Amazon CodeCatalyst display name").fill("examplecorp-network")
    mary.get_by_role("button", name="Associate AWS account").click()
    token = mary.locator("#conn-token").inner_text()

    mateo.goto(url("/aws/codecatalyst/verify/"))
    aws_sign_in(mateo, account_id="444455556666", password=demo_world)
    mateo.get_by_label("Verification token").fill(token)  # typed by hand, no link
    mateo.get_by_role("button", name="Check token").click()
    expect(mateo.get_by_text("This token is for AWS account 7777-8888-9999")).to_be_visible()
    expect(mateo.get_by_text("signed in with AWS account 4444-5555-6666 (examplecorp-build)")).to_be_visible()

    switch_account(mateo, "examplecorp-network")
    mateo.goto(url("/aws/codecatalyst/verify/"))
    mateo.get_by_label("Verification token").fill(token)
    mateo.get_by_role("button", name="Verify space").click()
    expect(mateo.get_by_text("Account verified.")).to_be_visible()
