"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the tests
# themselves (fixtures, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return  # In CI a missing browser must fail the run, not skip it.
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install -y chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def demo_world(transactional_db, settings):
    from django.core.management import call_command

    settings.DEMO_PASSWORD = "catalyst-demo"
    call_command("seed_demo", verbosity=0)
    return settings.DEMO_PASSWORD


@pytest.fixture
def url(live_server):
    def to(path: str) -> str:
        return live_server.url + path

    return to


def sign_up(page, url, *, name, email, alias, password):
    page.goto(url("/signup/"))
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Alias").fill(alias)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Create AWS Builder ID").click()
    # Verify your email: the code is in the email just sent (Django's test outbox, in this process).
    page.get_by_role("heading", name="Verify your email").wait_for()
    page.get_by_label("Verification code").fill(email_code(email))
    page.get_by_role("button", name="Verify", exact=True).click()


def email_code(address: str) -> str:
    """The code in the last verification email sent to ``address``."""
    import re

    from django.core import mail

    message = [m for m in mail.outbox if address in m.to][-1]
    return re.search(r"^\s+(\d{6})$", message.body, re.M).group(1)


def sign_in(page, url, *, email, password):
    page.goto(url("/signin/"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.get_by_label("User menu", exact=False).click()
    page.get_by_role("button", name="Sign out").click()


def aws_sign_in(page, *, account_id, password, user="mateo"):
    """Fill the AWS Management Console's sign-in page that is open in ``page``."""
    page.get_by_label("Account ID (12 digits)").fill(account_id)
    page.get_by_label("IAM user name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def switch_account(page, name):
    """Switch the AWS console to the account named ``name`` with the account menu."""
    import re

    page.locator("details.aws-account-menu > summary").click()
    page.get_by_role("button", name=re.compile(f"Switch to {name}")).click()
