"""Mein Arbeitsplatz. Views parse input, call a service or selector and render; every rule
lives in ``workflow``. A refused action shows the service's reason and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents import services as document_services
from documents.models import File, FileVersion
from documents.selectors import visible_files
from notifications import services as notification_services
from staff.forms import (
    AgendaItemForm,
    ConsultationForm,
    FileForm,
    FileVersionForm,
    MeetingForm,
    MeetingTimesForm,
    NotificationSettingsForm,
    PaperForm,
    RescheduleForm,
    ResultForm,
    StatementForm,
    StatementRequestForm,
)
from workflow import clock, permissions, selectors, services
from workflow.errors import WorkflowError
from workflow.models import AgendaItem, Meeting, Paper, Subject
from workflow.models.base import transition_label

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    class AuthenticatedHttpRequest(HttpRequest):
        """The request of a view behind ``login_required``, as every view here is."""

        user: User


PAGE_SIZE = 50


# -- helpers ------------------------------------------------------------------------


def _attempt(request: AuthenticatedHttpRequest, call: Callable[[], Any], done: str) -> bool:
    """Run a service call; its refusal becomes an error message on the next page."""
    try:
        call()
    except WorkflowError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, done)
    return True


def _submit_form(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    done: str,
) -> None:
    """Validate a posted form, then run the service with its data; field errors and the
    service's refusal become messages on the page the user returns to."""
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return
    _attempt(request, lambda: call(form.cleaned_data), done)


def _posted_version(request: AuthenticatedHttpRequest) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _back(request: AuthenticatedHttpRequest, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = default
    return HttpResponseRedirect(target or default)


def _transition(request: AuthenticatedHttpRequest, subject: Subject, page: str) -> HttpResponse:
    """Run the posted transition button (name, comment, version) on ``subject``."""
    name = request.POST.get("name", "")
    _attempt(
        request,
        lambda: services.run_transition(
            subject,
            name,
            by=request.user,
            comment=request.POST.get("comment", ""),
            expected_version=_posted_version(request),
        ),
        _("Erledigt: %(action)s") % {"action": transition_label(subject, name)},
    )
    return _back(request, page)


def _visible_paper(request: AuthenticatedHttpRequest, pk: int) -> Paper:
    """The paper if the user may see it; otherwise 404, so its existence does not leak."""
    try:
        return (
            selectors.visible_papers(request.user)
            .select_related("paper_type", "lead_organization", "officer", "body")
            .get(pk=pk)
        )
    except Paper.DoesNotExist:
        raise Http404 from None


def _meeting(request: AuthenticatedHttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        selectors.visible_meetings(request.user).select_related("organization", "location", "body"),
        pk=pk,
    )


def _forbidden(request: AuthenticatedHttpRequest, title: str, reason: str) -> HttpResponse:
    """A refusal before any form is filled in: a page that says why, with status 403."""
    context = {"title": title, "reason": reason}
    return render(request, "staff/forbidden.html", context, status=403)


def _may_create(user: Any) -> dict[str, bool]:
    """Whether the "Neue Vorlage" and "Neue Sitzung" links are offered (the views check the
    same)."""
    body = selectors.user_body(user)
    return {
        "may_create_paper": body is not None and permissions.can_create_paper(user, body),
        "may_create_meeting": permissions.clerk_organizations(user).exists(),
    }


def _body(request: AuthenticatedHttpRequest):
    body = selectors.user_body(request.user)
    if body is None:
        raise Http404(_("Es ist noch keine Körperschaft angelegt."))
    return body


# -- Mein Arbeitsplatz --------------------------------------------------------------


def _button_labels() -> dict[str, str]:
    return {
        name: transition_label(model, name)
        for model, names in services.TRANSITION_SERVICES.items()
        for name in names
    }


@login_required
def workspace(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/workspace.html",
        {
            "work": selectors.workspace(request.user),
            "mandate": selectors.mandate(request.user),
            "filings_to_register": selectors.filings_to_register(request.user),
            "questions_to_answer": selectors.questions_to_answer(request.user),
            "statements_to_give": selectors.statements_to_give(request.user),
            "overdue_questions": selectors.overdue_questions(
                request.user, timezone.localdate(clock.now())
            ),
            "labels": _button_labels(),
            "may_export_fees": permissions.clerk_organizations(request.user).exists(),
            **_may_create(request.user),
        },
    )


# -- Vorlagen -----------------------------------------------------------------------


@login_required
def paper_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    papers = (
        selectors.visible_papers(request.user)
        .select_related("paper_type", "lead_organization")
        .order_by("-date", "-reference")
    )
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "staff/paper_list.html", {"page": page, **_may_create(request.user)})


