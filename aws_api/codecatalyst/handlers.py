"""The operations: each parses nothing and decides nothing, it calls the console's services and
selectors and shapes their answer with the model's member names. The role matrix decides, as on
the pages; another space's names are ResourceNotFoundException."""

from datetime import UTC, datetime, time

from aws_api.codecatalyst.pagination import paginate
from aws_api.codecatalyst.wire import ApiError, invalid
from billing.selectors import subscription
from catalyst_admin.errors import NotFound
from identity.people import selectors as people
from identity.people import services as people_services
from spaces import selectors, services

LIST_SPACES_PAGE_SIZE = 20
DEFAULT_PAGE_SIZE = {"ListProjects": 100, "ListAccessTokens": 10, "ListEventLogs": 250}


def _max_results(params, operation: str) -> int:
    value = params.get("maxResults")
    return DEFAULT_PAGE_SIZE[operation] if value is None else value


def _space(user, name):
    return selectors.space_for(user, name)


def _project(user, space, name):
    return selectors.project_for(user, space, name)


def _space_summary(space) -> dict:
    return {
        "name": space.name,
        "regionName": space.region,
        "displayName": space.name,
        "description": space.description or None,
    }


def _project_answer(space, project) -> dict:
    return {
        "spaceName": space.name,
        "name": project.name,
        "displayName": project.name,
        "description": project.description or None,
    }


def _expires_time(expires_on) -> datetime:
    # A token works until its expiry day ends (identity.people.selectors.access_token_user).
    return datetime.combine(expires_on, time.max.replace(microsecond=0), tzinfo=UTC)


# Session and people -------------------------------------------------------------------------------


def verify_session(user, params):
    return {"identity": str(user.user_identifier)}


def get_user_details(user, params):
    if not params.get("id") and not params.get("userName"):
        raise invalid("Give the user's id or userName.")
    person = selectors.person_visible_to(user, user_id=params.get("id", ""), user_name=params.get("userName", ""))
    if person is None:
        raise NotFound("No user with that id or userName is visible to you.")
    answer = {
        "userId": str(person.user_identifier),
        "userName": person.alias or person.username,
        "displayName": person.display_name,
        "version": "1",
    }
    if person.email:
        answer["primaryEmail"] = {"email": person.email, "verified": person.email_verified_at is not None}
    return answer


# Spaces -------------------------------------------------------------------------------------------


def list_spaces(user, params):
    page, token = paginate(
        selectors.spaces_visible_to(user),
        user=user,
        operation="ListSpaces",
        next_token=params.get("nextToken"),
        page_size=LIST_SPACES_PAGE_SIZE,
    )
    return {"items": [_space_summary(space) for space in page], "nextToken": token}


def get_space(user, params):
    return _space_summary(_space(user, params["name"]))


def update_space(user, params):
    space = _space(user, params["name"])
    description = params["description"] if "description" in params else space.description
    space = services.space_update(space=space, description=description, by=user)
    return {"name": space.name, "displayName": space.name, "description": space.description or None}


def delete_space(user, params):
    space = _space(user, params["name"])
    # The console asks for the typed name; a call naming the space in its path has said it.
    services.space_delete(space=space, confirm_name=space.name, by=user)
    return {"name": space.name, "displayName": space.name}


def get_subscription(user, params):
    # A space with no billing connection has no account name: the member is left out (its minimum is 3).
    return {key: value for key, value in subscription(_space(user, params["spaceName"])).items() if value != ""}


# Projects -----------------------------------------------------------------------------------------

NAME_LOOKUPS = {"EQ": "", "GT": "__gt", "GE": "__gte", "LT": "__lt", "LE": "__lte", "BEGINS_WITH": "__startswith"}


def _filtered_projects(user, space, filters):
    projects = selectors.projects_visible_to(user, space)
    for item in filters or []:
        operator = item.get("comparisonOperator") or "EQ"
        values = item["values"]
        if not values:
            raise invalid(f"The {item['key']} filter needs at least one value.")
        if item["key"] == "hasAccessTo":
            if operator != "EQ" or len(values) != 1 or values[0].lower() not in ("true", "false"):
                raise invalid("The hasAccessTo filter takes comparisonOperator EQ and one value, true or false.")
            accessible = selectors.projects_accessible_to(user, space).values("pk")
            if values[0].lower() == "true":
                projects = projects.filter(pk__in=accessible)
            else:
                projects = projects.exclude(pk__in=accessible)
        else:
            lookup = "name" + NAME_LOOKUPS[operator]
            wanted = projects.none()
            for value in values:
                wanted = wanted | projects.filter(**{lookup: value})
            projects = wanted
    return projects.order_by("name", "pk")


def list_projects(user, params):
    space = _space(user, params["spaceName"])
    page, token = paginate(
        _filtered_projects(user, space, params.get("filters")),
        user=user,
        operation="ListProjects",
        space=space,
        next_token=params.get("nextToken"),
        page_size=_max_results(params, "ListProjects"),
    )
    return {
        "items": [{"name": p.name, "displayName": p.name, "description": p.description or None} for p in page],
        "nextToken": token,
    }


