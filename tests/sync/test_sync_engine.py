"""The group sync: what it changes, and the guarantees of issue 4 section 4."""

import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.aws.identity_center import services as directory
from catalyst_admin.actors import SYSTEM
from catalyst_admin.errors import Forbidden
from identity.people.models import User, sso_username
from identity.sync.models import SyncLease, SyncRun
from identity.sync.runs import SyncReadFailed, sync_run_approve, sync_run_execute
from spaces.models import Project, ProjectMembership, SpaceMembership
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import UserFactory
from tests.sync.sources import THROTTLED, CollectorWatchingSource

pytestmark = pytest.mark.django_db


def sso_members(space):
    return {
        m.user.name: m.role
        for m in SpaceMembership.objects.filter(space=space, source=SpaceMembership.Source.SSO).select_related("user")
    }


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]


def run_sync(space):
    return sync_run_execute(application_id=space.identity_application_id)


def test_setting_up_the_space_makes_group_users_members_with_their_roles(federated_space):
    assert sso_members(federated_space) == {
        "Mary Major": SpaceRole.SPACE_ADMINISTRATOR,
        "Li Juan": SpaceRole.POWER_USER,
        "Saanvi Sarkar": SpaceRole.POWER_USER,
    }


def test_a_new_directory_user_in_a_connected_group_appears_after_a_sync(federated_space, store, people):
    jorge = people["users"]["jorge.souza"]
    directory.group_membership_add(group=people["developers"], user=jorge, account=SYSTEM)
    run = run_sync(federated_space)
    assert run.status == SyncRun.Status.SUCCEEDED
    assert run.members_added == 1
    assert sso_members(federated_space)["Jorge Souza"] == SpaceRole.POWER_USER


def test_changed_names_and_emails_are_updated(federated_space, people):
    directory.directory_user_update(
        user=people["users"]["li.juan"],
        display_name="Li Juan-Chen",
        email="li.chen@example.com",
        enabled=True,
        account=SYSTEM,
    )
    run_sync(federated_space)
    user = User.objects.get(name="Li Juan-Chen")
    assert user.email == "li.chen@example.com"


def test_users_leaving_groups_or_disabled_lose_space_and_project_membership(federated_space, people, settings):
    settings.SYNC_REMOVAL_GUARD_MIN = 10
    project = Project.objects.create(space=federated_space, name="web-app")
    li = User.objects.get(name="Li Juan")
    ProjectMembership.objects.create(project=project, user=li, role=ProjectRole.CONTRIBUTOR)
    directory.group_membership_remove(group=people["developers"], user=people["users"]["li.juan"], account=SYSTEM)
    saanvi = people["users"]["saanvi.sarkar"]
    directory.directory_user_update(
        user=saanvi, display_name=saanvi.display_name, email=saanvi.email, enabled=False, account=SYSTEM
    )

    run = run_sync(federated_space)

    assert run.status == SyncRun.Status.SUCCEEDED, run.detail
    assert set(sso_members(federated_space)) == {"Mary Major"}
    assert not ProjectMembership.objects.filter(user=li).exists()
    assert User.objects.get(username=sso_username(saanvi.store.store_id, saanvi.user_id)).is_active is False


def test_builder_id_members_are_untouched(federated_space, store):
    builder = UserFactory()
    SpaceMembership.objects.create(space=federated_space, user=builder, role=SpaceRole.POWER_USER)
    run_sync(federated_space)
    assert SpaceMembership.objects.filter(space=federated_space, user=builder).exists()


def test_a_resync_with_no_change_writes_nothing_but_its_own_run_record(federated_space):
    run_sync(federated_space)  # settle
    with CaptureQueriesContext(connection) as queries:
        run = run_sync(federated_space)
    assert run.rows_written == 0
    assert run.detail == "No change."
    touched = {sql.split('"')[1] for sql in writes(queries.captured_queries)}
    assert touched <= {"identity_syncrun", "identity_synclease"}


def test_a_directory_answering_no_users_is_held_and_changes_nothing(federated_space, settings):
    """A complete answer with nobody in it would remove every SSO member: the guard holds the run."""
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.EmptySource"
    before = sso_members(federated_space)
    with CaptureQueriesContext(connection) as queries:
        run = run_sync(federated_space)
    assert run.status == SyncRun.Status.HELD
    assert "would remove 3 of 3 SSO members" in run.detail
    assert sso_members(federated_space) == before
    touched = {sql.split('"')[1] for sql in writes(queries.captured_queries)}
    # Only the run's own records: itself, the lease, and the names of who it would remove.
    assert touched <= {"identity_syncrun", "identity_synclease", "identity_syncrunchange"}
    assert run.changes.filter(kind="removed").count() == 3


@pytest.mark.parametrize("leaving", [("li.juan", "saanvi.sarkar"), ("li.juan",)])
def test_a_run_that_would_remove_every_sso_member_of_a_small_space_is_held(federated_space, people, settings, leaving):
    """One or two SSO members are fewer than SYNC_REMOVAL_GUARD_MIN, yet removing them all empties the space."""
    settings.SYNC_REMOVAL_GUARD_MIN = 10
    for name in leaving:
        directory.group_membership_remove(group=people["developers"], user=people["users"][name], account=SYSTEM)
    assert run_sync(federated_space).status == SyncRun.Status.SUCCEEDED
    settings.SYNC_REMOVAL_GUARD_MIN = 3
    before = sso_members(federated_space)
    assert len(before) == 3 - len(leaving)

    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.EmptySource"
    run = run_sync(federated_space)

    assert run.status == SyncRun.Status.HELD
    assert f"would remove {len(before)} of {len(before)} SSO members" in run.detail
    assert sso_members(federated_space) == before


