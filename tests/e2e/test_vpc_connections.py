"""mary.major, Space administrator of examplecorp, works through seed 000's VPC connection procedures
by their labels: "To add VPC connections" (refused the 172.16.0.0/16 VPC with the CIDR requirement,
then the compliant VPC), "To set a default VPC connection", "To edit VPC connections" (its security
groups) and "To remove VPC connections". Screenshots of each page go to $E2E_SCREENSHOTS when set."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.catalyst_admin.test_csp_browser import watched  # noqa: F401
from tests.e2e.test_identity_federation import sso_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PRIVATE_SUBNETS = [f"examplecorp-subnet-private{n}-us-west-2{zone}" for n, zone in enumerate("abcd", start=1)]
CIDR_TROUBLESHOOTING = "Make sure that your IPv4 CIDR block is not configured to the 172.16.0.0/12 IP address range."


def shot(page, name):
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"vpc-{name}.png"), full_page=True)


@pytest.fixture
def groups(demo_world):
    """The default security groups of the compliant and the legacy VPC, and ``workers``, a second
    group mateo makes in the compliant one for the edit."""
    from accounts.aws.console.models import ConsoleUser
    from accounts.aws.ec2 import services as ec2
    from accounts.aws.ec2.models import Vpc

    def vpc(cidr):
        return Vpc.objects.get(account__account_id="777788889999", region="us-west-2", cidr_block=cidr)

    good, legacy = vpc("10.0.0.0/16"), vpc("172.16.0.0/16")
    workers = ec2.security_group_create(
        vpc=good,
        group_name="workers",
        description="Workflow workers",
        name="workers",
        by=ConsoleUser.objects.get(user_name="mateo"),
    )
    return {
        "good": good.security_groups.get(group_name="default").resource_id,
        "legacy": legacy.security_groups.get(group_name="default").resource_id,
        "workers": workers.resource_id,
    }


def choose_vpc(page, text):
    """Choose the VPC whose option shows ``text`` (its name or CIDR block)."""
    value = page.locator("select[name$=vpc_id] option", has_text=text).get_attribute("value")
    page.get_by_label("VPC", exact=True).select_option(value)


def choose_account_and_role(page):
    page.get_by_label("AWS account connection").select_option(label="examplecorp-network")
    page.get_by_label("VPC role").select_option(label="codecatalyst-vpc-role")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="VPC connection details", level=1)).to_be_visible()


def test_mary_adds_sets_default_edits_and_removes_a_vpc_connection(watched, url, demo_world, groups):  # noqa: F811
    mary, violations = watched  # under the Content-Security-Policy, with the clipboard
    sso_sign_in(mary, url, company="ExampleCorp", user="mary.major", password=demo_world)
    mary.goto(url("/spaces/examplecorp/"))
    mary.get_by_role("navigation", name="Space navigation").get_by_role("link", name="VPC connections").click()
    expect(mary.get_by_role("heading", name="VPC connections", level=1)).to_be_visible()
    expect(mary.get_by_role("row", name=re.compile("examplecorp-network-vpc"))).to_be_visible()
    shot(mary, "list")

    # To add VPC connections: the 172.16.0.0/16 VPC is refused with the CIDR requirement.
    mary.get_by_role("link", name="Add VPC connection").click()
    expect(mary.get_by_role("heading", name="AWS account connection", level=1)).to_be_visible()
    shot(mary, "add-step1")
    choose_account_and_role(mary)
    shot(mary, "add-step2")
    # codecatalyst-vpc-role's trust policy lacks aws:SourceArn: the recommended block, to copy.
    mary.get_by_role("button", name="Copy the recommended trust policy").click()
    copied = mary.evaluate("navigator.clipboard.readText()")
    assert '"arn:aws:codecatalyst:::space/examplecorp/project/*"' in copied
    choose_vpc(mary, "172.16.0.0/16")
    mary.get_by_label(re.compile("legacy-subnet-us-west-2a")).check()
    mary.get_by_label(re.compile("legacy-subnet-us-west-2b")).check()
    mary.get_by_label(re.compile(groups["legacy"])).check()
    mary.get_by_label("VPC connection name").fill("legacy-network")
    mary.get_by_role("button", name="Next").click()
    expect(mary.get_by_role("heading", name="Review and add", level=1)).to_be_visible()
    expect(mary.get_by_text(CIDR_TROUBLESHOOTING)).to_be_visible()
    expect(mary.get_by_role("button", name="Add VPC connection")).to_be_disabled()
    shot(mary, "add-review-refused")

    # Previous, and the compliant VPC instead.
    mary.get_by_role("button", name="Previous").click()
    choose_vpc(mary, "examplecorp-vpc")
    checked = mary.locator("input[type=checkbox]:checked")
    while checked.count():
        checked.first.uncheck()
    for subnet in PRIVATE_SUBNETS:
        mary.get_by_label(re.compile(subnet)).check()
    mary.get_by_label(re.compile(groups["good"])).check()
    mary.get_by_label("VPC connection name").fill("build-network")
    mary.get_by_role("button", name="Next").click()
    expect(mary.get_by_role("heading", name="Review and add", level=1)).to_be_visible()
    expect(mary.get_by_text("Not verifiable with this role").first).to_be_visible()
    shot(mary, "add-review")
    mary.get_by_role("button", name="Add VPC connection").click()
    expect(mary.get_by_text("VPC connection build-network was added to examplecorp.")).to_be_visible()
    expect(mary.get_by_role("heading", name="build-network", level=1)).to_be_visible()
    shot(mary, "detail")

    # To set a default VPC connection.
    mary.get_by_text("Manage default").click()
    mary.get_by_role("link", name="Set as default").click()
    mary.get_by_role("button", name="Confirm").click()
    expect(mary.get_by_text("build-network is the default VPC connection of examplecorp.")).to_be_visible()
    mary.get_by_role("link", name="VPC connections").last.click()
    expect(mary.get_by_role("row", name=re.compile("build-network")).get_by_text("Default")).to_be_visible()
    expect(mary.get_by_role("row", name=re.compile("examplecorp-network-vpc")).get_by_text("Default")).to_have_count(0)

    # To edit VPC connections: its security groups.
    mary.get_by_role("link", name="build-network").click()
    mary.get_by_role("link", name="Edit").click()
    expect(mary.get_by_text(re.compile("While VPC-connected workflows are in progress"))).to_be_visible()
    mary.get_by_label(re.compile(groups["workers"])).check()
    shot(mary, "edit")
    mary.get_by_role("button", name="Update VPC connection").click()
    expect(mary.get_by_text("VPC connection build-network was updated.")).to_be_visible()
    expect(mary.get_by_text(groups["workers"])).to_be_visible()

    # To remove VPC connections: the selector, Remove VPC connection, the typed name, Remove.
    mary.get_by_role("link", name="VPC connections").last.click()
    mary.get_by_label("Select build-network").check()
    mary.get_by_role("button", name="Remove VPC connection").click()
    mary.get_by_label("To confirm, type the VPC connection name").fill("build-networks")
    mary.get_by_role("button", name="Remove").click()
    expect(mary.locator(".field .error")).to_be_visible()
    mary.get_by_label("To confirm, type the VPC connection name").fill("build-network")
    shot(mary, "remove")
    mary.get_by_role("button", name="Remove").click()
    expect(mary.get_by_text("VPC connection build-network was removed.")).to_be_visible()
    expect(mary.get_by_role("row", name=re.compile("build-network"))).to_have_count(0)
    assert violations == []
