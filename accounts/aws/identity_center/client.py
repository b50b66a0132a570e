"""The IAM Identity Center client: reads a whole identity store, with two backends.

- :class:`BuiltInSource`, the emulated identity store in this database;
- :class:`IdentityStoreApiSource`, AWS IAM Identity Center (or moto's server) through boto3's
  ``identitystore`` client, every page of it.

:func:`directory_client_for` picks the store's backend. A read returns a complete
:class:`DirectorySnapshot` or raises :class:`DirectoryReadError`: nothing partial.
"""

from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from .models import DirectoryGroup, DirectoryUser, GroupMembership, IdentityStore


class DirectoryReadError(Exception):
    """The directory could not be read completely (network, throttling, a missing page)."""


@dataclass
class DirectorySnapshot:
    """Everything the sync needs from an identity store, keyed by the store's own IDs.

    ``users`` maps user ID to (user name, display name, email, enabled); ``groups`` maps group
    ID to display name; ``members`` maps group ID to the set of its users' IDs.
    """

    users: dict[str, tuple[str, str, str, bool]] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)

    @property
    def membership_count(self) -> int:
        return sum(len(m) for m in self.members.values())

    def counts(self) -> dict[str, int]:
        """What a sync run records about what it read."""
        return {
            "users_read": len(self.users),
            "groups_read": len(self.groups),
            "memberships_read": self.membership_count,
        }


class BuiltInSource:
    """The emulated identity store in this database."""

    def __init__(self, store):
        self.store = store

    def read(self, *, group_ids: set[str] | None = None) -> DirectorySnapshot:
        """One query per table, fetched whole (no server-side cursor): the users, the groups, and
        the memberships of ``group_ids`` (every group's when None)."""
        snapshot = DirectorySnapshot()
        rows = list(
            DirectoryUser.objects.filter(store=self.store).values_list(
                "id", "user_id", "user_name", "display_name", "email", "enabled"
            )
        )
        snapshot.users = {row[1]: row[2:] for row in rows}
        user_of_pk = {row[0]: row[1] for row in rows}
        del rows
        group_of_pk = {}
        for pk, group_id, name in DirectoryGroup.objects.filter(store=self.store).values_list(
            "id", "group_id", "display_name"
        ):
            snapshot.groups[group_id] = name
            if group_ids is None or group_id in group_ids:
                group_of_pk[pk] = group_id
        if group_ids is None:
            memberships = GroupMembership.objects.filter(group__store=self.store)
        else:  # by the groups' keys: no join for the database to plan
            memberships = GroupMembership.objects.filter(group_id__in=list(group_of_pk))
        # Sorted by group: one set built per group.
        pairs = memberships.order_by("group_id").values_list("group_id", "user_id")
        snapshot.members = {
            group_of_pk[group_pk]: {user_of_pk[user_pk] for _, user_pk in rows}
            for group_pk, rows in groupby(pairs, key=itemgetter(0))
        }
        return snapshot


class IdentityStoreApiSource:
    """AWS IAM Identity Center through boto3's ``identitystore`` client, every page of it.

    Endpoint, Region and credentials come from the store's settings or the environment
    (``IDENTITYSTORE_ENDPOINT_URL``, ``AWS_DEFAULT_REGION``, ``AWS_ACCESS_KEY_ID`` …). ``page_size``
    (or ``IDENTITYSTORE_PAGE_SIZE``) asks for smaller pages than the API's default of 100.
    """

    def __init__(self, store, *, client=None, page_size: int | None = None):
        self.store = store
        self._client = client
        self.page_size = page_size or settings.IDENTITYSTORE_PAGE_SIZE

    def client(self):
        if self._client is None:
            self._client = boto3.client(
                "identitystore",
                region_name=self.store.aws_region or settings.IDENTITYSTORE_REGION,
                endpoint_url=self.store.aws_endpoint_url or settings.IDENTITYSTORE_ENDPOINT_URL or None,
                config=Config(retries={"max_attempts": 3, "mode": "standard"}),
            )
        return self._client

    def _pages(self, operation: str, key: str, **params):
        try:
            paginator = self.client().get_paginator(operation)
            if self.page_size:
                params["PaginationConfig"] = {"PageSize": self.page_size}
            for page in paginator.paginate(IdentityStoreId=self.store.store_id, **params):
                if key not in page:
                    raise DirectoryReadError(f"{operation} answered a page without {key}")
                yield from page[key]
        except (BotoCoreError, ClientError) as exc:
            raise DirectoryReadError(f"{operation} failed: {exc}") from exc

    def read(self, *, group_ids: set[str] | None = None) -> DirectorySnapshot:
        snapshot = DirectorySnapshot()
        for user in self._pages("list_users", "Users"):
            emails = user.get("Emails") or []
            primary = next((e.get("Value", "") for e in emails if e.get("Primary")), None)
            email = primary if primary is not None else (emails[0].get("Value", "") if emails else "")
            snapshot.users[user["UserId"]] = (
                user.get("UserName", ""),
                user.get("DisplayName") or user.get("UserName", ""),
                email or "",
                True,  # The identitystore API has no disabled state; deleted users are absent.
            )
        for group in self._pages("list_groups", "Groups"):
            snapshot.groups[group["GroupId"]] = group.get("DisplayName", "")
        wanted = snapshot.groups.keys() if group_ids is None else group_ids & snapshot.groups.keys()
        for group_id in wanted:
            members = snapshot.members.setdefault(group_id, set())
            for membership in self._pages("list_group_memberships", "GroupMemberships", GroupId=group_id):
                user_id = (membership.get("MemberId") or {}).get("UserId")
                if user_id:
                    members.add(user_id)
        return snapshot


def directory_client_for(store):
    """The backend a store is read through: AWS (boto3) when the store says so, else built in."""
    if store.sync_source == IdentityStore.SyncSource.AWS:
        return IdentityStoreApiSource(store)
    return BuiltInSource(store)