def create_project(user, params):
    space = _space(user, params["spaceName"])
    project = services.project_create(
        space=space, name=params["displayName"], description=params.get("description", ""), by=user
    )
    return _project_answer(space, project)


def get_project(user, params):
    space = _space(user, params["spaceName"])
    return _project_answer(space, _project(user, space, params["name"]))


def update_project(user, params):
    space = _space(user, params["spaceName"])
    project = _project(user, space, params["name"])
    description = params["description"] if "description" in params else project.description
    project = services.project_update(project=project, description=description, by=user)
    return _project_answer(space, project)


def delete_project(user, params):
    space = _space(user, params["spaceName"])
    project = _project(user, space, params["name"])
    answer = {"spaceName": space.name, "name": project.name, "displayName": project.name}
    services.project_delete(project=project, confirm_name=project.name, by=user)
    return answer


# Personal access tokens ---------------------------------------------------------------------------


def create_access_token(user, params):
    expires = params.get("expiresTime")
    token, secret = people_services.access_token_create(
        user=user, name=params["name"], expires_on=expires.astimezone(UTC).date() if expires else None
    )
    return {
        "secret": secret,
        "name": token.name,
        "expiresTime": _expires_time(token.expires_on),
        "accessTokenId": str(token.pk),
    }


def list_access_tokens(user, params):
    page, token = paginate(
        people.access_tokens_of(user),
        user=user,
        operation="ListAccessTokens",
        next_token=params.get("nextToken"),
        page_size=_max_results(params, "ListAccessTokens"),
    )
    return {
        "items": [{"id": str(t.pk), "name": t.name, "expiresTime": _expires_time(t.expires_on)} for t in page],
        "nextToken": token,
    }


def delete_access_token(user, params):
    token_id = params["id"]
    if not token_id.isdigit():
        raise NotFound("That personal access token does not exist. It may already have been deleted.")
    people_services.access_token_delete(user=user, token_id=int(token_id))
    return {}


# Activity -----------------------------------------------------------------------------------------


def _event_entry(event) -> dict:
    if event.actor_user_id:
        identity = {
            "userType": "USER",
            "principalId": str(event.actor_user.user_identifier),
            "userName": event.actor_name,
        }
    elif event.actor_aws_account_id:
        identity = {
            "userType": "AWS_ACCOUNT",
            "principalId": event.actor_aws_account_id,
            "userName": event.actor_name,
            "awsAccountId": event.actor_aws_account_id,
        }
    else:
        identity = {"userType": "UNKNOWN", "principalId": "codecatalyst", "userName": event.actor_name}
    entry = {
        "id": str(event.id),
        "eventName": event.event_name,
        "eventType": "AwsApiCall",
        "eventCategory": "MANAGEMENT",
        "eventSource": "codecatalyst.amazonaws.com",
        "eventTime": event.created_at,
        "operationType": "READONLY" if event.read_only else "MUTATION",
        "userIdentity": identity,
        "sourceIpAddress": event.source_ip,
        "userAgent": event.user_agent or None,
    }
    if event.project_name:
        entry["projectInformation"] = {"name": event.project_name}
        if event.project_id:
            entry["projectInformation"]["projectId"] = str(event.project_id)
    return entry


def list_event_logs(user, params):
    space = _space(user, params["spaceName"])
    if params["endTime"] < params["startTime"]:
        raise invalid("endTime must not be before startTime.")
    events = selectors.activity_visible_to(
        user, space, since=params["startTime"], until=params["endTime"], event_name=params.get("eventName")
    ).select_related("actor_user")
    page, token = paginate(
        events,
        user=user,
        operation="ListEventLogs",
        space=space,
        next_token=params.get("nextToken"),
        page_size=_max_results(params, "ListEventLogs"),
    )
    return {"items": [_event_entry(event) for event in page], "nextToken": token}


# What the emulator does not hold ------------------------------------------------------------------


def not_emulated(operation: str):
    """Dev Environments, source repositories and workflows: answered as an empty space would."""

    def handler(user, params):
        if "spaceName" in params:
            space = _space(user, params["spaceName"])
            if "projectName" in params:
                _project(user, space, params["projectName"])
        if operation.startswith("List"):
            return {"items": []}
        if operation.startswith(("Get", "Delete", "Stop")):
            raise NotFound(
                f"Not found: this emulator holds no Dev Environments, source repositories or workflows ({operation})."
            )
        raise ApiError(
            "ValidationException",
            f"{operation} is not emulated: this emulator holds no Dev Environments, source repositories or workflows.",
        )

    return handler


HANDLERS = {
    "VerifySession": verify_session,
    "GetUserDetails": get_user_details,
    "ListSpaces": list_spaces,
    "GetSpace": get_space,
    "UpdateSpace": update_space,
    "DeleteSpace": delete_space,
    "GetSubscription": get_subscription,
    "ListProjects": list_projects,
    "CreateProject": create_project,
    "GetProject": get_project,
    "UpdateProject": update_project,
    "DeleteProject": delete_project,
    "CreateAccessToken": create_access_token,
    "ListAccessTokens": list_access_tokens,
    "DeleteAccessToken": delete_access_token,
    "ListEventLogs": list_event_logs,
}


def handler_for(operation: str):
    return HANDLERS.get(operation) or not_emulated(operation)
