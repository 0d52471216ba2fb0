from django.urls import path

from staff import views

app_name = "staff"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("vorlagen/", views.paper_list, name="paper_list"),
    path("vorlagen/neu/", views.paper_create, name="paper_create"),
    path("vorlagen/<int:pk>/", views.paper_detail, name="paper"),
    path("vorlagen/<int:pk>/bearbeiten/", views.paper_edit, name="paper_edit"),
    path("vorlagen/<int:pk>/vorgang/", views.paper_transition, name="paper_transition"),
    path("vorlagen/<int:pk>/beratung/", views.consultation_add, name="consultation_add"),
    path(
        "vorlagen/<int:pk>/beratung/<int:consultation_pk>/entfernen/",
        views.consultation_remove,
        name="consultation_remove",
    ),
    path("vorlagen/<int:pk>/notiz/", views.paper_note, name="paper_note"),
    path("vorlagen/<int:pk>/dateien/", views.paper_file_add, name="paper_file_add"),
    path("sitzungen/<int:pk>/dateien/", views.meeting_file_add, name="meeting_file_add"),
    path("dateien/<int:pk>/fassung/", views.file_version_add, name="file_version_add"),
    path("dateien/<int:pk>/entfernen/", views.file_remove, name="file_remove"),
    path("benachrichtigungen/", views.notification_settings, name="notification_settings"),
    path("sitzungen/", views.meeting_list, name="meeting_list"),
    path("sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("sitzungen/<int:pk>/vorgang/", views.meeting_transition, name="meeting_transition"),
    path("sitzungen/<int:pk>/top/", views.agenda_item_add, name="agenda_item_add"),
    path(
        "sitzungen/<int:pk>/top/<int:item_pk>/verschieben/",
        views.agenda_item_move,
        name="agenda_item_move",
    ),
    path(
        "sitzungen/<int:pk>/top/<int:item_pk>/entfernen/",
        views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path("sitzungen/<int:pk>/ergebnisse/", views.meeting_results, name="meeting_results"),
]
