"""Where the group sync reads a directory from: the IAM Identity Center client of the store
(built-in or boto3), unless ``SYNC_DIRECTORY_SOURCE`` names another source for every store."""

from django.conf import settings
from django.utils.module_loading import import_string

from accounts.aws.identity_center.client import directory_client_for


def source_for(store):
    """The source a store's sync reads from. ``SYNC_DIRECTORY_SOURCE`` (a dotted path to a class
    taking the store) replaces it for every store: the tests use it to make a read fail, or block
    while they kill the worker."""
    if settings.SYNC_DIRECTORY_SOURCE:
        return import_string(settings.SYNC_DIRECTORY_SOURCE)(store)
    return directory_client_for(store)
