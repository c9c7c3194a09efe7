from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from compact_portal import paging
from compact_portal.question_pages import Question, QuestionPages, named_urls
from compact_portal.workdays import format_date

from . import calendar, forms, permissions, questions, selectors, services
from .filters import DirectoryFilter
from .forms import (
    ApproveApplicationForm,
    ChampionForm,
    DeclineApplicationForm,
    EditOrganisationForm,
    InvitedAccountForm,
    OrganisationForm,
    ReminderPreferencesForm,
    ResolutionGroupInvitationForm,
    SignatureForm,
)
from .models import Invitation, Membership, Organisation, ResolutionGroupInvitation, User, new_token
from .selectors import Compacts, default_compact


def home(request):
    body = render_to_string(
        "signatories/home_body.html",
        {"compact": default_compact(), "signatory_count": Organisation.objects.signatories().count()},
    )
    return render(request, "published_page.html", {"published": {"title": "Home", "body": body}})


def directory(request):
    found = DirectoryFilter(request.GET, queryset=Organisation.objects.signatories().select_related("compact"))
    page = paging.CappedPaginator(found.qs.order_by("name"), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    body = render_to_string(
        "signatories/directory_body.html", {"filter": found, "page": page, "query": query.urlencode()}
    )
    return render(request, "published_page.html", {"published": {"title": "Signatories", "body": body}})


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("compact"), slug=slug)
    if not permissions.can_view_organisation(request.user, organisation):
        raise Http404
    return render(
        request,
        "signatories/organisation.html",
        {
            "organisation": organisation,
            "signature": organisation.latest_signature(),
            "champions": selectors.champions_of(organisation),
            "can_edit": permissions.can_edit_organisation(request.user, organisation),
            "is_admin": permissions.is_organisation_admin(request.user, organisation),
        },
    )


@login_required
def dashboard(request):
    memberships = request.user.memberships.select_related("organisation__compact").order_by("organisation__name")
    invitations = [
        i
        for i in Invitation.objects.filter(email__iexact=request.user.email).select_related("organisation")
        if i.is_usable
    ]
    answering_for = [m.organisation_id for m in memberships if m.role == Membership.Role.ADMIN]
    return render(
        request,
        "signatories/dashboard.html",
        {"memberships": memberships, "invitations": invitations, "questions": questions.waiting_for(answering_for)},
    )


def register(request):
    """The old single page: joining starts at the start page now."""
    return redirect("signatories:register_start")


REGISTRATION = [
    Question("compact", "Which Compact", forms.CompactQuestionForm, asked=lambda answers: Compacts.objects.count() > 1),
    Question("organisation", "About the organisation", forms.NameAndTypeForm),
    Question("numbers", "Charity and company numbers", forms.NumbersForm),
    Question("address", "The organisation’s address", forms.AddressForm),
    Question("work", "What the organisation does", forms.WorkForm),
    Question("contact", "How to contact the organisation", forms.ContactForm),
]


def _organisation_answers(answers) -> tuple:
    """The compact chosen (or the only one) and the organisation's details, from the answers."""
    compact = answers.get("compact", {}).get("compact") or default_compact()
    given = {name: value for slug, cleaned in answers.items() if slug != "compact" for name, value in cleaned.items()}
    return compact, given


