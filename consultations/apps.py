from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Funding and consultations"
