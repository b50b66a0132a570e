"""Billing end to end, clicked through by visible labels in two browsers (seed 000, "Administering
billing"): mary is refused Standard on mary-sandbox, mateo authorizes paid tiers in the AWS
console, mary changes to Standard, prices Enterprise for 10 members, moves the billing account to
a second verified account; mateo then removes the first account and reads the charges on the
Billing dashboard of the account that pays now."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_account_connections import aws_sign_in, switch_account, two_browsers  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BILLING = "/spaces/mary-sandbox/settings/billing/"


@pytest.fixture
def second_verified_account(demo_world):
    """examplecorp-build (444455556666) connected to mary-sandbox and verified, paid tiers allowed —
    the account-connection story itself is clicked through in test_account_connections."""
    from accounts.aws.console.models import AwsAccount, ConsoleUser
    from accounts.connections import services as connections
    from identity.models import User
    from spaces.models import Space

    mary = User.objects.get(email="mary@example.com")
    space = Space.objects.get(name="mary-sandbox")
    connection = connections.connection_request_create(
        space=space, aws_account_id="444455556666", display_name="examplecorp-build", requested_by=mary
    )
    connections.connection_verify(
        token=connection.new_token,
        account=AwsAccount.objects.get(account_id="444455556666"),
        console_user=ConsoleUser.objects.get(user_name="mateo"),
        authorize_paid_tiers=True,
    )
    return demo_world


def choose_standard(page, url):
    page.goto(url(BILLING))
    page.get_by_role("link", name="Change billing tier").click()
    expect(page.get_by_role("heading", name="Compare tiers", level=1)).to_be_visible()
    page.get_by_role("link", name="Choose Standard").click()
    expect(page.get_by_role("heading", name="Review the change")).to_be_visible()
    page.get_by_role("button", name="Change tier").click()


def test_billing_story_across_both_consoles(two_browsers, url, second_verified_account):  # noqa: F811
    mary, mateo = two_browsers
    password = second_verified_account

    # mary opens Billing on mary-sandbox: Free, billed to 111122223333, paid tiers not authorized.
    sign_in(mary, url, email="mary@example.com", password=password)
    mary.goto(url(BILLING))
    expect(mary.get_by_role("heading", name="Billing details", level=1)).to_be_visible()
    expect(mary.get_by_text("111122223333").first).to_be_visible()

    # She is refused Standard, told why and what to do.
    choose_standard(mary, url)
    expect(mary.get_by_text("does not allow paid tiers")).to_be_visible()
    expect(mary.get_by_text("under Billing details chooses Edit")).to_be_visible()
    mary.goto(url(BILLING))
    expect(mary.get_by_text("Free").first).to_be_visible()

    # mateo authorizes paid tiers for the space in the AWS console (111122223333).
    mateo.goto(url("/aws/codecatalyst/spaces/mary-sandbox/"))
    aws_sign_in(mateo, account_id="111122223333", password=password)
    expect(mateo.get_by_role("heading", name="mary-sandbox", level=1)).to_be_visible()
    mateo.get_by_role("link", name="Edit billing details").click()
    expect(mateo.get_by_role("heading", name="Update allowed billing tiers")).to_be_visible()
    mateo.get_by_label("PAID (STANDARD, ENTERPRISE)").check()
    mateo.get_by_role("button", name="Update").click()
    expect(mateo.get_by_text("FREE, PAID (STANDARD, ENTERPRISE)")).to_be_visible()

    # mary changes to Standard: an upgrade takes effect at once.
    choose_standard(mary, url)
    expect(mary.get_by_text("mary-sandbox is now on the Standard tier.")).to_be_visible()

    # The Enterprise calculator for 10 members: $20 × 10, and 10 × 1,500 compute minutes.
    mary.get_by_role("link", name="Change billing tier").click()
    mary.get_by_label("Number of team members").fill("10")
    mary.get_by_role("button", name="Show totals").click()
    enterprise = mary.locator("section.tier", has=mary.get_by_role("heading", name="Enterprise"))
    expect(enterprise.get_by_text("$200.00")).to_be_visible()
    expect(enterprise.get_by_text("15,000 minutes")).to_be_visible()
    expect(mary.get_by_role("heading", name=re.compile("Standard.*Current tier"))).to_be_visible()

    # A nonsense member count (past the browser's own min check) is a message, not a page of figures.
    mary.goto(url(BILLING + "tiers/?members=0"))
    expect(mary.get_by_text("Enter at least 1 team member.")).to_be_visible()

    # mary moves the billing account to examplecorp-build.
    mary.goto(url(BILLING))
    mary.get_by_role("link", name="Edit the billing account").click()
    expect(mary.get_by_role("heading", name="Change AWS billing account")).to_be_visible()
    mary.get_by_label("Choose from AWS accounts already associated with your space").select_option(
        label="examplecorp-build (444455556666)"
    )
    mary.get_by_role("button", name="Change billing account").click()
    expect(mary.get_by_role("heading", name="Billing details", level=1)).to_be_visible()
    expect(mary.get_by_text("444455556666").first).to_be_visible()

    # mateo can now remove mary-sandbox from 111122223333, which no longer bills it.
    mateo.goto(url("/aws/codecatalyst/spaces/mary-sandbox/"))
    expect(mateo.get_by_text("Another account bills mary-sandbox")).to_be_visible()
    mateo.get_by_role("link", name="Remove space").click()
    expect(mateo.get_by_text("This account is the billing account of")).to_have_count(0)
    mateo.get_by_label("To confirm, type mary-sandbox").fill("mary-sandbox")
    mateo.get_by_role("button", name="Remove").click()
    expect(mateo.get_by_role("row", name=re.compile("mary-sandbox"))).to_have_count(0)

    # The account that pays now shows mary-sandbox's Standard charges on its Billing dashboard.
    switch_account(mateo, "examplecorp-build")
    mateo.locator("details.aws-account-menu > summary").click()
    mateo.get_by_role("link", name="Billing dashboard").click()
    expect(mateo.get_by_role("heading", name="Billing dashboard", level=1)).to_be_visible()
    line = mateo.get_by_role("row", name=re.compile("mary-sandbox"))
    expect(line.get_by_text("Standard")).to_be_visible()
    expect(line.get_by_text("Month to date")).to_be_visible()
    expect(mateo.locator("svg.billing-chart")).to_be_visible()

    # And the old account's dashboard bills nothing for it any more.
    switch_account(mateo, "examplecorp-management")
    mateo.goto(url("/aws/billing/"))
    expect(mateo.get_by_role("row", name=re.compile("mary-sandbox.*Month to date"))).to_have_count(0)
