"""A sync run's detail page: who it added, updated and removed in each space — or would have, for a
held run — for staff on /ops/ and for the space's administrators from its SSO page."""

import pytest
from django.urls import reverse

from accounts.aws.identity_center import services as directory
from catalyst_admin.actors import SYSTEM
from identity.people.models import User
from identity.sync.models import SyncRun, SyncRunChange
from identity.sync.runs import sync_run_execute
from spaces.models import SpaceMembership
from spaces.roles import SpaceRole

pytestmark = pytest.mark.django_db


def run_sync(space):
    return sync_run_execute(application_id=space.identity_application_id)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(page: str, heading: str) -> str:
    """The part of the page under ``heading`` (up to the next section)."""
    start = page.index(f'>{heading} <span class="counter">')
    return page[start : page.find("</section>", start)]


@pytest.fixture
def changed_run(federated_space, people, settings):
    """A run that adds jorge.souza, makes li.juan Space administrator and removes saanvi.sarkar."""
    settings.SYNC_REMOVAL_GUARD_MIN = 10
    users = people["users"]
    # The Space-Admins group gives its members the Space administrator role.
    federated_space.connected_groups.filter(group_id=people["admins"].group_id).update(
        role=SpaceRole.SPACE_ADMINISTRATOR
    )
    directory.group_membership_add(group=people["developers"], user=users["jorge.souza"], account=SYSTEM)
    directory.group_membership_add(group=people["admins"], user=users["li.juan"], account=SYSTEM)
    directory.group_membership_remove(group=people["developers"], user=users["saanvi.sarkar"], account=SYSTEM)
    run = run_sync(federated_space)
    assert run.status == SyncRun.Status.SUCCEEDED, run.detail
    return run


@pytest.fixture
def mary(federated_space):
    """Mary Major, the federated space's Space administrator (an SSO user)."""
    return User.objects.get(name="Mary Major")


def test_a_run_names_who_it_added_updated_and_removed(changed_run, federated_space):
    named = {(c.kind, c.username, c.display_name, c.role) for c in changed_run.changes.all()}
    assert named == {
        ("added", "jorge.souza", "Jorge Souza", "power_user"),
        ("updated", "li.juan", "Li Juan", "space_admin"),
        ("removed", "saanvi.sarkar", "Saanvi Sarkar", "power_user"),
    }
    assert {c.space_id for c in changed_run.changes.all()} == {federated_space.pk}


def test_staff_see_the_run_on_ops_linked_from_the_run_history(client, staff, changed_run, federated_space):
    client.force_login(staff)
    url = reverse("ops:run_detail", args=[changed_run.pk])
    assert url in html(client.get(reverse("ops:runs", args=[federated_space.identity_application_id])))
    page = html(client.get(url))
    assert f"<h1>Run {changed_run.pk}</h1>" in page
    added = section(page, "Added")
    assert "(1)" in added and "jorge.souza" in added and "Jorge Souza" in added and "Power user" in added
    assert "<td>examplecorp</td>" in added
    updated = section(page, "Updated")
    assert "li.juan" in updated and "Space administrator" in updated
    removed = section(page, "Removed")
    assert "saanvi.sarkar" in removed and "Space role it had" in removed
    assert " UTC" in page  # times say their zone


def test_the_space_administrator_sees_the_run_from_the_sso_page(client, mary, changed_run, federated_space):
    client.force_login(mary)
    url = reverse("spaces:sso_run_detail", args=[federated_space.name, changed_run.pk])
    assert url in html(client.get(reverse("spaces:sso", args=[federated_space.name])))
    page = html(client.get(url))
    assert f"Sync run {changed_run.pk}" in page
    assert "jorge.souza" in section(page, "Added")
    assert "saanvi.sarkar" in section(page, "Removed")
    assert '<th scope="col">Space</th>' not in page  # one space: no Space column


def test_others_cannot_see_the_run(client, admin, space, changed_run, federated_space):
    client.force_login(admin)  # a Space administrator of acme, not of examplecorp, and not staff
    assert client.get(reverse("ops:run_detail", args=[changed_run.pk])).status_code == 403
    assert client.get(reverse("spaces:sso_run_detail", args=[federated_space.name, changed_run.pk])).status_code == 404
    # Nor through a space of their own: the run is another application's.
    assert client.get(reverse("spaces:sso_run_detail", args=[space.name, changed_run.pk])).status_code == 404


def test_a_power_user_of_the_space_is_refused(client, changed_run, federated_space):
    jorge = User.objects.get(name="Jorge Souza")
    client.force_login(jorge)
    response = client.get(reverse("spaces:sso_run_detail", args=[federated_space.name, changed_run.pk]))
    assert response.status_code == 403


