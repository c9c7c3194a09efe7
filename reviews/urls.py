"""URLs of the yearly review: the board's pages, signatories' self-assessments and the public reports."""

from django.urls import path

from . import survey_views, views

app_name = "reviews"

board = "review/<slug:slug>/"
public = "compacts/<slug:slug>/"

urlpatterns = [
    # The board
    path("review/", views.review_index, name="review_index"),
    path(board, views.review_home, name="review_home"),
    path(board + "self-assessment/open/", views.assessment_open, name="assessment_open"),
    path(board + "self-assessment/<int:year>/", views.assessment_round, name="assessment_round"),
    path(board + "self-assessment/<int:year>/chase/", views.assessment_chase, name="assessment_chase"),
    path(board + "self-assessment/<int:year>/results/", views.assessment_results, name="assessment_results"),
    path(board + "annual-review/<int:year>/", views.annual_review_edit, name="annual_review_edit"),
    path(board + "annual-review/<int:year>/preview/", views.annual_review_preview, name="annual_review_preview"),
    path(board + "annual-review/<int:year>/build/", views.annual_review_build, name="annual_review_build"),
    path(board + "annual-review/<int:year>/pdf/<int:version>/", views.rendering_status, name="rendering_status"),
    path(
        board + "annual-review/<int:year>/pdf/<int:version>/progress/",
        views.rendering_progress,
        name="rendering_progress",
    ),
    path(board + "annual-review/<int:year>/pdf/<int:version>/download/", views.rendering_pdf, name="rendering_pdf"),
    path(board + "annual-review/<int:year>/publish/", views.annual_review_publish, name="annual_review_publish"),
    path(board + "survey/open/", survey_views.survey_open, name="survey_open"),
    path(board + "survey/<int:year>/", survey_views.survey_results, name="survey_results"),
    # Signatories' own self-assessment
    path("self-assessment/", views.my_assessments, name="my_assessments"),
    path("self-assessment/<slug:slug>/<int:year>/", views.assessment_detail, name="assessment"),
    path("self-assessment/<slug:slug>/<int:year>/submit/", views.assessment_submit, name="assessment_submit"),
    path(
        "self-assessment/<slug:slug>/<int:year>/<slug:section_slug>/",
        views.assessment_section,
        name="assessment_section",
    ),
    path("survey/<slug:slug>/<int:year>/", survey_views.survey_answer, name="survey_answer"),
    # The public site
    path(public + "annual-reviews/", views.annual_reviews, name="annual_reviews"),
    path(public + "annual-reviews/<int:year>/", views.annual_review, name="annual_review"),
    path(public + "annual-reviews/<int:year>/pdf/", views.annual_review_pdf, name="annual_review_pdf"),
    path(public + "action-plan/", views.action_plan, name="action_plan"),
]