def test_approving_a_held_run_applies_the_removals(
    federated_space, settings, django_capture_on_commit_callbacks, admin, staff
):
    """The approval's run may remove everyone the held run would have removed."""
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.EmptySource"
    held = run_sync(federated_space)
    assert held.status == SyncRun.Status.HELD
    with pytest.raises(Forbidden, match="Only operations staff can approve"):
        sync_run_approve(run=held, by=admin)
    approval = sync_run_approve(run=held, by=staff)
    assert approval.allow_mass_removal
    result = sync_run_execute(application_id=held.application_id, run_id=approval.pk)
    assert result.status == SyncRun.Status.SUCCEEDED
    assert sso_members(federated_space) == {}
    held.refresh_from_db()
    assert held.status == SyncRun.Status.APPROVED


def test_a_failed_read_changes_nothing_and_is_retried_then_failed(federated_space, people, settings):
    """A read that fails records the run as retrying (then failed on the last try) and writes
    nothing but the run and its lease, although the directory has a change waiting."""
    directory.group_membership_add(group=people["developers"], user=people["users"]["jorge.souza"], account=SYSTEM)
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.FailingSource"
    before = sso_members(federated_space)

    with CaptureQueriesContext(connection) as queries:
        with pytest.raises(SyncReadFailed) as failure:
            sync_run_execute(application_id=federated_space.identity_application_id, final_attempt=False)
        run = SyncRun.objects.get(pk=failure.value.run_id)
        assert run.status == SyncRun.Status.RETRYING
        assert THROTTLED in run.error
        final = sync_run_execute(application_id=run.application_id, run_id=run.pk, final_attempt=True)

    assert final.status == SyncRun.Status.FAILED
    assert final.attempts == 2
    assert final.error == f"Reading the directory failed, so nothing was changed: {THROTTLED}"
    assert sso_members(federated_space) == before
    touched = {sql.split('"')[1] for sql in writes(queries.captured_queries)}
    assert touched <= {"identity_syncrun", "identity_synclease"}
    assert SyncLease.objects.get(store=federated_space.identity_application.store).run is None


def test_a_second_run_while_one_holds_the_lease_is_skipped(federated_space):
    application = federated_space.identity_application
    holder = SyncRun.objects.create(application=application, status=SyncRun.Status.RUNNING)
    SyncLease.objects.update_or_create(
        store=application.store, defaults={"run": holder, "expires_at": timezone.now() + timezone.timedelta(minutes=5)}
    )
    second = run_sync(federated_space)
    assert second.status == SyncRun.Status.SKIPPED
    assert f"run {holder.pk}" in second.detail


def test_an_expired_lease_is_taken_over_and_the_abandoned_run_recorded(federated_space):
    application = federated_space.identity_application
    dead = SyncRun.objects.create(application=application, status=SyncRun.Status.RUNNING)
    SyncLease.objects.update_or_create(
        store=application.store, defaults={"run": dead, "expires_at": timezone.now() - timezone.timedelta(seconds=1)}
    )
    run = run_sync(federated_space)
    assert run.status == SyncRun.Status.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == SyncRun.Status.FAILED
    assert f"run {run.pk} took over" in dead.error
    assert SyncLease.objects.get(store=application.store).run is None


def test_sync_now_is_not_blocked_by_a_run_a_dead_worker_left_behind(
    federated_space, django_capture_on_commit_callbacks
):
    from identity.sync.runs import active_run, space_sync_request
    from spaces.models import SpaceMembership as Membership

    application = federated_space.identity_application
    stale = SyncRun.objects.create(application=application, status=SyncRun.Status.RUNNING)
    SyncRun.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timezone.timedelta(hours=1))
    SyncLease.objects.update_or_create(
        store=application.store, defaults={"run": stale, "expires_at": timezone.now() - timezone.timedelta(minutes=1)}
    )
    assert active_run(application) is None
    admin = Membership.objects.get(space=federated_space, role=SpaceRole.SPACE_ADMINISTRATOR).user
    with django_capture_on_commit_callbacks(execute=True):
        run = space_sync_request(space=federated_space, by=admin)
    assert run.pk != stale.pk
    run.refresh_from_db()
    assert run.status == SyncRun.Status.SUCCEEDED


def test_sync_now_returns_the_run_that_holds_the_lease(federated_space):
    from identity.sync.runs import active_run

    application = federated_space.identity_application
    holder = SyncRun.objects.create(application=application, status=SyncRun.Status.RUNNING)
    SyncLease.objects.update_or_create(
        store=application.store, defaults={"run": holder, "expires_at": timezone.now() + timezone.timedelta(minutes=5)}
    )
    assert active_run(application) == holder


def test_a_run_pauses_the_cycle_collector_and_restores_it_however_it_ends(federated_space, people, settings):
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.CollectorWatchingSource"
    CollectorWatchingSource.collector_on = []
    assert gc.isenabled()
    assert run_sync(federated_space).status == SyncRun.Status.SUCCEEDED
    assert CollectorWatchingSource.collector_on == [False]
    assert gc.isenabled()

    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.FailingSource"
    assert run_sync(federated_space).status == SyncRun.Status.FAILED
    assert gc.isenabled()

    gc.disable()  # a caller that had it off keeps it off
    try:
        run_sync(federated_space)
        assert not gc.isenabled()
    finally:
        gc.enable()
