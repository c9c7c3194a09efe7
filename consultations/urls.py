from django.urls import path

from . import officer_views, views

app_name = "consultations"
urlpatterns = [
    # The public and VCS organisations
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/yours/", views.mine, name="mine"),
    path("consultations/forward-plan/", views.forward_plan, name="forward_plan"),
    path("consultations/forward-plan.ics", views.forward_plan_ics, name="forward_plan_ics"),
    path("consultations/forward-plan/new/", officer_views.plan_entry, name="plan_entry"),
    path("consultations/<int:pk>/", views.detail, name="detail"),
    path("consultations/<int:pk>/timeline/", views.timeline_page, name="timeline"),
    path("consultations/<int:pk>/respond/", views.respond, name="respond"),
    path("consultations/<int:pk>/respond/check/", views.respond_check, name="respond_check"),
    path("consultations/<int:pk>/respond/done/", views.respond_done, name="respond_done"),
    path("consultations/<int:pk>/respond/<slug:question>/", views.respond_question, name="respond_question"),
    path("consultations/responses/<int:pk>/", views.response_detail, name="response"),
    path("consultations/responses/<int:pk>/attachment/", views.attachment, name="attachment"),
    path("funding-agreements/<int:pk>/", views.agreement, name="agreement"),
    # An affected organisation's admins answer what the consulting body asked
    path("consultations/asked/<slug:question>/<int:pk>/", views.answer, name="answer"),
    # Council officers
    path("consultations/new/", officer_views.start, name="start"),
    path("consultations/<int:pk>/edit/<slug:step>/", officer_views.edit_step, name="edit"),
    path("consultations/<int:pk>/check/", officer_views.check, name="check"),
    path("consultations/<int:pk>/manage/", officer_views.manage, name="manage"),
    path("consultations/<int:pk>/manage/<slug:name>/", officer_views.transition, name="transition"),
    path("consultations/<int:pk>/consent/", officer_views.consent, name="consent"),
    path("consultations/<int:pk>/impact-assessment/", officer_views.impact_assessment, name="impact_assessment"),
    path("consultations/<int:pk>/impact-assessment/taking-part/", officer_views.participation, name="participation"),
    path("consultations/<int:pk>/feedback/", officer_views.feedback, name="feedback"),
    path("consultations/<int:pk>/decision/", officer_views.decision, name="decision"),
]
