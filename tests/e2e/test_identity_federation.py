"""mateo runs the five-step wizard; li.juan signs in with SSO and sees the space; after the
application is disassociated li.juan loses access."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def aws_sign_in(page, url, *, account, user, password):
    page.goto(url("/aws/signin/"))
    page.get_by_label("Account ID (12 digits)").fill(account)
    page.get_by_label("IAM user name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sso_sign_in(page, url, *, company, user, password):
    page.goto(url("/signin/"))
    page.get_by_role("link", name="Sign in with SSO").click()
    page.get_by_label("Choose your company").select_option(label=company)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_wizard_then_sso_sign_in_then_disassociation(browser, url, demo_world):
    mateo = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    aws_sign_in(mateo, url, account="111122223333", user="mateo", password=demo_world)
    mateo.goto(url("/aws/codecatalyst/identity-center/"))
    mateo.get_by_role("link", name="Connect", exact=True).click()

    # Step 1: Choose application name
    mateo.get_by_label("Display name").fill("Globex")
    mateo.get_by_label("AWS Identity Center application name").fill("globex-codecatalyst")
    mateo.get_by_role("button", name="Next").click()
    # Step 2: Choose or create a CodeCatalyst space
    mateo.get_by_label("New space").check()
    mateo.get_by_label("Space name").fill("globex")
    region = mateo.get_by_label("AWS Region")
    if region.count():
        region.select_option("us-west-2")
    mateo.get_by_role("button", name="Next").click()
    # Step 3: Connect groups; Back keeps what was entered
    mateo.get_by_label("Developers").check()
    mateo.get_by_role("button", name="Previous").click()
    expect(mateo.get_by_label("Space name")).to_have_value("globex")
    mateo.get_by_role("button", name="Next").click()
    expect(mateo.get_by_label("Developers")).to_be_checked()
    mateo.get_by_role("button", name="Next").click()
    # Step 4: Space administrators
    mateo.get_by_label("saanvi.sarkar").check()
    mateo.get_by_role("button", name="Next").click()
    # Step 5: Review and create
    expect(mateo.get_by_text("globex-codecatalyst").first).to_be_visible()
    mateo.get_by_role("button", name="Create space").click()
    row = mateo.get_by_role("row", name=re.compile("globex-codecatalyst"))
    expect(row.get_by_text("Developers")).to_be_visible()
    expect(row.get_by_text("saanvi.sarkar")).to_be_visible()

    li = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sso_sign_in(li, url, company="Globex", user="li.juan", password=demo_world)
    expect(li.get_by_role("link", name="globex", exact=True)).to_be_visible()

    mateo.goto(url("/aws/codecatalyst/identity-center/spaces/globex/disassociate/"))
    mateo.get_by_label(re.compile("To confirm, type disassociate")).fill("disassociate")
    mateo.get_by_role("button", name="Disassociate").click()
    expect(mateo.get_by_text(re.compile("globex was disassociated from globex-codecatalyst"))).to_be_visible()

    li.goto(url("/spaces/globex/"))
    expect(li.get_by_role("heading", name="Page not found")).to_be_visible()
    li.goto(url("/spaces/"))
    expect(li.get_by_role("link", name="globex", exact=True)).to_have_count(0)
