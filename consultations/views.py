"""Pages for the public and for VCS organisations: the list of consultations, a consultation,
its timeline, responding, responses and their attachments, funding agreements and "your
consultations". Officer pages are in `officer_views.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from compact_portal import downloads, paging, workdays
from compact_portal.question_pages import Question, QuestionPages, named_urls
from signatories import permissions as signatory_permissions

from . import compliance, permissions, rules, selectors, services, timeline, uploads
from . import forward_plan as forward_plan_module
from .forms import AnswerForm, ResponseDocumentForm, ResponseOrganisationForm, ResponseTextForm
from .models import ConsultationResponse, FundingAgreement

MINE_PER_PAGE = 20  # each list on "your consultations"


def consultation_list(request):
    which = "past" if request.GET.get("status") == "past" else "open"
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.public_consultations(which=which, query=query), 20).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    body = render_to_string(
        "consultations/list_body.html",
        {"page": page, "which": which, "q": query, "query": params.urlencode(), "today": workdays.today()},
    )
    title = "Past consultations" if which == "past" else "Open consultations"
    return render(request, "published_page.html", {"published": {"title": title, "body": body}})


def _viewable(request, pk):
    consultation = selectors.consultation_for_page(pk)
    if consultation is None or not permissions.can_view(request.user, consultation):
        raise Http404
    return consultation


def detail(request, pk):
    consultation = _viewable(request, pk)
    user = request.user
    terms = rules.notice_terms(consultation.kind, rules.rules_for(consultation))
    decision = getattr(consultation, "decision", None)
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "today": workdays.today(),
            "shortened": _is_shortened(consultation),
            "can_manage": permissions.can_manage(user, consultation),
            "can_respond": permissions.response_refusal(user, consultation) is None,
            "own_responses": selectors.responses_of(signatory_permissions.organisation_ids_for(user)).filter(
                consultation=consultation
            ),
            "feedback": consultation.published_feedback(),
            "assessment": getattr(consultation, "impact_assessment", None),
            "decision": decision if decision and consultation.is_published else None,
            "under_ideal": bool(
                decision
                and terms
                and decision.notice_ends_on
                and terms.is_under_ideal(decision.notice_starts_on, decision.notice_ends_on)
            ),
            "terms": terms,
            "show_financial_information": permissions.can_see_financial_information(user, consultation),
        },
    )


def _is_shortened(consultation) -> bool:
    c = consultation
    return bool(c.opens_on and c.closes_on and rules.is_shortened(c.opens_on, c.closes_on, rules.rules_for(c)))


def timeline_page(request, pk):
    """A consultation's timeline: public once launched, a draft's for its officers."""
    consultation = _viewable(request, pk)
    return render(
        request,
        "consultations/timeline.html",
        {
            "published": _timeline(consultation, workdays.today()),
            "consultation_pk": pk,
            "can_manage": permissions.can_manage(request.user, consultation),
        },
    )


def _timeline(consultation, today) -> dict:
    found = timeline.entries(consultation)
    c, timeline_rules = consultation, rules.rules_for(consultation)
    period = None
    if c.opens_on and c.closes_on:
        period = {
            "standard_closes_on": rules.standard_closes_on(c.opens_on, timeline_rules, rules.region_for(c)),
            "minimum_closes_on": rules.minimum_closes_on(c.opens_on, timeline_rules),
            "weeks": workdays.days_between(c.opens_on, c.closes_on) // 7,
            "days": workdays.days_between(c.opens_on, c.closes_on) % 7,
            "shortened": rules.is_shortened(c.opens_on, c.closes_on, timeline_rules),
            "warning": rules.consultation_holiday_warning(c),
        }
    body = render_to_string(
        "consultations/timeline_body.html",
        {
            "consultation": c,
            "today": today,
            "rules": timeline_rules,
            "period": period,
            "entries": [(entry, entry.state(today)) for entry in found],
            "due_next": timeline.due_next(found, today),
            "overdue": timeline.overdue(found, today),
            "flags": compliance.flags(c, timeline_rules),
        },
    )
    return {"title": f"Timeline: {c.title}", "body": body}


@login_required
def respond(request, pk):
    """Where a response starts: its first question."""
    consultation, organisations = _responding(request, pk)
    first = "organisation" if organisations.count() > 1 else "response"
    return redirect("consultations:respond_question", pk=consultation.pk, question=first)


def _responding(request, pk):
    """The consultation and the organisations this person may respond for; 404 to anyone else
    (only VCS signatories respond)."""
    consultation = _viewable(request, pk)
    organisations = permissions.responding_organisations(request.user, consultation)
    if not organisations.exists():
        raise Http404
    return consultation, organisations


def _response_pages(request, consultation, organisations):
    """A response, kept in the session until confirmed; one journey per consultation. Who it is
    for is asked only of someone with more than one organisation that may respond."""
    several = organisations.count() > 1
    questions = [
        Question("organisation", "Who you are responding for", ResponseOrganisationForm, asked=lambda answers: several),
        Question("response", "Your response", ResponseTextForm),
        Question("document", "A supporting document", ResponseDocumentForm),
    ]

    def form_kwargs(question, answers):
        if question.slug == "organisation":
            return {"organisations": organisations}
        existing = consultation.responses.filter(organisation=_responding_for(answers, organisations)).first()
        return {"existing": existing}

    return QuestionPages(
        request,
        key=f"consultation-response-{consultation.pk}",
        questions=questions,
        url=named_urls("consultations:respond", consultation.pk),
        form_kwargs=form_kwargs,
    )


def _responding_for(answers, organisations):
    return answers.get("organisation", {}).get("organisation") or organisations.first()


@login_required
@require_http_methods(["GET", "POST"])
def respond_question(request, pk, question):
    consultation, organisations = _responding(request, pk)
    refusal = permissions.response_refusal(request.user, consultation)
    if refusal:
        return render(request, "consultations/respond_refused.html", {"consultation": consultation, "refusal": refusal})
    return _response_pages(request, consultation, organisations).question_page(
        question,
        template="consultations/respond_question.html",
        context={"caption": consultation.title, "consultation": consultation},
        start_url=consultation.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def respond_check(request, pk):
    consultation, organisations = _responding(request, pk)
    refusal = permissions.response_refusal(request.user, consultation)
    if refusal:
        return render(request, "consultations/respond_refused.html", {"consultation": consultation, "refusal": refusal})
    pages = _response_pages(request, consultation, organisations)

    def confirm(answers):
        attachment = answers["document"]["attachment"]
        try:
            return services.submit_response(
                consultation=consultation,
                organisation=_responding_for(answers, organisations),
                author=request.user,
                text=answers["response"]["text"],
                attachment=attachment,
                checked=uploads.validate_attachment(attachment) if attachment else None,
            ).pk
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error

    return pages.check_page(
        template="consultations/respond_check.html",
        context={
            "caption": consultation.title,
            "consultation": consultation,
            "submit_label": "Send response",
        },
        confirm=confirm,
    )


@login_required
def respond_done(request, pk):
    """The response just sent, what happens next, and that a receipt is on its way."""
    consultation, organisations = _responding(request, pk)
    response_pk = _response_pages(request, consultation, organisations).finished()
    response = consultation.responses.filter(pk=response_pk, organisation__in=organisations).first()
    if response is None:
        return redirect("consultations:respond", pk=consultation.pk)
    return render(request, "consultations/respond_done.html", {"consultation": consultation, "response": response})


def _response_for(request, pk) -> ConsultationResponse:
    response = get_object_or_404(
        ConsultationResponse.objects.select_related(
            "consultation__compact", "consultation__owner", "organisation", "author"
        ),
        pk=pk,
    )
    if not permissions.can_view_response(request.user, response):
        raise Http404
    return response


@login_required
def response_detail(request, pk):
    response = _response_for(request, pk)
    return render(
        request,
        "consultations/response.html",
        {
            "response": response,
            "consultation": response.consultation,
            "can_change": (
                response.consultation.accepts_responses()
                and signatory_permissions.is_member(request.user, response.organisation)
            ),
        },
    )


@login_required
def attachment(request, pk):
    """The only way to an attachment: after the permission check, always as a download."""
    response = _response_for(request, pk)
    served = downloads.serve(
        response.attachment,
        filename=response.attachment_name or response.attachment.name.rsplit("/", 1)[-1],
        content_type=response.attachment_content_type or "application/octet-stream",
    )
    served["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return served


@login_required
def agreement(request, pk):
    funding = get_object_or_404(FundingAgreement.objects.select_related("funder__compact", "recipient"), pk=pk)
    if not permissions.can_view_agreement(request.user, funding):
        raise Http404
    today = workdays.today()
    payments = list(funding.payments.all())
    return render(
        request,
        "consultations/agreement.html",
        {
            "agreement": funding,
            "today": today,
            "payments": [(payment, payment.days_late(today)) for payment in payments],
            "late_count": sum(1 for payment in payments if payment.days_late(today)),
            "consultations": funding.consultations.exclude(status="draft").select_related("owner"),
            "can_end": permissions.is_officer_for(request.user, funding.funder),
        },
    )


@login_required
def mine(request):
    """A signed-in person's consultations: those their public body runs, those affecting their
    VCS organisations, their responses, and their organisations' funding agreements."""
    user = request.user
    officer_of = permissions.officer_organisations(user)
    organisations = signatory_permissions.organisation_ids_for(user)
    lists = {
        "owned": selectors.owned_by(officer_of) if officer_of else [],
        "affecting": selectors.affecting(organisations),
        "responses": selectors.responses_of(organisations),
        "agreements": selectors.agreements_of(organisations),
    }
    return render(
        request,
        "consultations/mine.html",
        {
            "officer_of": officer_of,
            "questions": selectors.open_questions(permissions.admin_organisation_ids(user)),
            **{name: paging.peek(rows, request.GET.get(name), MINE_PER_PAGE) for name, rows in lists.items()},
            "today": workdays.today(),
        },
    )


