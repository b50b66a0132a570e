"""The Amazon VPC console's pages as mateo uses them: the Region selector, "VPC and more", bad input
shown on the page with nothing written, endpoints and their private DNS names."""

import re

import pytest
from django.urls import reverse

from accounts.aws.ec2 import selectors, services
from accounts.aws.ec2.models import Route, Subnet, Vpc, VpcEndpoint
from tests.ec2.conftest import REGION
from tests.ec2.requirements import vpc_requirements_missing
from tests.fixtures_aws import sign_in_session

pytestmark = pytest.mark.django_db

VPC_AND_MORE = {
    "mode": "vpc_and_more",
    "name": "web",
    "cidr_block": "10.0.0.0/16",
    "zone_count": "4",
    "public_per_zone": "1",
    "private_per_zone": "1",
    "nat_gateways": "one",
    "enable_dns_hostnames": "on",
    "enable_dns_support": "on",
}


@pytest.fixture
def browser(client, mateo, network):
    return sign_in_session(client, mateo, network)


def test_the_preview_shows_what_vpc_and_more_will_create_and_writes_nothing(browser, network):
    before = Vpc.objects.count()
    page = browser.post(reverse("aws:vpc_create"), {**VPC_AND_MORE, "preview": "1"}).content.decode()
    for name in (
        "web-vpc",
        "web-subnet-public1-us-west-2a",
        "web-subnet-private4-us-west-2d",
        "web-rtb-private1-us-west-2a",
        "web-igw",
        "web-nat-public1-us-west-2a",
    ):
        assert name in page
    assert "Subnets (8)" in page and "Route tables (5)" in page
    assert Vpc.objects.count() == before


def test_vpc_and_more_creates_a_vpc_that_meets_every_requirement(browser, network):
    response = browser.post(reverse("aws:vpc_create"), {**VPC_AND_MORE, "create": "1"})
    vpc = Vpc.objects.get(account=network, name="web-vpc")
    assert response["Location"] == reverse("aws:vpc", args=[vpc.resource_id])
    assert vpc_requirements_missing(vpc) == []
    page = browser.get(response["Location"]).content.decode()
    assert "web-subnet-private1-us-west-2a" in page and "Public" in page and "Private" in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"cidr_block": "10.0.0.0/8"}, "out of range"),
        ({"cidr_block": "10.0.0.0/33"}, "not a valid IPv4 CIDR block"),
        ({"public_per_zone": "0"}, "NAT gateways go in public subnets"),
    ],
)
def test_bad_input_on_create_vpc_is_shown_and_nothing_is_written(browser, form, message):
    before = Vpc.objects.count()
    response = browser.post(reverse("aws:vpc_create"), {**VPC_AND_MORE, **form, "create": "1"})
    assert response.status_code == 200 and message in response.content.decode()
    assert Vpc.objects.count() == before


def test_the_region_selector_switches_what_the_pages_list(browser, network):
    browser.post(reverse("aws:vpc_create"), {**VPC_AND_MORE, "create": "1"})
    assert "web-vpc" in browser.get(reverse("aws:vpcs")).content.decode()
    response = browser.post(reverse("aws:region"), {"console_region": "eu-west-1", "next": reverse("aws:vpcs")})
    assert response["Location"] == reverse("aws:vpcs")
    page = browser.get(reverse("aws:vpcs")).content.decode()
    assert "web-vpc" not in page and "Europe (Ireland)" in page
    eu_default = selectors.vpcs_of(network, "eu-west-1").get(is_default=True)
    assert eu_default.resource_id in page
    us_vpc = Vpc.objects.get(name="web-vpc")
    assert browser.get(reverse("aws:vpc", args=[us_vpc.resource_id])).status_code == 404


def test_an_unknown_region_is_a_404(browser):
    assert browser.post(reverse("aws:region"), {"console_region": "mars-1"}).status_code == 404


def test_deleting_a_vpc_with_dependencies_is_refused_naming_them(browser, rowsnet):
    response = browser.post(reverse("aws:vpc_delete", args=[rowsnet.bare.resource_id]), {"confirm": "delete"})
    page = response.content.decode()
    assert "DependencyViolation" not in page  # the code is for the API; the page says it in words
    assert "has dependencies and cannot be deleted" in page and rowsnet.bare_subnet.resource_id in page
    assert Vpc.objects.filter(pk=rowsnet.bare.pk).exists()


def test_an_overlapping_subnet_is_refused_on_the_page(browser, rowsnet):
    data = {"vpc": rowsnet.bare.resource_id, "availability_zone": "us-west-2b", "cidr_block": "10.30.0.128/25"}
    page = browser.post(reverse("aws:subnet_create"), data).content.decode()
    assert "conflicts with subnet" in page and rowsnet.bare_subnet.resource_id in page
    assert rowsnet.bare.subnets.count() == 1


