"""Anträge and Anfragen of members and Fraktionen in the workspace: draft, co-sign, file,
register. Views parse input and call ``workflow.services``; what is allowed is decided there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staff.forms import AnswerForm, CoSignerForm, FilingForm, RegisterFilingForm
from staff.views import _attempt, _body, _forbidden, _posted_version, _submit_form, _transition
from workflow import permissions, selectors, services
from workflow.errors import WorkflowError
from workflow.models import Filing

if TYPE_CHECKING:
    from staff.views import AuthenticatedHttpRequest


def _visible_filing(request: AuthenticatedHttpRequest, pk: int) -> Filing:
    """The filing if the user reads it; otherwise 404, so its existence does not leak."""
    try:
        return selectors.visible_filings(request.user).get(pk=pk)
    except Filing.DoesNotExist:
        raise Http404 from None


def _page(filing: Filing) -> str:
    return reverse("staff:filing", args=[filing.pk])


@login_required
def filing_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    body = _body(request)
    if not permissions.can_create_filing(request.user, body):
        return _forbidden(
            request,
            _("Neuer Antrag"),
            _("Anträge und Anfragen stellen Mitglieder eines Gremiums oder einer Fraktion."),
        )
    form = FilingForm(request.POST or None, user=request.user, body=body)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            filing = services.create_filing(body=body, by=request.user, **data)
        except WorkflowError as error:
            form.add_refusal(error)
        else:
            messages.success(request, _("%(filing)s angelegt.") % {"filing": filing})
            return redirect("staff:filing", pk=filing.pk)
    context = {"form": form, "filing": None, "body": body}
    return render(request, "staff/filing_form.html", context)


@login_required
def filing_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    filing = _visible_filing(request, pk)
    if not permissions.can_edit_filing(request.user, filing):
        return _forbidden(
            request,
            _("Antrag bearbeiten"),
            _("Den Entwurf bearbeitet nur, wer ihn verfasst hat, und nur solange er Entwurf ist."),
        )
    form = FilingForm(
        request.POST or None,
        user=request.user,
        body=filing.body,
        initial=FilingForm.initial_for(filing),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        data.pop("kind")  # the kind and the amended paper are chosen once
        data.pop("amends")
        try:
            services.update_filing(filing, by=request.user, expected_version=version, **data)
        except WorkflowError as error:
            form.add_refusal(error)
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("staff:filing", pk=filing.pk)
    context = {"form": form, "filing": filing, "body": filing.body}
    return render(request, "staff/filing_form.html", context)


@login_required
def filing_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    filing = _visible_filing(request, pk)
    user = request.user
    editable = permissions.can_edit_filing(user, filing)
    may_register = filing.state == Filing.State.FILED and permissions.can_register_filing(
        user, filing
    )
    may_answer = filing.state == Filing.State.REGISTERED and permissions.can_answer_question(
        user, filing
    )
    return render(
        request,
        "staff/filing.html",
        {
            "filing": filing,
            "co_signatures": selectors.co_signatures_of(filing),
            "editable": editable,
            "co_signer_form": CoSignerForm(filing=filing) if editable else None,
            "may_co_sign": permissions.can_answer_co_signature(user, filing),
            "register_form": RegisterFilingForm(filing=filing) if may_register else None,
            "answer_form": AnswerForm() if may_answer else None,
            "options": selectors.transition_options(filing, user),
            "history": selectors.history(filing, user=user),
        },
    )


@login_required
@require_POST
def filing_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    filing = _visible_filing(request, pk)
    response = _transition(request, filing, _page(filing))
    if not selectors.visible_filings(request.user).filter(pk=filing.pk).exists():
        return redirect("staff:workspace")  # e.g. returned to its authors: no longer the clerk's
    return response


@login_required
@require_POST
def filing_co_signer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    filing = _visible_filing(request, pk)
    _submit_form(
        request,
        CoSignerForm(request.POST, filing=filing),
        lambda data: services.ask_co_signer(
            filing, person=data["person"], by=request.user, expected_version=data["version"]
        ),
        _("Um Mitzeichnung gebeten."),
    )
    return redirect("staff:filing", pk=filing.pk)


@login_required
@require_POST
def filing_co_sign_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    filing = _visible_filing(request, pk)
    answer = request.POST.get("answer")
    if answer not in ("confirm", "decline"):
        messages.error(request, _("Bitte „Mitzeichnen“ oder „Mitzeichnung ablehnen“ wählen."))
        return redirect("staff:filing", pk=filing.pk)
    confirm = answer == "confirm"
    done = _attempt(
        request,
        lambda: services.answer_co_signature(
            filing, by=request.user, confirm=confirm, expected_version=_posted_version(request)
        ),
        _("Mitgezeichnet.") if confirm else _("Mitzeichnung abgelehnt."),
    )
    if done and not confirm:
        return redirect("staff:workspace")  # a declined co-signer no longer reads the draft
    return redirect("staff:filing", pk=filing.pk)


@login_required
@require_POST
def filing_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    filing = _visible_filing(request, pk)
    form = RegisterFilingForm(request.POST, filing=filing)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect("staff:filing", pk=filing.pk)
    data = form.cleaned_data
    try:
        paper = services.register_filing(
            filing,
            by=request.user,
            preliminary=data.get("preliminary", ()),
            answering_organization=data.get("answering_organization"),
            expected_version=data["version"],
        )
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect("staff:filing", pk=filing.pk)
    messages.success(request, _("Als %(paper)s registriert.") % {"paper": paper})
    return redirect("staff:paper", pk=paper.pk)


@login_required
@require_POST
def filing_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    filing = _visible_filing(request, pk)
    _submit_form(
        request,
        AnswerForm(request.POST),
        lambda data: services.answer_question(
            filing, answer=data["answer"], by=request.user, expected_version=data["version"]
        ),
        _("Antwort gegeben; die Fragenden erhalten sie per E-Mail."),
    )
    return redirect("staff:filing", pk=filing.pk)
