from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    # The public
    path("funding/", views.round_list, name="list"),
    path("funding/360giving.json", views.open_data_json, name="open_data_json"),
    path("funding/360giving.csv", views.open_data_csv, name="open_data_csv"),
    path("funding/rounds/<int:pk>/", views.round_detail, name="round"),
    # Organisations
    path("funding/yours/", views.mine, name="mine"),
    path("funding/rounds/<int:pk>/apply/", views.apply, name="apply"),
    path("funding/applications/<int:pk>/", views.application_detail, name="application"),
    path("funding/applications/<int:pk>/attachment/", views.application_attachment, name="attachment"),
    # Officers
    path("funding/rounds/new/", views.start, name="start"),
    path("funding/rounds/<int:pk>/edit/", views.edit, name="edit"),
    path("funding/rounds/<int:pk>/manage/", views.manage, name="manage"),
    path("funding/rounds/<int:pk>/manage/<slug:name>/", views.transition, name="transition"),
    path("funding/applications/<int:pk>/decide/", views.decide, name="decide"),
    path("funding-agreements/<int:pk>/improvement-plan/", views.improvement_plan, name="improvement_plan"),
    path("funding-agreements/<int:pk>/notice/", views.notice, name="notice"),
]
