from django.apps import AppConfig


class UndertakingsConfig(AppConfig):
    name = "undertakings"
    verbose_name = "Compacts and undertakings"
