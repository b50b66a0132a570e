"""The wire: errors in the model's shape, a request id on every answer, the rate limit, and bodies
that are not what the model says (sent by boto3, with the body swapped in a ``before-sign`` handler)."""

import pytest
from botocore.exceptions import ClientError
from django.test import override_settings

from spaces.models import Project
from tests.aws_api.conftest import codecatalyst_client

pytestmark = pytest.mark.django_db(transaction=True)


def _with_body(client, operation: str, body: bytes, content_type: str | None = "application/json"):
    def swap(request, **kwargs):
        request.data = body
        if content_type is None:
            request.headers.pop("Content-Type", None)
        else:
            request.headers["Content-Type"] = content_type

    client.meta.events.register(f"before-sign.codecatalyst.{operation}", swap)
    return client


def _refusal(call) -> dict:
    with pytest.raises(ClientError) as excinfo:
        call()
    return excinfo.value.response


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'{"displayName": 12}', "application/json", 400),
        (b'{"displayName": "api"}', "text/plain", 415),
        (b"\xff\xfe", "application/json", 400),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
    ],
)
def test_a_malformed_body_or_wrong_content_type_is_a_validation_exception(
    client_of, admin, space, body, content_type, status
):
    client = _with_body(client_of(admin), "CreateProject", body, content_type)
    answer = _refusal(lambda: client.create_project(spaceName="acme", displayName="api"))
    assert answer["Error"]["Code"] == "ValidationException"
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == status
    assert answer["Error"]["Message"]
    assert not Project.objects.exists()


@override_settings(AWS_API_MAX_BODY_BYTES=1000)
def test_a_huge_payload_is_refused_before_it_is_read(client_of, admin, space):
    client = _with_body(
        client_of(admin), "CreateProject", b'{"displayName": "api", "description": "' + b"a" * 5000 + b'"}'
    )
    answer = _refusal(lambda: client.create_project(spaceName="acme", displayName="api"))
    assert (answer["Error"]["Code"], answer["ResponseMetadata"]["HTTPStatusCode"]) == ("ValidationException", 413)
    assert not Project.objects.exists()


def test_every_answer_has_a_request_id_and_errors_their_type_header(client_of, admin, space):
    client = client_of(admin)
    ok = client.get_space(name="acme")["ResponseMetadata"]
    refused = _refusal(lambda: client.get_space(name="nope"))["ResponseMetadata"]
    assert ok["RequestId"] and refused["RequestId"] and ok["RequestId"] != refused["RequestId"]
    assert refused["HTTPHeaders"]["x-amzn-errortype"] == "ResourceNotFoundException"
    assert "x-amzn-errortype" not in ok["HTTPHeaders"]


@override_settings(AWS_API_RATE_LIMIT_PER_MINUTE=3)
def test_a_token_past_its_rate_limit_gets_throttling_exception(live_server, admin, pat):
    client = codecatalyst_client(live_server, pat(admin))
    for _ in range(3):
        client.verify_session()
    # Three calls a calendar minute: within the next five calls one is refused, even across a minute's turn.
    codes = []
    for _ in range(5):
        try:
            client.verify_session()
            codes.append("ok")
        except ClientError as error:
            codes.append((error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]))
    assert ("ThrottlingException", 429) in codes
    # Another token of the same person has a limit of its own.
    assert codecatalyst_client(live_server, pat(admin, name="other")).verify_session()["identity"]


@pytest.mark.parametrize("max_results", [0, -1])
def test_max_results_below_one_is_a_validation_exception(client_of, admin, max_results):
    # ListAccessTokens' model gives only a maximum (10); botocore sends these, the server refuses them.
    answer = _refusal(lambda: client_of(admin).list_access_tokens(maxResults=max_results))
    assert (answer["Error"]["Code"], answer["ResponseMetadata"]["HTTPStatusCode"]) == ("ValidationException", 400)


@pytest.mark.parametrize("start", [b'"yesterday"', b'"2026-13-01T00:00:00Z"', b"true", b"1e400"])
def test_a_time_that_is_not_iso_8601_is_a_validation_exception(client_of, admin, space, start):
    body = b'{"startTime": ' + start + b', "endTime": "2026-12-02T00:00:00Z"}'
    client = _with_body(client_of(admin), "ListEventLogs", body)
    answer = _refusal(
        lambda: client.list_event_logs(
            spaceName="acme", startTime="2026-12-01T00:00:00Z", endTime="2026-12-02T00:00:00Z"
        )
    )
    assert (answer["Error"]["Code"], answer["ResponseMetadata"]["HTTPStatusCode"]) == ("ValidationException", 400)
    assert "startTime" in answer["Error"]["Message"]
