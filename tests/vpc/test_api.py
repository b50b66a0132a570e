"""The VPC connections' REST endpoints, as a script would use them with a personal access token:
the same services as the pages, the one error shape, each refusal with a message to act on."""

import pytest
from rest_framework.test import APIClient

from accounts.aws.ec2 import services as ec2
from identity.people import services as people
from vpc.models import VpcConnection

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    made = []

    def client_for(user) -> APIClient:
        made.append(user)
        _, secret = people.access_token_create(user=user, name=f"vpc api tests {len(made)}")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return client_for


def url(space, *parts) -> str:
    return "/".join([f"/api/v1/spaces/{space.name}/vpc-connections", *map(str, parts)]) + "/"


@pytest.fixture
def body(network_connection, reader_role, compliant):
    return {
        "name": "corpnet-vpc",
        "account_connection_id": str(network_connection.connection_id),
        "role_arn": reader_role.arn,
        "vpc_id": compliant.vpc_id,
        "subnet_ids": compliant.private,
        "security_group_ids": [compliant.sg],
    }


def test_adding_answers_the_connection_with_its_check(api, admin, space, body, compliant):
    response = api(admin).post(url(space), body, format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["name"] == "corpnet-vpc" and made["aws_account_id"] == "777788889999"
    assert made["account_connection_name"] == "examplecorp-network" and made["region"] == "us-west-2"
    assert made["subnet_ids"] == compliant.private and made["is_default"] is False
    assert made["created_by"]["username"] == admin.username
    assert made["last_check"]["verdict"] == "passed"
    assert [r["key"] for r in made["last_check"]["results"]][:2] == ["public_subnet", "private_subnets"]
    listed = api(admin).get(url(space)).json()["results"]
    assert [c["name"] for c in listed] == ["corpnet-vpc"]


def test_the_172_16_vpc_is_a_400_naming_the_cidr(api, admin, space, body, legacy):
    body |= {"vpc_id": legacy.vpc_id, "subnet_ids": legacy.subnets, "security_group_ids": [legacy.sg]}
    response = api(admin).post(url(space), body, format="json")
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "validation_error"
    assert error["message"].startswith("The VPC requirements check failed (")
    assert not VpcConnection.objects.exists()


def test_bad_input_is_a_400_on_its_field(api, admin, space, body, compliant, mateo):
    groups = [
        ec2.security_group_create(vpc=compliant.vpc, group_name=f"g{n}", description="g", by=mateo).resource_id
        for n in range(6)
    ]
    six = api(admin).post(url(space), body | {"security_group_ids": groups}, format="json")
    assert six.status_code == 400
    assert six.json() == {
        "code": "validation_error",
        "message": "You can select up to 5 security groups; 6 are selected.",
        "field": "security_group_ids",
    }
    unknown = api(admin).post(url(space), body | {"account_connection_id": "8c4d6b7e-0000-4000-8000-000000000000"},
                              format="json")  # fmt: skip
    assert (unknown.status_code, unknown.json()["field"]) == (400, "account_connection_id")
    extra = api(admin).post(url(space), body | {"is_default": True}, format="json")
    assert (extra.status_code, extra.json()["message"]) == (400, "Unknown field is_default.")


def test_a_duplicate_name_is_a_409(api, admin, space, body, vpc_connection):
    response = api(admin).post(url(space), body | {"name": "CORPNET-vpc"}, format="json")
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (409, "conflict", "name")


def test_the_101st_is_a_402(api, admin, space, body, vpc_connection, fill):
    fill(99)
    response = api(admin).post(url(space), body | {"name": "one-too-many"}, format="json")
    assert (response.status_code, response.json()["code"]) == (402, "quota_exceeded")


def test_another_spaces_vpc_connection_is_a_404(api, outsider, other_space, vpc_connection, admin, space):
    assert api(outsider).get(url(other_space, vpc_connection.pk)).status_code == 404
    assert api(admin).get(url(space, 99999999999999999999)).status_code == 404
    assert api(admin).get(url(space, vpc_connection.pk)).json()["id"] == vpc_connection.pk


def test_a_contributor_is_refused_naming_the_roles(api, contributor, space, vpc_connection):
    response = api(contributor).get(url(space))
    assert response.status_code == 403
    assert (
        response.json()["message"] == "You need the Space administrator or Power user role to manage VPC connections."
    )


def test_editing_setting_default_checking_and_removing(api, power, space, vpc_connection, vpc_role, compliant):
    client = api(power)
    public = client.patch(url(space, vpc_connection.pk), {"subnet_ids": compliant.public[:1]}, format="json")
    assert (public.status_code, public.json()["field"]) == (400, "subnet_ids")
    edited = client.patch(url(space, vpc_connection.pk), {"role_arn": vpc_role.arn}, format="json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["role_arn"] == vpc_role.arn and edited.json()["last_check"]["verdict"] == "warning"
    assert client.put(url(space, vpc_connection.pk, "default")).json()["is_default"] is True
    again = client.put(url(space, vpc_connection.pk, "default"))
    assert again.status_code == 400 and "already the default" in again.json()["message"]
    assert client.delete(url(space, vpc_connection.pk, "default")).status_code == 204
    checked = client.post(url(space, vpc_connection.pk, "checks"))
    assert checked.status_code == 201 and checked.json()["verdict"] == "warning"
    wrong = client.delete(url(space, vpc_connection.pk) + "?typed_name=corpnet")
    assert (wrong.status_code, wrong.json()["field"]) == (400, "typed_name")
    assert client.delete(url(space, vpc_connection.pk) + "?typed_name=corpnet-vpc").status_code == 204
    assert not VpcConnection.objects.exists()
