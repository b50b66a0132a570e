"""The emulated VPC inventory's rules, service by service: every bad input refused with a message and
nothing written, reads scoped to (account, Region)."""

import pytest

from accounts.aws.ec2 import plans, selectors, services
from accounts.aws.ec2.errors import Ec2Error
from accounts.aws.ec2.models import InternetGateway, Route, Subnet, Vpc, VpcEndpoint
from catalyst_admin.errors import Forbidden
from tests.ec2.conftest import REGION
from tests.ec2.requirements import vpc_requirements_missing
from tests.factories import AwsAccountFactory

pytestmark = pytest.mark.django_db


def _refused(code, call, **kwargs):
    with pytest.raises(Ec2Error) as caught:
        call(**kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value.message


# Default VPCs ----------------------------------------------------------------------------------


def test_every_new_account_has_a_default_vpc_in_each_region():
    account = AwsAccountFactory()
    for region, zones in (("us-west-2", 4), ("eu-west-1", 3)):
        vpc = selectors.vpcs_of(account, region).get(is_default=True)
        assert vpc.cidr_block == "172.31.0.0/16" and vpc.resource_id.startswith("vpc-") and len(vpc.resource_id) == 21
        assert sorted(s.availability_zone for s in vpc.subnets.all()) == list(selectors.availability_zones(region))
        assert vpc.subnets.filter(map_public_ip_on_launch=True, default_for_az=True).count() == zones
        assert all(selectors.subnet_is_public(s) for s in vpc.subnets.all())
        assert vpc.internet_gateway.vpc == vpc
        assert vpc.security_groups.get().group_name == "default"
        assert vpc.network_acls.get().entries.filter(rule_action="allow", cidr_block="0.0.0.0/0").count() == 2


def test_default_vpcs_ensure_is_idempotent(network):
    first = services.default_vpcs_ensure(account=network)
    assert services.default_vpcs_ensure(account=network) == first
    assert Vpc.objects.filter(account=network, is_default=True).count() == 2


def test_the_default_vpc_does_not_meet_the_requirements(network):
    missing = vpc_requirements_missing(selectors.vpcs_of(network, REGION).get(is_default=True))
    assert "IPv4 CIDR block outside 172.16.0.0/12" in missing and "a NAT gateway" in missing


# VPCs -------------------------------------------------------------------------------------------


def test_a_new_vpc_has_a_main_route_table_a_default_group_and_acl(vpc):
    main = vpc.route_tables.get()
    assert main.is_main and [(r.destination, r.target_id) for r in main.routes.all()] == [("10.1.0.0/16", "local")]
    group = vpc.security_groups.get(is_default=True)
    assert group.rules.filter(is_egress=True, cidr_ipv4="0.0.0.0/0").exists()
    assert vpc.network_acls.get(is_default=True)


@pytest.mark.parametrize(
    ("cidr", "words"),
    [
        ("10.0.0.0/8", "out of range"),
        ("10.0.0.0/29", "out of range"),
        ("10.0.0.300/16", "not a valid"),
        ("banana", "not a valid"),
        ("10.0.0.0", "no prefix length"),
        ("10.0.1.0/16", "Did you mean 10.0.0.0/16"),
    ],
)
def test_a_bad_vpc_cidr_is_refused_and_nothing_is_written(network, mateo, cidr, words):
    before = Vpc.objects.count()
    with pytest.raises(Ec2Error) as caught:
        services.vpc_create(account=network, region=REGION, cidr_block=cidr, by=mateo)
    assert words in caught.value.message and caught.value.field == "cidr_block"
    assert Vpc.objects.count() == before


def test_only_an_administrator_of_the_account_changes_its_network(network, reader, outside, mateo):
    with pytest.raises(Forbidden):
        services.vpc_create(account=network, region=REGION, cidr_block="10.0.0.0/16", by=reader)
    with pytest.raises(Forbidden):
        services.vpc_create(account=outside, region=REGION, cidr_block="10.0.0.0/16", by=mateo)


def test_an_unknown_region_is_refused(network, mateo):
    with pytest.raises(Ec2Error, match="not available"):
        services.vpc_create(account=network, region="mars-1", cidr_block="10.0.0.0/16", by=mateo)


def test_deleting_a_vpc_with_dependencies_names_them(vpc, mateo):
    subnet = services.subnet_create(vpc=vpc, availability_zone="us-west-2a", cidr_block="10.1.0.0/24", by=mateo)
    igw = services.internet_gateway_create(account=vpc.account, region=REGION, by=mateo)
    services.internet_gateway_attach(internet_gateway=igw, vpc=vpc, by=mateo)
    message = _refused("DependencyViolation", services.vpc_delete, vpc=vpc, by=mateo)
    assert subnet.resource_id in message and f"{igw.resource_id} (attached)" in message
    services.internet_gateway_detach(internet_gateway=igw, by=mateo)
    services.subnet_delete(subnet=subnet, by=mateo)
    services.vpc_delete(vpc=vpc, by=mateo)
    assert not Vpc.objects.filter(pk=vpc.pk).exists()


# Subnets ----------------------------------------------------------------------------------------


def test_subnets_stay_inside_their_vpc_and_never_overlap(vpc, mateo):
    first = services.subnet_create(vpc=vpc, availability_zone="us-west-2a", cidr_block="10.1.0.0/24", by=mateo)
    _refused(
        "InvalidSubnet.Range",
        services.subnet_create,
        vpc=vpc,
        availability_zone="us-west-2a",
        cidr_block="10.2.0.0/24",
        by=mateo,
    )
    message = _refused(
        "InvalidSubnet.Conflict",
        services.subnet_create,
        vpc=vpc,
        availability_zone="us-west-2b",
        cidr_block="10.1.0.0/20",
        by=mateo,
    )
    assert first.resource_id in message
    _refused(
        "InvalidParameterValue",
        services.subnet_create,
        vpc=vpc,
        availability_zone="eu-west-1a",
        cidr_block="10.1.1.0/24",
        by=mateo,
    )
    assert list(vpc.subnets.all()) == [first]


# Internet gateways and routes -------------------------------------------------------------------


def test_a_vpc_has_one_internet_gateway_and_a_gateway_one_vpc(vpc, network, mateo):
    other = services.vpc_create(account=network, region=REGION, cidr_block="10.2.0.0/16", by=mateo)
    first = services.internet_gateway_create(account=network, region=REGION, by=mateo)
    second = services.internet_gateway_create(account=network, region=REGION, by=mateo)
    services.internet_gateway_attach(internet_gateway=first, vpc=vpc, by=mateo)
    message = _refused(
        "Resource.AlreadyAssociated", services.internet_gateway_attach, internet_gateway=second, vpc=vpc, by=mateo
    )
    assert "only one internet gateway" in message
    _refused(
        "Resource.AlreadyAssociated", services.internet_gateway_attach, internet_gateway=first, vpc=other, by=mateo
    )
    assert InternetGateway.objects.get(pk=second.pk).vpc is None


def test_a_route_to_a_target_in_another_vpc_is_refused(vpc, full_vpc, mateo):
    table = services.route_table_create(vpc=vpc, by=mateo)
    nat = full_vpc.nat_gateways[0]
    message = _refused(
        "InvalidParameterValue",
        services.route_create,
        route_table=table,
        destination="0.0.0.0/0",
        target_id=nat.resource_id,
        by=mateo,
    )
    assert "not in" in message and vpc.resource_id in message
    _refused(
        "InvalidParameterValue",
        services.route_create,
        route_table=table,
        destination="0.0.0.0/0",
        target_id=full_vpc.internet_gateway.resource_id,
        by=mateo,
    )
    assert table.routes.count() == 1


def test_another_accounts_gateway_is_not_found_as_a_route_target(vpc, outside, mateo):
    foreign = services.default_vpcs_ensure(account=outside)[0].internet_gateway
    table = services.route_table_create(vpc=vpc, by=mateo)
    message = _refused(
        "InvalidInternetGatewayID.NotFound",
        services.route_create,
        route_table=table,
        destination="0.0.0.0/0",
        target_id=foreign.resource_id,
        by=mateo,
    )
    assert "does not exist" in message


def test_edit_routes_and_subnet_associations(vpc, mateo):
    igw = services.internet_gateway_create(account=vpc.account, region=REGION, by=mateo)
    services.internet_gateway_attach(internet_gateway=igw, vpc=vpc, by=mateo)
    subnet = services.subnet_create(vpc=vpc, availability_zone="us-west-2a", cidr_block="10.1.0.0/24", by=mateo)
    table = services.route_table_create(vpc=vpc, name="public", by=mateo)
    assert not selectors.subnet_is_public(subnet)
    services.route_table_routes_replace(route_table=table, routes=[("0.0.0.0/0", igw.resource_id)], by=mateo)
    services.route_table_subnets_set(route_table=table, subnets=[subnet], by=mateo)
    assert selectors.route_table_of_subnet(subnet) == table and selectors.subnet_is_public(subnet)
    services.route_table_subnets_set(route_table=table, subnets=[], by=mateo)
    assert selectors.route_table_of_subnet(subnet).is_main


def test_subnet_routing_answers_as_route_table_of_subnet_and_subnet_is_public_for_many_subnets(full_vpc, vpc, mateo):
    igw = services.internet_gateway_create(account=vpc.account, region=REGION, by=mateo)
    services.internet_gateway_attach(internet_gateway=igw, vpc=vpc, by=mateo)
    public, private, main = (
        services.subnet_create(vpc=vpc, availability_zone="us-west-2a", cidr_block=f"10.1.{n}.0/24", by=mateo)
        for n in range(3)
    )
    to_internet = services.route_table_create(vpc=vpc, name="public", by=mateo)
    services.route_table_routes_replace(route_table=to_internet, routes=[("0.0.0.0/0", igw.resource_id)], by=mateo)
    services.route_table_subnets_set(route_table=to_internet, subnets=[public], by=mateo)
    services.route_table_subnets_set(
        route_table=services.route_table_create(vpc=vpc, name="private", by=mateo), subnets=[private], by=mateo
    )
    subnets = list(selectors.subnets_of(vpc.account, REGION))
    assert len(subnets) > 10  # the default VPC's, "VPC and more"'s (public and private) and these three
    routing = selectors.subnet_routing(subnets, public=True)
    assert {s.pk: (selectors.route_table_of_subnet(s), selectors.subnet_is_public(s)) for s in subnets} == routing
    assert routing[public.pk] == (to_internet, True) and routing[private.pk][1] is False
    assert routing[main.pk] == (selectors.route_tables_of(vpc.account, REGION).get(vpc=vpc, is_main=True), False)
    tables = list(selectors.route_tables_of(vpc.account, REGION))
    assert selectors.subnet_routing(subnets, tables=tables, public=True) == routing
    assert {pk: table for pk, (table, _) in routing.items()} == {
        pk: table for pk, (table, none) in selectors.subnet_routing(subnets).items() if none is None
    }
    assert selectors.subnet_routing([]) == {}


# NAT gateways -----------------------------------------------------------------------------------


def test_a_nat_gateway_in_a_private_subnet_is_refused(full_vpc, mateo):
    message = _refused(
        "InvalidParameterValue", services.nat_gateway_create, subnet=full_vpc.private_subnets[0], by=mateo
    )
    assert "private" in message
    nat = services.nat_gateway_create(subnet=full_vpc.public_subnets[1], by=mateo)
    assert nat.state == "available" and nat.allocation_id.startswith("eipalloc-") and nat.public_ip


# Security groups --------------------------------------------------------------------------------


def test_new_security_groups_allow_all_outbound_and_rules_are_editable(vpc, mateo):
    group = services.security_group_create(vpc=vpc, group_name="web", description="Web servers", by=mateo)
    assert [(r.is_egress, r.protocol, r.cidr_ipv4) for r in group.rules.all()] == [(True, "-1", "0.0.0.0/0")]
    services.security_group_rules_replace(
        group=group,
        is_egress=False,
        rules=[services.RuleSpec(protocol="tcp", from_port=443, cidr_ipv4="10.1.0.0/16")],
        by=mateo,
    )
    assert group.rules.get(is_egress=False).to_port == 443
    _refused(
        "InvalidParameterValue",
        services.security_group_rules_replace,
        group=group,
        is_egress=False,
        rules=[services.RuleSpec(protocol="tcp", from_port=70000, cidr_ipv4="0.0.0.0/0")],
        by=mateo,
    )
    assert group.rules.get(is_egress=False).to_port == 443
    _refused(
        "InvalidGroup.Duplicate", services.security_group_create, vpc=vpc, group_name="web", description="x", by=mateo
    )


# VPC and more -----------------------------------------------------------------------------------


def test_vpc_and_more_builds_a_vpc_that_meets_every_requirement(full_vpc):
    assert vpc_requirements_missing(full_vpc.vpc) == []
    assert [s.name for s in full_vpc.private_subnets][0] == "prod-subnet-private1-us-west-2a"
    assert [s.cidr_block for s in full_vpc.public_subnets][:2] == ["10.0.0.0/20", "10.0.16.0/20"]
    assert full_vpc.private_subnets[0].cidr_block == "10.0.128.0/20"
    assert len(full_vpc.nat_gateways) == 1 and len(full_vpc.private_route_tables) == 4


def test_vpc_and_more_without_nat_gateways_is_missing_them(network, mateo):
    plan = plans.vpc_and_more_plan(region=REGION, name_prefix="dev", cidr_block="10.5.0.0/16", zone_count=4)
    made = services.vpc_and_more_create(account=network, region=REGION, plan=plan, by=mateo)
    assert "a NAT gateway" in vpc_requirements_missing(made.vpc)


def test_vpc_and_more_one_nat_per_zone_wires_each_private_table_to_its_zone(network, mateo):
    plan = plans.vpc_and_more_plan(
        region="eu-west-1", cidr_block="10.9.0.0/16", zone_count=3, nat_gateways=plans.NAT_PER_AZ, s3_gateway=True
    )
    made = services.vpc_and_more_create(account=network, region="eu-west-1", plan=plan, by=mateo)
    for table in made.private_route_tables:
        nat = table.routes.get(destination="0.0.0.0/0").nat_gateway
        assert nat.subnet.availability_zone == table.associations.get().subnet.availability_zone
        assert table.routes.filter(target_type=Route.Target.VPC_ENDPOINT).exists()
    assert made.s3_endpoint.endpoint_type == "Gateway"


def test_vpc_and_more_refuses_what_cannot_work_and_writes_nothing(network, mateo):
    with pytest.raises(Ec2Error, match="public subnets"):
        plans.vpc_and_more_plan(region=REGION, public_per_zone=0, nat_gateways=plans.NAT_ONE)
    with pytest.raises(Ec2Error, match="too small"):
        plans.vpc_and_more_plan(region=REGION, cidr_block="10.0.0.0/28", zone_count=4)
    with pytest.raises(Ec2Error, match="from 1 to 3"):
        plans.vpc_and_more_plan(region="eu-west-1", zone_count=4)


# VPC endpoints ----------------------------------------------------------------------------------


def _git(region=REGION):
    return f"com.amazonaws.{region}.codecatalyst.git"


def test_an_interface_endpoint_for_codecatalyst_git_with_private_dns(full_vpc, network, mateo):
    vpc = full_vpc.vpc
    endpoint = services.vpc_endpoint_create(
        account=network,
        region=REGION,
        vpc_id=vpc.resource_id,
        service_name=_git(),
        private_dns_enabled=False,
        subnet_ids=[s.resource_id for s in full_vpc.private_subnets[:2]],
        by=mateo,
    )
    assert endpoint.state == "available" and not endpoint.private_dns_enabled
    assert list(endpoint.security_groups.all()) == [vpc.security_groups.get(is_default=True)]
    services.vpc_endpoint_modify(endpoint=endpoint, private_dns_enabled=True, by=mateo)
    assert VpcEndpoint.objects.get(pk=endpoint.pk).private_dns_enabled


@pytest.mark.parametrize(
    ("problem", "code"),
    [
        ("two_in_one_zone", "DuplicateSubnetsInSameZone"),
        ("other_vpc_subnet", "InvalidParameter"),
        ("six_groups", "InvalidParameterValue"),
        ("unknown_service", "InvalidServiceName"),
        ("other_account_subnet", "InvalidSubnetID.NotFound"),
        ("other_account_vpc", "InvalidVpcID.NotFound"),
    ],
)
def test_bad_endpoints_are_refused_and_nothing_is_written(full_vpc, vpc, network, outside, mateo, problem, code):
    target = full_vpc.vpc
    subnets = [full_vpc.private_subnets[0].resource_id]
    groups, service, vpc_id = [], _git(), target.resource_id
    if problem == "two_in_one_zone":
        subnets.append(full_vpc.public_subnets[0].resource_id)
    elif problem == "other_vpc_subnet":
        subnets = [
            services.subnet_create(
                vpc=vpc, availability_zone="us-west-2a", cidr_block="10.1.0.0/24", by=mateo
            ).resource_id
        ]
    elif problem == "six_groups":
        groups = [
            services.security_group_create(vpc=target, group_name=f"g{i}", description="g", by=mateo).resource_id
            for i in range(6)
        ]
    elif problem == "unknown_service":
        service = "com.amazonaws.us-west-2.codecatalyst.gits"
    elif problem == "other_account_subnet":
        subnets = [Subnet.objects.filter(account=outside, region=REGION).first().resource_id]
    elif problem == "other_account_vpc":
        vpc_id = Vpc.objects.filter(account=outside, region=REGION).first().resource_id
    before = VpcEndpoint.objects.count()
    message = _refused(
        code,
        services.vpc_endpoint_create,
        account=network,
        region=REGION,
        vpc_id=vpc_id,
        service_name=service,
        subnet_ids=subnets,
        security_group_ids=groups,
        by=mateo,
    )
    assert message and outside.account_id not in message
    assert VpcEndpoint.objects.count() == before


def test_private_dns_needs_dns_hostnames(vpc, network, mateo):
    subnet = services.subnet_create(vpc=vpc, availability_zone="us-west-2a", cidr_block="10.1.0.0/24", by=mateo)
    _refused(
        "InvalidParameter",
        services.vpc_endpoint_create,
        account=network,
        region=REGION,
        vpc_id=vpc.resource_id,
        service_name=_git(),
        subnet_ids=[subnet.resource_id],
        by=mateo,
    )
    services.vpc_attributes_modify(vpc=vpc, enable_dns_hostnames=True, by=mateo)
    endpoint = services.vpc_endpoint_create(
        account=network,
        region=REGION,
        vpc_id=vpc.resource_id,
        service_name=_git(),
        subnet_ids=[subnet.resource_id],
        by=mateo,
    )
    assert endpoint.private_dns_enabled


def test_deleting_endpoints_reports_unknown_ids(full_vpc, network, outside, mateo):
    endpoint = services.vpc_endpoint_create(
        account=network,
        region=REGION,
        vpc_id=full_vpc.vpc.resource_id,
        service_name="aws.api.global.codecatalyst",
        subnet_ids=[full_vpc.private_subnets[0].resource_id],
        by=mateo,
    )
    failed = services.vpc_endpoints_delete(
        account=network, region=REGION, endpoint_ids=[endpoint.resource_id, "vpce-0123456789abcdef0"], by=mateo
    )
    assert [(i, e.code) for i, e in failed] == [("vpce-0123456789abcdef0", "InvalidVpcEndpointId.NotFound")]
    assert not VpcEndpoint.objects.filter(pk=endpoint.pk).exists()


# Scoping ----------------------------------------------------------------------------------------


def test_reads_are_scoped_to_account_and_region(vpc, network, outside):
    foreign = Vpc.objects.filter(account=outside, region=REGION).first()
    assert selectors.vpc_in(network, REGION, foreign.resource_id) is None
    assert selectors.vpc_in(network, "eu-west-1", vpc.resource_id) is None
    assert vpc.resource_id not in {v.resource_id for v in selectors.vpcs_of(network, "eu-west-1")}
    assert {v.resource_id for v in selectors.vpcs_of(network, REGION, ids=[vpc.resource_id, foreign.resource_id])} == {
        vpc.resource_id
    }


def test_deleting_an_account_takes_its_whole_network_with_it(full_vpc, network, mateo):
    services.vpc_endpoint_create(
        account=network,
        region=REGION,
        vpc_id=full_vpc.vpc.resource_id,
        service_name="aws.api.global.codecatalyst",
        subnet_ids=[full_vpc.private_subnets[0].resource_id],
        by=mateo,
    )
    network.delete()
    for model in (Vpc, Subnet, InternetGateway, VpcEndpoint):
        assert not model.objects.filter(account_id=network.pk).exists()


def test_network_acl_rules_are_editable_and_bad_rules_change_nothing(vpc, mateo):
    acl = vpc.network_acls.get(is_default=True)
    spec = services.AclEntrySpec
    services.network_acl_entries_replace(
        network_acl=acl,
        is_egress=False,
        entries=[spec(100, "tcp", "10.0.0.0/8", "allow", 443, 443), spec(200, "-1", "0.0.0.0/0", "deny")],
        by=mateo,
    )
    assert [(e.rule_number, e.rule_action) for e in acl.entries.filter(is_egress=False)] == [
        (100, "allow"),
        (200, "deny"),
    ]
    for entries, code in [
        ([spec(100, "-1", "0.0.0.0/0", "allow"), spec(100, "-1", "0.0.0.0/0", "deny")], "NetworkAclEntryAlreadyExists"),
        ([spec(40000, "-1", "0.0.0.0/0", "allow")], "InvalidParameterValue"),
        ([spec(10, "-1", "0.0.0.0/0", "maybe")], "InvalidParameterValue"),
    ]:
        _refused(
            code, services.network_acl_entries_replace, network_acl=acl, is_egress=False, entries=entries, by=mateo
        )
    assert acl.entries.filter(is_egress=False).count() == 2
    assert acl.entries.filter(is_egress=True, rule_action="allow").count() == 1
