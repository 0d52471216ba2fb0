"""The design system's components (``ui/templatetags/ui.py``)."""

from __future__ import annotations

import pytest
from django import forms
from django.template import engines

from ui.templatetags.ui import STATE_TONES
from workflow.models import Filing, Meeting, Paper

render = engines["django"].from_string


class _Form(forms.Form):
    name = forms.CharField(label="Titel", help_text="leer: der Dateiname")
    count = forms.IntegerField(label="Anzahl")


def test_a_field_with_an_error_names_its_help_text_and_its_error():
    form = _Form(data={"name": "", "count": "x"})
    assert not form.is_valid()
    html = render("{% load ui %}{{ form.name|described }}|{{ form.count|described }}").render(
        {"form": form}
    )
    name, count = html.split("|")
    assert 'aria-describedby="id_name_helptext id_name_error"' in name
    assert 'aria-invalid="true"' in name
    assert 'aria-describedby="id_count_error"' in count


def test_a_field_without_errors_keeps_only_its_help_text():
    html = render("{% load ui %}{{ form.name|described }}{{ form.count|described }}").render(
        {"form": _Form()}
    )
    assert 'aria-describedby="id_name_helptext"' in html
    assert html.count("aria-describedby") == 1 and "aria-invalid" not in html


@pytest.mark.parametrize("model", [Paper, Meeting, Filing])
def test_every_state_has_a_tone(model):
    assert {value for value, _label in model.State.choices} <= set(STATE_TONES)


def test_a_state_badge_says_the_state_in_words():
    meeting = Meeting(state=Meeting.State.CANCELLED)
    html = render("{% load ui %}{% state_badge meeting %}").render({"meeting": meeting})
    assert html == '<span class="badge tone-stop">abgesagt</span>'


def test_the_votes_bar_is_for_the_eye_and_the_numbers_for_everyone():
    html = render("{% load ui %}{% votes_bar 5 1 2 1 %}").render({})
    assert '<span class="bar" aria-hidden="true">' in html
    assert 'style="width: 62.5%"' in html and 'style="width: 25.0%"' in html
    assert "Ja 5 · Nein 1 · Enthaltung 2" in html and "1 befangen" in html
    assert render("{% load ui %}{% votes_bar None None None %}").render({}).strip() == ""
    nothing_cast = render("{% load ui %}{% votes_bar 0 0 0 %}").render({})
    assert "Ja 0" in nothing_cast and "bar" not in nothing_cast
