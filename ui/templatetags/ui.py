"""The design system's components as template tags: ``{% load ui %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

# The tone (colour) of each state, the same for papers, meetings and filings: under way,
# waiting for someone, done, stopped; a draft is neutral.
STATE_TONES = {
    "draft": "neutral",
    "planned": "open",
    "agenda_approved": "open",
    "invited": "open",
    "submitted": "open",
    "scheduled": "open",
    "filed": "open",
    "registered": "open",
    "discussed": "open",
    "agenda_submitted": "warn",
    "held": "done",
    "minutes_approved": "done",
    "resolved": "done",
    "answered": "done",
    "cancelled": "stop",
    "withdrawn": "stop",
}


@register.simple_tag
def state_badge(subject: Any) -> str:
    """A paper's, meeting's or filing's state as a badge: the German label, its tone."""
    return format_html(
        '<span class="badge tone-{}">{}</span>',
        STATE_TONES.get(subject.state, "neutral"),
        subject.get_state_display(),
    )


@register.inclusion_tag("ui/_votes.html")
def votes_bar(
    yes: int | None, no: int | None, abstain: int | None, excluded: int = 0
) -> dict[str, Any]:
    """Ja/Nein/Enthaltung as a bar (for the eye; hidden from screen readers) beside the
    numbers as text, with those excluded for bias."""
    counts = [("yes", _("Ja"), yes or 0), ("no", _("Nein"), no or 0)]
    counts.append(("abstain", _("Enthaltung"), abstain or 0))
    total = sum(count for _key, _label, count in counts)
    return {
        "parts": [
            {"key": key, "label": label, "count": count, "share": 100 * count / total}
            for key, label, count in counts
            if total
        ],
        "counts": counts,
        "excluded": excluded,
        "shown": yes is not None or no is not None or abstain is not None,
    }


@register.filter
def described(field: Any) -> str:
    """A form field's widget, tied to its help text and its errors (``aria-describedby``),
    so that a screen reader reads the error with the field; ``{{ field|described }}``."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return field.as_widget(attrs={"aria-describedby": " ".join(ids)} if ids else None)
