"""The demo world's VPC connection (seed_demo, DESIGN.md): examplecorp connected to
examplecorp-network (777788889999), verified, with codecatalyst-vpc-role, and VPC connection
examplecorp-network-vpc on the compliant VPC as the default; loading twice changes nothing."""

import pytest
from django.core.management import call_command

from accounts.aws.ec2.models import Vpc
from accounts.connections.models import AccountConnection
from spaces.models import Space
from vpc.models import VpcConnection, VpcRequirementsCheck

pytestmark = pytest.mark.django_db


def test_examplecorp_has_its_default_vpc_connection_on_the_compliant_vpc(settings):
    settings.DEMO_PASSWORD = "catalyst-demo"
    call_command("seed_demo", verbosity=0)
    rows = list(VpcConnection.objects.values_list("pk", "updated_at"))
    checks = VpcRequirementsCheck.objects.count()
    call_command("seed_demo", verbosity=0)
    assert list(VpcConnection.objects.values_list("pk", "updated_at")) == rows
    assert VpcRequirementsCheck.objects.count() == checks == 1

    examplecorp = Space.objects.get(name="examplecorp")
    network = AccountConnection.objects.get(space=examplecorp, aws_account_id="777788889999")
    assert network.is_verified and network.display_name == "examplecorp-network"
    assert list(network.roles.values_list("role__name", flat=True)) == ["codecatalyst-vpc-role"]

    made = VpcConnection.objects.get(space=examplecorp)
    compliant = Vpc.objects.get(resource_id=made.vpc_id)
    assert made.name == "examplecorp-network-vpc" and made.is_default
    assert made.account_connection == network
    assert made.role_arn == "arn:aws:iam::777788889999:role/codecatalyst-vpc-role"
    assert (compliant.cidr_block, compliant.region, made.region) == ("10.0.0.0/16", "us-west-2", "us-west-2")
    assert len(made.subnet_ids) == 4  # one private subnet in each zone of us-west-2
    # The seed's seven-action role passes what it can read; route tables and gateways stay unverifiable.
    statuses = {r["key"]: r["status"] for r in made.last_check.results}
    assert "failed" not in statuses.values()
    assert statuses["cidr_block"] == statuses["security_groups_outbound"] == "passed"
    assert statuses["no_inbound_rules"] == "passed"
    assert statuses["internet_access"] == "unverifiable"
