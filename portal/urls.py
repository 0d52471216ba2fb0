from django.urls import path

import config.params  # noqa: F401  (registers the <id:…> path converter)
from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("monat/<int:year>/<int:month>/", views.month, name="month"),
    path("sitzung/<id:pk>/", views.meeting, name="meeting"),
    path("top/<id:pk>/", views.agenda_item, name="agenda-item"),
    path("vorlage/<id:pk>/", views.paper, name="paper"),
    path("gremium/<id:pk>/", views.organization, name="organization"),
    path("person/<id:pk>/", views.person, name="person"),
    path("suche/", views.search, name="search"),
    path("abonnieren/", views.subscribe, name="subscribe"),
    path("abo/<str:token>/bestaetigen/", views.subscription_confirm, name="subscription_confirm"),
    path("abo/<str:token>/abbestellen/", views.subscription_end, name="subscription_end"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path(
        "barrierefreiheit/rueckmeldung/",
        views.accessibility_feedback,
        name="accessibility_feedback",
    ),
    path("leichte-sprache/", views.easy_language, name="easy_language"),
    path("kalender.ics", views.ical, name="ical"),
    path("gremium/<id:pk>/kalender.ics", views.ical, name="organization-ical"),
]
