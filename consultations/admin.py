"""The board's view of funding agreements and consultations: search, filters, late payments,
history and compliance flags. Consultations and what follows them (consents, impact
assessments, responses, feedback, decisions and formal notice) are governed by the lifecycle
(consultations/lifecycle.py): the officers' pages change them through its services, with its
refusals, so the admin shows them read-only, to superusers too. Funding agreements and their
payments are the board's to keep."""

from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from compact_portal import workdays
from compact_portal.admin_access import DeclaredAccessAdmin, ReadOnlyAdmin

from . import compliance, rules
from .models import (
    Consultation,
    ConsultationResponse,
    Decision,
    Feedback,
    FundingAgreement,
    ImpactAssessment,
    PaymentSchedule,
    ShortenedPeriodConsent,
    late_payment,
)


class PaymentScheduleInline(admin.TabularInline):
    model = PaymentSchedule
    extra = 1
    fields = ["due_on", "amount", "paid_on", "late"]
    readonly_fields = ["late"]

    @admin.display(description="Late")
    def late(self, payment):
        if payment.pk is None:
            return ""
        days = payment.days_late()
        return f"{days} day{'s' if days != 1 else ''} late" if days else "On time"


class LatePaymentFilter(admin.SimpleListFilter):
    title = "payments"
    parameter_name = "payments"

    def lookups(self, request, model_admin):
        return [("late", "With a late payment")]

    def queryset(self, request, queryset):
        if self.value() == "late":
            # A subquery, not a join: a join would multiply the rows the late-payment count adds up.
            return queryset.filter(pk__in=PaymentSchedule.objects.late(workdays.today()).values("agreement_id"))
        return queryset


@admin.register(FundingAgreement)
class FundingAgreementAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "funder",
        "recipient",
        "kind",
        "amount",
        "starts_on",
        "ends_on",
        "payment_timing",
        "late_payments",
    ]
    list_filter = [
        "kind",
        "payment_timing",
        LatePaymentFilter,
    ]  # the funder by search (a filter lists every public body)
    search_fields = ["title", "reference", "funder__name", "recipient__name"]
    autocomplete_fields = ["funder", "recipient"]
    list_select_related = ["funder", "recipient"]
    date_hierarchy = "starts_on"
    inlines = [PaymentScheduleInline]

    def get_queryset(self, request):
        today = workdays.today()
        return (
            super()
            .get_queryset(request)
            .annotate(late_count=Count("payments", filter=late_payment(today, prefix="payments__")))
        )

    @admin.display(description="Late payments", ordering="late_count")
    def late_payments(self, agreement):
        return agreement.late_count


