"""The board's admin for each compact's dispute procedure and review interval, and for the
procedure rules the importer proposed. Every change goes through services.save_procedure_rules
or services.confirm_procedure_rule, as the import preview's confirmations do."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from compact_portal.admin_access import DeclaredAccessAdmin

from . import services
from .procedure import STAGE_FIELDS, ProcedureRules, ProposedProcedureRule


def bodies_as_lines(bodies) -> str:
    return "\n".join(f"{b.get('name', '')} | {b.get('url', '')}".rstrip(" |") for b in bodies or [])


def bodies_from_lines(text: str) -> list[dict]:
    """ "Riverside Mediation | https://..." per line: a name and, after a bar, its link."""
    bodies = []
    for line in (text or "").splitlines():
        name, _, url = (part.strip() for part in line.partition("|"))
        if not name:
            continue
        if url and not url.startswith(("https://", "http://")):
            raise ValidationError(f"The link for “{name}” must start with https:// (or http://).")
        bodies.append({"name": name, "url": url})
    return bodies


class ProcedureRulesForm(forms.ModelForm):
    signposting = forms.CharField(
        label="Where the parties are pointed when a case ends unresolved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One body a line: its name, a bar and its link, for example "
        "“Local Government and Social Care Ombudsman | https://www.lgo.org.uk/”.",
    )

    class Meta:
        model = ProcedureRules
        fields = [
            "compact",
            "informal_stage_name",
            "stage_1_name",
            "stage_2_name",
            "stage_3_name",
            "panel_decides",
            "details_readers",
            "edition_review_months",
        ]
        widgets = {"panel_decides": forms.RadioSelect, "details_readers": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signposting"].initial = bodies_as_lines(self.instance.signposting_bodies)
        if self.instance.pk:
            self.fields["compact"].disabled = True

    def clean_signposting(self):
        return bodies_from_lines(self.cleaned_data.get("signposting", ""))

    def clean_edition_review_months(self):
        months = self.cleaned_data["edition_review_months"]
        if not 1 <= months <= 120:
            raise ValidationError("Give the review interval in months, between 1 and 120 (10 years).")
        return months

    def changes(self) -> dict:
        """The rules the board changed in this form, {rule: value}: these become confirmed."""
        data, instance = self.cleaned_data, self.instance
        changes = {}
        if not instance.pk or any(field in self.changed_data for field in STAGE_FIELDS.values()):
            changes["stage_names"] = {stage: data[field] for stage, field in STAGE_FIELDS.items()}
        for rule in ("panel_decides", "details_readers", "edition_review_months"):
            if rule in self.changed_data or not instance.pk:
                changes[rule] = data[rule]
        if data["signposting"] != (instance.signposting_bodies or []) or not instance.pk:
            changes["signposting_bodies"] = data["signposting"]
        return changes


@admin.register(ProcedureRules)
class ProcedureRulesAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    """A compact's procedure: saved by the board, each changed rule counts as confirmed; the
    rules nobody has confirmed are marked as the portal's defaults."""

    form = ProcedureRulesForm
    list_display = ["compact", "panel_decides", "details_readers", "edition_review_months", "defaults_left"]
    list_select_related = ["compact"]
    readonly_fields = ["rules_in_words"]
    actions = ["confirm_as_stated"]

    def get_fields(self, request, obj=None):
        return [*ProcedureRulesForm.Meta.fields[:7], "signposting", "edition_review_months", "rules_in_words"]

    @admin.display(description="The rules in words")
    def rules_in_words(self, rules):
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{} ({})</li>", ((words, note) for _, words, note in rules.in_words_all())),
        )

    @admin.display(description="Portal defaults left")
    def defaults_left(self, rules):
        return sum(rules.is_default(rule) for rule in ProcedureRules.RULES)

    def save_model(self, request, obj, form, change):
        saved = services.save_procedure_rules(compact=form.cleaned_data["compact"], changes=form.changes())
        obj.pk = obj.id = saved.pk

    def save_related(self, request, form, formsets, change):
        pass  # nothing related: the rules are saved by the service in save_model

    @admin.action(description="Confirm the selected compacts' rules as their Compacts state them")
    def confirm_as_stated(self, request, queryset):
        for rules in queryset.select_related("compact"):
            services.save_procedure_rules(
                compact=rules.compact, changes={rule: rules.value_of(rule) for rule in ProcedureRules.RULES}
            )
        self.message_user(request, f"Confirmed the rules of {queryset.count()} compact(s).", messages.SUCCESS)


@admin.register(ProposedProcedureRule)
class ProposedProcedureRuleAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    list_display = ["in_words", "status", "edition"]
    list_filter = ["status", "edition__compact"]
    list_select_related = ["edition__compact"]
    readonly_fields = ["edition", "in_words", "source", "status"]
    fields = readonly_fields
    actions = ["confirm", "reject"]

    @admin.action(description="Confirm: apply to the compact's dispute procedure")
    def confirm(self, request, queryset):
        applied = 0
        for proposed in queryset.filter(status=ProposedProcedureRule.Status.PROPOSED).select_related(
            "edition__compact"
        ):
            services.confirm_procedure_rule(proposed=proposed)
            applied += 1
        self.message_user(request, f"Applied {applied} rule(s); the compact's cases now follow them.", messages.SUCCESS)

    @admin.action(description="Reject: keep the current rule")
    def reject(self, request, queryset):
        queryset.filter(status=ProposedProcedureRule.Status.PROPOSED).update(
            status=ProposedProcedureRule.Status.REJECTED
        )


class ProposedProcedureRuleInline(admin.TabularInline):
    """On the edition: what the importer read about the compact's procedure."""

    model = ProposedProcedureRule
    extra = 0
    fields = ["in_words", "source", "status"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False
