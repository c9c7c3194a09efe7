from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from compact_portal.admin_access import DeclaredAccessAdmin
from signatories.models import Sector

from . import format_requests, import_preview, services
from .importing import CompactParseError, read_document
from .models import (
    AccessibleFormatRequest,
    Compact,
    Edition,
    HolidayPeriod,
    ImportedDocument,
    ProposedTimelineRule,
    Section,
    TimelineRules,
    Undertaking,
)
from .procedure_admin import ProposedProcedureRuleInline


class TimelineRulesInline(admin.StackedInline):
    model = TimelineRules
    can_delete = False
    extra = 0


@admin.register(Compact)
class CompactAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    list_display = ["name", "area", "bank_holiday_region"]
    search_fields = ["name", "area"]
    inlines = [TimelineRulesInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "admitted_sectors":  # ticked, not typed as a list
            return forms.MultipleChoiceField(
                label="Groups of signatories it admits",
                choices=Sector.choices,
                widget=forms.CheckboxSelectMultiple,
                help_text="Registration offers only the groups ticked here (public bodies are invited by the board)",
                error_messages={"required": "Tick at least one group of signatories"},
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ProposedRuleInline(admin.TabularInline):
    model = ProposedTimelineRule
    extra = 0
    fields = ["in_words", "source", "status"]
    readonly_fields = ["in_words", "source", "status"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "kind", "number", "title", "edit_link"]
    readonly_fields = ["edit_link"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(undertaking_count=Count("undertakings"))  # not a count per row

    @admin.display(description="Undertakings")
    def edit_link(self, section):
        if not section.pk:
            return "-"
        return format_html(
            '<a href="{}">{} undertakings</a>',
            reverse("admin:undertakings_section_change", args=[section.pk]),
            section.undertaking_count,
        )


@admin.register(Edition)
class EditionAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "adopted_on", "next_review_on", "created_at"]
    list_filter = ["compact", "status"]
    search_fields = ["label", "compact__name"]
    readonly_fields = [
        "status",
        "adopt_link",
        "adopted_on",
        "source_filename",
        "created_at",
        "yet_to_resign",
        "public_link",
    ]
    fields = [
        "compact",
        "label",
        "title",
        "status",
        "adopt_link",
        "adopted_on",
        "next_review_on",
        "principles",
        "source_filename",
        "created_at",
        "public_link",
        "yet_to_resign",
    ]
    inlines = [SectionInline, ProposedRuleInline, ProposedProcedureRuleInline]
    actions = ["confirm_rules"]

    @admin.display(description="Adopt")
    def adopt_link(self, edition):
        """Adopting replaces the compact's text: it is done on a page that says so first."""
        if not edition.pk or edition.status != Edition.Status.DRAFT:
            return "-"
        return format_html(
            '<a href="{}">Adopt this edition</a> (you are asked to confirm first)',
            reverse("undertakings:adopt", args=[edition.pk]),
        )

    @admin.display(description="Read it")
    def public_link(self, edition):
        if not edition.pk:
            return "-"
        url = edition.compact.get_absolute_url() + f"?edition={edition.pk}"
        compare = reverse("undertakings:compare", args=[edition.compact.slug]) + f"?new={edition.pk}"
        return format_html(
            '<a href="{}">Read this edition</a> · <a href="{}">Compare with another edition</a>', url, compare
        )

    @admin.display(description="Signatories yet to re-sign")
    def yet_to_resign(self, edition):
        if not edition.pk or edition.status != Edition.Status.ADOPTED:
            return "Only an adopted edition is signed."
        waiting = list(services.signatories_yet_to_resign(edition))
        return ", ".join(o.name for o in waiting) or "Everyone who signed an earlier edition has signed this one."

    @admin.action(description="Confirm all proposed timeline rules of the selected editions")
    def confirm_rules(self, request, queryset):
        confirmed = 0
        for proposed in ProposedTimelineRule.objects.filter(
            edition__in=queryset, status=ProposedTimelineRule.Status.PROPOSED
        ):
            services.confirm_rule(proposed=proposed)
            confirmed += 1
        self.message_user(
            request, f"Confirmed {confirmed} timeline rule(s); the compact's deadlines now use them.", messages.SUCCESS
        )


class UndertakingInline(admin.TabularInline):
    model = Undertaking
    extra = 1
    fields = ["position", "party", "number", "text", "reference"]


@admin.register(Section)
class SectionAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "number", "edition"]
    list_filter = ["edition__compact", "edition", "kind"]
    search_fields = ["title", "undertakings__text"]
    inlines = [UndertakingInline]


@admin.register(Undertaking)
class UndertakingAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    list_display = ["short_text", "party", "section"]
    list_filter = ["party", "section__edition__compact", "section__edition"]
    search_fields = ["text", "section__title"]
    list_select_related = ["section__edition__compact"]

    @admin.display(description="Undertaking")
    def short_text(self, undertaking):
        return undertaking.text[:100]


@admin.register(ProposedTimelineRule)
class ProposedTimelineRuleAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    list_display = ["in_words", "status", "edition"]
    list_filter = ["status", "edition__compact"]
    readonly_fields = ["edition", "in_words", "source", "status"]
    fields = readonly_fields
    actions = ["confirm", "reject"]

    @admin.action(description="Confirm: apply to the compact's timeline rules")
    def confirm(self, request, queryset):
        for proposed in queryset:
            services.confirm_rule(proposed=proposed)
        self.message_user(request, f"Applied {queryset.count()} rule(s).", messages.SUCCESS)

    @admin.action(description="Reject: keep the current rule")
    def reject(self, request, queryset):
        queryset.update(status=ProposedTimelineRule.Status.REJECTED)


class UploadForm(forms.ModelForm):
    document = forms.FileField(
        help_text="A Compact as a Word document (.docx), PDF, plain text (.txt) or Markdown (.md)"
    )
    destination = forms.ChoiceField(
        label="Which compact is this document for?",
        widget=forms.RadioSelect,
        initial="existing",
        choices=[
            ("existing", "A new edition of an existing compact (adopting it later replaces that compact's text)"),
            ("new", "A new compact"),
        ],
    )
    new_name = forms.CharField(
        label="Name of the new compact",
        required=False,
        max_length=200,
        help_text="For example “Riverside Compact”. Left empty, the document's title is used.",
    )
    new_area = forms.CharField(label="Area the new compact covers", required=False, max_length=200)

    class Meta:
        model = ImportedDocument
        fields = ["destination", "compact", "new_name", "new_area"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compact"].required = False
        self.fields["compact"].label = "Existing compact"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("destination") == "existing" and not cleaned.get("compact"):
            self.add_error("compact", "Choose the compact this is a new edition of, or choose “A new compact”.")
        upload = cleaned.get("document")
        if upload:
            if upload.size > 20 * 1024 * 1024:
                raise ValidationError("The document is over 20 MB. Save it without pictures and upload it again.")
            try:
                text = read_document(upload.read(), upload.name)
                self.parsed = services.parse_text(text, upload.name)
            except CompactParseError as error:
                raise ValidationError(str(error)) from None
            self.instance.text = text
            self.instance.filename = upload.name
            if cleaned.get("destination") == "new":
                self.new_compact_name = (
                    cleaned.get("new_name") or self.parsed.get("title") or upload.name.rsplit(".", 1)[0]
                ).strip()[:200]
                if Compact.objects.filter(name__iexact=self.new_compact_name).exists():
                    self.add_error(
                        "new_name",
                        f"There is a compact called “{self.new_compact_name}” already. "
                        "Choose it as the existing compact, or give the new one another name.",
                    )
        return cleaned


@admin.register(ImportedDocument)
class ImportedDocumentAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    """Import a Compact document: upload, preview and correct, then save as a draft edition."""

    list_display = ["filename", "compact", "uploaded_at", "edition"]
    form = UploadForm

    def get_urls(self):
        view = self.admin_site.admin_view(partial(import_preview.preview, self))
        return [path("<int:pk>/preview/", view, name="undertakings_importeddocument_preview")] + super().get_urls()

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("destination") == "new":
            obj.compact = services.create_compact(
                name=form.new_compact_name, area=form.cleaned_data.get("new_area", ""), by=request.user
            )
        obj.parsed = form.parsed
        obj.uploaded_by = request.user
        obj.report = "\n".join(services.summarise(form.parsed))
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("admin:undertakings_importeddocument_preview", obj.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:undertakings_importeddocument_preview", object_id)


@admin.register(HolidayPeriod)
class HolidayPeriodAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    """Each compact's holiday periods, entered per year by the board (Easter and the local school
    holidays move). Periods the portal seeded are marked as its default until the board saves them."""

    list_display = ["name", "compact", "starts_on", "ends_on", "is_portal_default"]
    list_filter = ["compact", "is_portal_default"]
    date_hierarchy = "starts_on"
    search_fields = ["name"]
    fields = ["compact", "name", "starts_on", "ends_on", "is_portal_default"]
    readonly_fields = ["is_portal_default"]

    def save_model(self, request, obj, form, change):
        # Saved by the board: its own dates now, not the portal's approximation.
        obj.is_portal_default = False
        super().save_model(request, obj, form, change)


class AnswerForm(forms.ModelForm):
    class Meta:
        model = AccessibleFormatRequest
        fields = ["answer"]

    def clean_answer(self):
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise ValidationError("Write the answer the requester is emailed: what you are sending them, and when.")
        return answer


@admin.register(AccessibleFormatRequest)
class AccessibleFormatRequestAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    """Requests for a page in another format or language. They come from the public form; the
    board records its answer here (format_requests.answer_request), which emails the requester."""

    form = AnswerForm
    list_display = ["received_at", "compact", "format_asked_for", "page", "answer_due_on", "status"]
    list_filter = ["compact", "status", "format"]
    list_select_related = ["compact"]
    search_fields = ["page", "name", "email"]
    fields = [
        "compact",
        "page_link",
        "format_asked_for",
        "name",
        "email",
        "phone",
        "received_at",
        "answer_due_on",
        "status",
        "answer",
        "answered_at",
        "answered_by",
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [name for name in self.fields if name != "answer"]
        if obj is not None and obj.status == AccessibleFormatRequest.Status.ANSWERED:
            readonly.append("answer")
        return readonly

    def has_add_permission(self, request):
        return False

    @admin.display(description="Page asked about")
    def page_link(self, format_request):
        return format_html('<a href="{}">{}</a>', format_request.page, format_request.page)

    @admin.display(description="Asked for")
    def format_asked_for(self, format_request):
        return format_request.format_asked_for

    def save_model(self, request, obj, form, change):
        if obj.status == AccessibleFormatRequest.Status.WAITING and "answer" in form.changed_data:
            format_requests.answer_request(format_request=obj, answer=form.cleaned_data["answer"], by=request.user)
            self.message_user(request, "Answer recorded; the requester has been emailed it.", messages.SUCCESS)