def forward_plan(request):
    entries = list(forward_plan_module.upcoming())
    return render(
        request,
        "consultations/forward_plan.html",
        {
            "months": forward_plan_module.by_month(entries),
            "can_add": permissions.officer_organisations(request.user).exists(),
        },
    )


def forward_plan_ics(request):
    return HttpResponse(
        forward_plan_module.ics(forward_plan_module.upcoming()), content_type="text/calendar; charset=utf-8"
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, question, pk):
    """An affected organisation's admin agrees or refuses: a shorter period, or taking part in
    the joint impact assessment. Anyone else is told nothing (404)."""
    if question not in services.QUESTIONS:
        raise Http404
    model = services.QUESTIONS[question][0]
    asked = get_object_or_404(
        model.objects.select_related("organisation", "answered_by", "consultation__owner", "consultation__compact"),
        pk=pk,
    )
    if not permissions.can_answer(request.user, asked):
        raise Http404
    refusal = services.answer_refusal(asked)
    form = (
        None
        if refusal
        else AnswerForm(
            request.POST or None,
            question=question,
            organisation=asked.organisation,
            initial={"given_by": asked.given_by or request.user.get_full_name()},
        )
    )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.answer_question(
                row=asked,
                by=request.user,
                agree=form.cleaned_data["answer"] == "agree",
                given_by=form.cleaned_data["given_by"],
                representative=form.cleaned_data.get("representative", ""),
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(
                request, f"Your answer for {asked.organisation.name} has been sent to {asked.consultation.owner.name}."
            )
            return redirect("consultations:answer", question, asked.pk)
    c = asked.consultation
    return render(
        request,
        "consultations/answer.html",
        {
            "asked": asked,
            "consultation": c,
            "question": question,
            "form": form,
            "refusal": refusal,
            "rules": rules.rules_for(c),
            "weeks": workdays.days_between(c.opens_on, c.closes_on) // 7 if c.opens_on and c.closes_on else None,
        },
    )
