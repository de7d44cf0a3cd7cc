from django.apps import AppConfig


class LamtheoConfig(AppConfig):
    name = "lamtheo"
    verbose_name = "LamTheo"
