"""Every user action that changes workflow data, one function each.

Views, the API, the admin and management commands call these and nothing else to change
state. Each function checks permission through ``workflow.permissions``, runs inside one
database transaction with the rows it changes locked (meeting before paper, always), writes
the history (``services.history``) and raises a ``workflow.errors.WorkflowError`` with a
message for the user when it refuses. A refused call changes nothing.

The package follows the seams of the work: ``engine`` (lock, version check, ``perform``,
``run``, references), ``history`` (the history writer every app imports), ``papers``,
``meetings`` (meetings and their agendas), ``results``, ``proceedings`` (the meeting as
it is held: opening, attendance, Befangenheit, decisions about the agenda), ``filings``
(Anträge and Anfragen of members and Fraktionen) and ``transitions`` (the buttons).
``from workflow import services`` offers every service function of these modules.
"""

from __future__ import annotations

from workflow.services.attendance import reply_to_invitation
from workflow.services.filings import (
    answer_co_signature,
    answer_question,
    ask_co_signer,
    create_filing,
    file_filing,
    register_filing,
    return_filing,
    update_filing,
    withdraw_filing,
)
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
    give_statement,
    refuse_sign_off,
    register_paper,
    remove_consultation,
    request_statement,
    sign_off_paper,
    submit_paper,
    update_paper,
    withdraw_paper,
)
from workflow.services.proceedings import (
    AttendanceEntry,
    add_attendee,
    add_urgent_agenda_item,
    declare_exclusion,
    drop_agenda_item,
    open_meeting,
    record_attendance,
    withdraw_exclusion,
)
from workflow.services.results import (
    ACTUAL_TIME_LEEWAY,
    LONGEST_MEETING,
    MAX_VOTES,
    VOTE_FIELDS,
    ResultEntry,
    record_item_result,
    record_result,
    record_results,
)
from workflow.services.sitting_fees import export_sitting_fees
from workflow.services.transitions import TRANSITION_SERVICES, run_transition

__all__ = [
    "ACTUAL_TIME_LEEWAY",
    "LONGEST_MEETING",
    "MAX_VOTES",
    "PAPER_EDITABLE_FIELDS",
    "TRANSITION_SERVICES",
    "VOTE_FIELDS",
    "AttendanceEntry",
    "ResultEntry",
    "add_agenda_item",
    "add_attendee",
    "add_consultation",
    "add_paper_note",
    "add_urgent_agenda_item",
    "answer_co_signature",
    "answer_question",
    "approve_agenda",
    "approve_minutes",
    "ask_co_signer",
    "cancel_meeting",
    "close_meeting",
    "create_filing",
    "create_meeting",
    "create_paper",
    "declare_exclusion",
    "drop_agenda_item",
    "export_sitting_fees",
    "file_filing",
    "give_statement",
    "move_agenda_item",
    "open_meeting",
    "record_attendance",
    "record_item_result",
    "record_result",
    "record_results",
    "refuse_sign_off",
    "register_filing",
    "register_meeting",
    "register_paper",
    "remove_agenda_item",
    "remove_consultation",
    "reply_to_invitation",
    "request_statement",
    "reschedule_meeting",
    "return_agenda",
    "return_filing",
    "run_transition",
    "schedule_paper",
    "send_invitations",
    "sign_off_paper",
    "submit_agenda",
    "submit_paper",
    "update_filing",
    "update_paper",
    "withdraw_exclusion",
    "withdraw_filing",
    "withdraw_paper",
]
