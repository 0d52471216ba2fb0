"""Sitzungsgeld in the workspace: the Sitzungsdienst picks a period, sees who attended how
many held meetings of their committees and downloads the file for the payroll. What counts
is decided in ``workflow.sitting_fees``, the export in ``services.export_sitting_fees``."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from config.params import BadParameter, query_date, query_int, query_text
from staff.views import _body
from workflow import clock, services, sitting_fees
from workflow.errors import InvalidInput, WorkflowError
from workflow.models import SittingFeeExport
from workflow.sitting_fees import FIRST_YEAR, LAST_YEAR, PeriodKind

if TYPE_CHECKING:
    from staff.views import AuthenticatedHttpRequest

# "art": a month, quarter or year of "jahr" ("nummer" says which), or "von".."bis".
RANGE = "range"
KINDS = [*PeriodKind.choices, (RANGE, gettext_lazy("Zeitraum von–bis"))]


@dataclass
class PeriodForm:
    """What the form shows: the values as the user sent them (or the defaults)."""

    kind: str
    year: str
    number: str
    start: str
    end: str

    @classmethod
    def of(cls, params: Mapping[str, str]) -> PeriodForm:
        # Only for showing them again: each is bounded and free of NUL bytes first.
        values = {name: params.get(name, "")[:20].replace("\x00", "") for name in _FIELDS}
        return cls(values["art"], values["jahr"], values["nummer"], values["von"], values["bis"])

    @classmethod
    def default(cls, today: datetime.date) -> PeriodForm:
        quarter = (today.month - 1) // 3 + 1
        return cls(PeriodKind.QUARTER, str(today.year), str(quarter), "", "")


_FIELDS = ("art", "jahr", "nummer", "von", "bis")


def _period(params: Mapping[str, str]) -> tuple[datetime.date, datetime.date]:
    """The period the parameters name; BadParameter or InvalidInput with the reason."""
    kind = query_text(params, "art", max_length=20)
    if kind == RANGE:
        start, end = query_date(params, "von"), query_date(params, "bis")
        if start is None or end is None:
            raise InvalidInput(_("Bitte Beginn und Ende des Zeitraums angeben."))
    else:
        year = query_int(params, "jahr", minimum=FIRST_YEAR, maximum=LAST_YEAR)
        if year is None:
            raise InvalidInput(_("Bitte das Jahr angeben."))
        number = query_int(params, "nummer", default=1, minimum=1, maximum=12)
        start, end = sitting_fees.period(kind, year, number)
    sitting_fees.check_period(start, end)
    return start, end


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sitting_fee_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the form and, with "Anzeigen", the rows of the period; POST: the CSV or Excel
    file of the period as a download. Only for the Sitzungsdienst; 404 for anyone else."""
    body = _body(request)
    committees = sitting_fees.sitting_fee_committees(user=request.user, body=body)
    if not committees.exists():
        raise Http404
    params = request.POST if request.method == "POST" else request.GET
    asked = "art" in params
    form = PeriodForm.of(params) if asked else PeriodForm.default(timezone.localdate(clock.now()))
    fees = None
    error = ""
    if asked:
        try:
            start, end = _period(params)
            if request.method == "POST":
                export = services.export_sitting_fees(
                    body=body,
                    start=start,
                    end=end,
                    file_format=query_text(params, "format", max_length=20),
                    by=request.user,
                )
                response = HttpResponse(export.content, content_type=export.content_type)
                response["Content-Disposition"] = content_disposition_header(True, export.filename)
                return response
            fees = sitting_fees.sitting_fee_rows(
                body=body, start=start, end=end, organizations=committees
            )
        except (BadParameter, WorkflowError) as refusal:
            error = refusal.message if isinstance(refusal, WorkflowError) else str(refusal)
    context = {
        "form": form,
        "kinds": KINDS,
        "fees": fees,
        "error": error,
        "formats": SittingFeeExport.Format.choices,
        "exports": sitting_fees.sitting_fee_exports(body=body, organizations=committees),
    }
    return render(request, "staff/sitting_fees.html", context, status=400 if error else 200)
