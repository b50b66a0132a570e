"""A directory change is visible in seconds (issue 17 §2): a change in the emulated IAM Identity
Center — a user added to or removed from a connected group, disabled, renamed — syncs the store's
application on a real worker once the change commits, a burst of changes making one run, through
the same lease as every run; a change that rolls back, or in a store no space uses, syncs nothing.
"""

import time

import pytest
from django.db import transaction

from accounts.aws.identity_center import services as directory
from catalyst_admin.actors import SYSTEM
from identity.sync.models import SyncRun
from spaces.roles import SpaceRole
from tests.sync_integration.support import sso_members, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

DEBOUNCE = 1.0


@pytest.fixture
def on_change(settings):
    settings.SYNC_ON_DIRECTORY_CHANGE = True
    settings.SYNC_DIRECTORY_DEBOUNCE_SECONDS = DEBOUNCE


def directory_runs(space):
    return SyncRun.objects.filter(application=space.identity_application, trigger=SyncRun.Trigger.DIRECTORY)


def wait_for_member(space, name, present=True, timeout=20):
    return wait_for(
        lambda: (name in sso_members(space)) == present,
        timeout=timeout,
        message=f"{name} {'in' if present else 'out of'} {space.name}",
        details=lambda: f"members {sso_members(space)}; runs {list(directory_runs(space).values('status', 'error'))}",
    )


def test_a_user_added_to_a_connected_group_is_a_member_within_seconds(
    on_change, federated_space, people, celery_worker, published
):
    assert "Jorge Souza" not in sso_members(federated_space)
    committed = time.monotonic()
    directory.group_membership_add(group=people["developers"], user=people["users"]["jorge.souza"], account=SYSTEM)

    wait_for_member(federated_space, "Jorge Souza")
    elapsed = time.monotonic() - committed

    assert sso_members(federated_space)["Jorge Souza"] == SpaceRole.POWER_USER
    assert DEBOUNCE * 0.9 <= elapsed < 10
    [run] = directory_runs(federated_space)
    assert (run.status, run.members_added) == (SyncRun.Status.SUCCEEDED, 1)
    # One message, published with the debounce as its countdown.
    [(task, retries, countdown)] = published
    assert task == "identity.tasks.sync_application"
    assert countdown == pytest.approx(DEBOUNCE, abs=0.5)


def test_a_burst_of_changes_makes_one_run_that_applies_them_all(
    on_change, federated_space, people, celery_worker, published
):
    users = people["users"]
    directory.group_membership_add(group=people["developers"], user=users["jorge.souza"], account=SYSTEM)
    directory.group_membership_remove(group=people["developers"], user=users["li.juan"], account=SYSTEM)
    directory.directory_user_update(
        user=users["saanvi.sarkar"],
        display_name="Saanvi Sarkar-Rao",
        email="saanvi@example.com",
        enabled=True,
        account=SYSTEM,
    )

    wait_for_member(federated_space, "Saanvi Sarkar-Rao")
    wait_for_member(federated_space, "Jorge Souza")
    wait_for_member(federated_space, "Li Juan", present=False)
    time.sleep(DEBOUNCE + 0.5)  # nothing more comes

    [run] = directory_runs(federated_space)
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    assert (run.members_added, run.members_removed) == (1, 1)  # and the new name, seen above
    assert len(published) == 1


def test_a_disabled_user_loses_the_space(on_change, federated_space, people, celery_worker):
    directory.directory_user_enabled_set(user=people["users"]["li.juan"], enabled=False, account=SYSTEM)
    wait_for_member(federated_space, "Li Juan", present=False)
    assert directory_runs(federated_space).get().status == SyncRun.Status.SUCCEEDED


def test_a_change_that_rolls_back_syncs_nothing(on_change, federated_space, people, celery_worker, published):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        directory.group_membership_add(group=people["developers"], user=people["users"]["jorge.souza"], account=SYSTEM)
        raise Undo

    time.sleep(DEBOUNCE + 0.5)
    assert not directory_runs(federated_space).exists()
    assert published == []


def test_without_the_setting_only_the_schedule_syncs(settings, federated_space, people, celery_worker, published):
    settings.SYNC_ON_DIRECTORY_CHANGE = False
    directory.group_membership_add(group=people["developers"], user=people["users"]["jorge.souza"], account=SYSTEM)
    time.sleep(0.5)
    assert not directory_runs(federated_space).exists()
    assert published == []


def test_a_change_to_a_store_no_space_uses_syncs_nothing(on_change, people, celery_worker, published):
    directory.group_membership_add(group=people["developers"], user=people["users"]["jorge.souza"], account=SYSTEM)
    time.sleep(0.5)
    assert not SyncRun.objects.exists()
    assert published == []