@admin.register(PaymentSchedule)
class PaymentScheduleAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    list_display = ["agreement", "due_on", "amount", "paid_on", "is_late"]
    # Search by funder rather than a filter listing every public body: with a county's
    # signatories that list is a thousand links, built for every page of payments.
    # Due dates by range, not Django's drill-down by year: finding the years means a DISTINCT
    # over every payment of every compact.
    list_filter = [("paid_on", admin.EmptyFieldListFilter), ("due_on", admin.DateFieldListFilter)]
    search_fields = ["agreement__title", "agreement__recipient__name", "agreement__funder__name"]
    list_select_related = ["agreement__recipient"]
    list_per_page = 50
    # Latest due first, along an index. The default (the agreement's own order, then the due
    # date) sorts every payment across two tables for each page.
    ordering = ["-due_on"]
    autocomplete_fields = ["agreement"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agreement":  # an agreement names its recipient
            kwargs["queryset"] = FundingAgreement.objects.select_related("recipient")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(boolean=True, description="Late")
    def is_late(self, payment):
        return payment.is_late


class ConsentInline(ReadOnlyAdmin, admin.TabularInline):
    model = ShortenedPeriodConsent
    extra = 0
    fields = ["organisation", "given_by", "given_on", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "recorded_by")


class ResponseInline(ReadOnlyAdmin, admin.TabularInline):
    model = ConsultationResponse
    extra = 0
    fields = ["organisation", "author", "submitted_at", "attachment_name"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("consultation", "organisation", "author")

    def has_add_permission(self, request, obj=None):
        return False


class ImpactAssessmentInline(ReadOnlyAdmin, admin.StackedInline):
    model = ImpactAssessment
    extra = 0
    fields = ["summary", "equalities", "vcs_representatives", "completed_on"]


class FeedbackInline(ReadOnlyAdmin, admin.StackedInline):
    model = Feedback
    extra = 0
    fields = ["what_you_said", "what_we_did", "reviewed_by", "reviewed_at", "published_at"]
    readonly_fields = ["reviewed_by", "reviewed_at", "published_at"]


@admin.register(Consultation)
class ConsultationAdmin(DeclaredAccessAdmin, ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["title", "owner", "kind", "status", "opens_on", "closes_on"]
    # The consulting body by search: a filter would list every public body on every page.
    list_filter = ["status", "kind", "compact"]
    search_fields = ["title", "proposal", "owner__name", "affected_organisations__name"]
    list_select_related = ["owner"]
    # Autocomplete rather than lists of every organisation and agreement in the county.
    autocomplete_fields = ["owner", "created_by", "affected_organisations", "affected_agreements"]
    date_hierarchy = "opens_on"
    readonly_fields = [
        "status",
        "version",
        "created_at",
        "launched_at",
        "closed_at",
        "completed_at",
        "compliance_flags",
    ]
    inlines = [ConsentInline, ImpactAssessmentInline, FeedbackInline, ResponseInline]
    fieldsets = [
        (None, {"fields": ["compact", "owner", "created_by", "kind", "title", "status", "compliance_flags"]}),
        (
            "Proposal",
            {"fields": ["proposal", "criteria", "revised_outcomes", "affected_organisations", "affected_agreements"]},
        ),
        (
            "Dates",
            {"fields": ["opens_on", "closes_on", "holiday_extension_days", "holiday_reason", "shortened_reason"]},
        ),
        ("Record", {"fields": ["version", "created_at", "launched_at", "closed_at", "completed_at"]}),
    ]

    @admin.display(description="Departures from the Compact")
    def compliance_flags(self, consultation):
        found = compliance.flags(consultation, rules.rules_for(consultation)) if consultation.pk else []
        return "; ".join(f"{flag.label}: {flag.detail}" for flag in found) or "None"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "affected_agreements":  # an agreement names its recipient
            kwargs["queryset"] = FundingAgreement.objects.select_related("recipient")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(ConsultationResponse)
class ConsultationResponseAdmin(DeclaredAccessAdmin, ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["consultation", "organisation", "author", "submitted_at", "attachment_name"]
    list_filter = ["consultation__status"]  # the consulting body by search, not a list of every one
    search_fields = ["consultation__title", "consultation__owner__name", "organisation__name", "text"]
    list_select_related = ["consultation", "organisation", "author"]
    autocomplete_fields = ["consultation", "organisation", "author"]
    readonly_fields = ["attachment", "attachment_name", "attachment_content_type", "submitted_at"]
    date_hierarchy = "submitted_at"


@admin.register(Decision)
class DecisionAdmin(DeclaredAccessAdmin, ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["consultation", "outcome", "decided_on", "notice_starts_on", "notice_ends_on", "exceptional"]
    list_filter = ["outcome", "consultation__kind"]
    search_fields = ["consultation__title", "rationale"]
    list_select_related = ["consultation"]
    autocomplete_fields = ["consultation", "decided_by"]
    date_hierarchy = "decided_on"

    @admin.display(boolean=True, description="Exceptional circumstances")
    def exceptional(self, decision):
        return bool(decision.exceptional_reason.strip())


@admin.register(ShortenedPeriodConsent)
class ShortenedPeriodConsentAdmin(DeclaredAccessAdmin, ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["consultation", "organisation", "given_by", "given_on", "recorded_at"]
    search_fields = ["consultation__title", "organisation__name", "given_by"]
    list_select_related = ["consultation", "organisation"]
    autocomplete_fields = ["consultation", "organisation", "recorded_by"]


@admin.register(ImpactAssessment)
class ImpactAssessmentAdmin(DeclaredAccessAdmin, ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["consultation", "completed_on", "updated_at"]
    list_filter = [("completed_on", admin.EmptyFieldListFilter)]
    search_fields = ["consultation__title", "vcs_representatives"]
    list_select_related = ["consultation"]
    autocomplete_fields = ["consultation", "updated_by"]


@admin.register(Feedback)
class FeedbackAdmin(DeclaredAccessAdmin, ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["consultation", "reviewed_by", "published_at"]
    list_filter = [("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["consultation__title", "what_you_said", "what_we_did"]
    list_select_related = ["consultation", "reviewed_by"]
    autocomplete_fields = ["consultation", "reviewed_by"]
