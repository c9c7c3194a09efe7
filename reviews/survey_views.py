"""Pages of the annual Compact survey: the board opens it and reads the anonymous results
with their trend over the years; an organisation's admin answers it once. The rules are in
`reviews.survey`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from signatories import permissions
from signatories.models import Organisation
from undertakings.models import Compact

from . import charts as review_charts
from . import permissions as review_permissions
from . import survey as review_survey
from .forms import OpenSurveyForm, SurveyAnswerForm
from .models import Survey


def _board_compact(request, slug) -> Compact:
    compact = get_object_or_404(Compact, slug=slug)
    if not permissions.is_board_member(request.user, compact):
        raise Http404
    return compact


@login_required
@require_http_methods(["GET", "POST"])
def survey_open(request, slug):
    compact = _board_compact(request, slug)
    form = OpenSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = review_survey.open_survey(compact=compact, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"The {opened.year} Compact survey is open. Signatories' admins have been emailed."
            )
            return redirect(opened)
    return render(request, "reviews/survey_open.html", {"compact": compact, "form": form})


@login_required
def survey_results(request, slug, year):
    compact = _board_compact(request, slug)
    found = get_object_or_404(Survey.objects.select_related("compact", "edition"), compact=compact, year=year)
    results = review_survey.results(found)
    trend = review_survey.trend(compact, year)
    return render(
        request,
        "reviews/survey_results.html",
        {
            "compact": compact,
            "survey": found,
            "results": results,
            "years": list(compact.surveys.order_by("-year").values_list("year", flat=True)),
            "chart": review_charts.survey_chart(results),
            "trend_chart": review_charts.trend_chart(trend),
            "min_answers": review_survey.MIN_ANSWERS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_answer(request, slug, year):
    organisation = get_object_or_404(Organisation.objects.select_related("compact"), slug=slug)
    if not review_permissions.can_answer_survey(request.user, organisation):
        if permissions.is_member(request.user, organisation):
            raise PermissionDenied("Only an admin of the organisation answers the Compact survey.")
        raise Http404
    found = get_object_or_404(
        Survey.objects.select_related("compact", "edition"), compact=organisation.compact, year=year
    )
    refusal = review_survey.answering_refusal(found, organisation)
    form = None if refusal else SurveyAnswerForm(request.POST or None, sections=review_survey.sections_of(found))
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            review_survey.answer_survey(
                survey=found,
                organisation=organisation,
                overall=form.cleaned_data["overall"],
                ratings=form.ratings(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Thank you. {organisation.name}'s answer to the {year} Compact survey is sent.")
            return redirect("reviews:my_assessments")
    return render(
        request,
        "reviews/survey_answer.html",
        {"organisation": organisation, "survey": found, "form": form, "refusal": refusal},
    )
