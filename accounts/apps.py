from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "AWS accounts"

    def ready(self):
        from accounts.connections import receivers
        from spaces.signals import space_deleting

        space_deleting.connect(receivers.space_deleting, dispatch_uid="accounts.connections.space_deleting")
