from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from compact_portal import workdays
from compact_portal.admin_access import DeclaredAccessAdmin
from compact_portal.admin_lists import IndexedValuesFilter

from . import governance, joining, permissions, services
from .forms import DeclineForm
from .models import (
    BoardMembership,
    BoardSelfReview,
    Champion,
    ChampionTraining,
    Invitation,
    Membership,
    Organisation,
    Reminder,
    ResolutionGroupInvitation,
    ResolutionGroupMembership,
    Signature,
    User,
)


@admin.register(User)
class UserAdmin(DeclaredAccessAdmin, admin.ModelAdmin):  # people have no recorded history
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    list_per_page = 50  # a county has tens of thousands of people; each row costs about a millisecond
    fields = [
        "email",
        "full_name",
        "job_title",
        "is_active",
        "is_staff",
        "is_superuser",
        "groups",
        "last_login",
        "date_joined",
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]

    def get_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.fields
        return ["email", "full_name", "job_title", "is_active", "last_login"]  # the board reads, never changes, people


class MembershipForm(forms.ModelForm):
    """Who may join an organisation (signatories.joining), asked of whoever adds someone here."""

    added_by = None

    def clean(self):
        cleaned = super().clean()
        user, organisation = (
            cleaned.get("user"),
            cleaned.get("organisation") or getattr(self.instance, "organisation", None),
        )
        if user is not None and organisation is not None and (self.instance.pk is None or "user" in self.changed_data):
            refusal = joining.joining_refusal(user, organisation, by=self.added_by)
            if refusal:
                raise ValidationError(refusal)
        return cleaned


