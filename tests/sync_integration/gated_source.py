"""The directory source of the worker processes that the kill tests SIGKILL (``SYNC_DIRECTORY_SOURCE``
in :mod:`tests.sync_integration.worker_settings`): the built-in store, read only once the gate file
named by ``SYNC_IT_GATE`` is gone, so that a test can kill a worker in the middle of a run."""

import os
import time
from pathlib import Path

from accounts.aws.identity_center.client import BuiltInSource, DirectoryReadError

GATE_TIMEOUT_SECONDS = 120


class GatedSource(BuiltInSource):
    def read(self, *, group_ids=None):
        gate = os.environ.get("SYNC_IT_GATE")
        deadline = time.monotonic() + GATE_TIMEOUT_SECONDS
        while gate and Path(gate).exists():
            if time.monotonic() > deadline:
                raise DirectoryReadError(f"The test's gate {gate} never opened.")
            time.sleep(0.05)
        return super().read(group_ids=group_ids)
