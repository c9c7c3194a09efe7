"""Pages for breach concerns. Thin: find the case, ask permissions and stages, call a service,
render. Who sees what is permissions.py; what may happen next is stages.py."""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from compact_portal import downloads, security, workdays
from compact_portal.question_pages import Question, QuestionPages, named_urls
from signatories import permissions as signatory_permissions
from undertakings.models import Compact
from undertakings.selectors import default_compact

from . import forms, permissions, selectors, services, stages
from .deadlines import case_deadlines
from .models import Attachment, Case, Meeting, Representative, Stage


def _case(request, pk, *, details=True):
    """The case, or 404 for anyone who may not know it exists. With `details`, only the parties
    and the panel get through; the board's own pages pass details=False."""
    case = selectors.case_for_page(pk)
    if case is None:
        raise Http404
    allowed = permissions.can_see_case_details if details else permissions.can_see_case_exists
    if not allowed(request.user, case):
        raise Http404
    return case


def _refusal(case, name, user):
    """Why this person may not do this now, shown on the page; 403 if it is never theirs to do."""
    if case.stage != Stage.CLOSED:
        not_theirs = stages.actor_refusal(case, stages.ACTIONS[name].actors, user)
        if not_theirs:
            raise PermissionDenied(not_theirs)
    return stages.refusal(case, name, user)


def _run(form, service, **kwargs):
    """Call a service; a refusal becomes an error at the top of the form."""
    try:
        return service(**kwargs) or True
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None


def _form_page(request, case, form, refusal, title, intro="", template="disputes/form_page.html", **extra):
    return render(
        request, template, {"case": case, "form": form, "refusal": refusal, "title": title, "intro": intro, **extra}
    )


