from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/", views.file_download, name="file"),
    path(
        "<int:pk>/herunterladen/",
        views.file_download,
        {"attachment": True},
        name="file_download",
    ),
    path("<int:pk>/fassung/<int:number>/", views.file_download, name="file_version"),
    path("top/<int:pk>/auszug.pdf", views.auszug_pdf, name="auszug"),
    path("vorlage/<int:pk>/vorlage.pdf", views.paper_pdf, name="paper"),
    path(
        "sitzung/<int:pk>/niederschrift-entwurf.pdf", views.minutes_draft_pdf, name="minutes_draft"
    ),
]