@login_required
def paper_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    body = _body(request)
    if not permissions.can_create_paper(request.user, body):
        return _forbidden(
            request,
            _("Neue Vorlage"),
            _(
                "Sie dürfen keine Vorlagen anlegen. Das Recht dazu vergibt die Administration; "
                "an Vorlagen, die Sie bearbeiten, können Sie weiter arbeiten."
            ),
        )
    initial = PaperForm.initial_for_new(request.user, body)
    form = PaperForm(request.POST or None, body=body, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            paper = services.create_paper(
                body=body,
                by=request.user,
                **{k: v for k, v in data.items() if k != "version"},
            )
        except WorkflowError as error:
            form.add_refusal(error)
        else:
            messages.success(request, _("%(paper)s angelegt.") % {"paper": paper})
            return redirect("staff:paper", pk=paper.pk)
    return render(request, "staff/paper_form.html", {"form": form, "paper": None})


@login_required
def paper_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paper = _visible_paper(request, pk)
    form = PaperForm(request.POST or None, body=paper.body, initial=PaperForm.initial_for(paper))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        co_organizations = data.pop("co_organizations")
        try:
            services.update_paper(
                paper,
                by=request.user,
                expected_version=version,
                co_organizations=co_organizations,
                **data,
            )
        except WorkflowError as error:
            form.add_refusal(error)
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("staff:paper", pk=paper.pk)
    return render(request, "staff/paper_form.html", {"form": form, "paper": paper})


@login_required
def paper_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paper = _visible_paper(request, pk)
    user = request.user
    editable_draft = permissions.can_edit_draft(user, paper)
    return render(
        request,
        "staff/paper.html",
        {
            "paper": paper,
            "steps": selectors.consultation_steps(paper, selectors.visible_agenda_items(user)),
            "co_organizations": list(paper.co_organizations.all()),
            "sign_offs": list(paper.sign_offs.select_related("organization", "given_by")),
            "options": selectors.transition_options(paper, user),
            "history": selectors.history(paper, user=user),
            "editable_draft": editable_draft,
            "consultation_form": ConsultationForm(body=paper.body) if editable_draft else None,
            "may_note": permissions.can_add_paper_note(user, paper),
            "statements": [
                (request, permissions.can_give_statement(user, request) and not request.given_at)
                for request in selectors.statements_of(paper)
            ],
            "statement_request_form": StatementRequestForm(body=paper.body)
            if permissions.can_request_statement(user, paper)
            else None,
            **_files_context(user, paper, visible_files(user).filter(paper=paper)),
        },
    )


@login_required
@require_POST
def paper_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paper = _visible_paper(request, pk)
    return _transition(request, paper, reverse("staff:paper", args=[paper.pk]))


@login_required
@require_POST
def consultation_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paper = _visible_paper(request, pk)
    form = ConsultationForm(request.POST, body=paper.body)
    if not form.is_valid():
        messages.error(request, _("Bitte Gremium und Rolle wählen."))
    else:
        data = form.cleaned_data
        _attempt(
            request,
            lambda: services.add_consultation(
                paper,
                organization=data["organization"],
                role=data["role"],
                # unticked: the service decides by the role (Entscheidung decides)
                authoritative=data["authoritative"] or None,
                by=request.user,
            ),
            _("Beratung ergänzt."),
        )
    return redirect("staff:paper", pk=paper.pk)


@login_required
@require_POST
def consultation_remove(
    request: AuthenticatedHttpRequest, pk: int, consultation_pk: int
) -> HttpResponse:
    paper = _visible_paper(request, pk)
    consultation = get_object_or_404(paper.consultations, pk=consultation_pk)
    _attempt(
        request,
        lambda: services.remove_consultation(consultation, by=request.user),
        _("Beratung entfernt."),
    )
    return redirect("staff:paper", pk=paper.pk)


@login_required
@require_POST
def statement_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paper = _visible_paper(request, pk)
    _submit_form(
        request,
        StatementRequestForm(request.POST, body=paper.body),
        lambda data: services.request_statement(
            paper, organization=data["organization"], due=data["due"], by=request.user
        ),
        _("Stellungnahme angefordert."),
    )
    return redirect("staff:paper", pk=paper.pk)


@login_required
@require_POST
def statement_give(request: AuthenticatedHttpRequest, pk: int, statement_pk: int) -> HttpResponse:
    paper = _visible_paper(request, pk)
    statement = get_object_or_404(paper.statements, pk=statement_pk)
    _submit_form(
        request,
        StatementForm(request.POST),
        lambda data: services.give_statement(statement, text=data["text"], by=request.user),
        _("Stellungnahme abgegeben."),
    )
    return redirect("staff:paper", pk=paper.pk)


@login_required
@require_POST
def paper_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paper = _visible_paper(request, pk)
    _attempt(
        request,
        lambda: services.add_paper_note(paper, by=request.user, text=request.POST.get("text", "")),
        _("Notiz gespeichert."),
    )
    return redirect("staff:paper", pk=paper.pk)


# -- Sitzungen ----------------------------------------------------------------------


@login_required
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    meetings = (
        selectors.visible_meetings(request.user).select_related("organization").order_by("-start")
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        "staff/meeting_list.html",
        {"page": page, **_may_create(request.user)},
    )


@login_required
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    body = _body(request)
    if not permissions.clerk_organizations(request.user).exists():
        return _forbidden(
            request,
            _("Neue Sitzung"),
            _(
                "Sie dürfen keine Sitzungen anlegen: Sitzungen legt der Sitzungsdienst des "
                "Gremiums an."
            ),
        )
    form = MeetingForm(request.POST or None, user=request.user, body=body)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            meeting = services.create_meeting(by=request.user, **data)
        except WorkflowError as error:
            form.add_refusal(error)
        else:
            messages.success(request, _("Sitzung %(meeting)s angelegt.") % {"meeting": meeting})
            return redirect("staff:meeting", pk=meeting.pk)
    return render(request, "staff/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    user = request.user
    may_manage = permissions.can_manage_meeting(user, meeting)
    agenda_editable = may_manage and meeting.agenda_editable
    agenda = selectors.meeting_agenda(meeting=meeting, user=user)
    return render(
        request,
        "staff/meeting.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "options": selectors.transition_options(meeting, user),
            "history": selectors.history(meeting, user=user),
            "may_manage": may_manage,
            "agenda_editable": agenda_editable,
            "agenda_open": meeting.state in Meeting.AGENDA_OPEN_STATES,
            "amendment": meeting.state in Meeting.AGENDA_AMENDABLE_STATES,
            "item_form": AgendaItemForm(
                organization=meeting.organization, initial={"version": meeting.version}
            )
            if agenda_editable
            else None,
            "may_record": may_manage and meeting.results_recordable,
            "may_reschedule": may_manage and meeting.reschedulable,
            "may_read_minutes_draft": meeting.state == Meeting.State.HELD
            and permissions.may_read_confidential(user, meeting.organization),
            **_files_context(
                user,
                meeting,
                visible_files(user).filter(Q(meeting=meeting) | Q(agenda_item__meeting=meeting)),
                agenda_items=agenda,
            ),
            "moves": [("up", _("nach oben")), ("down", _("nach unten"))],
            "attendance": selectors.expected_attendance(meeting, user),
            "own_reply": selectors.own_reply(meeting, user),
            "may_reply": permissions.can_reply_to_invitation(user, meeting),
        },
    )


@login_required
@require_POST
def meeting_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Zusage or Absage of the signed-in invitee (from the meeting page or the mail's link)."""
    meeting = _meeting(request, pk)
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        messages.error(request, _("Bitte „Zusage“ oder „Absage“ wählen."))
        return redirect("staff:meeting", pk=meeting.pk)
    accept = answer == "accept"
    _attempt(
        request,
        lambda: services.reply_to_invitation(
            meeting, by=request.user, accept=accept, reason=request.POST.get("reason", "")
        ),
        _("Zusage gespeichert.") if accept else _("Absage gespeichert."),
    )
    return redirect("staff:meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _transition(request, meeting, reverse("staff:meeting", args=[meeting.pk]))


@login_required
@require_POST
def agenda_item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _submit_form(
        request,
        AgendaItemForm(request.POST, organization=meeting.organization),
        lambda data: services.add_agenda_item(
            meeting,
            name=data["name"],
            public=data["public"],
            paper=data["paper"],
            amendment_reason=data["amendment_reason"],
            by=request.user,
            expected_version=data["version"],
        ),
        _("TOP ergänzt."),
    )
    return redirect("staff:meeting", pk=meeting.pk)


def _agenda_item(request: AuthenticatedHttpRequest, meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(
        selectors.visible_agenda_items(request.user).select_related("meeting"),
        pk=item_pk,
        meeting=meeting,
    )


@login_required
@require_POST
def agenda_item_move(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    item = _agenda_item(request, meeting, item_pk)
    _attempt(
        request,
        lambda: services.move_agenda_item(
            item,
            up=request.POST.get("direction") == "up",
            amendment_reason=request.POST.get("amendment_reason", ""),
            by=request.user,
            expected_version=_posted_version(request),
        ),
        _("Reihenfolge geändert."),
    )
    return redirect("staff:meeting", pk=meeting.pk)


@login_required
@require_POST
def agenda_item_remove(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    item = _agenda_item(request, meeting, item_pk)
    _attempt(
        request,
        lambda: services.remove_agenda_item(
            item, by=request.user, expected_version=_posted_version(request)
        ),
        _("TOP entfernt."),
    )
    return redirect("staff:meeting", pk=meeting.pk)


@login_required
def meeting_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ergebniserfassung: Beschlussart, Beschluss, votes and minutes of every TOP at once."""
    meeting = _meeting(request, pk)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise Http404
    agenda = selectors.meeting_agenda(meeting=meeting, user=request.user)
    kinds = {k.pk: k for k in selectors.resolution_kinds_for(meeting.body)}
    choices = [(pk, kind.name) for pk, kind in kinds.items()]
    data = request.POST if request.method == "POST" else None
    rows = [ResultForm(data, item=item, choices=choices) for item in agenda]
    times = MeetingTimesForm(
        data,
        prefix="times",
        initial={"actual_start": meeting.actual_start, "actual_end": meeting.actual_end},
    )
    version = _posted_version(request) if data else meeting.version
    error = ""
    if data is not None and times.is_valid() and all(row.is_valid() for row in rows):
        entries = [
            services.ResultEntry(
                agenda_item=row.item,
                result=kinds[entry["result"]],
                **{name: entry[name] for name in ResultForm.FIELDS},
            )
            for row in rows
            if (entry := row.changed_entry()) is not None
        ]
        try:
            services.record_results(
                meeting,
                entries=entries,
                by=request.user,
                expected_version=version,
                **{
                    name: value
                    for name, value in times.cleaned_data.items()
                    if name in times.changed_data
                },
            )
        except WorkflowError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Ergebnisse gespeichert."))
            return redirect("staff:meeting_results", pk=meeting.pk)
    return render(
        request,
        "staff/results.html",
        {
            "meeting": meeting,
            "rows": rows,
            "times": times,
            "version": version,
            "error": error,
            # before the invitations and after the minutes' approval: shown, not edited
            "editable": meeting.results_recordable,
        },
    )


@login_required
def meeting_reschedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Sitzung verlegen: new start, end and room with a reason; the invited are told."""
    meeting = _meeting(request, pk)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise Http404
    form = RescheduleForm(
        request.POST or None,
        body=meeting.body,
        initial={
            "start": meeting.start,
            "end": meeting.end,
            "location": meeting.location,
            "version": meeting.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reschedule_meeting(
                meeting,
                start=data["start"],
                end=data["end"],
                location=data["location"],
                reason=data["reason"],
                allow_overlap=data["allow_overlap"],
                by=request.user,
                expected_version=data["version"],
            )
        except WorkflowError as error:
            form.add_refusal(error)
        else:
            messages.success(request, _("Sitzung %(meeting)s verlegt.") % {"meeting": meeting})
            return redirect("staff:meeting", pk=meeting.pk)
    return render(request, "staff/meeting_reschedule.html", {"meeting": meeting, "form": form})


# -- files ------------------------------------------------------------------------


def _files_context(
    user: Any,
    subject: Paper | Meeting,
    files: QuerySet[File],
    *,
    agenda_items: list[AgendaItem] | None = None,
) -> dict[str, Any]:
    """The "Dateien" section of a paper or meeting page: the files the user sees, each with
    its versions and whether (or why not) it can be removed, and the upload forms."""
    may_attach = permissions.can_attach_file(user, subject)
    rows = list(
        files.select_related("current__created_by", "agenda_item").prefetch_related(
            Prefetch("versions", queryset=FileVersion.objects.order_by("-number"))
        )
    )
    for file in rows:
        # for the template
        cast(Any, file).removal_refusal = document_services.removal_refusal(file, subject)
    owner_fields = ("paper",) if isinstance(subject, Paper) else ("meeting", "agenda_item")
    return {
        "files": rows,
        "may_attach": may_attach,
        "file_form": FileForm(roles=File.upload_choices(*owner_fields), agenda_items=agenda_items)
        if may_attach
        else None,
    }


@login_required
@require_POST
def paper_file_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paper = _visible_paper(request, pk)
    form = FileForm(request.POST, request.FILES, roles=File.upload_choices("paper"))
    _attach(request, form, lambda data: paper)
    return redirect("staff:paper", pk=paper.pk)


@login_required
@require_POST
def meeting_file_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    agenda = selectors.meeting_agenda(meeting=meeting, user=request.user)
    form = FileForm(
        request.POST,
        request.FILES,
        roles=File.upload_choices("meeting", "agenda_item"),
        agenda_items=agenda,
    )
    _attach(request, form, lambda data: data["agenda_item"] or meeting)
    return redirect("staff:meeting", pk=meeting.pk)


def _attach(
    request: AuthenticatedHttpRequest, form: FileForm, owner: Callable[[dict[str, Any]], Any]
) -> None:
    """Attach the form's upload to ``owner(cleaned data)``: a paper, meeting or TOP."""
    _submit_form(
        request,
        form,
        lambda data: document_services.attach_file(
            owner(data),
            upload=data["upload"],
            role=data["role"],
            name=data["name"],
            confidential=data["confidential"],
            by=request.user,
        ),
        _("Datei angehängt."),
    )


def _visible_file(request: AuthenticatedHttpRequest, pk: int) -> File:
    return get_object_or_404(visible_files(request.user).select_related("agenda_item"), pk=pk)


def _owner_page(file: File) -> str:
    if file.paper_id:
        return reverse("staff:paper", args=[file.paper_id])
    meeting_id = file.meeting_id or cast(AgendaItem, file.agenda_item).meeting_id  # one owner
    return reverse("staff:meeting", args=[meeting_id])


@login_required
@require_POST
def file_version_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    file = _visible_file(request, pk)
    _submit_form(
        request,
        FileVersionForm(request.POST, request.FILES),
        lambda data: document_services.add_file_version(
            file, upload=data["upload"], comment=data["comment"], by=request.user
        ),
        _("Neue Fassung gespeichert."),
    )
    return redirect(_owner_page(file))


@login_required
@require_POST
def file_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    file = _visible_file(request, pk)
    _attempt(
        request,
        lambda: document_services.remove_file(file, by=request.user),
        _("Datei entfernt."),
    )
    return redirect(_owner_page(file))


# -- notification settings ----------------------------------------------------------


@login_required
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Benachrichtigungen: which mails come at once, daily or not at all, and in which
    language. Invitations and cancellations always come."""
    kinds = notification_services.choosable_kinds()
    modes, language = notification_services.preferences_of(request.user)
    initial = {"language": language, **{f"mode_{k}": m for k, m in modes.items()}}
    form = NotificationSettingsForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        notification_services.set_preferences(
            request.user, modes=form.modes(), language=form.cleaned_data["language"]
        )
        messages.success(request, _("Gespeichert."))
        return redirect("staff:notification_settings")
    return render(request, "staff/notification_settings.html", {"form": form})
