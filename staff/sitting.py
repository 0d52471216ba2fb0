"""Sitzung durchführen: the clerk's screen for the live meeting. Attendance at the top, then
TOP by TOP (result, votes, exclusions, minutes), each saved on its own with its own version
so that saving one never loses what was typed in another. A small script posts each form in
the background and keeps unsaved input in the browser; without it every form still works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.params import parse_id
from staff.forms import (
    AttendanceRowForm,
    AttendeeForm,
    DropItemForm,
    EndMeetingForm,
    ExclusionForm,
    LiveResultForm,
    OpenMeetingForm,
    UrgentItemForm,
)
from staff.views import _agenda_item, _meeting, _posted_version
from workflow import permissions, selectors, services
from workflow.errors import WorkflowError
from workflow.models import AgendaItem, Attendance, Meeting, Person
from workflow.proceedings import MeetingRecord, meeting_record

if TYPE_CHECKING:
    from staff.views import AuthenticatedHttpRequest


def _managed_meeting(request: AuthenticatedHttpRequest, pk: int) -> Meeting:
    """The meeting, for its Sitzungsdienst only (404 for everyone else)."""
    meeting = _meeting(request, pk)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise Http404
    return meeting


def _wants_json(request: AuthenticatedHttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _page_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("staff:meeting_live", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


class _Screen:
    """Everything the live screen shows, read once: the TOPs the clerk sees, the record
    (attendance, voters and exclusions per TOP), the Beschlussarten."""

    def __init__(self, meeting: Meeting, user: Any) -> None:
        self.meeting = meeting
        self.agenda = selectors.meeting_agenda(meeting=meeting, user=user)
        self.record: MeetingRecord = meeting_record(meeting, self.agenda)
        self.kinds = {k.pk: k for k in selectors.resolution_kinds_for(meeting.body)}
        self.choices = [(pk, kind.name) for pk, kind in self.kinds.items()]
        self.item_choices = [(item.pk, item.number) for item in self.agenda]
        self.members = [
            a.person for a in self.record.attendance if a.person and a.role != Attendance.Role.GUEST
        ]

    def result_form(self, item: AgendaItem, data: Any = None) -> LiveResultForm:
        record = self.record.items[item.pk]
        return LiveResultForm(
            data,
            item=item,
            choices=self.choices,
            voters=record.voters,
            roll_call={v.person_id: v.vote for v in record.roll_call},
        )

    def row(self, item: AgendaItem, form: LiveResultForm | None = None) -> dict[str, Any]:
        record = self.record.items[item.pk]
        votes = (item.votes_yes or 0, item.votes_no or 0, item.votes_abstain or 0)
        suggestion = ""
        if item.votes_yes is not None and not item.removed:
            carried = self.meeting.body.carried(*votes, seats=self.record.seats)
            suggestion = _("angenommen") if carried else _("abgelehnt")
        return {
            "item": item,
            "record": record,
            "form": form or self.result_form(item),
            "bias_form": ExclusionForm(persons=self.members, item=item),
            "suggestion": suggestion,
        }


def _render(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    *,
    bound: dict[int, LiveResultForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    screen = _Screen(meeting, request.user)
    bound = bound or {}
    rows = [screen.row(item, bound.get(item.pk)) for item in screen.agenda]
    attendance = [
        AttendanceRowForm(row=row, items=screen.item_choices) for row in screen.record.attendance
    ]
    context = {
        "meeting": meeting,
        "record": screen.record,
        "rows": rows,
        "attendance_forms": attendance,
        "attendee_form": AttendeeForm(body=meeting.body),
        "open_form": OpenMeetingForm(),
        "end_form": EndMeetingForm(initial={"actual_end": meeting.actual_end}),
        "urgent_form": UrgentItemForm(organization=meeting.organization),
        "editable": meeting.results_recordable,
        "in_session": services.meetings.in_session(meeting),
        "options": selectors.transition_options(meeting, request.user),
    }
    return render(request, "staff/meeting_live.html", context, status=status)


@login_required
def meeting_live(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render(request, _managed_meeting(request, pk))


def _done(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    call: Callable[[], Any],
    success: str,
    anchor: str = "",
) -> HttpResponse:
    """Run a service call and answer: JSON for the script, a redirect with a message for
    a plain form post."""
    try:
        call()
    except WorkflowError as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": error.message}, status=409)
        messages.error(request, error.message)
    else:
        if _wants_json(request):
            return JsonResponse({"ok": True, "message": success, "reload": True})
        messages.success(request, success)
    return redirect(_page_url(meeting, anchor))


def _invalid(request: AuthenticatedHttpRequest, meeting: Meeting, message: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=422)
    messages.error(request, message)
    return redirect(_page_url(meeting))


@login_required
@require_POST
def meeting_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = OpenMeetingForm(request.POST)
    if not form.is_valid():
        return _invalid(request, meeting, _("Bitte einen gültigen Beginn angeben."))
    return _done(
        request,
        meeting,
        lambda: services.open_meeting(
            meeting, by=request.user, at=form.cleaned_data["actual_start"]
        ),
        _("Sitzung eröffnet."),
        "anwesenheit",
    )


@login_required
@require_POST
def meeting_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    screen = _Screen(meeting, request.user)
    items = {item.pk: item for item in screen.agenda}
    forms = [
        AttendanceRowForm(request.POST, row=row, items=screen.item_choices)
        for row in screen.record.attendance
    ]
    if not all(form.is_valid() for form in forms):
        return _invalid(request, meeting, _("Bitte die markierten Angaben prüfen."))
    entries = [
        services.AttendanceEntry(
            form.row,
            form.cleaned_data["status"],
            from_item=items.get(form.cleaned_data["from_item"]),
            until_item=items.get(form.cleaned_data["until_item"]),
            arrived_at=form.cleaned_data["arrived_at"],
            left_at=form.cleaned_data["left_at"],
            note=form.cleaned_data["note"],
        )
        for form in forms
        if form.changed()
    ]
    return _done(
        request,
        meeting,
        lambda: services.record_attendance(
            meeting, entries=entries, by=request.user, expected_version=_posted_version(request)
        ),
        _("Anwesenheit gespeichert."),
        "anwesenheit",
    )


@login_required
@require_POST
def meeting_attendee(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = AttendeeForm(request.POST, body=meeting.body)
    if not form.is_valid():
        return _invalid(request, meeting, _("Bitte eine Person oder den Namen eines Gastes."))
    data = form.cleaned_data
    return _done(
        request,
        meeting,
        lambda: services.add_attendee(
            meeting,
            by=request.user,
            person=data["person"],
            guest_name=data["guest_name"],
            affiliation=data["affiliation"],
            stands_in_for=data["stands_in_for"],
            expected_version=_posted_version(request),
        ),
        _("Zur Anwesenheitsliste hinzugefügt."),
        "anwesenheit",
    )


@login_required
@require_POST
def live_item_result(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Save one TOP. The script gets the TOP's section back, rendered afresh."""
    meeting = _managed_meeting(request, pk)
    item = _agenda_item(request, meeting, item_pk)
    screen = _Screen(meeting, request.user)
    form = screen.result_form(next(i for i in screen.agenda if i.pk == item.pk), request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        entry = services.ResultEntry(
            agenda_item=form.item,
            result=screen.kinds[data["result"]],
            roll_call=form.roll_call_votes(),
            quorum_exception=data["quorum_exception"],
            **{name: data[name] for name in LiveResultForm.FIELDS},
        )
        try:
            services.record_item_result(entry, by=request.user, expected_version=data["version"])
        except WorkflowError as refusal:
            error = refusal.message
        else:
            return _saved_item(request, meeting, item)
    else:
        error = _("Bitte die markierten Angaben prüfen.")
    if _wants_json(request):
        return JsonResponse(
            {"ok": False, "message": error, "errors": form.errors.get_json_data()}, status=409
        )
    form.add_error(None, error)
    return _render(request, meeting, bound={item.pk: form}, status=409)


def _saved_item(request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem):
    message = _("%(number)s gespeichert.") % {"number": item.number}
    if not _wants_json(request):
        messages.success(request, message)
        return redirect(_page_url(meeting, f"top-{item.pk}"))
    screen = _Screen(meeting, request.user)
    saved = next(i for i in screen.agenda if i.pk == item.pk)
    html = render_to_string(
        "staff/_live_item.html",
        {
            "row": screen.row(saved),
            "meeting": meeting,
            "editable": meeting.results_recordable,
            "in_session": services.meetings.in_session(meeting),
        },
        request=request,
    )
    return JsonResponse({"ok": True, "message": message, "html": html})


@login_required
@require_POST
def live_item_bias(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    item = _agenda_item(request, meeting, item_pk)
    withdraw = request.POST.get("withdraw")
    if withdraw:
        person_pk = parse_id(withdraw)
        person = (
            Person.objects.filter(pk=person_pk, body=meeting.body).first()
            if person_pk is not None
            else None
        )
        if person is None:
            return _invalid(request, meeting, _("Unbekannte Person."))
        return _done(
            request,
            meeting,
            lambda: services.withdraw_exclusion(item, person=person, by=request.user),
            _("Befangenheit aufgehoben."),
            f"top-{item.pk}",
        )
    screen = _Screen(meeting, request.user)
    form = ExclusionForm(request.POST, persons=screen.members, item=item)
    if not form.is_valid():
        return _invalid(request, meeting, _("Bitte ein Mitglied der Anwesenheitsliste wählen."))
    return _done(
        request,
        meeting,
        lambda: services.declare_exclusion(
            item,
            person=form.cleaned_data["person"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        _("Befangenheit erfasst."),
        f"top-{item.pk}",
    )


@login_required
@require_POST
def live_item_drop(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    item = _agenda_item(request, meeting, item_pk)
    form = DropItemForm(request.POST)
    if not form.is_valid():
        return _invalid(request, meeting, _("Eine Absetzung braucht eine Begründung."))
    return _done(
        request,
        meeting,
        lambda: services.drop_agenda_item(
            item,
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=_posted_version(request),
        ),
        _("%(number)s abgesetzt.") % {"number": item.number},
        f"top-{item.pk}",
    )


@login_required
@require_POST
def live_urgent_item(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = UrgentItemForm(request.POST, organization=meeting.organization)
    if not form.is_valid():
        return _invalid(
            request, meeting, _("Bitte Titel oder Vorlage, Begründung und Abstimmung angeben.")
        )
    data = form.cleaned_data
    return _done(
        request,
        meeting,
        lambda: services.add_urgent_agenda_item(
            meeting,
            by=request.user,
            name=data["name"],
            paper=data["paper"],
            public=data["public"],
            reason=data["amendment_reason"],
            votes_yes=data["votes_yes"],
            votes_no=data["votes_no"] or 0,
            votes_abstain=data["votes_abstain"] or 0,
        ),
        _("Dringlicher TOP ergänzt."),
        "dringlich",
    )


@login_required
@require_POST
def live_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = EndMeetingForm(request.POST)
    if not form.is_valid():
        return _invalid(request, meeting, _("Bitte ein gültiges Ende angeben."))
    return _done(
        request,
        meeting,
        lambda: services.record_results(
            meeting, entries=[], actual_end=form.cleaned_data["actual_end"], by=request.user
        ),
        _("Ende der Sitzung gespeichert."),
        "ende",
    )
