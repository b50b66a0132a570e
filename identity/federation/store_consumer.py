"""How identity federation hears from the rest of the house (registered in ``identity.apps``): as
a consumer of IAM Identity Center's identity stores (what the AWS side shows about the applications
and spaces that use a store, and what happens to them when the store is deleted), and when a space
is deleted."""

from django.db import transaction

from identity.federation import selectors, services
from identity.sync.runs import sync_run_directory_changed


class FederationStoreConsumer:
    def applications_of(self, store):
        return selectors.applications_of(store)

    def spaces_using_store(self, store) -> int:
        return selectors.spaces_using_store(store)

    def spaces_connected_to_group(self, group) -> int:
        return selectors.spaces_connected_to_group(group)

    def store_deleting(self, store, *, account) -> int:
        return services.identity_store_disassociate(store=store, account=account)

    def directory_changed(self, store) -> None:
        # After the change commits: a sync reading the directory before would not see it.
        store_id = store.pk
        transaction.on_commit(lambda: sync_run_directory_changed(store_id=store_id), robust=True)


def space_deleting_receiver(sender, *, space, **kwargs) -> None:
    """A deleted space keeps no SSO members, groups, administrators or application."""
    services.space_federation_end(space=space)
