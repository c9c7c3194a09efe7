from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = "Breach concerns and disputes"

    def ready(self):
        from compact_portal import published

        from .selectors import CASE_MODELS, CASES

        published.watch(CASES, CASE_MODELS)
