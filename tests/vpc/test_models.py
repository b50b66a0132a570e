"""The database keeps what the services promise even when two requests race past their checks:
one name per space (whatever its case), one default per space, and an account connection in use
cannot be deleted."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from vpc.models import VpcConnection

pytestmark = pytest.mark.django_db


def row(space, connection, role, **fields):
    return VpcConnection.objects.create(
        space=space,
        account_connection=connection,
        role_arn=role.arn,
        region="us-west-2",
        vpc_id="vpc-0123456789abcdef0",
        **fields,
    )


def test_names_are_unique_per_space_whatever_their_case(space, network_connection, vpc_role):
    row(space, network_connection, vpc_role, name="corpnet")
    with pytest.raises(IntegrityError), transaction.atomic():
        row(space, network_connection, vpc_role, name="CORPNET")


def test_one_default_per_space(space, network_connection, vpc_role):
    row(space, network_connection, vpc_role, name="first", is_default=True)
    row(space, network_connection, vpc_role, name="second")
    with pytest.raises(IntegrityError), transaction.atomic():
        row(space, network_connection, vpc_role, name="third", is_default=True)


def test_an_account_connection_in_use_cannot_be_deleted(space, network_connection, vpc_role):
    row(space, network_connection, vpc_role, name="corpnet")
    with pytest.raises(ProtectedError):
        network_connection.delete()


def test_the_role_name_is_the_last_part_of_its_arn(space, network_connection, vpc_role):
    assert row(space, network_connection, vpc_role, name="corpnet").role_name == "codecatalyst-vpc-role"
