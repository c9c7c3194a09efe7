"""The libraries' admins, registered again on the portal's terms (compact_portal.admin_access):
only their declared filters, delete pages that name nothing confidential, and:

- authenticators (allauth MFA): superusers only, and never their secrets;
- scheduled tasks (django-celery-beat): the board may change when the portal's own schedules
  run, not what they run or with which arguments (a task's arguments are an email's
  recipients and text); creating, deleting and running tasks at once are for superusers.
"""

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from compact_portal.admin_access import DeclaredAccessAdmin

# What a board member may change on a scheduled task: when it runs.
SCHEDULE_FIELDS = ("enabled", "interval", "crontab", "start_time")


def _register_again(model, admin_class):
    admin.site.unregister(model)
    admin.site.register(model, admin_class)


class PortalGroupAdmin(DeclaredAccessAdmin, GroupAdmin):
    pass


class PortalEmailAddressAdmin(DeclaredAccessAdmin, EmailAddressAdmin):
    pass


class PortalAuthenticatorAdmin(DeclaredAccessAdmin, AuthenticatorAdmin):
    fields = ["user", "type", "created_at", "last_used_at"]  # never `data`: the secret and recovery codes
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False  # enrolled by the person themselves, with their app

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser  # a lost phone: a superuser removes it


class PortalPeriodicTaskAdmin(DeclaredAccessAdmin, beat_admin.PeriodicTaskAdmin):
    change_form_template = "admin/signatories/periodictask_change_form.html"

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return [
            (
                None,
                {
                    "fields": [
                        "name",
                        "task",
                        "args",
                        "kwargs",
                        "description",
                        *SCHEDULE_FIELDS,
                        "solar",
                        "clocked",
                        "one_off",
                        "last_run_at",
                        "expires",
                        "queue",
                    ]
                },
            )
        ]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return [f.name for f in PeriodicTask._meta.fields if f.name not in SCHEDULE_FIELDS]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("run_tasks", None)
        return actions


class SuperusersOnly:
    """The scheduler's internals: the board changes when a task runs by choosing one of the
    schedules on the task itself; the schedules are kept by superusers."""

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)


class PortalClockedScheduleAdmin(SuperusersOnly, DeclaredAccessAdmin, beat_admin.ClockedScheduleAdmin):
    pass


class PortalCrontabScheduleAdmin(SuperusersOnly, DeclaredAccessAdmin, beat_admin.CrontabScheduleAdmin):
    pass


class PortalSolarScheduleAdmin(SuperusersOnly, DeclaredAccessAdmin, beat_admin.SolarScheduleAdmin):
    pass


class PortalIntervalScheduleAdmin(SuperusersOnly, DeclaredAccessAdmin, beat_admin.IntervalScheduleAdmin):
    pass


class PortalAccessAttemptAdmin(DeclaredAccessAdmin, AccessAttemptAdmin):
    pass


class PortalAccessLogAdmin(DeclaredAccessAdmin, AccessLogAdmin):
    pass


class PortalAccessFailureLogAdmin(DeclaredAccessAdmin, AccessFailureLogAdmin):
    pass


for _model, _admin in [
    (Group, PortalGroupAdmin),
    (EmailAddress, PortalEmailAddressAdmin),
    (Authenticator, PortalAuthenticatorAdmin),
    (PeriodicTask, PortalPeriodicTaskAdmin),
    (ClockedSchedule, PortalClockedScheduleAdmin),
    (CrontabSchedule, PortalCrontabScheduleAdmin),
    (SolarSchedule, PortalSolarScheduleAdmin),
    (IntervalSchedule, PortalIntervalScheduleAdmin),
    (AccessAttempt, PortalAccessAttemptAdmin),
    (AccessLog, PortalAccessLogAdmin),
    (AccessFailureLog, PortalAccessFailureLogAdmin),
]:
    _register_again(_model, _admin)
