"""What uses an identity store from outside IAM Identity Center, and how it hears that the store
is going away.

IAM Identity Center knows the applications that use its store; this emulation knows them through
consumers that register here (CodeCatalyst's identity federation does, in its app config). The
AWS side imports nothing from CodeCatalyst: it asks the registered consumers.
"""

from collections.abc import Iterable
from typing import Protocol


class StoreConsumer(Protocol):
    def applications_of(self, store) -> Iterable:
        """The store's applications, each with ``display_name``, ``name``, ``region`` and
        ``space_count`` (how many live spaces use it)."""

    def spaces_using_store(self, store) -> int:
        """How many live spaces use the store through an application."""

    def spaces_connected_to_group(self, group) -> int:
        """How many live spaces have ``group`` connected."""

    def store_deleting(self, store, *, account) -> int:
        """``account`` is deleting the store, in the caller's transaction: stop using it. Returns
        how many spaces were disassociated."""

    def directory_changed(self, store) -> None:
        """A user or a group membership of ``store`` changed, in the caller's transaction (a user
        added to or removed from a group, disabled, renamed, deleted; a group deleted). The
        consumer acts after that transaction commits, if it commits."""


_consumers: list[StoreConsumer] = []


def register(consumer: StoreConsumer) -> None:
    """Register a consumer once (app configs may be readied more than once in tests)."""
    if not any(type(existing) is type(consumer) for existing in _consumers):
        _consumers.append(consumer)


def applications_of(store) -> list:
    return [application for consumer in _consumers for application in consumer.applications_of(store)]


def spaces_using_store(store) -> int:
    return sum(consumer.spaces_using_store(store) for consumer in _consumers)


def spaces_connected_to_group(group) -> int:
    return sum(consumer.spaces_connected_to_group(group) for consumer in _consumers)


def store_deleting(store, *, account) -> int:
    return sum(consumer.store_deleting(store, account=account) for consumer in _consumers)


def directory_changed(store) -> None:
    """Tell every consumer that ``store``'s users or memberships changed (see ``StoreConsumer``)."""
    for consumer in _consumers:
        consumer.directory_changed(store)
