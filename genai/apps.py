from django.apps import AppConfig

from spaces.signals import space_deleting


class GenaiConfig(AppConfig):
    name = "genai"
    verbose_name = "Generative AI"

    def ready(self):
        # Imported here: the receivers and the task import models. Importing the task registers
        # it in every process (the web process runs it itself in eager mode).
        from genai import receivers, tasks  # noqa: F401

        space_deleting.connect(receivers.space_deleting, dispatch_uid="genai.space_deleting")
