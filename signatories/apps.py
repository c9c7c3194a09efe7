from django.apps import AppConfig


class SignatoriesConfig(AppConfig):
    name = "signatories"
    verbose_name = "Signatories and people"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from compact_portal import deadlines, security

        from . import joining, open_deadlines, permissions, services

        deadlines.discover()
        open_deadlines.connect()  # the open deadlines table follows every write to what makes them
        security.connect_lockouts()
        joining.connect()
        post_migrate.connect(
            services.sync_board_group, dispatch_uid="board-group-permissions"
        )  # after every app's permissions
        for label in permissions.STANDING_MODELS:  # a write within the request counts at once
            for signal in (post_save, post_delete):
                signal.connect(
                    permissions.forget_standings,
                    sender=label,
                    weak=False,
                    dispatch_uid=f"standing-{label}-{signal is post_save}",
                )
