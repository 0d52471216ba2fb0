"""Form fields that the workspace and the admin share, so that both ask the same."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MeetingEntryConfirmations(forms.Form):
    """The two confirmations ``services.register_meeting`` may ask for."""

    archive = forms.BooleanField(
        label=_("nachträglich erfassen"),
        required=False,
        help_text=_("für eine Sitzung, deren Beginn schon vorbei ist (Archiv)"),
    )
    allow_overlap = forms.BooleanField(
        label=_("Überschneidung bestätigen"),
        required=False,
        help_text=_("das Gremium tagt zur selben Zeit noch in einer anderen Sitzung"),
    )