def test_a_nat_gateway_in_a_private_subnet_is_refused_on_the_page(browser, rowsnet):
    data = {"subnet": rowsnet.made.private_subnets[0].resource_id, "connectivity_type": "public"}
    page = browser.post(reverse("aws:nat_gateway_create"), data).content.decode()
    assert "is private" in page and rowsnet.vpc.nat_gateways.count() == 1


def test_edit_routes_refuses_a_target_in_another_vpc(browser, rowsnet, mateo):
    table = rowsnet.bare.route_tables.get()
    data = {"destination": ["0.0.0.0/0"], "target": [rowsnet.made.nat_gateways[0].resource_id]}
    page = browser.post(reverse("aws:route_table_routes", args=[table.resource_id]), data).content.decode()
    assert "A route can only target a NAT gateway of the route table&#x27;s VPC" in page
    assert not table.routes.exclude(target_type=Route.Target.LOCAL).exists()


def test_create_endpoint_with_two_subnets_in_one_zone_is_refused(browser, rowsnet):
    data = {
        "service_name": "com.amazonaws.us-west-2.codecatalyst.git",
        "vpc": rowsnet.vpc.resource_id,
        "subnets": [rowsnet.made.private_subnets[0].resource_id, rowsnet.made.public_subnets[0].resource_id],
        "ip_address_type": "ipv4",
        "create": "1",
    }
    page = browser.post(reverse("aws:endpoint_create"), data).content.decode()
    assert "at most one subnet per Availability Zone" in page
    assert VpcEndpoint.objects.count() == 1


def test_the_services_search_and_the_vpc_choice_refresh_the_form_without_creating(browser, rowsnet):
    data = {"q": "codecatalyst", "vpc": rowsnet.bare.resource_id, "refresh": "search"}
    page = browser.post(reverse("aws:endpoint_create"), data).content.decode()
    assert "com.amazonaws.us-west-2.codecatalyst.git" in page and "aws.api.global.codecatalyst" in page
    assert "com.amazonaws.us-west-2.sts" not in page
    assert rowsnet.bare_subnet.resource_id in page and rowsnet.made.private_subnets[0].resource_id not in page
    assert VpcEndpoint.objects.count() == 1


def test_create_endpoint_then_enable_private_dns_names(browser, rowsnet):
    data = {
        "name": "git",
        "service_name": "com.amazonaws.us-west-2.codecatalyst.git",
        "vpc": rowsnet.vpc.resource_id,
        "subnets": [s.resource_id for s in rowsnet.made.private_subnets],
        "security_groups": [rowsnet.group.resource_id],
        "ip_address_type": "ipv4",
        "create": "1",
    }
    response = browser.post(reverse("aws:endpoint_create"), data)
    endpoint = VpcEndpoint.objects.get(name="git")
    assert response["Location"] == reverse("aws:endpoint", args=[endpoint.resource_id])
    assert endpoint.endpoint_subnets.count() == 4 and list(endpoint.security_groups.all()) == [rowsnet.group]
    assert not endpoint.private_dns_enabled
    browser.post(reverse("aws:endpoint_private_dns", args=[endpoint.resource_id]), {"enabled": "on"})
    assert VpcEndpoint.objects.get(pk=endpoint.pk).private_dns_enabled
    page = browser.get(reverse("aws:endpoints")).content.decode()
    assert endpoint.resource_id in page


def test_private_dns_is_refused_in_a_vpc_without_dns_hostnames(browser, rowsnet, network, mateo):
    endpoint = services.vpc_endpoint_create(
        account=network,
        region=REGION,
        vpc_id=rowsnet.bare.resource_id,
        service_name="aws.api.global.codecatalyst",
        subnet_ids=[rowsnet.bare_subnet.resource_id],
        private_dns_enabled=False,
        by=mateo,
    )
    page = browser.post(reverse("aws:endpoint_private_dns", args=[endpoint.resource_id]), {"enabled": "on"})
    assert "needs both DNS resolution and DNS hostnames" in page.content.decode()
    assert not VpcEndpoint.objects.get(pk=endpoint.pk).private_dns_enabled


def test_another_accounts_subnet_is_not_offered_nor_accepted(browser, rowsnet, outside):
    foreign = Subnet.objects.filter(account=outside, region=REGION).first()
    data = {
        "service_name": "aws.api.global.codecatalyst",
        "vpc": rowsnet.vpc.resource_id,
        "subnets": [foreign.resource_id],
        "ip_address_type": "ipv4",
        "create": "1",
    }
    page = browser.post(reverse("aws:endpoint_create"), data).content.decode()
    assert f'value="{foreign.resource_id}"' not in page and "Select a valid choice" in page
    assert VpcEndpoint.objects.count() == 1


