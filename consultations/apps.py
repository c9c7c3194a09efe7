from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Funding and consultations"

    def ready(self):
        from signatories import questions

        from .selectors import waiting_questions

        questions.questions_asked_by(waiting_questions)
