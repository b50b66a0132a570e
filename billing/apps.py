from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Billing"

    def ready(self):
        # Every process registers the daily task (beat names it; a worker runs it).
        import billing.tasks  # noqa: F401