def test_edit_network_acl_rules_shows_a_bad_rule_and_keeps_the_old_ones(browser, rowsnet):
    url = reverse("aws:network_acl_inbound", args=[rowsnet.acl.resource_id])
    data = {
        "rule_number": ["100", "100"],
        "protocol": ["-1", "tcp"],
        "ports": ["", "22"],
        "cidr": ["0.0.0.0/0", "0.0.0.0/0"],
        "action": ["allow", "deny"],
    }
    page = browser.post(url, data).content.decode()
    assert "Rule number 100 is used twice." in page
    assert [(e.rule_number, e.protocol) for e in rowsnet.acl.entries.filter(is_egress=False)] == [(100, "-1")]
    data["rule_number"] = ["100", "50"]
    assert browser.post(url, data).status_code == 302
    assert [e.rule_number for e in rowsnet.acl.entries.filter(is_egress=False)] == [50, 100]


def test_edit_subnet_settings_turns_auto_assign_public_ipv4_on_and_off(browser, rowsnet):
    subnet = rowsnet.bare_subnet
    url = reverse("aws:subnet_settings", args=[subnet.resource_id])
    page = browser.get(url).content.decode()
    assert "Enable auto-assign public IPv4 address" in page
    response = browser.post(url, {"map_public_ip_on_launch": "on"}, follow=True)
    assert "You have successfully changed subnet settings" in response.content.decode()
    subnet.refresh_from_db()
    assert subnet.map_public_ip_on_launch is True
    listing = browser.get(reverse("aws:subnets")).content.decode()
    assert f'href="{url}"' in listing
    browser.post(url, {})
    subnet.refresh_from_db()
    assert subnet.map_public_ip_on_launch is False


def test_the_vpc_details_page_shows_each_subnets_route_table_and_type_in_the_same_queries(
    browser, full_vpc, mateo, django_assert_max_num_queries
):
    vpc = full_vpc.vpc
    url = reverse("aws:vpc", args=[vpc.resource_id])
    browser.get(url)
    # session, console session, VPC, route tables, subnets, associations, routes, resource map
    with django_assert_max_num_queries(8) as before:
        html = browser.get(url).content.decode()
    subnets = list(selectors.subnets_of(vpc.account, REGION, vpc_ids=[vpc.resource_id]))
    for subnet in subnets:
        table = selectors.route_table_of_subnet(subnet)
        kind = "Public" if selectors.subnet_is_public(subnet) else "Private"
        link = f'<a href="{reverse("aws:route_table", args=[table.resource_id])}">{table.resource_id}</a>'
        assert f'<td class="mono">{subnet.cidr_block}</td><td class="mono">{link}</td><td>{kind}</td>' in html
    assert {"Public", "Private"} <= {"Public" if selectors.subnet_is_public(s) else "Private" for s in subnets}
    assert f'<dd class="mono">{vpc.account.account_id}</dd>' in html
    for n in range(4):
        services.subnet_create(vpc=vpc, availability_zone="us-west-2b", cidr_block=f"10.0.{200 + n}.0/24", by=mateo)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert html.count("<tr>") + 4 == browser.get(url).content.decode().count("<tr>")


def test_your_vpcs_lists_each_vpc_with_its_main_route_table_in_the_same_queries(
    browser, network, mateo, django_assert_max_num_queries
):
    browser.get(reverse("aws:vpcs"))
    with django_assert_max_num_queries(4) as before:  # session, console session, VPCs, main tables
        browser.get(reverse("aws:vpcs"))
    made = [
        services.vpc_create(account=network, region=REGION, cidr_block=f"10.{n}.0.0/16", name=f"app-{n}", by=mateo)
        for n in range(3)
    ]
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = browser.get(reverse("aws:vpcs")).content.decode()
    for vpc in made:
        main = selectors.route_tables_of(network, REGION, vpc_ids=[vpc.resource_id]).get(is_main=True)
        assert vpc.resource_id in html and reverse("aws:route_table", args=[main.resource_id]) in html


def test_the_main_route_tables_page_names_the_subnets_without_an_association_in_the_same_queries(
    browser, vpc, mateo, django_assert_max_num_queries
):
    main = selectors.route_tables_of(vpc.account, REGION, vpc_ids=[vpc.resource_id]).get(is_main=True)
    own = services.route_table_create(vpc=vpc, name="own", by=mateo)
    subnets = [
        services.subnet_create(vpc=vpc, availability_zone="us-west-2a", cidr_block=f"10.1.{n}.0/24", by=mateo)
        for n in range(2)
    ]
    services.route_table_subnets_set(route_table=own, subnets=[subnets[1]], by=mateo)
    url = reverse("aws:route_table", args=[main.resource_id])
    with django_assert_max_num_queries(8) as before:
        html = browser.get(url).content.decode()
    assert f'use this main route table: <span class="mono">{subnets[0].resource_id}</span>.' in html
    subnets += [
        services.subnet_create(vpc=vpc, availability_zone="us-west-2b", cidr_block=f"10.1.{n}.0/24", by=mateo)
        for n in range(2, 5)
    ]
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = browser.get(url).content.decode()
    named = html.split("use this main route table: ", 1)[1].split(".</p>", 1)[0]
    assert sorted(re.findall(r'<span class="mono">([^<]+)</span>', named)) == sorted(
        s.resource_id for s in [subnets[0], *subnets[2:]]
    )
