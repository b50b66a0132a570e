"""The sixteen operations of issue 14, driven by boto3's codecatalyst client; each answer is checked
against the model's output shape by botocore itself (it parses by the model) and by our reading."""

from datetime import UTC, date, datetime, timedelta

import pytest
from botocore.exceptions import ClientError, ParamValidationError
from django.utils import timezone

from accounts.connections.models import AccountConnection
from billing.services import billing_tier_change
from identity.people.models import PersonalAccessToken
from spaces.models import ActivityEvent, Project, Space
from spaces.roles import SpaceRole
from tests.aws_api.conftest import codecatalyst_client
from tests.factories import (
    AccountConnectionFactory,
    ProjectFactory,
    SpaceBillingFactory,
    SpaceFactory,
    SpaceMembershipFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def error_of(excinfo) -> tuple[str, int, str]:
    error = excinfo.value.response
    return error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Message"]


# Session and people -------------------------------------------------------------------------------


def test_verify_session_names_the_tokens_user(client_of, admin):
    answer = client_of(admin).verify_session()
    assert answer["identity"] == str(admin.user_identifier)
    assert answer["ResponseMetadata"]["RequestId"]


def test_get_user_details_by_id_and_by_user_name(client_of, admin, space, power):
    client = client_of(admin)
    me = client.get_user_details(id=str(admin.user_identifier))
    assert (me["userId"], me["userName"], me["displayName"]) == (str(admin.user_identifier), "alice", "Alice Admin")
    assert me["primaryEmail"]["email"] == admin.email
    colleague = client.get_user_details(userName="bob")
    assert colleague["userId"] == str(power.user_identifier)


def test_get_user_details_of_someone_sharing_no_space_is_not_found(client_of, admin, space, other_space, outsider):
    client = client_of(admin)
    with pytest.raises(ClientError) as excinfo:
        client.get_user_details(userName="olga")
    assert error_of(excinfo)[:2] == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as excinfo:
        client.get_user_details()
    assert error_of(excinfo)[:2] == ("ValidationException", 400)


# Spaces -------------------------------------------------------------------------------------------


def test_list_spaces_lists_only_the_callers_spaces(client_of, admin, space, other_space):
    answer = client_of(admin).list_spaces()
    assert answer["items"] == [
        {"name": "acme", "regionName": "us-west-2", "displayName": "acme", "description": "The Acme space"}
    ]
    assert "nextToken" not in answer


def test_list_spaces_paginator_walks_every_page(client_of, admin):
    for i in range(45):
        SpaceMembershipFactory(space=SpaceFactory(name=f"space-{i:02}"), user=admin, role=SpaceRole.POWER_USER)
    client = client_of(admin)
    first = client.list_spaces()
    assert len(first["items"]) == 20 and first["nextToken"]
    pages = list(client.get_paginator("list_spaces").paginate())
    assert [len(p["items"]) for p in pages] == [20, 20, 5]
    assert [s["name"] for p in pages for s in p["items"]] == [f"space-{i:02}" for i in range(45)]


def test_get_space_and_another_spaces_name_is_not_found(client_of, admin, space, other_space):
    client = client_of(admin)
    assert client.get_space(name="acme")["regionName"] == "us-west-2"
    for name in ("globex", "no-such-space"):
        with pytest.raises(ClientError) as excinfo:
            client.get_space(name=name)
        assert error_of(excinfo)[:2] == ("ResourceNotFoundException", 404)


def test_update_space_by_the_administrator_writes_an_activity_entry(client_of, admin, space):
    answer = client_of(admin).update_space(name="acme", description="New words")
    assert answer["description"] == "New words"
    space.refresh_from_db()
    assert space.description == "New words"
    entry = ActivityEvent.objects.get(space=space, event_name="UpdateSpace")
    assert entry.actor_user == admin
    assert entry.source_ip == "127.0.0.1"
    assert "Boto3" in entry.user_agent


def test_update_space_by_a_power_user_is_access_denied(client_of, power, space):
    with pytest.raises(ClientError) as excinfo:
        client_of(power).update_space(name="acme", description="Mine now")
    code, status, message = error_of(excinfo)
    assert (code, status) == ("AccessDeniedException", 403)
    assert "Space administrator" in message
    space.refresh_from_db()
    assert space.description == "The Acme space"


def test_delete_space_by_a_non_administrator_is_refused_and_by_the_administrator_done(client_of, admin, power, space):
    with pytest.raises(ClientError) as excinfo:
        client_of(power).delete_space(name="acme")
    assert error_of(excinfo)[:2] == ("AccessDeniedException", 403)
    assert Space.objects.filter(name="acme").exists()
    answer = client_of(admin).delete_space(name="acme")
    assert answer["name"] == "acme"
    assert not Space.objects.filter(name="acme").exists()
    assert Space.all_objects.get(name="acme").deleted_at is not None


def test_get_subscription_of_a_free_space(client_of, admin, space):
    answer = client_of(admin).get_subscription(spaceName="acme")
    assert answer["subscriptionType"] == "FREE"


# Projects -----------------------------------------------------------------------------------------


def test_create_get_update_delete_project(client_of, admin, space):
    client = client_of(admin)
    created = client.create_project(spaceName="acme", displayName="api", description="The API")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert (created["spaceName"], created["name"], created["displayName"]) == ("acme", "api", "api")
    assert client.get_project(spaceName="acme", name="api")["description"] == "The API"
    assert client.update_project(spaceName="acme", name="api", description="Still the API")["description"] == (
        "Still the API"
    )
    assert Project.objects.get(name="api").description == "Still the API"
    assert client.delete_project(spaceName="acme", name="api")["name"] == "api"
    assert not Project.objects.filter(name="api").exists()
    assert list(
        ActivityEvent.objects.filter(space=space, project_name="api")
        .order_by("created_at")
        .values_list("event_name", flat=True)
    ) == ["CreateProject", "UpdateProject", "DeleteProject"]


def test_create_project_with_a_taken_name_is_a_conflict(client_of, admin, project):
    with pytest.raises(ClientError) as excinfo:
        client_of(admin).create_project(spaceName="acme", displayName="WEB-APP")
    assert error_of(excinfo)[:2] == ("ConflictException", 409)


def test_create_project_past_the_quota_is_service_quota_exceeded(client_of, admin, space):
    Project.objects.bulk_create([Project(space=space, name=f"p{i:03}") for i in range(100)])
    with pytest.raises(ClientError) as excinfo:
        client_of(admin).create_project(spaceName="acme", displayName="one-more")
    assert error_of(excinfo)[:2] == ("ServiceQuotaExceededException", 402)


@pytest.mark.parametrize("name", ["ab", "x" * 64, "two  spaces", "-dash", "bad/slash"])
def test_create_project_with_a_bad_name_is_a_validation_exception(client_of, admin, space, name):
    with pytest.raises(ClientError) as excinfo:
        client_of(admin, validate=False).create_project(spaceName="acme", displayName=name)
    assert error_of(excinfo)[:2] == ("ValidationException", 400)
    assert not space.projects.exists()


def test_a_limited_access_member_lists_only_their_projects(client_of, contributor, project, space):
    ProjectFactory(space=space, name="secret-project")
    assert [p["name"] for p in client_of(contributor).list_projects(spaceName="acme")["items"]] == ["web-app"]
    with pytest.raises(ClientError) as excinfo:
        client_of(contributor).get_project(spaceName="acme", name="secret-project")
    assert error_of(excinfo)[:2] == ("AccessDeniedException", 403)


def test_limited_access_and_power_users_cannot_create_or_change_as_the_matrix_says(
    client_of, contributor, power, project
):
    with pytest.raises(ClientError) as excinfo:
        client_of(contributor).create_project(spaceName="acme", displayName="mine")
    assert error_of(excinfo)[:2] == ("AccessDeniedException", 403)
    # A Power user creates projects but has no access to others' projects by role alone.
    assert client_of(power).create_project(spaceName="acme", displayName="power-project")["name"] == "power-project"
    with pytest.raises(ClientError) as excinfo:
        client_of(power).update_project(spaceName="acme", name="web-app", description="x")
    assert error_of(excinfo)[:2] == ("AccessDeniedException", 403)
    with pytest.raises(ClientError) as excinfo:
        client_of(contributor).delete_project(spaceName="acme", name="web-app")
    assert error_of(excinfo)[:2] == ("AccessDeniedException", 403)
    assert Project.objects.filter(name="web-app").exists()


def test_list_projects_filters_has_access_to_and_name(client_of, power, space, admin):
    for name in ("alpha", "beta", "gamma", "delta"):
        ProjectFactory(space=space, name=name)
    client = client_of(power)
    client.create_project(spaceName="acme", displayName="mine")

    def names(*filters):
        return [p["name"] for p in client.list_projects(spaceName="acme", filters=list(filters))["items"]]

    assert names() == ["alpha", "beta", "delta", "gamma", "mine"]
    assert names({"key": "hasAccessTo", "values": ["true"]}) == ["mine"]
    assert names({"key": "hasAccessTo", "values": ["false"], "comparisonOperator": "EQ"}) == [
        "alpha",
        "beta",
        "delta",
        "gamma",
    ]
    assert names({"key": "name", "values": ["beta"]}) == ["beta"]
    assert names({"key": "name", "values": ["beta", "gamma"], "comparisonOperator": "EQ"}) == ["beta", "gamma"]
    assert names({"key": "name", "values": ["delta"], "comparisonOperator": "GT"}) == ["gamma", "mine"]
    assert names({"key": "name", "values": ["delta"], "comparisonOperator": "GE"}) == ["delta", "gamma", "mine"]
    assert names({"key": "name", "values": ["delta"], "comparisonOperator": "LT"}) == ["alpha", "beta"]
    assert names({"key": "name", "values": ["delta"], "comparisonOperator": "LE"}) == ["alpha", "beta", "delta"]
    assert names({"key": "name", "values": ["ga", "mi"], "comparisonOperator": "BEGINS_WITH"}) == ["gamma", "mine"]
    assert names(
        {"key": "name", "values": ["a"], "comparisonOperator": "GE"}, {"key": "hasAccessTo", "values": ["true"]}
    ) == ["mine"]
    with pytest.raises(ClientError) as excinfo:
        names({"key": "hasAccessTo", "values": ["true"], "comparisonOperator": "GT"})
    assert error_of(excinfo)[:2] == ("ValidationException", 400)


def test_a_space_administrator_has_access_to_every_project(client_of, admin, space):
    ProjectFactory(space=space, name="not-mine")
    answer = client_of(admin).list_projects(spaceName="acme", filters=[{"key": "hasAccessTo", "values": ["true"]}])
    assert [p["name"] for p in answer["items"]] == ["not-mine"]


def test_list_projects_paginator_and_max_results_bounds(client_of, admin, space):
    Project.objects.bulk_create([Project(space=space, name=f"p{i:03}") for i in range(25)])
    client = client_of(admin)
    pages = list(client.get_paginator("list_projects").paginate(spaceName="acme", PaginationConfig={"PageSize": 10}))
    assert [len(p["items"]) for p in pages] == [10, 10, 5]
    assert [p["name"] for page in pages for p in page["items"]] == [f"p{i:03}" for i in range(25)]
    with pytest.raises(ClientError) as excinfo:
        client_of(admin, validate=False).list_projects(spaceName="acme", maxResults=101)
    assert error_of(excinfo)[:2] == ("ValidationException", 400)
    # botocore itself refuses values under the model's minimum before sending anything.
    with pytest.raises(ParamValidationError):
        client.list_projects(spaceName="acme", maxResults=0)


def test_a_forged_or_replayed_next_token_is_refused(client_of, admin, outsider, space, other_space):
    Project.objects.bulk_create([Project(space=space, name=f"p{i:03}") for i in range(3)])
    Project.objects.bulk_create([Project(space=other_space, name=f"secret{i:03}") for i in range(3)])
    mine = client_of(admin).list_projects(spaceName="acme", maxResults=1)["nextToken"]
    olga = client_of(outsider)
    # Olga replays Alice's token on her own space, and tries a token she made up.
    for token in (mine, mine[:-2] + "xx", "eyJvIjogMTAwfQ"):
        with pytest.raises(ClientError) as excinfo:
            olga.list_projects(spaceName="globex", nextToken=token)
        assert error_of(excinfo)[:2] == ("ValidationException", 400)
    # Alice's own token does not open another operation either.
    with pytest.raises(ClientError) as excinfo:
        client_of(admin).list_spaces(nextToken=mine)
    assert error_of(excinfo)[:2] == ("ValidationException", 400)


# Personal access tokens ---------------------------------------------------------------------------


def test_create_list_delete_access_tokens(live_server, client_of, admin):
    client = client_of(admin)
    expires = datetime.combine(date.today() + timedelta(days=30), datetime.min.time(), tzinfo=UTC)
    created = client.create_access_token(name="ci", expiresTime=expires)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["secret"].startswith("ccpat_")
    assert created["expiresTime"].date() == expires.date()
    token = PersonalAccessToken.objects.get(pk=int(created["accessTokenId"]))
    assert created["secret"] not in (token.token_hash, token.hint)  # only the hash is kept
    # The new secret works at once.
    assert codecatalyst_client(live_server, created["secret"]).verify_session()["identity"]
    names = [t["name"] for t in client.list_access_tokens()["items"]]
    assert sorted(names) == ["api-1", "ci"]  # the client's own token and the new one
    client.delete_access_token(id=created["accessTokenId"])
    assert not PersonalAccessToken.objects.filter(pk=token.pk).exists()
    with pytest.raises(ClientError) as excinfo:
        client.delete_access_token(id=created["accessTokenId"])
    assert error_of(excinfo)[:2] == ("ResourceNotFoundException", 404)


def test_someone_elses_access_token_is_not_found(client_of, admin, outsider, pat):
    pat(outsider, name="olgas")
    theirs = PersonalAccessToken.objects.get(name="olgas")
    with pytest.raises(ClientError) as excinfo:
        client_of(admin).delete_access_token(id=str(theirs.pk))
    assert error_of(excinfo)[:2] == ("ResourceNotFoundException", 404)
    assert PersonalAccessToken.objects.filter(pk=theirs.pk).exists()


def test_list_access_tokens_pages_by_at_most_ten(client_of, admin, pat):
    for i in range(11):
        pat(admin, name=f"t{i:02}")
    client = client_of(admin)
    pages = list(client.get_paginator("list_access_tokens").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["items"]) for p in pages] == [5, 5, 2]
    with pytest.raises(ClientError) as excinfo:
        client_of(admin, validate=False).list_access_tokens(maxResults=11)
    assert error_of(excinfo)[:2] == ("ValidationException", 400)


