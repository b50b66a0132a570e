"""The ``identity`` app's models, gathered here for Django: people (``identity.people``),
federation (``identity.federation``) and the group sync (``identity.sync``). Code imports them
from where they are defined."""

from identity.federation.models import IdentityCenterApplication
from identity.people.models import NotificationPreference, PersonalAccessToken, User
from identity.sync.models import SyncLease, SyncRun, WorkerHeartbeat

__all__ = [
    "IdentityCenterApplication",
    "NotificationPreference",
    "PersonalAccessToken",
    "SyncLease",
    "SyncRun",
    "User",
    "WorkerHeartbeat",
]