def _membership_form(form_class, request):
    return type(form_class.__name__, (form_class,), {"added_by": request.user})


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ["user"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _membership_form(formset.form, request)
        return formset


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    fields = ["edition", "signatory_name", "signatory_role", "signed_on", "signed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ChampionFilter(admin.SimpleListFilter):
    """Signatories without a trained Compact champion: the board's queue links here."""

    title = "Compact champion"
    parameter_name = "champion"

    def lookups(self, request, model_admin):
        return [("untrained", "Signatories without a trained champion")]

    def queryset(self, request, queryset):
        if self.value() == "untrained":
            return governance.without_trained_champion(queryset.signatories(), workdays.today())
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    list_display = ["name", "sector", "type", "status", "town", "applied_at"]
    list_filter = ["status", "sector", "type", "income_band", "compact", ChampionFilter]
    search_fields = ["name", "charity_number", "company_number", "postcode", "town", "contact_email"]
    readonly_fields = [
        "status",
        "decision",
        "applied_at",
        "decided_at",
        "decided_by",
        "decline_reason",
        "withdrawn_at",
        "withdrawn_by",
    ]
    inlines = [MembershipInline, SignatureInline]
    actions = ["approve", "decline", "withdraw"]
    date_hierarchy = "applied_at"
    fieldsets = [
        (None, {"fields": ["compact", "name", "slug", "sector", "type", "description"]}),
        ("Registration numbers", {"fields": ["charity_number", "company_number"]}),
        ("Contact", {"fields": ["address_line_1", "address_line_2", "town", "postcode", "website", "contact_email"]}),
        ("About", {"fields": ["income_band", "area_of_benefit"]}),
        ("Status", {"fields": readonly_fields}),
    ]

    @admin.display(description="Decision")
    def decision(self, organisation):
        """An application is decided on its own page, after a confirmation (signatories.views)."""
        if organisation.pk is None or organisation.status != Organisation.Status.APPLIED:
            return "-"
        return format_html(
            '<a href="{}">Approve the application</a> or <a href="{}">decline it with a reason</a>',
            reverse("signatories:approve_application", args=[organisation.pk]),
            reverse("signatories:decline_application", args=[organisation.pk]),
        )

    @admin.action(description="Approve selected applications (you are asked to confirm)")
    def approve(self, request, queryset):
        if "confirm" not in request.POST:
            return render(
                request,
                "admin/signatories/approve.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Approve applications",
                    "opts": self.model._meta,
                    "organisations": [(o, services.applicant_emails(o)) for o in queryset],
                    "action": "approve",
                },
            )
        done, refused = 0, []
        for organisation in queryset:
            try:
                services.approve_organisation(organisation=organisation, by=request.user)
                done += 1
            except ValidationError as error:
                refused.append(error.messages[0])
        if done:
            self.message_user(
                request,
                f"Approved {done} organisation{'s' if done != 1 else ''}; the applicants have been emailed.",
                messages.SUCCESS,
            )
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)

    @admin.action(description="Decline selected applications (with a reason)")
    def decline(self, request, queryset):
        form = DeclineForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for organisation in queryset:
                try:
                    services.decline_organisation(
                        organisation=organisation, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    done += 1
                except ValidationError as error:
                    self.message_user(request, error.messages[0], messages.WARNING)
            if done:
                plural = "s" if done != 1 else ""
                self.message_user(
                    request,
                    f"Declined {done} application{plural}; the applicants have been emailed the reason.",
                    messages.SUCCESS,
                )
            return None
        return render(
            request,
            "admin/signatories/decline.html",
            {
                **self.admin_site.each_context(request),
                "title": "Decline applications",
                "form": form,
                "organisations": queryset,
                "action": "decline",
                "opts": self.model._meta,
            },
        )

    @admin.action(description="Mark selected organisations as withdrawn")
    def withdraw(self, request, queryset):
        for organisation in queryset:
            services.withdraw_organisation(organisation=organisation, by=request.user)
        self.message_user(request, f"Withdrew {queryset.count()} organisation(s).", messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "joined_at"]
    list_filter = ["role", "organisation__sector"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
    form = MembershipForm
    # Newest first, along the primary key: ordering by organisation name sorts every membership
    # on every page (a county has tens of thousands). The column still sorts by name on request.
    ordering = ["-pk"]
    list_per_page = 50

    def get_form(self, request, obj=None, **kwargs):
        return _membership_form(super().get_form(request, obj, **kwargs), request)


class SeatAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "compact", "organisation"]
    search_fields = ["user__email", "user__full_name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if isinstance(obj, BoardMembership):
            services.grant_board_access(user=obj.user)


@admin.register(BoardMembership)
class BoardMembershipAdmin(SeatAdmin):
    list_display = ["user", "role", "sector", "compact", "year", "organisation", "term_ends_on"]
    list_filter = ["compact", "year", "role", "sector"]
    fields = ["compact", "year", "user", "organisation", "role", "sector", "term_starts_on", "term_ends_on"]


@admin.register(BoardSelfReview)
class BoardSelfReviewAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    """The board's yearly review of its own performance, recorded here and read by the annual
    review (signatories.selectors.board_self_review). Kept: never deleted by the board."""

    list_display = ["compact", "year", "held_on", "recorded_by"]
    list_filter = ["compact", "year"]
    fields = ["compact", "year", "held_on", "went_well", "to_improve", "actions"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


class ChampionTrainingInline(admin.TabularInline):
    model = ChampionTraining
    extra = 1
    fields = ["trained_on", "course"]


class ChampionForm(forms.ModelForm):
    class Meta:
        model = Champion
        fields = ["organisation", "user", "department", "telephone"]

    def clean(self):
        cleaned = super().clean()
        organisation, user = cleaned.get("organisation"), cleaned.get("user")
        if organisation and user and not Membership.objects.filter(user=user, organisation=organisation).exists():
            self.add_error("user", "The Compact champion must be a member of the organisation.")
        return cleaned


@admin.register(Champion)
class ChampionAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    """Compact champions, several an organisation, with their training records."""

    list_display = ["user", "organisation", "department", "telephone"]
    list_filter = ["organisation__compact"]
    search_fields = ["user__email", "user__full_name", "organisation__name", "department"]
    autocomplete_fields = ["organisation", "user"]
    list_select_related = ["user", "organisation"]
    fields = ["organisation", "user", "department", "telephone"]
    inlines = [ChampionTrainingInline]
    form = ChampionForm
    list_per_page = 50


@admin.register(ResolutionGroupMembership)
class ResolutionGroupMembershipAdmin(SeatAdmin):
    list_display = ["user", "sector", "compact", "year", "organisation"]
    list_filter = ["compact", "year", "sector"]


@admin.register(Invitation)
class InvitationAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["accepted_at"]
    search_fields = ["email", "organisation__name"]
    fields = ["organisation", "email", "role"]
    autocomplete_fields = ["organisation"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class InvitationForm(form):
            def clean_organisation(self):
                organisation = self.cleaned_data["organisation"]
                services.refuse_invitation_to(organisation)
                return organisation

        return InvitationForm if obj is None else form

    def save_model(self, request, obj, form, change):
        if change:
            return
        obj.email = obj.email.strip().lower()
        obj.invited_by = request.user
        super().save_model(request, obj, form, change)
        services.send_invitation(invitation=obj)
        self.message_user(request, f"Invitation emailed to {obj.email}.", messages.SUCCESS)


class InvitationStatusFilter(admin.SimpleListFilter):
    """Waiting, accepted, expired or cancelled: the status an invitation's dates give it."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return ResolutionGroupInvitation.Status.choices

    def queryset(self, request, queryset):
        from django.utils import timezone

        status, now = ResolutionGroupInvitation.Status, timezone.now()
        unanswered = queryset.filter(accepted_at__isnull=True)
        if self.value() == status.ACCEPTED:
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == status.CANCELLED:
            return unanswered.filter(cancelled_at__isnull=False)
        if self.value() == status.EXPIRED:
            return unanswered.filter(cancelled_at__isnull=True, expires_at__lte=now)
        if self.value() == status.WAITING:
            return unanswered.filter(cancelled_at__isnull=True, expires_at__gt=now)
        return queryset


@admin.register(ResolutionGroupInvitation)
class ResolutionGroupInvitationAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    """The board's invitations to a year's resolution group: sent from the convene page's
    invitation form (signatories.views), cancelled or sent again here after a confirmation."""

    list_display = ["email", "compact", "year", "sector", "status", "sent_count", "created_at", "expires_at"]
    list_filter = ["compact", InvitationStatusFilter, "year", "sector"]
    search_fields = ["email"]
    list_select_related = ["compact"]
    fields = [
        "compact",
        "year",
        "sector",
        "email",
        "status",
        "invited_by",
        "created_at",
        "sent_count",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "cancelled_at",
        "cancelled_by",
    ]
    readonly_fields = fields
    actions = ["cancel", "resend"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # A board member sees the invitations of the compacts on whose board they sit. Someone
        # who may not use this admin at all is refused by Django's permission checks instead.
        compact_ids = permissions.board_compact_ids(request.user)
        if compact_ids is None or not self.has_view_or_change_permission(request):
            return queryset
        return queryset.filter(compact_id__in=compact_ids)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Status")
    def status(self, invitation):
        return ResolutionGroupInvitation.Status(invitation.status).label

    def _confirm_or_apply(self, request, queryset, *, action, service, question, button, done):
        if "confirm" not in request.POST:
            return render(
                request,
                "admin/signatories/resolution_invitation_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": question,
                    "opts": self.model._meta,
                    "invitations": queryset.select_related("compact"),
                    "action": action,
                    "button": button,
                },
            )
        count = 0
        for invitation in queryset:
            try:
                service(invitation=invitation, by=request.user)
                count += 1
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.WARNING)
        if count:
            self.message_user(request, done(count), messages.SUCCESS)
        return None

    @admin.action(description="Cancel selected invitations (you are asked to confirm)", permissions=["change"])
    def cancel(self, request, queryset):
        return self._confirm_or_apply(
            request,
            queryset,
            action="cancel",
            service=services.cancel_resolution_invitation,
            question="Cancel these invitations?",
            button="Cancel the invitations",
            done=lambda n: f"Cancelled {n} invitation{'s' if n != 1 else ''}; the links in them no longer work.",
        )

    @admin.action(description="Send selected invitations again (you are asked to confirm)", permissions=["change"])
    def resend(self, request, queryset):
        return self._confirm_or_apply(
            request,
            queryset,
            action="resend",
            service=services.resend_resolution_invitation,
            question="Send these invitations again?",
            button="Send the invitations again",
            done=lambda n: f"Sent {n} invitation{'s' if n != 1 else ''} again; each link works for another 14 days.",
        )


@admin.register(Signature)
class SignatureAdmin(DeclaredAccessAdmin, SimpleHistoryAdmin):
    list_display = ["organisation", "edition", "signatory_name", "signatory_role", "signed_on"]
    list_filter = ["edition__compact", "edition"]
    search_fields = ["organisation__name", "signatory_name"]
    list_select_related = ["organisation", "edition__compact"]
    readonly_fields = [
        "organisation",
        "edition",
        "signed_by",
        "signatory_name",
        "signatory_role",
        "signed_on",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


class LeadFilter(admin.SimpleListFilter):
    """The lead times are fixed (Reminder.LEADS): no need to ask the database which there are."""

    title = "lead time"
    parameter_name = "lead"

    def lookups(self, request, model_admin):
        return list(Reminder.LEADS.items())

    def queryset(self, request, queryset):
        return queryset.filter(lead=self.value()) if self.value() else queryset


@admin.register(Reminder)
class ReminderAdmin(DeclaredAccessAdmin, admin.ModelAdmin):
    """Delivery states for the board: pending, sent, failed with the reason."""

    list_display = ["title", "recipient", "lead", "due_on", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", LeadFilter, ("kind", IndexedValuesFilter), "digest"]
    list_per_page = 50  # each row of ten cells costs about a millisecond to render
    search_fields = ["title", "recipient__email"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Try the selected failed reminders again")
    def retry(self, request, queryset):
        from django.utils import timezone

        count = queryset.exclude(status=Reminder.Status.SENT).update(
            status=Reminder.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(request, f"{count} reminder(s) will be sent at the next delivery run.", messages.SUCCESS)


from . import admin_thirdparty  # noqa: E402,F401
