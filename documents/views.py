"""Downloads: stored files and their versions, and the documents rendered on request (Auszug,
Vorlage, the draft Niederschrift). Every view finds its object through the same selectors as
the pages, so a file is served exactly to those who may read what it belongs to; anything
else is a 404, whatever URL is guessed."""

from __future__ import annotations

from typing import TypeVar, cast
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from documents import generation
from documents.models import FileVersion
from documents.selectors import visible_files
from workflow import permissions
from workflow.models import Meeting
from workflow.selectors import visible_agenda_items, visible_papers

R = TypeVar("R", bound=HttpResponseBase)


@require_safe
def file_download(
    request: HttpRequest, pk: int, number: int | None = None, *, attachment: bool = False
) -> HttpResponseBase:
    """The current version of a file, or version ``number``. OParl's ``accessUrl`` is shown
    in the browser (``inline``); its ``downloadUrl`` (``attachment``) is offered for saving."""
    file = get_object_or_404(visible_files(request.user), pk=pk)
    if number is None:
        version = FileVersion.objects.get(pk=cast(int, file.current_id))  # visible: has one
    else:
        version = get_object_or_404(FileVersion, file=file, number=number)
    response: HttpResponseBase
    if request.headers.get("If-None-Match") == _etag(version.sha256):
        response = HttpResponse(status=304)
    else:
        response = FileResponse(
            default_storage.open(cast(str, version.blob.name), "rb"),  # stored: has a name
            content_type=version.mime_type,
        )
        response["Content-Length"] = str(version.size)
    response["Last-Modified"] = http_date(version.created.timestamp())
    return _headers(
        response,
        request,
        file_name=version.file_name,
        attachment=attachment,
        etag=_etag(version.sha256),
        # A version's content never changes; "the current one" may.
        max_age=86400 if number is not None else 60,
    )


@require_safe
def auszug_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Auszug of one TOP as PDF, for those who may see the TOP and its result."""
    items = visible_agenda_items(request.user).filter(results_shown=True)  # type: ignore[misc]
    item = get_object_or_404(items, pk=pk)
    return _document(request, generation.auszug(item))


@require_safe
def paper_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The Vorlage as PDF, its Beratungsfolge with the results the reader may see."""
    paper = get_object_or_404(visible_papers(request.user), pk=pk)
    document = generation.paper_document(paper, agenda_items=visible_agenda_items(request.user))
    return _document(request, document)


@require_safe
def minutes_draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The Niederschrift before the chair approves it, complete, for the committee's members
    and clerks (after approval the frozen file is the Niederschrift)."""
    meeting = get_object_or_404(Meeting.objects.select_related("organization"), pk=pk)
    if not permissions.may_read_confidential(request.user, meeting.organization):
        raise Http404
    return _document(request, generation.minutes(meeting, confidential=True))


def _document(request: HttpRequest, document: generation.Document) -> HttpResponse:
    response = HttpResponse(document.content, content_type="application/pdf")
    return _headers(
        response,
        request,
        file_name=document.file_name,
        attachment=False,
        etag=None,
        max_age=60,
    )


def _headers(
    response: R,
    request: HttpRequest,
    *,
    file_name: str,
    attachment: bool,
    etag: str | None,
    max_age: int,
) -> R:
    disposition = "attachment" if attachment else "inline"
    ascii_name = file_name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"
    )
    # A download is never a page: no scripts, no plugins, even if a browser guessed HTML.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    if etag:
        response["ETag"] = etag
    if request.user.is_authenticated:
        # What a member sees must not be kept by a shared cache for anyone else.
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Cookie"])
    return response


def _etag(sha256: str) -> str:
    return f'"{sha256}"'