def test_a_held_run_says_who_it_would_remove_and_removed_nobody(client, staff, mary, federated_space, settings):
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.EmptySource"
    before = SpaceMembership.objects.filter(space=federated_space).count()
    run = run_sync(federated_space)
    assert run.status == SyncRun.Status.HELD
    assert SpaceMembership.objects.filter(space=federated_space).count() == before
    client.force_login(staff)
    page = html(client.get(reverse("ops:run_detail", args=[run.pk])))
    would = section(page, "Would remove")
    assert "(3)" in would
    for name in ("Mary Major", "Li Juan", "Saanvi Sarkar"):
        assert name in would
    assert "Approve</button>" in page
    client.force_login(mary)
    page = html(client.get(reverse("spaces:sso_run_detail", args=[federated_space.name, run.pk])))
    assert "Nothing was changed: an operator must approve this sync." in page
    assert "Mary Major" in section(page, "Would remove")


def test_a_run_names_at_most_the_limit_of_each_kind_and_says_how_many_more(
    client, staff, federated_space, people, store, settings
):
    settings.SYNC_CHANGES_NAMED_PER_KIND = 2
    for n in range(5):
        user = directory.directory_user_create(
            store=store, user_name=f"new.{n}", display_name=f"New {n}", email=f"new{n}@example.com", account=SYSTEM
        )
        directory.group_membership_add(group=people["developers"], user=user, account=SYSTEM)
    run = run_sync(federated_space)
    assert run.members_added == 5  # the count stays exact
    assert run.changes.filter(kind=SyncRunChange.Kind.ADDED).count() == 2
    client.force_login(staff)
    added = section(html(client.get(reverse("ops:run_detail", args=[run.pk]))), "Added")
    assert "(5)" in added
    assert "… and 3 more. A run names the first 2 people of each kind; its counts are exact." in added


def test_a_run_with_no_change_names_nobody(client, staff, federated_space):
    run = run_sync(federated_space)
    assert run.detail == "No change."
    assert not run.changes.exists()
    client.force_login(staff)
    page = html(client.get(reverse("ops:run_detail", args=[run.pk])))
    assert page.count("Nobody.") == 3


def _orm_changes(run, space=None):
    """What run_changes read through the ORM before it was plain SQL."""
    from django.db.models import Count

    named = dict(run.changes.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    changes = run.changes.select_related("space").order_by("kind", "space__name", "username")
    return named, list(changes.filter(space=space) if space is not None else changes)


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_runs_changes_and_the_run_are_the_orms(changed_run, federated_space, other_space, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from identity.sync import selectors

    # A change in another space of the same run, and another run's change: only the right ones are read.
    SyncRunChange.objects.create(
        run=changed_run, kind="added", space=other_space, username="aaa.first", role="power_user"
    )
    other_run = SyncRun.objects.create(application=changed_run.application, status=SyncRun.Status.SUCCEEDED)
    SyncRunChange.objects.create(
        run=other_run, kind="added", space=federated_space, username="nobody", role="power_user"
    )
    SyncRun.objects.filter(pk=changed_run.pk).update(requested_by=staff)
    changed_run.refresh_from_db()
    for space in (None, federated_space, other_space):
        with CaptureQueriesContext(connection) as queries:
            kinds = selectors.run_changes(changed_run, space=space)
        assert len(queries) == 2
        named, changes = _orm_changes(changed_run, space)
        for kind in kinds:
            theirs = [c for c in changes if c.kind == kind["kind"]]
            assert [(_fields(c), _fields(c.space)) for c in kind["rows"]] == [
                (_fields(c), _fields(c.space)) for c in theirs
            ]
        assert sum(len(kind["rows"]) for kind in kinds) == len(changes) > 0
        assert {k["kind"]: k["more"] for k in kinds} == {
            k: max(total - named.get(k, 0), 0)
            for k, total in (("added", changed_run.members_added), ("updated", changed_run.members_updated),
                             ("removed", changed_run.members_removed))
        }  # fmt: skip
    for run in (changed_run, other_run):
        theirs = SyncRun.objects.select_related("application", "requested_by").get(pk=run.pk)
        ours = selectors.run_for_page(run.pk)
        assert (_fields(ours), _fields(ours.application), _fields(ours.requested_by)) == (
            _fields(theirs), _fields(theirs.application), _fields(theirs.requested_by)
        )  # fmt: skip
    assert selectors.run_for_page(987654) is None
    client_page = reverse("ops:run_detail", args=[987654])
    from django.test import Client

    browser = Client()
    browser.force_login(staff)
    assert browser.get(client_page).status_code == 404
