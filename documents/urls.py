from django.urls import path

import config.params  # noqa: F401  (registers the <id:…> path converter)
from documents import views

app_name = "documents"

urlpatterns = [
    path("<id:pk>/", views.file_download, name="file"),
    path(
        "<id:pk>/herunterladen/",
        views.file_download,
        {"attachment": True},
        name="file_download",
    ),
    path("<id:pk>/fassung/<id:number>/", views.file_download, name="file_version"),
    path("top/<id:pk>/auszug.pdf", views.auszug_pdf, name="auszug"),
    path("vorlage/<id:pk>/vorlage.pdf", views.paper_pdf, name="paper"),
    path(
        "sitzung/<id:pk>/niederschrift-entwurf.pdf", views.minutes_draft_pdf, name="minutes_draft"
    ),
]
