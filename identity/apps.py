from django.apps import AppConfig

from accounts.aws.identity_center import consumers
from spaces.signals import space_deleting


class IdentityConfig(AppConfig):
    name = "identity"
    verbose_name = "People and directories"

    def ready(self):
        # Imported here, not at the top: apps.py loads before the app registry is ready, and these
        # modules import models.
        from identity.federation.store_consumer import FederationStoreConsumer, space_deleting_receiver

        # IAM Identity Center asks identity federation what uses a store, and tells it when a
        # store is deleted (the AWS side imports nothing from CodeCatalyst).
        consumers.register(FederationStoreConsumer())
        space_deleting.connect(space_deleting_receiver, dispatch_uid="identity.federation.space_deleting")
        # Every process that queues a sync registers its task: the web process queues it by name.
        import identity.sync.tasks  # noqa: F401
