"""Directory sources for the tests, chosen with the ``SYNC_DIRECTORY_SOURCE`` setting (a dotted path
to a class taking the identity store, see :func:`identity.sync.sources.source_for`)::

    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.FailingSource"

Each answers like a real source: a complete :class:`DirectorySnapshot`, or
:class:`DirectoryReadError`. The ones that read for real delegate to :class:`BuiltInSource`, the
emulated identity store in the test database.

The state of :class:`FlakySource` and :class:`BlockingSource` lives on the class, shared by the
threads of a worker in the test's process (``start_worker``); ``reset()`` it before and after each
test. Worker processes of their own read :mod:`tests.sync_integration.gated_source` instead.
"""

import threading
import time

from accounts.aws.identity_center.client import BuiltInSource, DirectoryReadError, DirectorySnapshot

THROTTLED = "ThrottlingException: Rate exceeded"


class EmptySource(BuiltInSource):
    """A directory that answers, completely, that it has no users, groups or memberships (a store
    emptied by mistake, or the wrong store): the mass-removal guard must hold the run."""

    def read(self, *, group_ids=None) -> DirectorySnapshot:
        return DirectorySnapshot()


class FailingSource(BuiltInSource):
    """A directory that cannot be read: every read fails as IAM Identity Center does when it throttles."""

    def read(self, *, group_ids=None) -> DirectorySnapshot:
        raise DirectoryReadError(THROTTLED)


class FlakySource(BuiltInSource):
    """A directory throttled for a while: the first ``failures`` reads fail, the next ones read the
    built-in store. ``reads`` holds the ``time.monotonic()`` of every read, failed or not."""

    failures = 0
    reads: list[float] = []
    _lock = threading.Lock()

    @classmethod
    def reset(cls, *, failures: int = 0) -> None:
        with cls._lock:
            cls.failures = failures
            cls.reads = []

    def read(self, *, group_ids=None) -> DirectorySnapshot:
        with self._lock:
            self.reads.append(time.monotonic())
            failing = len(self.reads) <= self.failures
        if failing:
            raise DirectoryReadError(THROTTLED)
        return super().read(group_ids=group_ids)


class BlockingSource(BuiltInSource):
    """A slow directory: a read sets ``reading``, then waits until the test sets ``release`` before
    reading the built-in store (and fails if it waits longer than ``TIMEOUT_SECONDS``)."""

    TIMEOUT_SECONDS = 30
    reading = threading.Event()
    release = threading.Event()

    @classmethod
    def reset(cls) -> None:
        cls.reading = threading.Event()
        cls.release = threading.Event()

    def read(self, *, group_ids=None) -> DirectorySnapshot:
        reading, release = self.reading, self.release
        reading.set()
        if not release.wait(timeout=self.TIMEOUT_SECONDS):
            raise DirectoryReadError("The test never released the read.")
        return super().read(group_ids=group_ids)


class CollectorWatchingSource(BuiltInSource):
    """The built-in store, noting whether Python's cycle collector was on while it read
    (``collector_on``: one entry per read)."""

    collector_on: list[bool] = []

    def read(self, *, group_ids=None) -> DirectorySnapshot:
        import gc

        self.collector_on.append(gc.isenabled())
        return super().read(group_ids=group_ids)
