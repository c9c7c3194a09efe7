from django.urls import path

from . import views

app_name = "undertakings"
urlpatterns = [
    path("compacts/<slug:slug>/", views.compact_detail, name="compact"),
    path("compacts/<slug:slug>/compare/", views.compare_editions, name="compare"),
    path(
        "compacts/<slug:slug>/editions/<int:edition_pk>/<slug:section_slug>/<slug:reference>/",
        views.undertaking_detail,
        name="undertaking",
    ),
    path("board/editions/<int:pk>/adopt/", views.adopt_edition, name="adopt"),
]
