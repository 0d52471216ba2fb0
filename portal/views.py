"""Bürgerinformationssystem: public pages, no login. Everything is read through the public
selectors of ``workflow.selectors``; nothing here decides what is public."""

from __future__ import annotations

import calendar as pycalendar
import datetime
import functools
import re
import zoneinfo
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from config import params as p
from config.login_throttle import client_address
from documents.selectors import files_of_public_owners
from notifications import feedback, subscriptions
from notifications.models import Subscription
from portal import search as portal_search
from portal.search import Filters
from workflow import calendars, selectors
from workflow.errors import WorkflowError
from workflow.models import Organization, PaperType, ResolutionKind

T = TypeVar("T")


def _public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET and HEAD only (link checkers and caches ask with HEAD); caches may keep the page a
    minute (ETags come from ConditionalGetMiddleware). A parameter that cannot be used answers
    a page with status 400 that names it."""
    return require_safe(cache_control(public=True, max_age=60)(_parsed(view)))


_BAD_REQUEST = engines["django"].from_string(
    '{% extends "portal/base.html" %}{% load i18n %}'
    '{% block title %}{% translate "Ungültige Anfrage" %}{% endblock %}'
    '{% block content %}<h1>{% translate "Ungültige Anfrage" %}</h1>'
    '<p class="error" role="alert">{{ error }}</p>{% endblock %}'
)


def _bad_request(request: HttpRequest, error: p.BadParameter) -> HttpResponse:
    return HttpResponse(_BAD_REQUEST.render({"error": str(error)}, request), status=400)


def _parsed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer :class:`config.params.BadParameter`, and any parameter with a NUL byte (which
    PostgreSQL cannot store or compare), with the 400 page."""

    @functools.wraps(view)
    def parsed(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        name = p.has_nul(request.GET) or p.has_nul(request.POST)
        if name is not None:
            return _bad_request(request, p.BadParameter(name, _("Nullzeichen sind nicht erlaubt.")))
        try:
            return view(request, *args, **kwargs)
        except p.BadParameter as error:
            return _bad_request(request, error)

    return parsed


def _or_404(load: Callable[..., T], **lookup: object) -> T:
    try:
        return load(**lookup)
    except ObjectDoesNotExist as error:
        raise Http404("nicht öffentlich oder nicht vorhanden") from error


@_public
def accessibility(request: HttpRequest) -> HttpResponse:
    """Erklärung zur Barrierefreiheit (BITV 2.0 § 7), with its feedback form."""
    return _accessibility_page(
        request, {"page": p.query_text(request.GET, "seite", max_length=300)}
    )


def _accessibility_page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    # the body's name and contact come as ``site_body`` (ui.context_processors)
    return render(request, "portal/accessibility.html", context, status=status)


@csrf_exempt  # public pages carry no CSRF token (they are cached); this only sends a message
@require_POST
@never_cache
@_parsed  # a NUL byte answers 400 (PostgreSQL cannot store it)
def accessibility_feedback(request: HttpRequest) -> HttpResponse:
    """The feedback form of the accessibility statement: to the Sitzungsdienst by mail."""
    post = request.POST
    typed = {
        "message": post.get("nachricht", ""),
        "email": post.get("email", ""),
        "page": post.get("seite", ""),
    }
    try:
        feedback.send_feedback(**typed, client=client_address(request))
    except WorkflowError as error:
        return _accessibility_page(request, {**typed, "error": error.message}, status=422)
    return _accessibility_page(request, {"sent": True})


@_public
def easy_language(request: HttpRequest) -> HttpResponse:
    """The portal explained in Leichte Sprache (BITV 2.0 § 4)."""
    return render(request, "portal/easy_language.html", {})


@_public
def calendar(request: HttpRequest) -> HttpResponse:
    """Sitzungskalender as a list: upcoming first, then the past; filter by Gremium."""
    meetings = selectors.public_meetings().select_related("organization", "location", "body")
    committee = p.query_id(request.GET, "gremium")
    if committee:
        meetings = meetings.filter(organization_id=committee)
    now = timezone.now() - datetime.timedelta(hours=12)
    return render(
        request,
        "portal/calendar.html",
        {
            "upcoming": meetings.filter(start__gte=now).order_by("start"),
            "past": meetings.filter(start__lt=now).order_by("-start")[:50],
            "committees": Organization.objects.filter(
                organization_type=Organization.Type.COMMITTEE
            ).order_by("name"),
            "selected": committee,
        },
    )


@_public
def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """Sitzungskalender as a month grid (weeks Monday to Sunday)."""
    if not 1 <= month <= 12 or not 1900 <= year <= 2999:
        raise Http404("kein gültiger Monat")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    first = datetime.date(year, month, 1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    meetings = (
        selectors.public_meetings()
        .select_related("organization")
        .filter(
            start__gte=datetime.datetime.combine(first, datetime.time(), zone),
            start__lt=datetime.datetime.combine(following, datetime.time(), zone),
        )
    )
    committee = p.query_id(request.GET, "gremium")
    if committee:
        meetings = meetings.filter(organization_id=committee)
    by_day: dict[datetime.date, list] = {}
    for meeting in meetings.order_by("start"):
        by_day.setdefault(timezone.localtime(meeting.start, zone).date(), []).append(meeting)
    weeks = [
        [(day, by_day.get(day, []), day.month == month) for day in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    return render(
        request,
        "portal/month.html",
        {
            "first": first,
            "weeks": weeks,
            "previous": previous,
            "following": following,
            "selected": committee,
        },
    )


@_public
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, items, has_non_public = _or_404(selectors.public_meeting_page, pk=pk)
    # the meeting and its public TOPs were read through the public selectors above
    files = files_of_public_owners().filter(
        Q(meeting=meeting) | Q(agenda_item__in=[item.pk for item in items])
    )
    return render(
        request,
        "portal/meeting.html",
        {
            "meeting": meeting,
            "items": items,
            "has_non_public": has_non_public,
            "decisions": selectors.public_agenda_decisions(items),
            "files": files.select_related("current", "agenda_item"),
        },
    )


@_public
def agenda_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = _or_404(selectors.public_auszug, pk=pk)
    return render(
        request,
        "portal/auszug.html",
        {
            "item": item,
            "meeting": item.meeting,
            "files": files_of_public_owners().filter(agenda_item=item).select_related("current"),
        },
    )


@_public
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    paper, steps = _or_404(selectors.public_paper_page, pk=pk)
    return render(
        request,
        "portal/paper.html",
        {
            "paper": paper,
            "steps": steps,
            "originators": selectors.originators(paper),
            "answer": selectors.public_answer(paper),
            "amended": selectors.public_papers().filter(subordinate_papers=paper),
            "amendments": selectors.public_papers().filter(superordinate_papers=paper),
            "files": files_of_public_owners().filter(paper=paper).select_related("current"),
        },
    )


@_public
def organization(request: HttpRequest, pk: int) -> HttpResponse:
    org = _or_404(Organization.objects.get, pk=pk)
    members = selectors.public_memberships().filter(organization=org).active()
    return render(
        request,
        "portal/organization.html",
        {
            "organization": org,
            "members": members.select_related("person").order_by("role", "person__family_name"),
            "meetings": selectors.public_meetings()
            .filter(organization=org)
            .order_by("-start")[:50],
        },
    )


@_public
def ical(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """All meetings, or one committee's (``gremium/<pk>/kalender.ics``), as iCalendar."""
    meetings = selectors.public_meetings().select_related("organization", "location")
    name = "Sitzungskalender"
    if pk is not None:
        org = _or_404(Organization.objects.get, pk=pk)
        meetings, name = meetings.filter(organization=org), f"Sitzungen: {org.name}"
    listed = list(meetings.order_by("start"))
    body = calendars.meetings_calendar(
        listed,
        selectors.public_agendas(listed),
        name=name,
        url_of=lambda m: request.build_absolute_uri(reverse("portal:meeting", args=[m.pk])),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@_public
def person(request: HttpRequest, pk: int) -> HttpResponse:
    person = _or_404(selectors.public_persons().get, pk=pk)
    memberships = (
        selectors.public_memberships()
        .filter(person=person)
        .select_related("organization", "on_behalf_of")
        .order_by("-start_date", "organization__name")
    )
    return render(request, "portal/person.html", {"person": person, "memberships": memberships})


SEARCH_PAGE_SIZE = 20


@_public
def search(request: HttpRequest) -> HttpResponse:
    params = request.GET
    query = p.query_text(params, "q")
    # an impossible date is shown beside the form, not refused
    invalid = [
        params[k] for k in ("von", "bis") if params.get(k) and p.parse_day(params[k]) is None
    ]
    filters = Filters(
        organization_id=p.query_id(params, "gremium"),
        paper_type_id=p.query_id(params, "art"),
        result_id=p.query_id(params, "beschlussart"),
        date_from=p.parse_day(params.get("von")),
        date_to=p.parse_day(params.get("bis")),
    )
    hits = portal_search.search(query, filters)
    page_number = p.query_int(params, "seite", default=1, minimum=1, maximum=10_000)
    first = (page_number - 1) * SEARCH_PAGE_SIZE
    kept = {k: v for k, v in params.items() if k != "seite"}
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "hits": portal_search.with_snippets(hits[first : first + SEARCH_PAGE_SIZE], query),
            "total": len(hits),
            "page_number": page_number,
            "previous": urlencode({**kept, "seite": page_number - 1}) if page_number > 1 else "",
            "next": (
                urlencode({**kept, "seite": page_number + 1})
                if first + SEARCH_PAGE_SIZE < len(hits)
                else ""
            ),
            "filters": filters,
            "invalid_dates": invalid,
            "committees": Organization.objects.filter(
                organization_type=Organization.Type.COMMITTEE
            ).order_by("name"),
            "paper_types": PaperType.objects.order_by("position", "name"),
            "result_kinds": ResolutionKind.objects.order_by("position", "name"),
        },
    )


# -- subscriptions (double opt-in) -----------------------------------------------------


@csrf_exempt  # public pages carry no CSRF token (they are cached); this only asks for a mail
@require_POST
@never_cache
@_parsed  # a NUL byte in the address or the term answers 400 (PostgreSQL cannot store it)
def subscribe(request: HttpRequest) -> HttpResponse:
    """Abonnieren: a paper (``vorlage``), a committee (``gremium``) or a term (``begriff``)."""
    post = request.POST
    # an id that is given but no number is an id of nothing (0), not a missing one
    try:
        subscriptions.subscribe(
            post.get("email", ""),
            paper_id=(p.parse_id(post["vorlage"]) or 0) if post.get("vorlage") else None,
            organization_id=(p.parse_id(post["gremium"]) or 0) if post.get("gremium") else None,
            term=post.get("begriff", ""),
            language=translation.get_language() or "de",
            client=client_address(request),
        )
    except WorkflowError as error:
        return render(request, "portal/subscription.html", {"error": error.message}, status=422)
    return render(request, "portal/subscription.html", {"step": "requested"})


@never_cache
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation mail: a page with a button (a mail scanner following
    links confirms nothing)."""
    found = Subscription.objects.filter(token=token).first() if _token_shape(token) else None
    if found is None:
        return render(request, "portal/subscription.html", {"step": "invalid"}, status=404)
    if request.method == "POST":
        subscriptions.confirm(token)
        return render(request, "portal/subscription.html", {"step": "confirmed"})
    return render(request, "portal/subscription.html", {"step": "confirm", "subscription": found})


@csrf_exempt  # RFC 8058 one-click unsubscribe: a POST from the mail client, the token decides
@never_cache
def subscription_end(request: HttpRequest, token: str) -> HttpResponse:
    if not _token_shape(token):
        return render(request, "portal/subscription.html", {"step": "invalid"}, status=404)
    found = Subscription.objects.filter(token=token).first()
    if request.method == "POST":
        subscriptions.unsubscribe(token)
        return render(request, "portal/subscription.html", {"step": "ended"})
    if found is None:
        return render(request, "portal/subscription.html", {"step": "invalid"}, status=404)
    return render(request, "portal/subscription.html", {"step": "end", "subscription": found})


_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _token_shape(token: str) -> bool:
    """Whether ``token`` could be one of ``secrets.token_urlsafe``: anything else (a NUL
    byte, which PostgreSQL cannot compare, included) is simply an invalid link."""
    return _TOKEN.fullmatch(token) is not None