def test_the_hundred_and_first_token_is_service_quota_exceeded(client_of, admin):
    client = client_of(admin)
    PersonalAccessToken.objects.bulk_create(
        [
            PersonalAccessToken(user=admin, name=f"t{i}", token_hash=f"{i:064}", hint="x", expires_on=date.today())
            for i in range(99)
        ]
    )
    with pytest.raises(ClientError) as excinfo:
        client.create_access_token(name="one-too-many")
    assert error_of(excinfo)[:2] == ("ServiceQuotaExceededException", 402)


def test_an_expiry_in_the_past_is_a_validation_exception(client_of, admin):
    with pytest.raises(ClientError) as excinfo:
        client_of(admin).create_access_token(name="old", expiresTime=datetime(2020, 1, 1, tzinfo=UTC))
    assert error_of(excinfo)[:2] == ("ValidationException", 400)


def test_an_expired_a_deleted_and_an_unknown_token_are_refused(live_server, admin, pat):
    expired = pat(admin, name="expired")
    PersonalAccessToken.objects.filter(name="expired").update(expires_on=timezone.localdate() - timedelta(days=1))
    deleted = pat(admin, name="deleted")
    PersonalAccessToken.objects.filter(name="deleted").delete()
    for secret in (expired, deleted, "ccpat_unknown", None):
        with pytest.raises(ClientError) as excinfo:
            codecatalyst_client(live_server, secret).list_spaces()
        code, status, _ = error_of(excinfo)
        assert (code, status) == ("AccessDeniedException", 403)
        assert excinfo.value.response["ResponseMetadata"]["RequestId"]


