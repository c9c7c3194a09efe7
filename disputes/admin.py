"""The board's admin for cases: view-only, and only Case.BOARD_FIELDS.

Board members (and superusers, a technical role the portal treats like the board) see that a
case exists, its stage, dates and outcome, never the details (Stafford procedure: details stay
confidential). So:
- the Case admin shows and searches only non-confidential fields (search by case number only);
- its history page is django-simple-history's, which never recorded the confidential fields,
  shown without the "changed by" column (who acted would identify the parties);
- the models that hold details (stage moves, formal concerns, responses, referral letters,
  panels' reasons, meetings, representatives, signposting, attachments, conflict declarations)
  have no admin at all. The parties and the panel work with them in the portal.
Notices of differences resolved internally are written for the board, so they are shown whole.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from compact_portal.admin_access import DeclaredAccessAdmin, ReadOnlyAdmin
from undertakings.procedure import STAGE_FIELDS

from .models import Case, InternalDifferenceNotice


@admin.register(Case)
class CaseAdmin(DeclaredAccessAdmin, ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "compact", "stage_name", "filed_at", "referral_received_on", "outcome", "closed_at"]
    list_filter = ["stage", "outcome", "compact"]
    # The stage under the compact's own name for it (undertakings.procedure).
    fields = ["stage_name" if f == "stage" else f for f in Case.BOARD_FIELDS if f != "id"]
    readonly_fields = fields
    search_fields = []  # see get_search_results: by case number, nothing else
    search_help_text = "Search by case number."
    date_hierarchy = "filed_at"
    object_history_list_template = "disputes/admin/case_history_list.html"
    history_list_display = []

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip().lstrip("#")
        if not term:
            return queryset, False
        return (queryset.filter(pk=int(term)) if term.isdigit() else queryset.none()), False

    def get_queryset(self, request):
        # Defer the details so they are not even loaded into the admin's memory.
        names = [f"compact__procedure_rules__{field}" for field in STAGE_FIELDS.values()]
        return (
            super()
            .get_queryset(request)
            .select_related("compact__procedure_rules")
            .only(*Case.BOARD_FIELDS, "compact__name", "compact__procedure_rules__compact", *names)
        )

    @admin.display(description="stage", ordering="stage")
    def stage_name(self, case):
        return case.stage_name

    def get_search_fields(self, request):
        return ["id"]  # shows the search box; the search itself is get_search_results


@admin.register(InternalDifferenceNotice)
class InternalDifferenceNoticeAdmin(DeclaredAccessAdmin, ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["organisation", "resolved_on", "notified_at", "compact"]
    list_filter = ["compact"]
    search_fields = ["organisation__name", "summary"]
    fields = ["compact", "organisation", "undertakings", "summary", "resolved_on", "notified_by", "notified_at"]
    readonly_fields = fields
    date_hierarchy = "resolved_on"
