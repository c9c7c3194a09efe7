"""The board's admin for the yearly review: self-assessment rounds (chase, close), the action
plan with its milestones, and annual reviews with their PDF versions. The pages the board
uses day to day are in reviews/views.py; the admin is for corrections and the action plan."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from compact_portal.admin_access import DeclaredAccessAdmin

from . import services as review_services
from . import survey as review_survey
from .models import (
    Action,
    AnnualMeeting,
    AnnualReview,
    Assessment,
    AssessmentResponse,
    AssessmentRound,
    Milestone,
    ReviewCommentary,
    ReviewRendering,
    Survey,
)


class AssessmentInline(admin.TabularInline):
    model = Assessment
    extra = 0
    fields = ["organisation", "status", "submitted_at", "submitted_by", "last_chased_at", "times_chased"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        # Each row names its organisation and who submitted; the formset asks for the round.
        return super().get_queryset(request).select_related("organisation", "submitted_by", "round")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "opens_on", "due_on", "board_page"]
    list_filter = ["compact", "status"]
    readonly_fields = ["compact", "edition", "year", "opened_by", "created_at", "board_page"]
    fields = ["compact", "edition", "year", "opens_on", "due_on", "status", "opened_by", "created_at", "board_page"]
    inlines = [AssessmentInline]
    actions = ["chase", "close"]

    def has_add_permission(self, request):
        return False  # opened from the board's page, which creates every signatory's assessment

    @admin.display(description="Progress and results")
    def board_page(self, obj):
        return format_html('<a href="{}">Progress</a>', obj.get_absolute_url()) if obj.pk else "-"

    @admin.action(description="Email the organisations that have not submitted")
    def chase(self, request, queryset):
        for assessment_round in queryset.select_related("compact"):
            try:
                chased = review_services.chase(assessment_round=assessment_round, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{assessment_round}: emailed the admins of {len(chased)} organisation(s).",
                    messages.SUCCESS,
                )

    @admin.action(description="Close the selected self-assessments")
    def close(self, request, queryset):
        for assessment_round in queryset:
            review_services.close_round(assessment_round=assessment_round)
        self.message_user(request, f"Closed {queryset.count()} self-assessment(s).", messages.SUCCESS)


class AssessmentResponseInline(admin.TabularInline):
    model = AssessmentResponse
    extra = 0
    fields = ["undertaking", "rating", "evidence", "comments", "updated_by", "updated_at"]
    readonly_fields = ["undertaking", "updated_by", "updated_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("undertaking__section", "updated_by")


@admin.register(Assessment)
class AssessmentAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    list_display = ["organisation", "round", "status", "submitted_at", "last_chased_at"]
    list_filter = ["round__compact", "round__year", "status", "organisation__sector"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "round__compact"]
    readonly_fields = [
        "round",
        "organisation",
        "submitted_at",
        "submitted_by",
        "last_chased_at",
        "times_chased",
        "created_at",
    ]
    fields = [
        "round",
        "organisation",
        "status",
        "submitted_at",
        "submitted_by",
        "last_chased_at",
        "times_chased",
        "created_at",
    ]
    inlines = [AssessmentResponseInline]

    def has_add_permission(self, request):
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1
    fields = ["title", "due_on", "done_on", "notes"]


@admin.register(Action)
class ActionAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    list_display = ["title", "owner", "year_agreed", "status", "done_on", "next_milestone"]
    list_filter = ["compact", "status", "year_agreed"]
    search_fields = ["title", "description", "owner__name"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    fields = ["compact", "title", "description", "owner", "year_agreed", "status", "done_on", "notes"]
    inlines = [MilestoneInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("milestones")

    @admin.display(description="Next milestone")
    def next_milestone(self, action):
        waiting = [m for m in action.milestones.all() if m.done_on is None]
        return f"{waiting[0].title} ({waiting[0].due_on:%-d %B %Y})" if waiting else "-"


class ReviewCommentaryInline(admin.StackedInline):
    model = ReviewCommentary
    extra = 0
    fields = ["section", "text"]


class ReviewRenderingInline(admin.TabularInline):
    model = ReviewRendering
    extra = 0
    fields = [
        "version",
        "draft",
        "status",
        "progress",
        "page_count",
        "created_at",
        "finished_at",
        "error",
        "status_page",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="PDF")
    def status_page(self, rendering):
        return format_html('<a href="{}">Open</a>', rendering.get_absolute_url()) if rendering.pk else "-"


@admin.register(AnnualReview)
class AnnualReviewAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "published_at", "board_page"]
    list_filter = ["compact", "status"]
    readonly_fields = ["status", "published_at", "published_by", "created_at", "updated_by", "board_page"]
    fields = [
        "compact",
        "edition",
        "year",
        "operation",
        "difference_made",
        "foreword",
        "logo",
        "annual_meeting_on",
        "status",
        "published_at",
        "published_by",
        "created_at",
        "updated_by",
        "board_page",
    ]
    inlines = [ReviewCommentaryInline, ReviewRenderingInline]

    @admin.display(description="Edit, build and publish")
    def board_page(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<a href="{}">The annual review page</a>',
            reverse("reviews:annual_review_edit", args=[obj.compact.slug, obj.year]),
        )


@admin.register(Survey)
class SurveyAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    """Opened from the board's page (which emails every signatory); here the board moves the
    closing date or closes it. Answers are not listed: they are read as totals on the results page."""

    list_display = ["__str__", "status", "opens_on", "closes_on", "answered", "results_page"]
    list_filter = ["compact", "status"]
    readonly_fields = ["compact", "edition", "year", "opened_by", "created_at", "answered", "results_page"]
    fields = [
        "compact",
        "edition",
        "year",
        "opens_on",
        "closes_on",
        "status",
        "opened_by",
        "created_at",
        "answered",
        "results_page",
    ]
    actions = ["close"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("compact").annotate(answer_count=Count("participations"))

    @admin.display(description="Organisations that answered")
    def answered(self, obj):
        return getattr(obj, "answer_count", 0)

    @admin.display(description="Results")
    def results_page(self, obj):
        return format_html('<a href="{}">Results</a>', obj.get_absolute_url()) if obj.pk else "-"

    @admin.action(description="Close the selected surveys")
    def close(self, request, queryset):
        for survey in queryset:
            review_survey.close_survey(survey=survey)
        self.message_user(request, f"Closed {queryset.count()} survey(s).", messages.SUCCESS)


@admin.register(AnnualMeeting)
class AnnualMeetingAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    """The annual meeting of signatories: agenda, minutes and actions, printed in the review."""

    list_display = ["__str__", "meeting_on"]
    list_filter = ["review__compact"]
    list_select_related = ["review__compact"]
    fields = ["review", "agenda", "minutes", "actions"]

    @admin.display(description="Date")
    def meeting_on(self, obj):
        return obj.review.annual_meeting_on or "-"
