"""The BITV extras: the accessibility statement with its feedback form, which reaches the
Sitzungsdienst by mail, and the portal in Leichte Sprache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from notifications import feedback, subscriptions
from notifications.models import Feedback, Notification
from notifications.rendering import render

pytestmark = pytest.mark.django_db

K = Notification.Kind
FORM = reverse("portal:accessibility_feedback")


@pytest.fixture(autouse=True)
def _fresh_client_budget():
    cache.delete(subscriptions.client_key("127.0.0.1", "feedback"))


def test_the_statement_and_the_leichte_sprache_pages_are_linked_from_every_page(client, world):
    calendar = client.get(reverse("portal:calendar")).content.decode()
    for name in ("portal:accessibility", "portal:easy_language"):
        assert f'href="{reverse(name)}"' in calendar
    statement = client.get(reverse("portal:accessibility")).content.decode()
    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in statement
    assert "WCAG" in statement and f'action="{FORM}"' in statement
    easy = client.get(reverse("portal:easy_language")).content.decode()
    assert '<div lang="de">' in easy and "Das ist das Bürger-Informations-System." in easy


def test_feedback_reaches_the_sitzungsdienst_with_the_writers_address_to_answer(client, world):
    response = client.post(
        FORM,
        {
            "nachricht": "Die Tabelle ist vorgelesen unverständlich.",
            "email": "leser@example.net",
            "seite": "/buergerinfo/sitzung/1/",
        },
    )
    assert response.status_code == 200 and "Danke!" in response.content.decode()
    stored = Feedback.objects.get()
    assert stored.email == "leser@example.net" and stored.page == "/buergerinfo/sitzung/1/"
    (mail,) = Notification.objects.filter(kind=K.ACCESSIBILITY_FEEDBACK)
    assert mail.email == world.clerk.email
    message = render(mail)
    assert message.subject == "Rückmeldung zur Barrierefreiheit: /buergerinfo/sitzung/1/"
    assert "Die Tabelle ist vorgelesen unverständlich." in message.body
    assert message.reply_to == ["leser@example.net"]


def test_without_a_sitzungsdienst_the_bodys_contact_address_gets_it(world):
    world.clerk.user_permissions.clear()
    world.body.contact_email = "info@example.org"
    world.body.save(update_fields=["contact_email"])
    feedback.send_feedback("Kontrast zu schwach")
    (mail,) = Notification.objects.filter(kind=K.ACCESSIBILITY_FEEDBACK)
    assert mail.email == "info@example.org" and render(mail).reply_to == []


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"nachricht": "   "}, "worum es geht"),
        ({"nachricht": "x" * 5001}, "zu lang"),
        ({"nachricht": "Hallo", "email": "kein-at"}, "gültige E-Mail-Adresse"),
    ],
)
def test_bad_input_is_refused_with_the_text_kept_and_nothing_stored(client, world, fields, error):
    response = client.post(FORM, fields)
    page = response.content.decode()
    assert response.status_code == 422 and error in page
    assert 'aria-invalid="true"' in page
    if fields["nachricht"].strip() and len(fields["nachricht"]) < 100:
        assert fields["nachricht"] in page
    assert not Feedback.objects.exists() and not Notification.objects.exists()


def test_odd_input_never_causes_an_error(client, world):
    assert client.post(FORM, {"nachricht": "a\x00b"}).status_code == 400
    assert client.get(FORM).status_code == 405
    # a page that is not a path on this site is dropped, not stored
    client.post(FORM, {"nachricht": "Hallo", "seite": "https://example.com/x"})
    client.post(FORM, {"nachricht": "Hallo 2", "seite": "//example.com/x"})
    assert list(Feedback.objects.values_list("page", flat=True)) == ["", ""]


def test_one_client_may_write_five_times_an_hour(client, world):
    for number in range(feedback.FEEDBACK_PER_CLIENT_PER_HOUR):
        assert client.post(FORM, {"nachricht": f"Nr. {number}"}).status_code == 200
    refused = client.post(FORM, {"nachricht": "noch eine"})
    assert refused.status_code == 422 and "später" in refused.content.decode()
    assert Feedback.objects.count() == feedback.FEEDBACK_PER_CLIENT_PER_HOUR


def test_the_header_shows_the_bodys_name_and_logo(client, world):
    page = client.get(reverse("portal:calendar")).content.decode()
    assert f"<span>{world.body.name}<br>" in page and "<img" not in page
    world.body.logo_url = "https://www.example.org/logo.svg"
    world.body.save(update_fields=["logo_url"])
    page = client.get(reverse("portal:calendar")).content.decode()
    # the name beside it says what the logo would: it is decoration (alt="")
    assert '<img src="https://www.example.org/logo.svg" alt="">' in page


def test_the_admin_lists_feedback_and_lets_nobody_change_it(client, world):
    stored = feedback.send_feedback("Die Schrift ist zu klein.", email="leser@example.net")
    client.force_login(world.admin)
    listing = client.get(reverse("admin:notifications_feedback_changelist"))
    assert listing.status_code == 200 and "leser@example.net" in listing.content.decode()
    page = client.get(reverse("admin:notifications_feedback_change", args=[stored.pk]))
    assert page.status_code == 200 and "Die Schrift ist zu klein." in page.content.decode()
    assert client.get(reverse("admin:notifications_feedback_add")).status_code == 403
    client.post(
        reverse("admin:notifications_feedback_change", args=[stored.pk]), {"message": "anders"}
    )
    assert Feedback.objects.get().message == "Die Schrift ist zu klein."


def test_the_statement_fills_in_the_page_asked_about_and_refuses_odd_values(client, world):
    page = client.get(reverse("portal:accessibility"), {"seite": "/buergerinfo/suche/"})
    assert 'value="/buergerinfo/suche/"' in page.content.decode()
    for odd in ("a\x00b", "x" * 301):
        response = client.get(reverse("portal:accessibility"), {"seite": odd})
        assert response.status_code == 400 and "seite" in response.content.decode()
