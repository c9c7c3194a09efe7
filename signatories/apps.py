from django.apps import AppConfig


class SignatoriesConfig(AppConfig):
    name = "signatories"
    verbose_name = "Signatories and people"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from compact_portal import deadlines, security

        from . import permissions

        deadlines.discover()
        security.connect_lockouts()
        for label in permissions.STANDING_MODELS:  # a write within the request counts at once
            for signal in (post_save, post_delete):
                signal.connect(permissions.forget_standings, sender=label, weak=False,
                               dispatch_uid=f"standing-{label}-{signal is post_save}")
