"""Pages of the yearly review: the board's self-assessment rounds, results and annual review
(with its PDF builds and publication); each signatory's own self-assessment; the public list
of published reviews, the report page, its PDF and the action plan.

Board pages answer 404 to anyone not on the compact's board this year; an organisation's
assessment is for its own members (and, to read, the board). Views are thin: the rules and
the work are in `reviews.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from compact_portal import downloads, workdays
from signatories import permissions
from signatories.models import Organisation
from undertakings.models import Compact, Section

from . import charts as review_charts
from . import permissions as review_permissions
from . import report as review_report
from . import selectors as review_selectors
from . import services as review_services
from . import survey as review_survey
from .forms import AnnualReviewForm, ConfirmForm, OpenRoundForm, SectionAnswersForm
from .models import AnnualReview, Assessment, AssessmentRound, ReviewRendering


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


def _posted(request):
    """The POST data of a one-button form (bound even when the button sent no value)."""
    return request.POST if request.method == "POST" else None


# The board -----------------------------------------------------------------------------------


def _board_compact(request, slug) -> Compact:
    compact = get_object_or_404(Compact, slug=slug)
    if not permissions.is_board_member(request.user, compact):
        raise Http404
    return compact


def _round(compact, year) -> AssessmentRound:
    return get_object_or_404(AssessmentRound.objects.select_related("compact", "edition"), compact=compact, year=year)


@login_required
def review_index(request):
    compacts = [c for c in Compact.objects.order_by("name") if permissions.is_board_member(request.user, c)]
    if not compacts:
        raise Http404
    if len(compacts) == 1:
        return redirect("reviews:review_home", compacts[0].slug)
    return render(request, "reviews/board_index.html", {"compacts": compacts})


@login_required
def review_home(request, slug):
    compact = _board_compact(request, slug)
    year = workdays.today().year
    rounds = list(compact.assessment_rounds.order_by("-year"))
    reviews = {r.year: r for r in compact.annual_reviews.all()}
    # Last year's review is the one the board builds and publishes now (the queue counts it).
    years = sorted({year, year - 1} | {r.year for r in rounds} | set(reviews), reverse=True)
    return render(
        request,
        "reviews/board_home.html",
        {
            "compact": compact,
            "year": year,
            "rounds": rounds,
            "this_year_open": any(r.year == year for r in rounds),
            "review_years": [(y, reviews.get(y), review_selectors.review_due_on(y)) for y in years],
            "actions": review_selectors.actions_for_year(compact, year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_open(request, slug):
    compact = _board_compact(request, slug)
    form = OpenRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = review_services.open_round(compact=compact, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"The {opened.year} self-assessment is open. Signatories' admins have been emailed."
            )
            return redirect(opened)
    return render(request, "reviews/round_open.html", {"compact": compact, "form": form})


@login_required
def assessment_round(request, slug, year):
    compact = _board_compact(request, slug)
    found = _round(compact, year)
    rows = review_selectors.progress(found)
    return render(
        request,
        "reviews/round.html",
        {
            "compact": compact,
            "round": found,
            "rows": rows,
            "counts": review_selectors.progress_counts(rows),
            "today": workdays.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_chase(request, slug, year):
    compact = _board_compact(request, slug)
    found = _round(compact, year)
    waiting = [row for row in review_selectors.progress(found) if row.state != "submitted"]
    form = ConfirmForm(_posted(request), submit_label="Send the emails")
    if request.method == "POST":
        try:
            chased = review_services.chase(assessment_round=found, by=request.user)
        except ValidationError as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(
                request,
                f"Emailed the admins of {len(chased)} organisation{'s' if len(chased) != 1 else ''}."
                if chased
                else "Every signatory has submitted; nobody was emailed.",
            )
        return redirect(found)
    return render(request, "reviews/chase.html", {"compact": compact, "round": found, "waiting": waiting, "form": form})


@login_required
def assessment_results(request, slug, year):
    compact = _board_compact(request, slug)
    found = _round(compact, year)
    results = review_selectors.results(found)
    return render(
        request,
        "reviews/results.html",
        {
            "compact": compact,
            "round": found,
            "results": results,
            "by_section_chart": review_charts.bar_chart(
                "chart-by-promise", "Undertakings met, by promise or code", results.by_section
            ),
            "by_sector_chart": review_charts.bar_chart(
                "chart-by-sector", "Undertakings met, by sector", results.by_sector
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def annual_review_edit(request, slug, year):
    compact = _board_compact(request, slug)
    current = review_selectors.review_of(compact, year)
    form = None
    if not current.is_published:
        form = AnnualReviewForm(
            request.POST or None, review_obj=current, sections=review_selectors.review_sections(current)
        )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            review_services.save_review(
                compact=compact,
                year=year,
                by=request.user,
                operation=form.cleaned_data["operation"],
                difference_made=form.cleaned_data["difference_made"],
                annual_meeting_on=form.cleaned_data["annual_meeting_on"],
                commentary=form.commentary(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved the {year} annual review.")
            return redirect("reviews:annual_review_edit", slug, year)
    renderings = list(current.renderings.order_by("-version")) if current.pk else []
    return render(
        request,
        "reviews/review_edit.html",
        {
            "compact": compact,
            "year": year,
            "review": current,
            "form": form,
            "renderings": renderings,
            "due_on": review_selectors.review_due_on(year),
            "publication_refusal": review_services.publication_refusal(current),
        },
    )


@login_required
def annual_review_preview(request, slug, year):
    compact = _board_compact(request, slug)
    current = review_selectors.review_of(compact, year)
    return render(request, "reviews/preview.html", review_report.assemble_report(current))


def _saved_review(compact, year) -> AnnualReview:
    return get_object_or_404(AnnualReview.objects.select_related("compact", "edition"), compact=compact, year=year)


@login_required
@require_http_methods(["GET", "POST"])
def annual_review_build(request, slug, year):
    compact = _board_compact(request, slug)
    current = _saved_review(compact, year)
    form = ConfirmForm(_posted(request), submit_label="Build the PDF")
    if request.method == "POST":
        try:
            rendering = review_services.request_rendering(review=current, by=request.user)
        except ValidationError as error:
            messages.error(request, _refusal(error))
            return redirect("reviews:annual_review_edit", slug, year)
        return redirect(rendering)
    return render(
        request,
        "reviews/build.html",
        {"compact": compact, "review": current, "form": form, "running": review_selectors.building_now(current)},
    )


def _rendering(compact, year, version) -> ReviewRendering:
    return get_object_or_404(
        ReviewRendering.objects.select_related("review__compact"),
        review__compact=compact,
        review__year=year,
        version=version,
    )


# While a PDF is being built, a script on the status page asks `rendering_progress` how far it
# has got every few seconds and says so in a live region; without scripts the page has a
# "Check again" button. The page never reloads itself (WCAG 2.2.1, failure F41).
POLL_SECONDS = 3


def _status_context(compact, rendering) -> dict:
    return {
        "compact": compact,
        "review": rendering.review,
        "rendering": rendering,
        "poll_seconds": POLL_SECONDS,
        "stale": not rendering.is_finished and review_selectors.is_stale(rendering),
    }


@login_required
def rendering_status(request, slug, year, version):
    compact = _board_compact(request, slug)
    return render(request, "reviews/rendering.html", _status_context(compact, _rendering(compact, year, version)))


@login_required
def rendering_progress(request, slug, year, version):
    """How far the build has got, for the status page's script: the status, the per cent done,
    whether it has finished and the status panel as the page would show it now."""
    compact = _board_compact(request, slug)
    rendering = _rendering(compact, year, version)
    context = _status_context(compact, rendering)
    return JsonResponse(
        {
            "status": rendering.status,
            "progress": rendering.progress,
            "finished": rendering.is_finished,
            "announcement": rendering.status_sentence,
            "html": render_to_string("reviews/includes/rendering_status.html", context, request=request),
        }
    )


def _pdf_response(rendering: ReviewRendering):
    if rendering.status != ReviewRendering.Status.DONE:
        raise Http404
    return downloads.serve(
        rendering.pdf, filename=rendering.filename, content_type="application/pdf", as_attachment=False
    )


@login_required
def rendering_pdf(request, slug, year, version):
    compact = _board_compact(request, slug)
    return _pdf_response(_rendering(compact, year, version))


@login_required
@require_http_methods(["GET", "POST"])
def annual_review_publish(request, slug, year):
    compact = _board_compact(request, slug)
    current = _saved_review(compact, year)
    form = ConfirmForm(_posted(request), submit_label="Publish the annual review")
    if request.method == "POST":
        try:
            review_services.publish_review(review=current, by=request.user)
        except ValidationError as error:
            messages.error(request, _refusal(error))
            return redirect("reviews:annual_review_edit", slug, year)
        messages.success(
            request, f"Published the {year} annual review. The final PDF is being built for the public page."
        )
        return redirect("reviews:annual_review", slug, year)
    return render(
        request,
        "reviews/publish.html",
        {
            "compact": compact,
            "review": current,
            "form": form,
            "refusal": review_services.publication_refusal(current),
            "latest": current.renderings.filter(status=ReviewRendering.Status.DONE).order_by("-version").first(),
        },
    )


# Signatories' own self-assessment ------------------------------------------------------------


@login_required
def my_assessments(request):
    organisations = list(
        permissions.organisations_for(request.user)
        .filter(status=Organisation.Status.SIGNED)
        .select_related("compact")
        .order_by("name")
    )
    rounds = {}
    for found in AssessmentRound.objects.filter(compact__in={o.compact_id for o in organisations}).order_by("-year"):
        rounds.setdefault(found.compact_id, []).append(found)
    submitted = set(
        Assessment.objects.filter(organisation__in=organisations, status=Assessment.Status.SUBMITTED).values_list(
            "organisation_id", "round_id"
        )
    )
    rows = [
        {"organisation": o, "round": r, "submitted": (o.pk, r.pk) in submitted}
        for o in organisations
        for r in rounds.get(o.compact_id, [])
    ]
    admin_of = [o for o in organisations if review_permissions.can_answer_survey(request.user, o)]
    return render(
        request,
        "reviews/my_assessments.html",
        {"rows": rows, "organisations": organisations, "surveys": review_survey.open_surveys_for(admin_of)},
    )


def _assessment(request, slug, year, *, to_edit=False):
    organisation = get_object_or_404(Organisation.objects.select_related("compact"), slug=slug)
    allowed = (
        review_permissions.can_fill_in(request.user, organisation)
        if to_edit
        else review_permissions.can_read_assessment(request.user, organisation)
    )
    if not allowed:
        raise Http404  # another organisation's self-assessment is not even acknowledged
    found = _round(organisation.compact, year)
    return organisation, review_selectors.assessment_of(organisation, found)


@login_required
def assessment_detail(request, slug, year):
    organisation, assessment = _assessment(request, slug, year)
    undertakings = list(review_selectors.undertakings_for(organisation, assessment.round.edition))
    responses = {r.undertaking_id: r for r in assessment.responses.all()} if assessment.pk else {}
    sections = []
    for undertaking in undertakings:
        if not sections or sections[-1]["section"].pk != undertaking.section_id:
            sections.append({"section": undertaking.section, "items": [], "answered": 0})
        response = responses.get(undertaking.pk)
        sections[-1]["items"].append({"undertaking": undertaking, "response": response})
        sections[-1]["answered"] += bool(response and response.rating)
    return render(
        request,
        "reviews/assessment.html",
        {
            "organisation": organisation,
            "assessment": assessment,
            "round": assessment.round,
            "sections": sections,
            "answered": sum(s["answered"] for s in sections),
            "total": len(undertakings),
            "can_edit": review_permissions.can_fill_in(request.user, organisation)
            and not review_services.editing_refusal(assessment),
            "can_submit": review_permissions.can_submit(request.user, organisation),
            "refusal": review_services.editing_refusal(assessment),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_section(request, slug, year, section_slug):
    organisation, assessment = _assessment(request, slug, year, to_edit=True)
    section = get_object_or_404(Section, edition=assessment.round.edition, slug=section_slug)
    undertakings = list(review_selectors.undertakings_for(organisation, assessment.round.edition, section))
    if not undertakings:
        raise Http404("No undertakings in this section are for your organisation to rate.")
    refusal = review_services.editing_refusal(assessment)
    if refusal:
        messages.error(request, refusal)
        return redirect(assessment)
    responses = (
        {r.undertaking_id: r for r in assessment.responses.filter(undertaking__section=section)}
        if assessment.pk
        else {}
    )
    form = SectionAnswersForm(request.POST or None, undertakings=undertakings, responses=responses)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.save_answers(assessment=assessment, answers=form.answers(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved your answers on {section.title}.")
            return redirect("reviews:assessment", slug, year)
    return render(
        request,
        "reviews/assessment_section.html",
        {
            "organisation": organisation,
            "assessment": assessment,
            "round": assessment.round,
            "section": section,
            "label": review_selectors.section_label(section),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_submit(request, slug, year):
    organisation, assessment = _assessment(request, slug, year, to_edit=True)
    if not review_permissions.can_submit(request.user, organisation):
        raise PermissionDenied("Only an admin of the organisation can submit its self-assessment.")
    form = ConfirmForm(_posted(request), submit_label="Submit the self-assessment")
    if request.method == "POST" and form.is_valid():
        try:
            review_services.submit_assessment(assessment=assessment, by=request.user)
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, f"Submitted the {year} self-assessment for {organisation.name}. Thank you.")
            return redirect(assessment)
    missing = list(review_selectors.unanswered(assessment))
    return render(
        request,
        "reviews/assessment_submit.html",
        {
            "organisation": organisation,
            "assessment": assessment,
            "round": assessment.round,
            "form": form,
            "unanswered": [(u, review_selectors.undertaking_label(u)) for u in missing],
            "refusal": review_services.editing_refusal(assessment),
        },
    )


# The public site -----------------------------------------------------------------------------


def annual_reviews(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    published = list(review_selectors.published_reviews(compact))
    return render(
        request,
        "reviews/public_list.html",
        {"compact": compact, "reviews": [(r, review_selectors.public_rendering(r)) for r in published]},
    )


def _published(slug, year) -> AnnualReview:
    return get_object_or_404(
        AnnualReview.objects.select_related("compact"),
        compact__slug=slug,
        year=year,
        status=AnnualReview.Status.PUBLISHED,
    )


def annual_review(request, slug, year):
    published = _published(slug, year)
    return render(
        request,
        "reviews/public_report.html",
        {
            "compact": published.compact,
            "review": published,
            "rendering": review_selectors.public_rendering(published),
            "cover": review_report.cover(published),
            # The contents list the chapters the published report has (a foreword is optional).
            "chapters": [
                {"id": chapter_id, "title": title}
                for chapter_id, title in review_report.CHAPTERS
                if f'id="{chapter_id}"' in published.published_html
            ],
        },
    )


def annual_review_pdf(request, slug, year):
    published = _published(slug, year)
    rendering = review_selectors.public_rendering(published)
    if rendering is None:
        raise Http404("The PDF of this annual review is still being prepared.")
    return _pdf_response(rendering)


def action_plan(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    year = workdays.today().year
    actions = list(review_selectors.actions_for_year(compact, year))
    return render(
        request,
        "reviews/action_plan.html",
        {
            "compact": compact,
            "year": year,
            "actions": actions,
            "is_board": permissions.is_board_member(request.user, compact),
            "admin_url": reverse("admin:reviews_action_changelist"),
        },
    )
