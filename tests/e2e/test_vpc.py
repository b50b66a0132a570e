"""Amazon VPC end to end, clicked through by visible labels: mateo creates a VPC with "VPC and
more" (seed 000, "To create a VPC") and a CodeCatalyst git endpoint with private DNS names ("To
configure VPC endpoints using the AWS console")."""

import re

import pytest
from playwright.sync_api import expect

from accounts.aws.ec2.models import Vpc, VpcEndpoint
from tests.e2e.test_account_connections import aws_sign_in
from tests.ec2.requirements import vpc_requirements_missing

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_mateo_creates_a_vpc_with_vpc_and_more_and_a_git_endpoint_with_private_dns(page, url, demo_world):
    page.goto(url("/aws/signin/"))
    aws_sign_in(page, account_id="777788889999", password=demo_world)
    expect(page.locator("details.aws-region-menu > summary")).to_contain_text("US West (Oregon)")

    # To create a VPC: VPC and more, three zones, a NAT gateway in one, checked in the preview.
    page.get_by_role("link", name="Your VPCs").click()
    expect(page.get_by_role("heading", name="Your VPCs", level=1)).to_be_visible()
    expect(page.get_by_text("examplecorp-vpc")).to_be_visible()
    page.get_by_role("link", name="Create VPC").click()
    page.get_by_role("radio", name="VPC and more").check()
    page.get_by_label("Name tag").fill("mateo")
    page.get_by_label("IPv4 CIDR block").fill("10.8.0.0/16")
    page.get_by_label("Number of Availability Zones (AZs)").select_option("4")
    page.get_by_label("NAT gateways").select_option(label="In 1 AZ")
    page.get_by_role("button", name="Update preview").click()
    preview = page.locator("section", has=page.get_by_role("heading", name="Preview"))
    expect(preview).to_contain_text("mateo-subnet-private4-us-west-2d")
    expect(preview).to_contain_text("mateo-nat-public1-us-west-2a")
    page.get_by_role("button", name="Create VPC").click()
    expect(page.get_by_text("You successfully created")).to_be_visible()
    vpc = Vpc.objects.get(name="mateo-vpc")
    expect(page.get_by_role("heading", name=re.compile(vpc.resource_id))).to_be_visible()
    assert vpc_requirements_missing(vpc) == []

    # To configure VPC endpoints using the AWS console.
    page.get_by_role("link", name="Endpoints").click()
    page.get_by_role("link", name="Create endpoint").click()
    page.get_by_label("Name tag").fill("codecatalyst-git")
    page.get_by_label("Search services").fill("codecatalyst")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_label(re.compile(r"com\.amazonaws\.us-west-2\.sts"))).to_have_count(0)
    page.get_by_role("radio", name="com.amazonaws.us-west-2.codecatalyst.git (Interface)").check()
    page.get_by_role("combobox", name="VPC", exact=True).select_option(vpc.resource_id)
    page.get_by_role("button", name="Use this VPC").click()
    for zone in ("a", "b", "c", "d"):
        page.get_by_label(re.compile(f"mateo-subnet-private\\d-us-west-2{zone}")).check()
    expect(page.get_by_role("radio", name="IPv4")).to_be_checked()
    page.get_by_label(re.compile(r"\| default$")).check()
    page.get_by_role("button", name="Create endpoint").click()
    expect(page.get_by_text("Successfully created VPC endpoint")).to_be_visible()
    endpoint = VpcEndpoint.objects.get(name="codecatalyst-git")
    assert endpoint.endpoint_subnets.count() == 4 and not endpoint.private_dns_enabled

    page.get_by_role("link", name="Modify private DNS name").click()
    page.get_by_label("Enable for this endpoint").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Successfully modified the private DNS name")).to_be_visible()
    details = page.locator("section", has=page.get_by_role("heading", name="Details"))
    expect(details).to_contain_text("Private DNS names enabled")
    expect(details.locator("dl > div", has=page.get_by_text("Private DNS names enabled")).locator("dd")).to_have_text(
        "Yes"
    )
    assert VpcEndpoint.objects.get(pk=endpoint.pk).private_dns_enabled
