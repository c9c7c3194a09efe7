from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .importer import CompactParseError
from .models import Compact, Edition, ImportedDocument, Party, ProposedTimelineRule, Section, TimelineRules, Undertaking


class TimelineRulesInline(admin.StackedInline):
    model = TimelineRules
    can_delete = False
    extra = 0


@admin.register(Compact)
class CompactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area", "bank_holiday_region"]
    search_fields = ["name", "area"]
    inlines = [TimelineRulesInline]


class ProposedRuleInline(admin.TabularInline):
    model = ProposedTimelineRule
    extra = 0
    fields = ["rule", "value", "unit", "source", "status"]
    readonly_fields = ["rule", "value", "unit", "source", "status"]
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
        return format_html('<a href="{}">{} undertakings</a>', reverse("admin:undertakings_section_change", args=[section.pk]),
                           section.undertaking_count)


@admin.register(Edition)
class EditionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "adopted_on", "next_review_on", "created_at"]
    list_filter = ["compact", "status"]
    search_fields = ["label", "compact__name"]
    readonly_fields = ["status", "adopted_on", "source_filename", "created_at", "yet_to_resign", "public_link"]
    fields = ["compact", "label", "title", "status", "adopted_on", "next_review_on", "principles", "source_filename",
              "created_at", "public_link", "yet_to_resign"]
    inlines = [SectionInline, ProposedRuleInline]
    actions = ["adopt", "confirm_rules"]

    @admin.display(description="Read it")
    def public_link(self, edition):
        if not edition.pk:
            return "-"
        url = edition.compact.get_absolute_url() + f"?edition={edition.pk}"
        compare = reverse("undertakings:compare", args=[edition.compact.slug]) + f"?new={edition.pk}"
        return format_html('<a href="{}">Read this edition</a> · <a href="{}">Compare with another edition</a>', url, compare)

    @admin.display(description="Signatories yet to re-sign")
    def yet_to_resign(self, edition):
        if not edition.pk or edition.status != Edition.Status.ADOPTED:
            return "Only an adopted edition is signed."
        waiting = list(services.signatories_yet_to_resign(edition))
        return ", ".join(o.name for o in waiting) or "Everyone who signed an earlier edition has signed this one."

    @admin.action(description="Adopt the selected draft edition (signatories are asked to re-sign)")
    def adopt(self, request, queryset):
        for edition in queryset:
            try:
                services.adopt_edition(edition=edition)
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
            else:
                self.message_user(request, f"Adopted the {edition.label} edition of {edition.compact}. "
                                  "Earlier signatories have been asked to re-sign.", messages.SUCCESS)

    @admin.action(description="Confirm all proposed timeline rules of the selected editions")
    def confirm_rules(self, request, queryset):
        confirmed = 0
        for proposed in ProposedTimelineRule.objects.filter(edition__in=queryset, status=ProposedTimelineRule.Status.PROPOSED):
            services.confirm_rule(proposed=proposed)
            confirmed += 1
        self.message_user(request, f"Confirmed {confirmed} timeline rule(s); the compact's deadlines now use them.", messages.SUCCESS)


class UndertakingInline(admin.TabularInline):
    model = Undertaking
    extra = 1
    fields = ["position", "party", "number", "text", "reference"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "number", "edition"]
    list_filter = ["edition__compact", "edition", "kind"]
    search_fields = ["title", "undertakings__text"]
    inlines = [UndertakingInline]


@admin.register(Undertaking)
class UndertakingAdmin(admin.ModelAdmin):
    list_display = ["short_text", "party", "section"]
    list_filter = ["party", "section__edition__compact", "section__edition"]
    search_fields = ["text", "section__title"]
    list_select_related = ["section__edition__compact"]

    @admin.display(description="Undertaking")
    def short_text(self, undertaking):
        return undertaking.text[:100]