# Activity -----------------------------------------------------------------------------------------


def test_list_event_logs_filters_by_time_and_event_name(client_of, admin, space, power):
    client = client_of(admin)
    client.create_project(spaceName="acme", displayName="api")
    client.update_space(name="acme", description="Changed")
    start, end = timezone.now() - timedelta(hours=1), timezone.now() + timedelta(minutes=1)
    items = client.list_event_logs(spaceName="acme", startTime=start, endTime=end)["items"]
    assert [i["eventName"] for i in items] == ["UpdateSpace", "CreateProject"]
    entry = items[1]
    assert entry["userIdentity"] == {
        "userType": "USER",
        "principalId": str(admin.user_identifier),
        "userName": "Alice Admin",
    }
    assert entry["operationType"] == "MUTATION"
    assert entry["projectInformation"]["name"] == "api"
    assert entry["sourceIpAddress"] == "127.0.0.1"
    assert isinstance(entry["eventTime"], datetime)
    only = client.list_event_logs(spaceName="acme", startTime=start, endTime=end, eventName="CreateProject")
    assert [i["eventName"] for i in only["items"]] == ["CreateProject"]
    later = client.list_event_logs(spaceName="acme", startTime=end, endTime=end + timedelta(hours=1))
    assert later["items"] == []
    pages = list(
        client.get_paginator("list_event_logs").paginate(
            spaceName="acme", startTime=start, endTime=end, PaginationConfig={"PageSize": 1}
        )
    )
    assert [len(p["items"]) for p in pages] == [1, 1]
    with pytest.raises(ClientError) as excinfo:
        client_of(admin, validate=False).list_event_logs(spaceName="acme", startTime=start, endTime=end, maxResults=251)
    assert error_of(excinfo)[:2] == ("ValidationException", 400)