def _registration(request):
    """The questions of registering an organisation, kept in the session until confirmed."""

    def form_kwargs(question, answers):
        if question.slug == "compact":
            return {"compacts": Compacts.objects.order_by("name")}
        compact, given = _organisation_answers(answers)
        return {"instance": Organisation(compact=compact, **given)}

    return QuestionPages(
        request,
        key="register-organisation",
        questions=REGISTRATION,
        url=named_urls("signatories:register"),
        form_kwargs=form_kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_question(request, question):
    compact = default_compact()
    if compact is None:
        raise Http404("No Compact has been set up yet.")
    return _registration(request).question_page(
        question,
        template="question_pages/question.html",
        context={"caption": "Register your organisation"},
        start_url=reverse("signatories:register_start"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_check(request):
    if default_compact() is None:
        raise Http404("No Compact has been set up yet.")
    pages = _registration(request)

    def confirm(answers):
        compact, given = _organisation_answers(answers)
        # Every check again on the whole, as one page would: someone may have registered the
        # same organisation since.
        form = OrganisationForm(given, instance=Organisation(compact=compact))
        if not form.is_valid():
            raise ValidationError([message for errors in form.errors.values() for message in errors])
        return services.register_organisation(user=request.user, organisation=form.instance).pk

    return pages.check_page(
        template="signatories/register_check.html",
        context={
            "caption": "Register your organisation",
            "submit_label": "Send application",
        },
        confirm=confirm,
    )


@login_required
def register_done(request):
    """What happens next, for the organisation just registered by this person."""
    pk = _registration(request).finished()
    organisation = request.user.memberships.filter(organisation_id=pk).select_related("organisation__compact").first()
    if organisation is None:
        return redirect("signatories:register_start")
    return render(request, "signatories/register_done.html", {"organisation": organisation.organisation})


def register_start(request):
    """The start page: the steps of joining the Compact and what to have ready, for anyone."""
    compact = default_compact()
    if compact is None:
        raise Http404("No Compact has been set up yet.")
    return render(request, "signatories/register_start.html", {"compact": compact})


def _organisation_for(request, slug, predicate):
    organisation = get_object_or_404(Organisation.objects.select_related("compact"), slug=slug)
    if not permissions.knows_organisation(request.user, organisation):
        raise Http404  # other organisations' records are not even acknowledged
    if not predicate(request.user, organisation):
        raise PermissionDenied("You do not have permission to do this for the organisation.")
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def edit_organisation(request, slug):
    organisation = _organisation_for(request, slug, permissions.can_edit_organisation)
    form = EditOrganisationForm(request.POST or None, instance=organisation, initial={"type": organisation.type})
    if organisation.is_public_sector:
        form.fields["type"].choices = [(organisation.type, organisation.get_type_display())]
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Changes saved.")
        return redirect(organisation)
    return render(request, "signatories/edit.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def sign(request, slug):
    organisation = _organisation_for(request, slug, permissions.is_organisation_admin)
    edition = organisation.compact.adopted_edition()
    refusal = permissions.signing_refusal(request.user, organisation, edition)
    form = SignatureForm(
        request.POST or None,
        initial={"signatory_name": request.user.full_name, "signatory_role": request.user.job_title},
    )
    if request.method == "POST" and not refusal and form.is_valid():
        signature = services.sign_compact(
            organisation=organisation,
            user=request.user,
            signatory_name=form.cleaned_data["signatory_name"],
            signatory_role=form.cleaned_data["signatory_role"],
        )
        messages.success(request, f"{organisation.name} signed the Compact on {format_date(signature.signed_on)}.")
        return redirect(organisation)
    return render(
        request,
        "signatories/sign.html",
        {"form": form, "organisation": organisation, "edition": edition, "refusal": refusal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def champion(request, slug):
    """The organisation's Compact champions: name one, record a training, or remove one."""
    organisation = _organisation_for(request, slug, permissions.can_edit_organisation)
    form = ChampionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and request.POST.get("remove"):
        leaving = get_object_or_404(organisation.champions, pk=request.POST["remove"])
        services.remove_champion(champion=leaving, by=request.user)
        messages.success(request, f"{leaving.user} is no longer a Compact champion.")
        return redirect("signatories:champion", slug=organisation.slug)
    if request.method == "POST" and form.is_valid():
        try:
            services.name_champion(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("champion", error)
        else:
            messages.success(request, "Compact champion saved.")
            return redirect(organisation)
    return render(
        request,
        "signatories/champion.html",
        {"form": form, "organisation": organisation, "champions": selectors.champions_of(organisation)},
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not request.user.is_authenticated:
        request.session["invitation_token"] = token
        return render(request, "signatories/invitation.html", {"invitation": invitation})
    error = None
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except (ValidationError, PermissionDenied) as refusal:
            error = refusal.messages[0] if isinstance(refusal, ValidationError) else str(refusal)
        else:
            messages.success(request, f"You have joined {invitation.organisation.name}.")
            return redirect("signatories:dashboard")
    return render(request, "signatories/invitation.html", {"invitation": invitation, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def reminder_preferences(request):
    user = request.user
    if not user.calendar_token:
        user.calendar_token = new_token()
        user.save(update_fields=["calendar_token"])
    saving = request.method == "POST" and "reset_calendar" not in request.POST
    form = ReminderPreferencesForm(
        request.POST if saving else None, initial={"reminder_delivery": user.reminder_delivery}
    )
    if request.method == "POST" and "reset_calendar" in request.POST:
        user.calendar_token = new_token()
        user.save(update_fields=["calendar_token"])
        messages.success(
            request,
            "Your calendar address has been changed. The old address no longer works; add the new one to your "
            "calendar.",
        )
        return redirect("signatories:reminders")
    if saving and form.is_valid():
        user.reminder_delivery = form.cleaned_data["reminder_delivery"]
        user.save(update_fields=["reminder_delivery"])
        messages.success(request, "Reminder settings saved.")
        return redirect("signatories:reminders")
    feed_url = request.build_absolute_uri(reverse("signatories:calendar", args=[user.calendar_token]))
    return render(
        request,
        "signatories/reminders.html",
        {
            "form": form,
            "feed_url": feed_url,
            "deadlines": calendar.deadlines_for(user)[:20],
            "recent": user.reminders.order_by("-id")[:10],
        },
    )


def calendar_feed(request, token):
    user = get_object_or_404(User, calendar_token=token, is_active=True)
    return HttpResponse(calendar.ics_for(user), content_type="text/calendar; charset=utf-8")


# The board's decisions on applications -----------------------------------------------------


@login_required
def applications(request):
    """Applications waiting for the board's decision, oldest first, each with its decision links."""
    if not permissions.is_board_member(request.user):
        raise Http404
    waiting = Organisation.objects.filter(status=Organisation.Status.APPLIED).select_related("compact")
    compact_ids = permissions.board_compact_ids(request.user)
    if compact_ids is not None:
        waiting = waiting.filter(compact_id__in=compact_ids)
    page = Paginator(waiting.order_by("applied_at", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "signatories/applications.html", {"page": page})


def _application(request, pk) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("compact"), pk=pk)
    if not permissions.is_board_member(request.user, organisation.compact):
        raise Http404
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def decide_application(request, pk, decision):
    """Approve or decline one application, after a page saying what will happen and who is told."""
    organisation = _application(request, pk)
    approving = decision == "approve"
    form_class = ApproveApplicationForm if approving else DeclineApplicationForm
    form = form_class(request.POST if request.method == "POST" else None)
    if organisation.status == Organisation.Status.APPLIED and form.is_valid():
        try:
            if approving:
                services.approve_organisation(organisation=organisation, by=request.user)
            else:
                services.decline_organisation(
                    organisation=organisation, by=request.user, reason=form.cleaned_data["reason"]
                )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            done = "Approved" if approving else "Declined"
            messages.success(
                request, f"{done} the application from {organisation.name}. The applicant has been emailed."
            )
            return redirect("signatories:applications")
    return render(
        request,
        "signatories/decide.html",
        {
            "organisation": organisation,
            "form": form,
            "approving": approving,
            "told": services.applicant_emails(organisation),
        },
    )


# The resolution group ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invite_resolution_group(request, slug):
    """The board invites people by email to a year's resolution group, both sectors in one form."""
    compact = get_object_or_404(Compacts, slug=slug)
    if not permissions.is_board_member(request.user, compact):
        raise Http404
    year = request.GET.get("year", "")
    form = ResolutionGroupInvitationForm(
        request.POST or None, initial={"year": year if year.isdigit() else _this_year()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invited = services.invite_to_resolution_group(
            compact=compact,
            year=data["year"],
            by=request.user,
            emails_by_sector={"public": data["public"], "vcs": data["vcs"]},
        )
        messages.success(
            request,
            f"Invited {len(invited)} {'person' if len(invited) == 1 else 'people'} to the "
            f"{data['year']} resolution group. Each is a member once they accept.",
        )
        return redirect(request.GET.get("next") if _safe_next(request) else "board_dashboard")
    return render(
        request,
        "signatories/invite_resolution_group.html",
        {
            "compact": compact,
            "form": form,
            "waiting": compact.resolution_invitations.filter(accepted_at__isnull=True).order_by("-created_at")[:50],
            "back": request.GET.get("next") if _safe_next(request) else None,
        },
    )


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _this_year() -> int:
    from compact_portal.workdays import today

    return today().year


@require_http_methods(["GET", "POST"])
def accept_resolution_invitation(request, token):
    """Whoever holds the invitation: set a password (no account yet) or sign in, then accept."""
    from django.contrib.auth import login

    invitation = get_object_or_404(ResolutionGroupInvitation.objects.select_related("compact"), token=token)
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form, error = None, None
    if not request.user.is_authenticated and not has_account and invitation.is_usable:
        form = InvitedAccountForm(request.POST or None)
    if request.method == "POST" and invitation.is_usable:
        try:
            if form is not None and form.is_valid():
                user = services.create_invited_account(invitation=invitation, **form.cleaned_data)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if request.user.is_authenticated:
                services.accept_resolution_invitation(invitation=invitation, user=request.user)
                messages.success(
                    request,
                    f"You are a member of the {invitation.year} resolution group of "
                    f"{invitation.compact.the_name}. The board will ask you when a panel needs you.",
                )
                return redirect("disputes:my_cases")
        except PermissionDenied as refusal:
            error = str(refusal)
        except ValidationError as refusal:
            error = refusal.messages[0]
    return render(
        request,
        "signatories/resolution_invitation.html",
        {"invitation": invitation, "form": form, "error": error, "has_account": has_account},
    )
