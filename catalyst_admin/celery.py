"""The Celery app shared by the web process, the worker and beat."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalyst_admin.settings")

app = Celery("catalyst_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Background work lives in the rooms that have some: the group sync, worker health, billing, generative AI.
app.autodiscover_tasks(lambda: ["identity.sync", "billing", "genai"])
