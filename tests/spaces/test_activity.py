"""The activity log: every change through a service writes an entry; the Activity page reads it."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from spaces import services
from spaces.activity import activity_record
from spaces.models import ActivityEvent
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import InvitationFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(cast, space, project, team, dave):
    newcomer = UserFactory(username="nina@example.com")
    return SimpleNamespace(**cast, space=space, project=project, team=team, dave=dave, newcomer=newcomer)


def _invitation(w, **kwargs):
    return InvitationFactory(space=w.space, email="nina@example.com", invited_by=w.admin, **kwargs)


# (event name, the change, who made it, project of the entry)
CHANGES = [
    (
        "UpdateSpace",
        lambda w: services.space_update(space=w.space, description="x", by=w.admin),
        "admin",
        None,
    ),
    (
        "DeleteSpace",
        lambda w: services.space_delete(space=w.space, confirm_name="acme", by=w.admin),
        "admin",
        None,
    ),
    (
        "CreateProject",
        lambda w: services.project_create(space=w.space, name="api", by=w.power),
        "power",
        "api",
    ),
    (
        "DeleteProject",
        lambda w: services.project_delete(project=w.project, confirm_name="web-app", by=w.admin),
        "admin",
        "web-app",
    ),
    (
        "CreateInvitation",
        lambda w: services.invitation_create(space=w.space, email="nina@example.com", role="power_user", by=w.power),
        "power",
        None,
    ),
    (
        "CreateProjectInvitation",
        lambda w: services.project_invitation_create(
            project=w.project, email="nina@example.com", role=ProjectRole.REVIEWER, by=w.admin
        ),
        "admin",
        "web-app",
    ),
    (
        "AcceptInvitation",
        lambda w: services.invitation_accept(invitation=_invitation(w), user=w.newcomer),
        "newcomer",
        None,
    ),
    (
        "DeclineInvitation",
        lambda w: services.invitation_decline(invitation=_invitation(w), user=w.newcomer),
        "newcomer",
        None,
    ),
    (
        "CancelInvitation",
        lambda w: services.invitation_cancel(invitation=_invitation(w), by=w.admin),
        "admin",
        None,
    ),
    (
        "UpdateSpaceMembership",
        lambda w: services.member_change_role(
            membership=w.space.memberships.get(user=w.contributor), role=SpaceRole.POWER_USER, by=w.admin
        ),
        "admin",
        None,
    ),
    (
        "DeleteSpaceMembership",
        lambda w: services.member_remove(membership=w.space.memberships.get(user=w.dave), by=w.power),
        "power",
        None,
    ),
    (
        "UpdateProjectMembership",
        lambda w: services.project_member_change_role(
            membership=w.project.memberships.get(user=w.contributor), role=ProjectRole.READ_ONLY, by=w.admin
        ),
        "admin",
        "web-app",
    ),
    (
        "DeleteProjectMembership",
        lambda w: services.project_member_remove(membership=w.project.memberships.get(user=w.contributor), by=w.admin),
        "admin",
        "web-app",
    ),
    ("CreateTeam", lambda w: services.team_create(space=w.space, name="Ops", by=w.admin), "admin", None),
    ("UpdateTeam", lambda w: services.team_rename(team=w.team, name="Ops", by=w.admin), "admin", None),
    ("DeleteTeam", lambda w: services.team_delete(team=w.team, by=w.admin), "admin", None),
    (
        "CreateTeamMembership",
        lambda w: services.team_member_add(team=w.team, user=w.dave, by=w.admin),
        "admin",
        None,
    ),
    (
        "DeleteTeamMembership",
        lambda w: services.team_member_remove(team=w.team, user=w.power, by=w.admin),
        "admin",
        None,
    ),
]


@pytest.mark.parametrize(("event_name", "change", "who", "project_name"), CHANGES, ids=[c[0] for c in CHANGES])
def test_every_change_through_a_service_writes_an_activity_entry(w, event_name, change, who, project_name):
    started = timezone.now()
    ActivityEvent.objects.all().delete()

    change(w)

    event = ActivityEvent.objects.get(event_name=event_name)
    actor = getattr(w, who)
    assert event.space_id == w.space.pk
    assert event.actor_user == actor
    assert event.actor_name == actor.display_name
    assert started <= event.created_at <= timezone.now()
    assert event.project_name == (project_name or "")
    assert event.read_only is False
    assert event.user_agent == "system"  # outside a request the source names the process
    assert event.source_ip is None


def test_a_change_made_through_a_page_records_the_source_ip_and_user_agent(client_for, space, admin):
    client_for(admin).post(
        reverse("spaces:settings", args=["acme"]),
        {"description": "From the browser"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 (TestBrowser)",
    )

    event = space.activity.get(event_name="UpdateSpace")
    assert event.source_ip == "203.0.113.7"
    assert event.user_agent == "Mozilla/5.0 (TestBrowser)"
    assert event.actor_user == admin


def test_a_very_long_user_agent_is_cut_to_fit(client_for, space, admin):
    client_for(admin).post(reverse("spaces:project_create", args=["acme"]), {"name": "api"}, HTTP_USER_AGENT="x" * 2000)
    assert len(space.activity.get(event_name="CreateProject").user_agent) == 512


# The Activity page ------------------------------------------------------------------------------


def _event(space, minutes_ago, *, event_name="UpdateSpace", user=None, project=None):
    event = activity_record(space=space, event_name=event_name, user=user, project=project)
    event.created_at = timezone.now() - timedelta(minutes=minutes_ago)
    event.save(update_fields=["created_at"])
    return event


def _page(client, **params):
    return client.get(reverse("spaces:activity", args=["acme"]), params)


def test_activity_is_listed_newest_first_25_to_a_page(client_for, space, admin):
    events = [_event(space, minutes_ago=n) for n in range(30)]
    client = client_for(admin)

    first = _page(client)
    assert [e.pk for e in first.context["page_obj"]] == [e.pk for e in events[:25]]
    second = _page(client, page=2)
    assert [e.pk for e in second.context["page_obj"]] == [e.pk for e in events[25:]]
    assert b"Page 2 of 2" in second.content


def test_a_page_number_out_of_range_or_not_a_number_shows_a_page_not_an_error(client_for, space, admin):
    _event(space, 1)
    client = client_for(admin)
    assert _page(client, page=99).status_code == 200
    assert _page(client, page="abc").status_code == 200


@pytest.fixture
def log(space, project, admin, power):
    other = ProjectFactory(space=space, name="mobile")
    return {
        "a": _event(space, 50, event_name="CreateProject", user=admin, project=project),
        "b": _event(space, 40, event_name="CreateProject", user=power, project=other),
        "c": _event(space, 30, event_name="UpdateSpace", user=admin),
        "d": _event(space, 20, event_name="CreateTeam", user=power),
    }


def _shown(response):
    return {e.event_name + ":" + e.actor_name + ":" + e.project_name for e in response.context["page_obj"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "Alice Admin"}, {"a", "c"}),
        ({"event_name": "CreateProject"}, {"a", "b"}),
        ({"project": "mobile"}, {"b"}),
        ({"actor": "Bob Power", "event_name": "CreateProject"}, {"b"}),
        ({}, {"a", "b", "c", "d"}),
    ],
)
def test_activity_is_filtered_by_person_event_and_project(client_for, space, log, admin, params, expected):
    response = _page(client_for(admin), **params)
    assert {e.pk for e in response.context["page_obj"]} == {log[k].pk for k in expected}


def test_activity_is_filtered_by_time_range(client_for, space, log, admin):
    now = timezone.localtime()
    params = {
        "since": (now - timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"),
        "until": (now - timedelta(minutes=25)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = _page(client_for(admin), **params)
    assert {e.pk for e in response.context["page_obj"]} == {log["b"].pk, log["c"].pk}


def test_a_time_range_that_starts_after_it_ends_is_a_form_error(client_for, space, log, admin):
    now = timezone.localtime()
    response = _page(
        client_for(admin),
        since=now.strftime("%Y-%m-%dT%H:%M"),
        until=(now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The start of the time range must be before its end."]
    assert b"The start of the time range must be before its end." in response.content


@pytest.mark.parametrize(
    "params",
    [{"since": "yesterday"}, {"actor": "Nobody Known"}, {"event_name": "DropTables"}, {"page": "-1"}],
)
def test_nonsense_filters_are_form_errors_not_server_errors(client_for, space, log, admin, params):
    response = _page(client_for(admin), **params)
    assert response.status_code == 200


def test_the_next_page_link_keeps_the_filters(client_for, space, admin):
    for n in range(30):
        _event(space, n, event_name="CreateTeam", user=admin)
    response = _page(client_for(admin), event_name="CreateTeam")
    assert b"event_name=CreateTeam&amp;page=2" in response.content


def test_the_activity_page_shows_who_did_what_from_where(client_for, space, admin):
    client = client_for(admin)
    client.post(reverse("spaces:teams", args=["acme"]), {"name": "Ops"}, REMOTE_ADDR="198.51.100.4")
    page = _page(client).content.decode()
    assert "CreateTeam" in page and "Created team Ops" in page and "198.51.100.4" in page and "Alice Admin" in page


def test_the_activity_of_another_space_is_not_shown(client_for, space, other_space, admin, outsider):
    activity_record(space=other_space, event_name="SecretThing", user=outsider)
    response = _page(client_for(admin))
    assert b"SecretThing" not in response.content


def test_a_bad_time_range_keeps_the_other_filters(client_for, space, admin, project):
    from spaces.activity import activity_record

    activity_record(space=space, event_name="CreateProject", description="one", user=admin, project=project)
    activity_record(space=space, event_name="UpdateSpace", description="two", user=admin)
    response = client_for(admin).get(
        f"/spaces/{space.name}/activity/",
        {"event_name": "UpdateSpace", "since": "2030-01-02T00:00", "until": "2030-01-01T00:00"},
    )
    page = response.content.decode()
    assert "The start of the time range must be before its end." in page
    assert ">two<" in page and ">one<" not in page


# The filters' options and the count, whatever the size of the log (issue 17 §3) ------------------


def _options(response, field):
    return [value for value, _label in response.context["form"].fields[field].choices]


def test_the_event_filter_offers_each_event_the_log_names_once(client_for, space, log, admin):
    response = _page(client_for(admin))
    assert _options(response, "event_name") == ["", "CreateProject", "CreateTeam", "UpdateSpace"]


def test_the_person_and_the_project_are_typed_not_chosen_from_every_value(client_for, space, log, admin):
    page = _page(client_for(admin)).content.decode()
    assert '<label for="id_actor">Person' in page and '<input type="text" name="actor"' in page
    assert '<label for="id_project">Project' in page and '<input type="text" name="project"' in page
    assert "<option" not in page.split('name="actor"', 1)[1].split("</div>", 1)[0]
    response = _page(client_for(admin), actor="  Bob Power ", project="mobile")
    assert {e.pk for e in response.context["page_obj"]} == {log["b"].pk}


def test_a_new_entry_adds_its_event_to_the_filter(client_for, space, log, admin, project):
    activity_record(space=space, event_name="DeleteTeam", user=admin, project=project)
    activity_record(space=space, event_name="DeleteTeam", user=admin)
    assert _options(_page(client_for(admin)), "event_name").count("DeleteTeam") == 1


def test_another_space_s_events_are_not_offered(client_for, space, other_space, outsider, admin, log):
    activity_record(space=other_space, event_name="SecretThing", user=outsider)
    assert "SecretThing" not in _options(_page(client_for(admin)), "event_name")


def test_the_page_neither_scans_the_log_for_its_options_nor_counts_all_of_it(client_for, space, log, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin)
    _page(client)
    with CaptureQueriesContext(connection) as ctx:
        _page(client, event_name="CreateProject")
    log_queries = [q["sql"] for q in ctx.captured_queries if "spaces_activityevent" in q["sql"]]
    assert not [sql for sql in log_queries if "DISTINCT" in sql.upper()]
    counts = [sql for sql in log_queries if "COUNT(" in sql.upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts)


def test_past_the_counted_entries_the_page_says_how_to_see_older_ones(client_for, space, admin):
    from spaces.views.activity import COUNTED

    now = timezone.now()
    ActivityEvent.objects.bulk_create(
        ActivityEvent(
            space=space, event_name="UpdateSpace", actor_name="Alice Admin", created_at=now - timedelta(seconds=n)
        )
        for n in range(COUNTED + 1)
    )
    page = _page(client_for(admin)).content.decode()
    assert f"({COUNTED}+)" in page and f"Page 1 of {COUNTED // 25}+" in page
    assert f"More than {COUNTED} events match: the newest {COUNTED} are listed. Narrow the time range" in page
    recent = _page(client_for(admin), since=(timezone.localtime() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    assert "More than" not in recent.content.decode() and "+)" not in recent.content.decode()
