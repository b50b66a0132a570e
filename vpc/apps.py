from django.apps import AppConfig


class VpcConfig(AppConfig):
    name = "vpc"
    verbose_name = "VPC connections"
