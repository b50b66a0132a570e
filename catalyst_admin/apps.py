from django.apps import AppConfig


class CatalystAdminConfig(AppConfig):
    name = "catalyst_admin"
    verbose_name = "Catalyst Admin"
