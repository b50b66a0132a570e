from django.apps import AppConfig


class GenaiConfig(AppConfig):
    name = "genai"
    verbose_name = "Generative AI"