def test_list_event_logs_needs_a_role_that_views_activity(client_of, contributor, space, project):
    now = timezone.now()
    with pytest.raises(ClientError) as excinfo:
        client_of(contributor).list_event_logs(spaceName="acme", startTime=now - timedelta(days=1), endTime=now)
    assert error_of(excinfo)[:2] == ("AccessDeniedException", 403)


# What is not emulated -----------------------------------------------------------------------------


def test_operations_the_emulator_does_not_hold_answer_as_an_empty_space(client_of, admin, project):
    client = client_of(admin)
    assert client.list_dev_environments(spaceName="acme")["items"] == []
    assert client.list_source_repositories(spaceName="acme", projectName="web-app")["items"] == []
    assert client.list_workflows(spaceName="acme", projectName="web-app")["items"] == []
    with pytest.raises(ClientError) as excinfo:
        client.get_dev_environment(spaceName="acme", projectName="web-app", id="6b4d7f3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f")
    assert error_of(excinfo)[:2] == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as excinfo:
        client.delete_source_repository(spaceName="acme", projectName="web-app", name="repo")
    assert error_of(excinfo)[:2] == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as excinfo:
        client.create_source_repository(spaceName="acme", projectName="web-app", name="repo")
    code, status, message = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert "CreateSourceRepository is not emulated" in message
    with pytest.raises(ClientError) as excinfo:
        client.list_dev_environments(spaceName="globex")
    assert error_of(excinfo)[:2] == ("ResourceNotFoundException", 404)


