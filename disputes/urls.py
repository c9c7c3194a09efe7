from django.urls import path

from . import views

app_name = "disputes"
urlpatterns = [
    path("disputes/", views.my_cases, name="my_cases"),
    path("disputes/raise/", views.file_concern, name="file"),
    path("disputes/raise/check/", views.file_check, name="file_check"),
    path("disputes/raise/done/", views.file_done, name="file_done"),
    path("disputes/raise/<slug:question>/", views.file_question, name="file_question"),
    path("disputes/differences/notify/", views.notify_difference, name="notify_difference"),
    path("disputes/cases/<int:pk>/", views.case_detail, name="case"),
    path("disputes/cases/<int:pk>/accept/", views.accept, name="accept"),
    path("disputes/cases/<int:pk>/stage-1/", views.escalate, name="escalate"),
    path("disputes/cases/<int:pk>/response/", views.respond, name="respond"),
    path("disputes/cases/<int:pk>/refer/", views.refer, name="refer"),
    path("disputes/cases/<int:pk>/panel/convene/", views.convene, name="convene"),
    path("disputes/cases/<int:pk>/panel/conflict/", views.declare_conflict, name="declare_conflict"),
    path("disputes/cases/<int:pk>/panel/chair/", views.choose_chair, name="choose_chair"),
    path("disputes/cases/<int:pk>/panel/compact-matter/", views.compact_matter, name="compact_matter"),
    path("disputes/cases/<int:pk>/panel/meetings/new/", views.meeting, name="meeting_add"),
    path("disputes/cases/<int:pk>/panel/meetings/<int:meeting_pk>/", views.meeting, name="meeting_edit"),
    path("disputes/cases/<int:pk>/representatives/", views.representatives, name="representatives"),
    path("disputes/cases/<int:pk>/stage-3/", views.signpost, name="signpost"),
    path("disputes/cases/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("disputes/cases/<int:pk>/documents/new/", views.add_attachments, name="attachment_add"),
    path("disputes/cases/<int:pk>/documents/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("board/cases/", views.board_cases, name="board_cases"),
    path("board/cases.csv", views.board_cases_csv, name="board_cases_csv"),
    path("board/disputes/annual-summary/", views.annual_summary, name="annual_summary"),
]
