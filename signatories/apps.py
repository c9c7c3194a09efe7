from django.apps import AppConfig


class SignatoriesConfig(AppConfig):
    name = "signatories"
    verbose_name = "Signatories and people"

    def ready(self):
        from compact_portal import deadlines, published, security

        deadlines.discover()
        security.connect_lockouts()
        published.connect()