# The Toolkits' sequence ---------------------------------------------------------------------------


def test_the_aws_toolkits_connect(client_of, admin, project):
    client = client_of(admin)
    identity = client.verify_session()["identity"]
    user = client.get_user_details(id=identity)
    assert {"userId", "userName", "displayName", "primaryEmail"} <= user.keys()
    spaces = client.list_spaces()["items"]
    assert [s["name"] for s in spaces] == ["acme"]
    projects = client.list_projects(spaceName="acme", filters=[{"key": "hasAccessTo", "values": ["true"]}])
    assert [p["name"] for p in projects["items"]] == ["web-app"]
    assert client.list_dev_environments(spaceName="acme", projectName="web-app")["items"] == []
    assert client.get_subscription(spaceName="acme")["subscriptionType"] == "FREE"


def test_get_subscription_shows_the_tier_the_account_and_a_pending_downgrade(client_of, admin):
    paid = SpaceFactory(name="paid-space", created_by=admin)
    SpaceMembershipFactory(space=paid, user=admin, role=SpaceRole.SPACE_ADMINISTRATOR)
    SpaceBillingFactory(space=paid, aws_account_id="444455556666", tier="standard")
    AccountConnectionFactory(
        space=paid,
        aws_account_id="444455556666",
        display_name="examplecorp-build",
        status=AccountConnection.Status.VERIFIED,
    )
    assert billing_tier_change(space=paid, tier="free", by=admin) == "pending"

    answer = client_of(admin).get_subscription(spaceName="paid-space")
    assert (answer["subscriptionType"], answer["awsAccountName"]) == ("STANDARD", "examplecorp-build")
    assert answer["pendingSubscriptionType"] == "FREE"
    assert answer["pendingSubscriptionStartTime"].day == 1
