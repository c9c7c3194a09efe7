from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = "Breach concerns and disputes"

    def ready(self):
        from signatories import joining

        from .selectors import is_party_to_open_case

        joining.board_keeps_out_when(is_party_to_open_case)
