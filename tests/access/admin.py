"""The access table of the admin: for every registered admin, what a board member (who sits on
no panel) and a superuser may do. A staff member without the board group may do nothing.
tests/test_admin_access_matrix.py walks `admin.site._registry` against this table: a newly
registered admin fails it until its line is here.

Each entry: the operations ("view", "add", "change", "delete") and the actions offered.
"""

RULES = {}  # the portal's views are in the other modules; this module holds the admin's table

VIEW = frozenset({"view"})
EVERYTHING = frozenset({"view", "add", "change", "delete"})
KEEP = frozenset({"view", "add", "change"})  # records that are kept: never deleted by the board
NOTHING = frozenset()


def entry(ops, actions=()):
    return (frozenset(ops), frozenset(actions))


# What the board may do, model by model (signatories.services.BOARD_PERMISSIONS is the grant).
BOARD = {
    "signatories.User": entry(VIEW),
    "signatories.Organisation": entry(KEEP, ["approve", "decline", "withdraw"]),
    "signatories.Membership": entry(VIEW),
    "signatories.BoardMembership": entry(EVERYTHING, ["delete_selected"]),
    "signatories.BoardSelfReview": entry(KEEP),
    "signatories.Champion": entry(EVERYTHING, ["delete_selected"]),
    "signatories.ResolutionGroupMembership": entry(EVERYTHING, ["delete_selected"]),
    "signatories.Invitation": entry({"view", "add"}),
    "signatories.ResolutionGroupInvitation": entry({"view", "change"}, ["cancel", "resend"]),
    "signatories.Signature": entry(VIEW),
    "signatories.Reminder": entry({"view", "change"}, ["retry"]),
    "auth.Group": entry(NOTHING),
    "account.EmailAddress": entry(NOTHING),
    "mfa.Authenticator": entry(NOTHING),
    "django_celery_beat.PeriodicTask": entry({"view", "change"}, ["enable_tasks", "disable_tasks", "toggle_tasks"]),
    # The scheduler's internals are for superusers; the board chooses a task's schedule on the task.
    "django_celery_beat.ClockedSchedule": entry(NOTHING),
    "django_celery_beat.CrontabSchedule": entry(NOTHING),
    "django_celery_beat.SolarSchedule": entry(NOTHING),
    "django_celery_beat.IntervalSchedule": entry(NOTHING),
    "axes.AccessAttempt": entry(NOTHING),
    "axes.AccessLog": entry(NOTHING),
    "axes.AccessFailureLog": entry(NOTHING),
    "undertakings.Compact": entry({"view", "change"}),
    "undertakings.Edition": entry(KEEP, ["confirm_rules"]),
    "undertakings.Section": entry(EVERYTHING, ["delete_selected"]),
    "undertakings.Undertaking": entry(EVERYTHING, ["delete_selected"]),
    "undertakings.ProposedTimelineRule": entry({"view", "change"}, ["confirm", "reject"]),
    "undertakings.ProcedureRules": entry(KEEP, ["confirm_as_stated"]),
    "undertakings.ProposedProcedureRule": entry({"view", "change"}, ["confirm", "reject"]),
    "undertakings.ImportedDocument": entry(KEEP),
    "undertakings.HolidayPeriod": entry(EVERYTHING, ["delete_selected"]),
    "undertakings.AccessibleFormatRequest": entry({"view", "change"}),
    "reviews.AssessmentRound": entry({"view", "change"}, ["chase", "close"]),
    "reviews.Assessment": entry(VIEW),
    "reviews.Action": entry(EVERYTHING, ["delete_selected"]),
    "reviews.AnnualReview": entry(KEEP),
    "reviews.Survey": entry({"view", "change"}, ["close"]),
    "reviews.AnnualMeeting": entry(KEEP),
    "consultations.FundingAgreement": entry(KEEP),
    "consultations.PaymentSchedule": entry(EVERYTHING, ["delete_selected"]),
    "consultations.Consultation": entry(VIEW),
    "consultations.ConsultationResponse": entry(VIEW),
    "consultations.Decision": entry(VIEW),
    "consultations.ShortenedPeriodConsent": entry(VIEW),
    "consultations.ImpactAssessment": entry(VIEW),
    "consultations.Feedback": entry(VIEW),
    "disputes.Case": entry(VIEW),
    "disputes.InternalDifferenceNotice": entry(VIEW),
}

_ALL = ["delete_selected"]
# What a superuser may do where it is less than everything: records a lifecycle governs are
# read-only in the admin for everyone; records made elsewhere are not added here.
SUPERUSER = {
    **{label: entry(EVERYTHING, _ALL) for label in BOARD},
    "signatories.Organisation": entry(EVERYTHING, ["approve", "decline", "withdraw", *_ALL]),
    "signatories.Signature": entry({"view", "change", "delete"}, _ALL),
    "signatories.Reminder": entry({"view", "change", "delete"}, ["retry", *_ALL]),
    "signatories.ResolutionGroupInvitation": entry({"view", "change"}, ["cancel", "resend"]),
    "account.EmailAddress": entry(EVERYTHING, ["make_verified", *_ALL]),
    "mfa.Authenticator": entry({"view", "delete"}, _ALL),
    "django_celery_beat.PeriodicTask": entry(
        EVERYTHING, ["enable_tasks", "disable_tasks", "toggle_tasks", "run_tasks", *_ALL]
    ),
    "axes.AccessAttempt": entry({"view", "change", "delete"}, ["cleanup_expired_attempts", *_ALL]),
    "axes.AccessLog": entry({"view", "change", "delete"}, _ALL),
    "axes.AccessFailureLog": entry({"view", "change", "delete"}, _ALL),
    "undertakings.Edition": entry(EVERYTHING, ["confirm_rules", *_ALL]),
    "undertakings.ProposedTimelineRule": entry(EVERYTHING, ["confirm", "reject", *_ALL]),
    "undertakings.ProcedureRules": entry(EVERYTHING, ["confirm_as_stated", *_ALL]),
    "undertakings.ProposedProcedureRule": entry(EVERYTHING, ["confirm", "reject", *_ALL]),
    # Requests come from the public form, never from the admin.
    "undertakings.AccessibleFormatRequest": entry({"view", "change", "delete"}, _ALL),
    "reviews.AssessmentRound": entry({"view", "change", "delete"}, ["chase", "close", *_ALL]),
    "reviews.Assessment": entry({"view", "change", "delete"}, _ALL),
    "reviews.Survey": entry({"view", "change", "delete"}, ["close", *_ALL]),
    **{
        label: entry(VIEW)
        for label in [
            "consultations.Consultation",
            "consultations.ConsultationResponse",
            "consultations.Decision",
            "consultations.ShortenedPeriodConsent",
            "consultations.ImpactAssessment",
            "consultations.Feedback",
            "disputes.Case",
            "disputes.InternalDifferenceNotice",
        ]
    },
}

ADMIN = {"board_member": BOARD, "staff": {label: entry(NOTHING) for label in BOARD}, "superuser": SUPERUSER}
