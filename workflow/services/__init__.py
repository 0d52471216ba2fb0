"""Every user action that changes workflow data, one function each.

Views, the API, the admin and management commands call these and nothing else to change
state. Each function checks permission through ``workflow.permissions``, runs inside one
database transaction with the rows it changes locked (meeting before paper, always), writes
the history (``services.history``) and raises a ``workflow.errors.WorkflowError`` with a
message for the user when it refuses. A refused call changes nothing.

The package follows the seams of the work: ``engine`` (lock, version check, ``perform``,
``run``, references), ``history`` (the history writer every app imports), ``papers``,
``meetings`` (meetings and their agendas), ``results`` and ``transitions`` (the buttons).
``from workflow import services`` offers every service function of these modules.
"""

from __future__ import annotations

from workflow.services.meetings import (
    add_agenda_item,
    approve_agenda,
    approve_minutes,
    cancel_meeting,
    close_meeting,
    create_meeting,
    move_agenda_item,
    register_meeting,
    remove_agenda_item,
    reschedule_meeting,
    return_agenda,
    schedule_paper,
    send_invitations,
    submit_agenda,
)
from workflow.services.papers import (
    PAPER_EDITABLE_FIELDS,
    add_consultation,
    add_paper_note,
    create_paper,
    refuse_sign_off,
    register_paper,
    remove_consultation,
    sign_off_paper,
    submit_paper,
    update_paper,
    withdraw_paper,
)
from workflow.services.results import (
    ACTUAL_TIME_LEEWAY,
    LONGEST_MEETING,
    MAX_VOTES,
    VOTE_FIELDS,
    ResultEntry,
    record_result,
    record_results,
)
from workflow.services.transitions import TRANSITION_SERVICES, run_transition

__all__ = [
    "ACTUAL_TIME_LEEWAY",
    "LONGEST_MEETING",
    "MAX_VOTES",
    "PAPER_EDITABLE_FIELDS",
    "TRANSITION_SERVICES",
    "VOTE_FIELDS",
    "ResultEntry",
    "add_agenda_item",
    "add_consultation",
    "add_paper_note",
    "approve_agenda",
    "approve_minutes",
    "cancel_meeting",
    "close_meeting",
    "create_meeting",
    "create_paper",
    "move_agenda_item",
    "record_result",
    "record_results",
    "refuse_sign_off",
    "register_meeting",
    "register_paper",
    "remove_agenda_item",
    "remove_consultation",
    "reschedule_meeting",
    "return_agenda",
    "run_transition",
    "schedule_paper",
    "send_invitations",
    "sign_off_paper",
    "submit_agenda",
    "submit_paper",
    "update_paper",
    "withdraw_paper",
]
