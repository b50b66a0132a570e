"""A Builder ID user's first day, clicked through by visible labels like a person."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, sign_out, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-password"


def create_space(page, url, name):
    page.goto(url("/spaces/"))
    page.get_by_role("link", name="Create space").first.click()
    page.get_by_label("Space name").fill(name)
    page.get_by_label("AWS Region").select_option("us-west-2")
    page.get_by_label("AWS account ID").fill("444455556666")
    page.get_by_role("button", name="Create space").click()


def test_sign_up_create_space_invite_accept_and_create_project(page, url, transactional_db):
    sign_up(page, url, name="Jane Doe", email="jane@example.com", alias="janedoe", password=PASSWORD)
    expect(page.get_by_text("Your AWS Builder ID is ready")).to_be_visible()

    create_space(page, url, "jane-space")
    expect(page.get_by_role("heading", name="jane-space", level=1)).to_be_visible()
    expect(page.get_by_text("is pending verification")).to_be_visible()

    page.get_by_role("navigation", name="Space navigation").get_by_role("link", name="Members").click()
    page.get_by_label("Email address").fill("sam@example.com")
    page.get_by_label("Space role").select_option(label="Power user")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("An invitation was sent to sam@example.com")).to_be_visible()
    expect(page.get_by_role("cell", name="sam@example.com")).to_be_visible()
    sign_out(page)

    sign_up(page, url, name="Sam Smith", email="sam@example.com", alias="samsmith", password=PASSWORD)
    invitations = page.get_by_role("region", name=re.compile("Invitations"))
    expect(invitations.get_by_role("cell", name="jane-space")).to_be_visible()
    invitations.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You joined jane-space as Power user")).to_be_visible()

    page.get_by_role("link", name="Create project").click()
    page.get_by_label("Project name").fill("web app")
    page.get_by_label("Description").fill("The storefront")
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_text("Project web app was created.")).to_be_visible()
    expect(page.get_by_role("heading", name="web app", level=1)).to_be_visible()


def test_deleted_space_name_is_refused_when_reused(page, url, transactional_db):
    sign_up(page, url, name="Jane Doe", email="jane@example.com", alias="janedoe", password=PASSWORD)
    create_space(page, url, "short-lived")

    page.get_by_role("navigation", name="Space navigation").get_by_role("link", name="General").click()
    page.get_by_role("link", name="Delete space").click()
    page.get_by_label("To confirm deletion, type short-lived").fill("short-lived")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Space short-lived was deleted")).to_be_visible()

    create_space(page, url, "short-lived")
    expect(page.get_by_text("The space name short-lived is not available")).to_be_visible()
    expect(page).to_have_title(re.compile("Create space"))


def test_demo_user_signs_in_and_sees_sandbox(page, url, demo_world):
    sign_in(page, url, email="mary@example.com", password=demo_world)
    expect(page.get_by_role("link", name="mary-sandbox")).to_be_visible()


def test_personal_access_token_secret_is_shown_once(page, url, transactional_db):
    sign_up(page, url, name="Jane Doe", email="jane@example.com", alias="janedoe", password=PASSWORD)
    page.get_by_label("User menu", exact=False).click()
    page.get_by_role("link", name="My settings").click()
    page.get_by_role("link", name="Create personal access token").click()
    page.get_by_label("Name").fill("laptop git")
    page.get_by_role("button", name="Create").click()

    secret = page.locator("#token-secret").inner_text().strip()
    assert secret.startswith("ccpat_") and len(secret) > 40
    expect(page.get_by_role("button", name="Copy", exact=True)).to_be_visible()

    page.goto(url("/settings/"))
    expect(page.get_by_role("cell", name="laptop git")).to_be_visible()
    assert secret not in page.content()
    try:
        page.go_back()  # Chromium refuses to show the POST result again (ERR_CACHE_MISS): fine too.
    except PlaywrightError:
        pass
    page.wait_for_load_state()
    expect(page.get_by_text(secret)).to_have_count(0)


def test_mateo_signs_in_to_the_aws_console_and_switches_accounts(page, url, demo_world):
    page.goto(url("/aws/"))
    page.get_by_label("Account ID (12 digits)").fill("444455556666")
    page.get_by_label("IAM user name").fill("mateo")
    page.get_by_label("Password").fill(demo_world)
    page.get_by_role("button", name="Sign in").click()
    account_menu = page.locator("header details.aws-account-menu > summary")
    expect(account_menu).to_contain_text("examplecorp-build")
    expect(account_menu).to_contain_text("4444-5555-6666")

    account_menu.click()
    page.get_by_role("button", name=re.compile("Switch to examplecorp-network")).click()
    expect(page.get_by_text("You are now signed in to examplecorp-network (7777-8888-9999).")).to_be_visible()
    expect(account_menu).to_contain_text("examplecorp-network")
    expect(account_menu).to_contain_text("7777-8888-9999")
