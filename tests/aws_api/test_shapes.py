"""Every answer of the sixteen operations, as boto3 parsed it, validated against the operation's
output shape by botocore's own ParamValidator (required members, types, lengths): the SDK is the judge."""

from datetime import timedelta

import pytest
from botocore.validate import ParamValidator
from django.utils import timezone

from aws_api.codecatalyst.model import MODEL

pytestmark = pytest.mark.django_db(transaction=True)


def conforms(operation: str, answer: dict) -> None:
    answer = {key: value for key, value in answer.items() if key != "ResponseMetadata"}
    report = ParamValidator().validate(answer, MODEL.operation_model(operation).output_shape)
    assert not report.has_errors(), report.generate_report()


def test_every_answer_has_its_output_shape(client_of, admin, space, project, power):
    client = client_of(admin)
    now = timezone.now()
    identity = client.verify_session()["identity"]
    token = client.create_access_token(name="shape")
    calls = [
        ("VerifySession", lambda: client.verify_session()),
        ("GetUserDetails", lambda: client.get_user_details(id=identity)),
        ("ListSpaces", lambda: client.list_spaces()),
        ("GetSpace", lambda: client.get_space(name="acme")),
        ("UpdateSpace", lambda: client.update_space(name="acme", description="Shapes")),
        ("GetSubscription", lambda: client.get_subscription(spaceName="acme")),
        ("ListProjects", lambda: client.list_projects(spaceName="acme")),
        ("CreateProject", lambda: client.create_project(spaceName="acme", displayName="shape")),
        ("GetProject", lambda: client.get_project(spaceName="acme", name="shape")),
        ("UpdateProject", lambda: client.update_project(spaceName="acme", name="shape", description="x")),
        ("DeleteProject", lambda: client.delete_project(spaceName="acme", name="shape")),
        ("ListAccessTokens", lambda: client.list_access_tokens()),
        ("DeleteAccessToken", lambda: client.delete_access_token(id=token["accessTokenId"])),
        (
            "ListEventLogs",
            lambda: client.list_event_logs(
                spaceName="acme", startTime=now - timedelta(hours=1), endTime=now + timedelta(minutes=5)
            ),
        ),
        ("ListDevEnvironments", lambda: client.list_dev_environments(spaceName="acme")),
        ("DeleteSpace", lambda: client.delete_space(name="acme")),
    ]
    conforms("CreateAccessToken", token)
    for operation, call in calls:
        conforms(operation, call())
    assert client.list_spaces()["items"] == []
