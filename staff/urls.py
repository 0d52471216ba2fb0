from django.urls import path

import config.params  # noqa: F401  (registers the <id:…> path converter)
from staff import filings, sitting, sitting_fees, views

app_name = "staff"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("vorlagen/", views.paper_list, name="paper_list"),
    path("vorlagen/neu/", views.paper_create, name="paper_create"),
    path("vorlagen/<id:pk>/", views.paper_detail, name="paper"),
    path("vorlagen/<id:pk>/bearbeiten/", views.paper_edit, name="paper_edit"),
    path("vorlagen/<id:pk>/vorgang/", views.paper_transition, name="paper_transition"),
    path("vorlagen/<id:pk>/beratung/", views.consultation_add, name="consultation_add"),
    path(
        "vorlagen/<id:pk>/beratung/<id:consultation_pk>/entfernen/",
        views.consultation_remove,
        name="consultation_remove",
    ),
    path("vorlagen/<id:pk>/notiz/", views.paper_note, name="paper_note"),
    path("vorlagen/<id:pk>/stellungnahme/", views.statement_request, name="statement_request"),
    path(
        "vorlagen/<id:pk>/stellungnahme/<id:statement_pk>/",
        views.statement_give,
        name="statement_give",
    ),
    path("vorlagen/<id:pk>/dateien/", views.paper_file_add, name="paper_file_add"),
    path("sitzungen/<id:pk>/dateien/", views.meeting_file_add, name="meeting_file_add"),
    path("dateien/<id:pk>/fassung/", views.file_version_add, name="file_version_add"),
    path("dateien/<id:pk>/entfernen/", views.file_remove, name="file_remove"),
    path("antraege/neu/", filings.filing_create, name="filing_create"),
    path("antraege/<id:pk>/", filings.filing_detail, name="filing"),
    path("antraege/<id:pk>/bearbeiten/", filings.filing_edit, name="filing_edit"),
    path("antraege/<id:pk>/vorgang/", filings.filing_transition, name="filing_transition"),
    path("antraege/<id:pk>/mitzeichnung/", filings.filing_co_signer, name="filing_co_signer"),
    path(
        "antraege/<id:pk>/mitzeichnung/antwort/",
        filings.filing_co_sign_answer,
        name="filing_co_sign_answer",
    ),
    path("antraege/<id:pk>/registrieren/", filings.filing_register, name="filing_register"),
    path("antraege/<id:pk>/antwort/", filings.filing_answer, name="filing_answer"),
    path("benachrichtigungen/", views.notification_settings, name="notification_settings"),
    path("sitzungen/", views.meeting_list, name="meeting_list"),
    path("sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path("sitzungen/<id:pk>/", views.meeting_detail, name="meeting"),
    path("sitzungen/<id:pk>/vorgang/", views.meeting_transition, name="meeting_transition"),
    path("sitzungen/<id:pk>/top/", views.agenda_item_add, name="agenda_item_add"),
    path(
        "sitzungen/<id:pk>/top/<id:item_pk>/verschieben/",
        views.agenda_item_move,
        name="agenda_item_move",
    ),
    path(
        "sitzungen/<id:pk>/top/<id:item_pk>/entfernen/",
        views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path("sitzungen/<id:pk>/ergebnisse/", views.meeting_results, name="meeting_results"),
    path("sitzungen/<id:pk>/durchfuehren/", sitting.meeting_live, name="meeting_live"),
    path("sitzungen/<id:pk>/durchfuehren/eroeffnen/", sitting.meeting_open, name="meeting_open"),
    path(
        "sitzungen/<id:pk>/durchfuehren/anwesenheit/",
        sitting.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "sitzungen/<id:pk>/durchfuehren/anwesenheit/neu/",
        sitting.meeting_attendee,
        name="meeting_attendee",
    ),
    path(
        "sitzungen/<id:pk>/durchfuehren/top/<id:item_pk>/",
        sitting.live_item_result,
        name="live_item_result",
    ),
    path(
        "sitzungen/<id:pk>/durchfuehren/top/<id:item_pk>/befangenheit/",
        sitting.live_item_bias,
        name="live_item_bias",
    ),
    path(
        "sitzungen/<id:pk>/durchfuehren/top/<id:item_pk>/absetzen/",
        sitting.live_item_drop,
        name="live_item_drop",
    ),
    path(
        "sitzungen/<id:pk>/durchfuehren/dringlich/",
        sitting.live_urgent_item,
        name="live_urgent_item",
    ),
    path("sitzungen/<id:pk>/durchfuehren/ende/", sitting.live_end, name="live_end"),
    path("sitzungen/<id:pk>/verlegen/", views.meeting_reschedule, name="meeting_reschedule"),
    path("sitzungen/<id:pk>/antwort/", views.meeting_reply, name="meeting_reply"),
    path("sitzungsgeld/", sitting_fees.sitting_fee_page, name="sitting_fees"),
]