@login_required
def my_cases(request):
    cases = Paginator(selectors.cases_for_user(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "disputes/my_cases.html",
        {
            "page": cases,
            "can_file": permissions.organisations_that_may_file(request.user).exists(),
            "awaiting_panel": selectors.cases_awaiting_panel_for(request.user),
        },
    )


@login_required
def file_concern(request):
    """The start page of raising a breach concern: the stages, and what to have ready."""
    organisations = list(permissions.organisations_that_may_file(request.user))
    if not organisations:
        return render(request, "disputes/cannot_file.html", {"what": "raise a breach concern"})
    return render(request, "disputes/file_start.html", {"compact": organisations[0].compact})


CONCERN_QUESTIONS = [
    Question("organisation", "Who the concern is about", forms.RespondentQuestionForm),
    Question("undertakings", "Which undertakings were not kept", forms.UndertakingsQuestionForm),
    Question("what-happened", "What happened", forms.WhatHappenedForm),
    Question("documents", "Documents", forms.DocumentsForm),
    Question("stage", "Where the concern starts", forms.StartingStageForm),
]


def _concern_pages(request, organisations):
    """Raising a concern, kept in the session until confirmed. Each page is offered only what
    the person may choose now: their own organisations, the signatories, the undertakings the
    chosen organisation gives."""

    def form_kwargs(question, answers):
        if question.slug == "organisation":
            return {"organisations": organisations}
        if question.slug == "undertakings":
            return {"compact": organisations[0].compact, "respondent": answers["organisation"]["respondent"]}
        return {}

    return QuestionPages(
        request,
        key="breach-concern",
        questions=CONCERN_QUESTIONS,
        url=named_urls("disputes:file"),
        form_kwargs=form_kwargs,
    )


def _filing_organisations(request):
    return list(permissions.organisations_that_may_file(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def file_question(request, question):
    organisations = _filing_organisations(request)
    if not organisations:
        return render(request, "disputes/cannot_file.html", {"what": "raise a breach concern"})
    return _concern_pages(request, organisations).question_page(
        question,
        template="disputes/file_question.html",
        context={"caption": "Raise a breach concern"},
        start_url=reverse("disputes:file"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def file_check(request):
    organisations = _filing_organisations(request)
    if not organisations:
        return render(request, "disputes/cannot_file.html", {"what": "raise a breach concern"})

    def confirm(answers):
        case = services.file_concern(
            complainant=answers["organisation"]["complainant"],
            respondent=answers["organisation"]["respondent"],
            by=request.user,
            undertakings=answers["undertakings"]["undertakings"],
            what_happened=answers["what-happened"]["what_happened"],
            what_has_been_tried=answers["what-happened"]["what_has_been_tried"],
            outcome_hoped_for=answers["what-happened"]["outcome_hoped_for"],
            starting_stage=answers["stage"]["starting_stage"],
            attachments=answers["documents"]["attachments"],
        )
        return case.pk

    return _concern_pages(request, organisations).check_page(
        template="disputes/file_check.html",
        context={
            "caption": "Raise a breach concern",
            "submit_label": "Raise the breach concern",
        },
        confirm=confirm,
    )


@login_required
def file_done(request):
    """The concern just raised by this person, and what happens next."""
    organisations = _filing_organisations(request)
    pk = _concern_pages(request, organisations).finished() if organisations else None
    case = Case.objects.filter(pk=pk, filed_by=request.user).select_related("respondent").first() if pk else None
    if case is None or not permissions.can_see_case_details(request.user, case):
        return redirect("disputes:file")
    return render(request, "disputes/file_done.html", {"case": case})


@login_required
def case_detail(request, pk):
    case = _case(request, pk, details=False)
    today = workdays.today()
    if not permissions.can_see_case_details(request.user, case):
        # The board's view: built from non-confidential facts only (selectors.BoardView).
        return render(
            request,
            "disputes/case_board.html",
            {
                "view": selectors.board_view(case, today),
                "today": today,
                "can_convene": stages.refusal(case, "convene", request.user, today) is None,
            },
        )
    security.log_event("case_details_viewed", request, case=case.pk)
    return render(
        request,
        "disputes/case.html",
        {
            "case": case,
            "today": today,
            "deadlines": case_deadlines(case, today),
            "next_steps": [
                {"label": action.label, "refusal": refused, "url": reverse(action.url_name, args=[case.pk])}
                for action, refused in stages.next_steps(case, request.user, today)
            ],
            "answers": [(org.name, stages.acceptances(case).get(org.pk)) for org in case.parties],
            "stage_in_a_sentence": stages.IN_A_SENTENCE[case.stage],
            "is_panel_member": permissions.is_panel_member(request.user, case),
            "panel": case.panel_or_none(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def accept(request, pk):
    case = _case(request, pk)
    refusal = _refusal(case, "accept", request.user)
    organisations = permissions.party_organisations_of(request.user, case)
    form = forms.AcceptanceForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and not refusal and form.is_valid():
        if _run(
            form,
            services.record_acceptance,
            case=case,
            by=request.user,
            organisation=form.cleaned_data["organisation"],
            accepts=form.cleaned_data["accepts"],
        ):
            messages.success(request, "Your organisation's answer has been saved.")
            return redirect(case)
    return _form_page(
        request,
        case,
        form,
        refusal,
        f"Do you accept the outcome of {stages.IN_A_SENTENCE[case.stage]}?",
        "A case moves on only when a stage has not produced an outcome both organisations accept.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def escalate(request, pk):
    case = _case(request, pk)
    refusal = _refusal(case, "escalate", request.user)
    form = forms.EscalateForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        if _run(form, services.escalate, case=case, by=request.user, **form.cleaned_data):
            messages.success(request, "The case is now at stage 1. The formal concern has been sent.")
            return redirect(case)
    return _form_page(
        request,
        case,
        form,
        refusal,
        "Move to stage 1: formal concern",
        f"Your formal written concern goes to {case.respondent.name}, naming the undertakings in the case.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def respond(request, pk):
    case = _case(request, pk)
    refusal = _refusal(case, "respond", request.user)
    existing = getattr(case, "respondent_response", None)
    form = forms.ResponseForm(request.POST or None, initial={"text": existing.text if existing else ""})
    if request.method == "POST" and not refusal and form.is_valid():
        if _run(form, services.respond, case=case, by=request.user, text=form.cleaned_data["text"]):
            messages.success(request, "Your response has been saved. The other organisation has been told.")
            return redirect(case)
    return _form_page(
        request,
        case,
        form,
        refusal,
        "Record your complaints procedure response",
        "Stage 1: your organisation follows its own complaints procedure and records the result here.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def refer(request, pk):
    case = _case(request, pk)
    refusal = _refusal(case, "refer", request.user)
    form = forms.ReferralForm(
        request.POST or None, case=case, organisations=permissions.party_organisations_of(request.user, case)
    )
    if request.method == "POST" and not refusal and form.is_valid():
        if _run(form, services.refer, case=case, by=request.user, **form.cleaned_data):
            messages.success(request, "The case has been referred to the Compact board. It will convene a panel.")
            return redirect(case)
    return _form_page(
        request,
        case,
        form,
        refusal,
        "Refer the case to the board (stage 2)",
        f"The letter names {case.complainant.name} and {case.respondent.name}, the undertakings, "
        "the nature of the difference and what has been tried.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def convene(request, pk):
    case = _case(request, pk, details=False)
    if not permissions.can_convene_panel(request.user, case):
        raise PermissionDenied("Only the Compact board convenes panels.")
    refusal = _refusal(case, "convene", request.user)
    if refusal:
        return _form_page(request, case, None, refusal, f"Convene the panel for case {case.pk}")
    proposal = services.propose_panel(case)
    rules = case.compact.rules
    unavailable = [seat.pk for seat, _ in proposal.unavailable]  # shown with the reason, never offered
    form = forms.ConveneForm(
        request.POST or None,
        group=services.resolution_group_for(case).exclude(pk__in=unavailable),
        proposal=proposal.seats,
        per_sector=rules.panel_members_per_sector,
        year=case.referral_received_on.year,
    )
    if request.method == "POST" and form.is_valid():
        if _run(form, services.convene_panel, case=case, by=request.user, seats=form.cleaned_data["seats"]):
            messages.success(request, f"Panel convened for case {case.pk}. Its members have been emailed.")
            return redirect(case)
    return _form_page(
        request,
        case,
        form,
        None,
        f"Convene the panel for case {case.pk}",
        template="disputes/convene.html",
        proposal=proposal,
        view=selectors.board_view(case),
        invite_url=_invite_url(case),
    )


def _invite_url(case) -> str:
    """Inviting members to the referral year's resolution group, and back to this panel."""
    return (
        reverse("signatories:invite_resolution_group", args=[case.compact.slug])
        + "?"
        + urlencode({"year": case.referral_received_on.year, "next": reverse("disputes:convene", args=[case.pk])})
    )


@login_required
@require_http_methods(["GET", "POST"])
def declare_conflict(request, pk):
    case = get_object_or_404(Case, pk=pk)
    if not permissions.is_resolution_group_member(request.user, case):
        raise Http404  # only the resolution group is asked; it learns the case number, nothing else
    refusal = _refusal(case, "declare_conflict", request.user)
    form = forms.ConflictForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        if _run(form, services.declare_conflict, case=case, by=request.user, reason=form.cleaned_data["reason"]):
            messages.success(request, f"Your conflict of interest in case {case.pk} has been recorded.")
            return redirect("disputes:my_cases")
    return _form_page(
        request,
        None,
        form,
        refusal,
        f"Declare a conflict of interest in case {case.pk}",
        "Anyone connected with a case cannot sit on its panel.",
        number=case.pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def choose_chair(request, pk):
    case = _case(request, pk)
    refusal = _refusal(case, "choose_chair", request.user)
    form = forms.ChairForm(request.POST or None, panel=case.panel) if case.panel_or_none() else None
    if request.method == "POST" and not refusal and form.is_valid():
        if _run(form, services.choose_chair, case=case, by=request.user, chair=form.cleaned_data["chair"]):
            messages.success(request, "The panel's chair has been recorded.")
            return redirect(case)
    return _form_page(
        request, case, form, refusal, "The panel's chair", "The panel chooses its own chair from its members."
    )


@login_required
@require_http_methods(["GET", "POST"])
def compact_matter(request, pk):
    case = _case(request, pk)
    refusal = _refusal(case, "decide_compact_matter", request.user)
    form = forms.CompactMatterForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        if _run(form, services.decide_compact_matter, case=case, by=request.user, **form.cleaned_data):
            messages.success(request, "The panel's decision has been recorded.")
            return redirect(case)
    return _form_page(
        request,
        case,
        form,
        refusal,
        "Is this a Compact matter?",
        "The panel first decides whether the concern is about undertakings in the Compact at all.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, pk, meeting_pk=None):
    case = _case(request, pk)
    refusal = _refusal(case, "schedule_meeting", request.user)
    existing = get_object_or_404(Meeting, pk=meeting_pk, panel__case=case) if meeting_pk else None
    initial = {"scheduled_on": existing.scheduled_on.strftime("%d/%m/%Y"), "notes": existing.notes} if existing else {}
    form = forms.MeetingForm(
        request.POST or None,
        meeting=existing,
        initial=initial,
        hearing_by=workdays.format_date(case.hearing_by) if case.hearing_by else None,
    )
    if request.method == "POST" and not refusal and form.is_valid():
        if _run(
            form,
            services.schedule_meeting,
            case=case,
            by=request.user,
            meeting=existing,
            kind=form.cleaned_data.get("kind", ""),
            scheduled_on=form.cleaned_data["scheduled_on"],
            notes=form.cleaned_data["notes"],
        ):
            messages.success(request, "The meeting has been saved. Both organisations have been told.")
            return redirect(case)
    title = (
        f"{existing.get_kind_display()} on {workdays.format_date(existing.scheduled_on)}"
        if existing
        else "Set a meeting"
    )
    return _form_page(
        request,
        case,
        form,
        refusal,
        title,
        "The hearing is no later than the date shown; further meetings may follow it.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def representatives(request, pk):
    case = _case(request, pk)
    refusal = _refusal(case, "name_representatives", request.user)
    organisations = permissions.party_organisations_of(request.user, case)
    form = forms.RepresentativeForm(
        None if "remove" in request.POST else request.POST or None, organisations=organisations
    )
    if request.method == "POST" and not refusal:
        if "remove" in request.POST:
            remove = request.POST["remove"]
            if not remove.isdecimal():
                raise Http404  # a representative's id is a number; anything else names no one
            representative = get_object_or_404(Representative, pk=remove, case=case)
            if _run(form, services.remove_representative, case=case, by=request.user, representative=representative):
                messages.success(request, f"{representative.name} has been removed.")
                return redirect("disputes:representatives", pk=case.pk)
        elif form.is_valid():
            if _run(form, services.add_representative, case=case, by=request.user, **form.cleaned_data):
                messages.success(request, f"{form.cleaned_data['name']} has been added.")
                return redirect("disputes:representatives", pk=case.pk)
    return _form_page(
        request,
        case,
        form,
        refusal,
        "Representatives at the hearing",
        template="disputes/representatives.html",
        organisations=organisations,
        per_party=case.compact.rules.representatives_per_party,
    )


@login_required
@require_http_methods(["GET", "POST"])
def signpost(request, pk):
    case = _case(request, pk)
    refusal = _refusal(case, "signpost", request.user)
    form = forms.SignpostForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        if _run(form, services.signpost, case=case, by=request.user, **form.cleaned_data):
            messages.success(request, "The case is now at stage 3. Both organisations have been told.")
            return redirect(case)
    return _form_page(
        request,
        case,
        form,
        refusal,
        "Stage 3: signpost further help",
        "When stage 2 has not resolved the difference, the panel points the organisations to "
        "national Compact advocacy or mediation.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request, pk):
    case = _case(request, pk)
    refusal = _refusal(case, "close", request.user)
    form = forms.OutcomeForm(request.POST or None, case=case)
    if request.method == "POST" and not refusal and form.is_valid():
        chosen = form.cleaned_data["outcome"]
        refused = stages.closing_refusal(case, chosen, request.user)
        if refused:
            form.add_error("outcome", refused)
        elif _run(form, services.close_case, case=case, by=request.user, **form.cleaned_data):
            messages.success(request, f"Case {case.pk} is closed.")
            return redirect(case)
    return _form_page(request, case, form, refusal, "Record the outcome", "The case closes with this outcome.")


@login_required
@require_http_methods(["GET", "POST"])
def add_attachments(request, pk):
    case = _case(request, pk)
    refusal = _refusal(case, "attach", request.user)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not refusal and form.is_valid():
        if _run(form, services.add_attachments, case=case, by=request.user, files=form.cleaned_data["files"]):
            messages.success(request, "The documents have been added to the case.")
            return redirect(case)
    return _form_page(request, case, form, refusal, "Add documents", forms.CONFIDENTIAL_HELP)


@login_required
def attachment(request, pk, attachment_pk):
    """Documents are never served from a public URL: only here, to those who may see details."""
    case = _case(request, pk)
    document = get_object_or_404(Attachment, pk=attachment_pk, case=case)
    security.log_event("case_document_opened", request, case=case.pk, document=document.pk)
    return downloads.serve(document.file, filename=document.original_name, content_type=document.content_type)


@login_required
@require_http_methods(["GET", "POST"])
def notify_difference(request):
    organisations = list(permissions.organisations_that_may_file(request.user))
    if not organisations:
        return render(request, "disputes/cannot_file.html", {"what": "notify the board of a difference"})
    form = forms.DifferenceNoticeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            form,
            services.notify_difference,
            organisation=data["organisation"],
            by=request.user,
            undertakings=form.chosen_undertakings(),
            summary=data["summary"],
            resolved_on=data["resolved_on"],
        ):
            messages.success(request, "Thank you. The Compact board has been told about the difference.")
            return redirect("disputes:my_cases")
    return render(request, "disputes/notify_difference.html", {"form": form})


def _board_cases(request):
    if not signatory_permissions.is_board_member(request.user):
        raise Http404
    cases = selectors.cases_for_board(request.user).prefetch_related("moves")
    stage = request.GET.get("stage")
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    return cases, stage if stage in Stage.values else ""


@login_required
def board_cases(request):
    cases, stage = _board_cases(request)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    today = workdays.today()
    return render(
        request,
        "disputes/board_cases.html",
        {
            "page": page,
            "views": [selectors.board_view(case, today, with_actions=False) for case in page],
            "stage": stage,
            "stages": Stage.choices,
            "today": today,
            "query": f"stage={stage}" if stage else "",
        },
    )


@login_required
def board_cases_csv(request):
    cases, _ = _board_cases(request)
    today = workdays.today()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cases-{today.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(selectors.BOARD_COLUMNS)
    rows = 0
    for case in cases:
        writer.writerow(
            [
                _safe_cell(value)
                for value in selectors.board_row(selectors.board_view(case, today, with_actions=False), case)
            ]
        )
        rows += 1
    security.log_event("export", request, export="board_cases_csv", rows=rows)
    return response


def _safe_cell(value):
    """A spreadsheet must not run what someone typed as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
def annual_summary(request):
    slug = request.GET.get("compact", "")
    if "\x00" in slug:
        raise Http404  # no slug has one, and PostgreSQL refuses a null byte in a query
    compact = get_object_or_404(Compact, slug=slug) if slug else default_compact()
    if compact is None or not signatory_permissions.is_board_member(request.user, compact):
        raise Http404
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else workdays.today().year
    return render(
        request,
        "disputes/annual_summary.html",
        {"compact": compact, "summary": selectors.annual_summary(compact, year), "years": range(year - 3, year + 1)},
    )
