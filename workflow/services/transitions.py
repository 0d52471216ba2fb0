"""The transitions offered as buttons, and the service that runs each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from workflow.errors import InvalidInput
from workflow.models import Filing, Meeting, Paper, Subject
from workflow.services.filings import file_filing, return_filing, withdraw_filing
from workflow.services.meetings import (
    approve_agenda,
    approve_minutes,
    cancel_meeting,
    close_meeting,
    return_agenda,
    send_invitations,
    submit_agenda,
)
from workflow.services.papers import refuse_sign_off, sign_off_paper, submit_paper, withdraw_paper

if TYPE_CHECKING:
    from django.contrib.auth.models import User


TRANSITION_SERVICES: dict[type, dict[str, Callable[..., Any]]] = {
    Paper: {
        "submit": submit_paper,
        "sign_off": sign_off_paper,
        "refuse_sign_off": refuse_sign_off,
        "withdraw": withdraw_paper,
    },
    Meeting: {
        "submit_agenda": submit_agenda,
        "return_agenda": return_agenda,
        "approve_agenda": approve_agenda,
        "send_invitations": send_invitations,
        "close": close_meeting,
        "approve_minutes": approve_minutes,
        "cancel": cancel_meeting,
    },
    Filing: {
        "file": file_filing,
        "return_to_authors": return_filing,
        "withdraw": withdraw_filing,
    },
}


def run_transition(
    subject: Subject,
    name: str,
    *,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> Subject:
    """Run the button transition ``name`` through its service."""
    service = TRANSITION_SERVICES[type(subject)].get(name)
    if service is None:
        raise InvalidInput(_("Unbekannter Vorgang „%(name)s“.") % {"name": name})
    return service(subject, by=by, comment=comment, expected_version=expected_version)
