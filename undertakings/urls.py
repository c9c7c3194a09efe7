from django.urls import path

from reviews import urls as review_urls

from . import views

app_name = "undertakings"
urlpatterns = [
    path("compacts/<slug:slug>/", views.compact_detail, name="compact"),
    path("compacts/<slug:slug>/compare/", views.compare_editions, name="compare"),
    path("compacts/<slug:slug>/editions/<int:edition_pk>/<slug:section_slug>/<slug:reference>/",
         views.undertaking_detail, name="undertaking"),
]
urlpatterns += review_urls.urlpatterns  # the yearly review: assessments, action plan, annual report
