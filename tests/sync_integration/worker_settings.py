"""Settings of the worker processes that the kill tests start: the test settings, not eager, with a
lease of 2 seconds and a directory read that waits for the test's gate (``SYNC_IT_GATE``)."""

import os

from catalyst_admin.test_settings import *  # noqa: F403
from catalyst_admin.test_settings import CELERY_BROKER_URL

CELERY_TASK_ALWAYS_EAGER = False
SYNC_LEASE_SECONDS = 2
SYNC_DIRECTORY_SOURCE = "tests.sync_integration.gated_source.GatedSource"

# Redis keeps the messages its consumers have not acknowledged in these keys; the tests' workers
# keep theirs apart, so that they never redeliver (or are redelivered) a message of another Redis user.
REDIS_TEST_TRANSPORT_OPTIONS = {
    "unacked_key": "sync-it-unacked",
    "unacked_index_key": "sync-it-unacked_index",
    "unacked_mutex_key": "sync-it-unacked_mutex",
}

if CELERY_BROKER_URL.startswith("filesystem://"):
    from catalyst_admin.test_settings import CELERY_BROKER_TRANSPORT_OPTIONS

    CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "polling_interval": 0.1}
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = dict(REDIS_TEST_TRANSPORT_OPTIONS)
    if os.environ.get("SYNC_IT_VISIBILITY_TIMEOUT"):
        # Redis hands an unacknowledged message (acks_late) to another worker once it has been out
        # for the visibility timeout: seconds here instead of an hour, swept every 0.5 s.
        CELERY_BROKER_TRANSPORT_OPTIONS.update(
            visibility_timeout=float(os.environ["SYNC_IT_VISIBILITY_TIMEOUT"]),
            unacked_restore_interval=0.5,
            unacked_restore_throttle=1,
        )
