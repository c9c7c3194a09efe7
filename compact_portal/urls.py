from django.contrib import admin
from django.urls import include, path

from signatories import views as signatory_views
from undertakings import format_request_views

from . import admin_lists, health, views

admin_lists.tune(admin.site)

urlpatterns = [
    path("", signatory_views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),
    path("board/", views.board_dashboard, name="board_dashboard"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("session/keep-alive/", views.session_keep_alive, name="session_keep_alive"),
    path(
        "accessible-formats/",
        format_request_views.accessible_format_request,
        name="accessible_format_request",
    ),
    path(
        "accessible-formats/sent/",
        format_request_views.accessible_format_requested,
        name="accessible_format_requested",
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("signatories.urls")),
    path("", include("undertakings.urls")),
    path("", include("consultations.urls")),
    path("", include("disputes.urls")),
    path("", include("funding.urls")),
    path("", include("reviews.urls")),
]

handler500 = "compact_portal.errors.server_error"
