from django.urls import path

from . import views

app_name = "signatories"
# Tokens are secrets.token_urlsafe: letters, digits, "-" and "_", which is what the slug
# converter matches. Anything else (a null byte, which PostgreSQL refuses in a query) is not found.
urlpatterns = [
    path("signatories/", views.directory, name="directory"),
    path("organisations/join/", views.register_start, name="register_start"),
    path("organisations/register/", views.register, name="register"),
    path("organisations/register/check/", views.register_check, name="register_check"),
    path("organisations/register/done/", views.register_done, name="register_done"),
    path("organisations/register/<slug:question>/", views.register_question, name="register_question"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.edit_organisation, name="edit"),
    path("organisations/<slug:slug>/sign/", views.sign, name="sign"),
    path("organisations/<slug:slug>/champion/", views.champion, name="champion"),
    path("account/organisations/", views.dashboard, name="dashboard"),
    path("account/reminders/", views.reminder_preferences, name="reminders"),
    path("calendar/<slug:token>.ics", views.calendar_feed, name="calendar"),
    path("board/applications/", views.applications, name="applications"),
    path(
        "board/applications/<int:pk>/approve/",
        views.decide_application,
        {"decision": "approve"},
        name="approve_application",
    ),
    path(
        "board/applications/<int:pk>/decline/",
        views.decide_application,
        {"decision": "decline"},
        name="decline_application",
    ),
    path("invitations/<slug:token>/", views.accept_invitation, name="accept_invitation"),
    path("board/resolution-group/<slug:slug>/invite/", views.invite_resolution_group, name="invite_resolution_group"),
    path(
        "resolution-group/invitations/<slug:token>/",
        views.accept_resolution_invitation,
        name="accept_resolution_invitation",
    ),
]
