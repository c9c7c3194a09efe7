from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Funding and consultations"

    def ready(self):
        from compact_portal import published

        from .selectors import RECORD_MODELS, RECORDS

        published.watch(RECORDS, RECORD_MODELS)
