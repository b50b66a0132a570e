"""Under the Content-Security-Policy the pages still work in Chromium, and it reports no violation:
the Identity Center wizard's choices, the copy button of a new connection token, the tags form,
"Sync now", the error pages' Go back button and Django's admin."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import browser_type_launch_args, demo_world, sign_in, url  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI + " " + (event.sample || ""));
});
"""


@pytest.fixture
def watched(browser, live_server):
    """A page in a fresh context that may use the clipboard, and the violations it reports."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.on("console", lambda message: message.text.startswith("CSP violation") and violations.append(message.text))
    page.on("pageerror", lambda error: violations.append(f"script error: {error}"))
    yield page, violations
    context.close()


def test_the_console_pages_work_under_the_policy(watched, url, demo_world):  # noqa: F811
    page, violations = watched
    # mary: a new AWS account's token and its copy button.
    sign_in(page, url, email="mary@example.com", password=demo_world)
    response = page.goto(url("/spaces/mary-sandbox/settings/aws-accounts/add/"))
    assert "nonce-" in response.headers["content-security-policy"]
    page.get_by_label("AWS account ID").fill("210987654321")
    page.get_by_label("Amazon CodeCatalyst display name").fill("spare-account")
    page.get_by_role("button", name="Associate AWS account").click()
    token = page.locator("#conn-token").inner_text()
    page.get_by_role("button", name="Copy", exact=True).click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == token
    expect(page.get_by_role("link", name="Complete setup in the AWS Management Console")).to_have_attribute(
        "href", re.compile(re.escape(token))
    )

    # A 403 page's Go back button (shown by the script) goes back.
    page.goto(url("/spaces/"))
    page.goto(url("/ops/"))
    page.get_by_role("button", name="Go back").click()
    expect(page).to_have_url(re.compile(r"/spaces/$"))
    assert violations == []


def test_the_wizard_and_the_tags_form_work_under_the_policy(watched, url, demo_world):  # noqa: F811
    page, violations = watched
    page.goto(url("/aws/signin/"))
    page.get_by_label("Account ID").fill("111122223333")
    page.get_by_label("IAM user name").fill("mateo")
    page.get_by_label("Password").fill(demo_world)
    page.get_by_role("button", name="Sign in").click()

    page.goto(url("/aws/codecatalyst/identity-center/connect/"))
    page.get_by_label("Display name").fill("CSP Corp")
    page.get_by_label("AWS Identity Center application name").fill("csp-corp-codecatalyst")
    page.get_by_role("button", name="Next").click()
    choices = page.locator("input[name$='-choice']")
    sections = page.locator("[data-choice-section]")
    choices.last.check()
    assert sections.evaluate_all("els => els.map(e => e.hidden)") == [True, False]
    choices.first.check()
    assert sections.evaluate_all("els => els.map(e => e.hidden)") == [False, True]

    page.goto(url("/aws/codecatalyst/spaces/mary-sandbox/tags/"))
    page.get_by_role("button", name="Add tag").click()
    expect(page.get_by_role("button", name="Remove")).to_have_count(1)
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("button", name="Remove")).to_have_count(0)
    assert violations == []


def test_sync_now_and_djangos_admin_work_under_the_policy(watched, url, demo_world):  # noqa: F811
    from identity.federation.models import IdentityCenterApplication

    page, violations = watched
    application = IdentityCenterApplication.objects.get(name="examplecorp-codecatalyst")
    page.goto(url(f"/signin/sso/{application.application_id}/"))
    page.locator("input[name=user_name]").fill("mary.major")
    page.locator("input[name=password]").fill(demo_world)
    page.get_by_role("button", name="Sign in").click()
    page.goto(url("/spaces/examplecorp/settings/sso/"))
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#sync-status")).to_contain_text("Succeeded", timeout=15000)

    page.goto(url("/admin/login/"))
    page.get_by_label("Username").fill("ops")
    page.get_by_label("Password").fill(demo_world)
    page.get_by_role("button", name="Log in").click()
    page.goto(url("/admin/auth/group/add/"))
    expect(page.get_by_text("Available permissions")).to_be_visible()  # drawn by the admin's SelectFilter script
    assert violations == []