@admin.register(ProposedTimelineRule)
class ProposedTimelineRuleAdmin(admin.ModelAdmin):
    list_display = ["rule", "value", "unit", "status", "edition"]
    list_filter = ["status", "edition__compact"]
    readonly_fields = ["edition", "rule", "value", "unit", "source", "status"]
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
    document = forms.FileField(help_text="A Compact as plain text (.txt) or Markdown (.md)")

    class Meta:
        model = ImportedDocument
        fields = ["compact"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("document")
        if upload:
            if upload.size > 5 * 1024 * 1024:
                raise ValidationError("The document is over 5 MB; a Compact in plain text is far smaller.")
            data = upload.read()
            try:
                self.parsed = services.parse_document(data, upload.name)
            except CompactParseError as error:
                raise ValidationError(str(error)) from None
            self.instance.text = data.decode("utf-8", errors="replace")
            self.instance.filename = upload.name
        return cleaned


@admin.register(ImportedDocument)
class ImportedDocumentAdmin(admin.ModelAdmin):
    """Import a Compact document: upload, preview and correct, then save as a draft edition."""

    list_display = ["filename", "compact", "uploaded_at", "edition"]
    form = UploadForm

    def get_urls(self):
        return [path("<int:pk>/preview/", self.admin_site.admin_view(self.preview), name="undertakings_importeddocument_preview")] + super().get_urls()

    def save_model(self, request, obj, form, change):
        obj.parsed = form.parsed
        obj.uploaded_by = request.user
        obj.report = "\n".join(services.summarise(form.parsed))
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("admin:undertakings_importeddocument_preview", obj.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:undertakings_importeddocument_preview", object_id)

    def preview(self, request, pk):
        document = get_object_or_404(ImportedDocument, pk=pk)
        if not self.has_change_permission(request, document):
            return redirect("admin:index")
        data, label, error = document.parsed, request.POST.get("label", document.filename), None
        if request.method == "POST":
            data = _corrected(document.parsed, request.POST)
            document.parsed = data
            document.save()
            if "adopt" in request.POST:
                try:
                    edition = services.create_draft_edition(compact=document.compact, data=data, label=label.strip(), filename=document.filename)
                except ValidationError as refusal:
                    error = refusal.messages[0]
                else:
                    document.edition = edition
                    document.save()
                    self.message_user(request, f"Saved as the draft edition “{edition.label}”. "
                                      "Confirm its timeline rules and adopt it when ready.", messages.SUCCESS)
                    return redirect("admin:undertakings_edition_change", edition.pk)
            else:
                self.message_user(request, "Corrections saved.", messages.SUCCESS)
        return render(request, "admin/undertakings/import_preview.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": f"Preview of {document.filename}",
            "document": document, "data": data, "parties": Party.choices, "kinds": Section.Kind.choices,
            "label": label, "error": error,
        })


def _corrected(data: dict, post) -> dict:
    """Apply the board's corrections from the preview form: titles, kinds, parties, texts,
    removals and splits (a line "---" inside an undertaking splits it)."""
    sections = []
    for s_index, section in enumerate(data["sections"]):
        if post.get(f"s{s_index}-remove"):
            continue
        undertakings = []
        for u_index, undertaking in enumerate(section["undertakings"]):
            key = f"s{s_index}-u{u_index}"
            if post.get(f"{key}-remove"):
                continue
            party = post.get(f"{key}-party", undertaking["party"])
            text = post.get(f"{key}-text", undertaking["text"])
            for n, part in enumerate(services.split_marked(text)):
                undertakings.append({"party": party if party in Party.values else undertaking["party"],
                                     "number": undertaking["number"] if n == 0 else None, "text": part})
        sections.append({**section, "title": post.get(f"s{s_index}-title", section["title"]).strip() or section["title"],
                         "kind": post.get(f"s{s_index}-kind", section["kind"]), "undertakings": undertakings})
    return {**data, "sections": sections}


