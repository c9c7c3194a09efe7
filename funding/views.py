"""Grant rounds: the public list, a round and its awards, the open data; applying and seeing
the outcome; officers running a round, deciding applications and ending funding for
performance. Another body's drafts and private records answer 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from compact_portal import downloads, workdays
from compact_portal.workdays import format_date
from consultations.models import FundingAgreement
from signatories import permissions as signatory_permissions

from . import ending, lifecycle, open_data, permissions, rules, selectors, services
from .forms import ApplicationForm, DecisionForm, ImprovementPlanForm, NoticeForm, RoundForm, StartRoundForm
from .models import GrantRound

DONE = {
    "open": "The round is open for applications.",
    "close": "The round is closed.",
    "announce": "The decisions are announced: award letters and feedback have been sent and the awards published.",
}


# The public ------------------------------------------------------------------------------------


def round_list(request):
    which = "past" if request.GET.get("status") == "past" else "open"
    page = Paginator(selectors.public_rounds(which), 20).get_page(request.GET.get("page"))
    awards = Paginator(selectors.published_awards(), 20).get_page(request.GET.get("awards"))
    return render(
        request, "funding/list.html", {"page": page, "which": which, "awards": awards, "today": workdays.today()}
    )


def _viewable_round(request, pk) -> GrantRound:
    grant_round = selectors.round_for_page(pk)
    if grant_round is None or not permissions.can_view(request.user, grant_round):
        raise Http404
    return grant_round


def round_detail(request, pk):
    grant_round = _viewable_round(request, pk)
    r = grant_round
    return render(
        request,
        "funding/round.html",
        {
            "grant_round": r,
            "today": workdays.today(),
            "lead_in_kept": bool(
                r.opens_on and r.closes_on and rules.keeps_lead_in(r.opens_on, r.closes_on, rules.rules_for(r))
            ),
            "lead_in_weeks": rules.rules_for(r).grant_lead_in_weeks,
            "awards": r.awards if r.status == GrantRound.Status.DECIDED else [],
            "can_manage": permissions.can_manage(request.user, r),
            "can_apply": permissions.application_refusal(request.user, r) is None,
        },
    )


def open_data_json(request):
    return JsonResponse(open_data.package(request.build_absolute_uri()), json_dumps_params={"indent": 1})


def open_data_csv(request):
    response = HttpResponse(open_data.csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="360giving.csv"'
    return response


# Organisations applying ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    grant_round = _viewable_round(request, pk)
    organisations = permissions.applying_organisations(request.user, grant_round)
    listed = list(organisations)
    if not listed:
        raise Http404
    refusal = permissions.application_refusal(request.user, grant_round)
    existing = grant_round.applications.filter(organisation=listed[0]).first() if len(listed) == 1 else None
    form = ApplicationForm(request.POST or None, request.FILES or None, organisations=organisations, existing=existing)
    if request.method == "POST" and not refusal and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.submit_application(
                grant_round=grant_round,
                organisation=data["organisation"],
                by=request.user,
                project_title=data["project_title"],
                project_summary=data["project_summary"],
                amount_requested=data["amount_requested"],
                attachment=data.get("attachment"),
                checked=form.checked,
            )
        except PermissionDenied as error:
            refusal = str(error)
        else:
            messages.success(
                request,
                f"Application sent for {application.organisation.name}. You can change it until "
                f"the round closes at the end of {format_date(grant_round.closes_on)}.",
            )
            return redirect(application)
    return render(request, "funding/apply.html", {"grant_round": grant_round, "form": form, "refusal": refusal})


def _application_for(request, pk):
    application = selectors.application_for_page(pk)
    if application is None or not permissions.can_view_application(request.user, application):
        raise Http404
    return application


@login_required
def application_detail(request, pk):
    application = _application_for(request, pk)
    return render(
        request,
        "funding/application.html",
        {
            "application": application,
            "grant_round": application.grant_round,
            "can_manage": permissions.can_manage(request.user, application.grant_round),
            "can_change": (
                application.grant_round.accepts_applications()
                and signatory_permissions.is_member(request.user, application.organisation)
            ),
        },
    )


@login_required
def application_attachment(request, pk):
    application = _application_for(request, pk)
    served = downloads.serve(
        application.attachment,
        filename=application.attachment_name or application.attachment.name.rsplit("/", 1)[-1],
        content_type=application.attachment_content_type or "application/octet-stream",
    )
    served["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return served


@login_required
def mine(request):
    user = request.user
    officer_of = permissions.officer_organisations(user)
    return render(
        request,
        "funding/mine.html",
        {
            "officer_of": officer_of,
            "rounds": selectors.rounds_of(officer_of)[:50] if officer_of else [],
            "applications": selectors.applications_of(signatory_permissions.organisation_ids_for(user))[:50],
        },
    )


# Officers running a round --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    funders = permissions.officer_organisations(request.user)
    if not funders.exists():
        raise Http404
    form = StartRoundForm(request.POST or None, funders=funders)
    if request.method == "POST" and form.is_valid():
        grant_round = services.create_round(
            funder=form.cleaned_data["funder"], by=request.user, title=form.cleaned_data["title"]
        )
        return redirect("funding:edit", grant_round.pk)
    return render(request, "funding/form.html", {"form": form, "heading": "Start a grant round"})


def _managed(request, pk) -> GrantRound:
    grant_round = selectors.round_for_management(pk)
    if grant_round is None or not permissions.can_manage(request.user, grant_round):
        raise Http404
    return grant_round


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    grant_round = _managed(request, pk)
    if grant_round.status != GrantRound.Status.DRAFT:
        return redirect("funding:manage", pk)
    form = RoundForm(request.POST or None, grant_round=grant_round)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(grant_round=grant_round, by=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "The round is saved.")
            return redirect("funding:manage", pk)
    elif request.method == "GET" and grant_round.opens_on and grant_round.closes_on:
        form.warning = rules.lead_in_warning(grant_round.opens_on, grant_round.closes_on, rules.rules_for(grant_round))
    return render(
        request,
        "funding/form.html",
        {"form": form, "heading": f"Details: {grant_round.title}", "grant_round": grant_round, "warning": form.warning},
    )


@login_required
def manage(request, pk):
    grant_round = _managed(request, pk)
    return render(
        request,
        "funding/manage.html",
        {
            "grant_round": grant_round,
            "options": lifecycle.options(grant_round),
            "applications": list(grant_round.applications.all()),
            "decisions_due_on": rules.decisions_due_on(grant_round.closes_on) if grant_round.closes_on else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def transition(request, pk, name):
    grant_round = _managed(request, pk)
    if name not in lifecycle.TRANSITIONS:
        raise Http404
    refusal = lifecycle.refusal(grant_round, name)
    if request.method == "POST" and refusal is None:
        try:
            services.transition(grant_round=grant_round, name=name, by=request.user)
        except lifecycle.TransitionRefused as error:
            refusal = error.reason
        else:
            messages.success(request, DONE[name])
            return redirect("funding:manage", pk)
    return render(
        request,
        "funding/transition.html",
        {"grant_round": grant_round, "transition": lifecycle.TRANSITIONS[name], "refusal": refusal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    application = _application_for(request, pk)
    if not permissions.can_manage(request.user, application.grant_round):
        raise Http404
    form = DecisionForm(request.POST or None, application=application)
    refusal = None
    if application.grant_round.status != GrantRound.Status.CLOSED:
        refusal = "Applications are decided once the round has closed, and until the decisions are announced."
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.decide_application(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Decision saved for {application.organisation.name}.")
            return redirect("funding:manage", application.grant_round_id)
    return render(
        request,
        "funding/form.html",
        {
            "form": None if refusal else form,
            "refusal": refusal,
            "heading": f"Assess and decide: {application.organisation.name}",
            "grant_round": application.grant_round,
            "application": application,
        },
    )


# Ending funding for performance -------------------------------------------------------------------


def _endable(request, pk) -> FundingAgreement:
    agreement = get_object_or_404(FundingAgreement.objects.select_related("funder__compact", "recipient"), pk=pk)
    if not permissions.can_end_agreement(request.user, agreement):
        raise Http404
    return agreement


@login_required
@require_http_methods(["GET", "POST"])
def improvement_plan(request, pk):
    agreement = _endable(request, pk)
    plan = ending.latest_plan(agreement)
    if plan is not None and plan.outcome:
        plan = None  # a concluded plan stays as it is; a new concern opens a new plan
    form = ImprovementPlanForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_improvement_plan(agreement=agreement, by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "The improvement plan is saved.")
            return redirect(agreement)
    return render(
        request,
        "funding/form.html",
        {
            "form": form,
            "agreement": agreement,
            "heading": f"Performance concern and improvement plan: {agreement.title}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice(request, pk):
    agreement = _endable(request, pk)
    today = workdays.today()
    form = NoticeForm(request.POST or None)
    refusal = ending.steps_refusal(agreement, today)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.give_notice(agreement=agreement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Notice is given and the organisation has been emailed.")
            return redirect(agreement)
    terms = rules.ending_notice_terms(rules.rules_for_agreement(agreement))
    return render(
        request,
        "funding/form.html",
        {
            "form": None if refusal else form,
            "refusal": refusal,
            "agreement": agreement,
            "heading": f"End the funding for performance: {agreement.title}",
            "hint": f"Notice must be at least {terms.describe(terms.minimum)}, ideally {terms.describe(terms.ideal)}.",
        },
    )
