"""Read-only OParl 1.1 endpoints. Thin: parse the request, read through ``oparl.queries``,
serialize with ``oparl.serializers``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from config import params as p
from oparl import queries, serializers
from oparl.cache import cached
from oparl.models import Tombstone
from oparl.serializers import SCHEMA, Urls
from workflow.models import Body

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
END = p.MAX_ID  # ``before=end``: past every id
FILTERS = {
    "created_since": "created__gte",
    "created_until": "created__lte",
    "modified_since": "modified__gte",
    "modified_until": "modified__lte",
}

SERIALIZERS: dict[str, Callable[[Any, Urls], dict]] = {
    "body": serializers.body,
    "organization": serializers.organization,
    "person": serializers.person,
    "membership": serializers.membership,
    "meeting": serializers.meeting,
    "agendaItem": lambda item, urls: serializers.agenda_item(item, urls, order=item.public_order),
    "consultation": serializers.consultation,
    "paper": serializers.paper,
    "location": serializers.location,
    "legislativeTerm": serializers.legislative_term,
    "file": serializers.file,
}
# kind: (queryset of what the public sees, serializer)
KINDS = {kind: (queries.PUBLIC[kind], serialize) for kind, serialize in SERIALIZERS.items()}

# list name in Body: (kind, lookup of the body's pk)
BODY_LISTS = {
    "organization": ("organization", "body_id"),
    "person": ("person", "body_id"),
    "meeting": ("meeting", "body_id"),
    "paper": ("paper", "body_id"),
    "agendaItem": ("agendaItem", "meeting__body_id"),
    "consultation": ("consultation", "paper__body_id"),
    "membership": ("membership", "organization__body_id"),
    "locationList": ("location", "body_id"),
    "legislativeTermList": ("legislativeTerm", "body_id"),
    "file": ("file", "body_id"),
}


def _urls(request: HttpRequest) -> Urls:
    return Urls(
        request.build_absolute_uri("/oparl/v1/"),
        request.build_absolute_uri("/buergerinfo/"),
        request.build_absolute_uri("/"),
    )


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, message: str, debug: str = "") -> JsonResponse:
    return _json({"type": SCHEMA + "Error", "message": message, "debug": debug}, status=status)


@require_safe
@cached
def system(request: HttpRequest) -> JsonResponse:
    return _json(serializers.system(_urls(request)))


@require_safe
@cached
def bodies(request: HttpRequest) -> JsonResponse:
    return _page(request, queries.bodies(), serializers.body)


@require_safe
@cached
def body_list(request: HttpRequest, pk: int, name: str) -> JsonResponse:
    if name not in BODY_LISTS:
        return _error(404, "Diese Liste gibt es nicht.", name)
    if not Body.objects.filter(pk=pk).exists():
        return _error(404, "Diese Körperschaft gibt es nicht.")
    kind, lookup = BODY_LISTS[name]
    query, serialize = KINDS[kind]
    tombstones = Tombstone.objects.filter(kind=kind, body_id=pk)
    return _page(request, query().filter(**{lookup: pk}), serialize, tombstones)


# external lists of an Organization: kind of the objects, lookup of the organization's pk
ORGANIZATION_LISTS = {
    "meeting": ("meeting", "organization_id"),
    "consultation": ("consultation", "organization_id"),
}


@require_safe
@cached
def organization_list(request: HttpRequest, pk: int, name: str) -> JsonResponse:
    """``Organization.meeting`` and ``Organization.consultation``: its meetings and
    consultations, paginated like the body's lists."""
    if name not in ORGANIZATION_LISTS:
        return _error(404, "Diese Liste gibt es nicht.", name)
    if not queries.organizations().filter(pk=pk).exists():
        return _error(404, "Dieses Gremium gibt es nicht.")
    kind, lookup = ORGANIZATION_LISTS[name]
    query, serialize = KINDS[kind]
    return _page(request, query().filter(**{lookup: pk}), serialize)


@require_safe
@cached
def detail(request: HttpRequest, kind: str, pk: int) -> JsonResponse:
    if kind not in KINDS:
        return _error(404, "Diesen Objekttyp gibt es nicht.", kind)
    query, serialize = KINDS[kind]
    obj = query().filter(pk=pk).first()
    if obj is not None:
        return _json(serialize(obj, _urls(request)))
    tombstone = Tombstone.objects.filter(kind=kind, object_id=pk).first()
    if tombstone is not None:
        return _json(serializers.deleted(tombstone, _urls(request)))
    return _error(404, "Dieses Objekt gibt es nicht oder es ist nicht öffentlich.")


def _page(
    request: HttpRequest, queryset: Any, serialize: Callable, tombstones: Any = None
) -> JsonResponse:
    """A list page in keyset order (by id): page 1,000 costs what page 1 costs.

    ``after=<id>`` reads forwards from an id, ``before=<id>`` (or ``before=end``) the
    ``limit`` objects before it, so ``next``, ``prev`` and ``last`` are links that cost
    nothing to make and no more than a page to follow. With ``modified_since``, the
    objects deleted since then follow the live ones, in their own keyset
    (``deleted_after``), as OParl 1.1 asks; without it they are left out, and only then is
    there a ``last`` link.
    """
    params = request.GET
    try:
        limit = min(max(p.query_int(params, "limit", default=DEFAULT_LIMIT), 1), MAX_LIMIT)
        after = p.query_int(params, "after", default=0)
        before: int | None = None
        if (before_param := params.get("before")) is not None:
            before = END if before_param == "end" else p.query_int(params, "before", default=END)
        in_deleted_part = "deleted_after" in params
        deleted_after = p.query_int(params, "deleted_after", default=0)
        filters = {}
        for name, lookup in FILTERS.items():
            moment = p.query_datetime(params, name)
            if moment is not None:
                filters[lookup] = moment
    except p.BadParameter as error:
        return _error(400, str(error), f"{error.name}: {error.message}")
    urls = _urls(request)
    live = queryset.filter(**filters)
    with_deleted = tombstones is not None and "modified__gte" in filters
    rows: list[Any] = []
    more_after = more_before = False
    if before is not None and not in_deleted_part:
        rows = list(live.filter(pk__lt=before).order_by("-pk")[: limit + 1])
        more_before, rows = len(rows) > limit, rows[:limit][::-1]
        more_after = before != END or with_deleted
    elif not in_deleted_part:
        rows = list(live.filter(pk__gt=after).order_by("pk")[: limit + 1])
        more_after, rows = len(rows) > limit, rows[:limit]
        more_before = after > 0
    data = [serialize(row, urls) for row in rows]
    cursor: dict[str, Any] = {"after": rows[-1].pk} if more_after and rows else {}
    if with_deleted and not cursor and before is None:
        deleted_filters = {
            k.replace("modified", "deleted"): v for k, v in filters.items() if "modified" in k
        }
        deleted_filters.update({k: v for k, v in filters.items() if "created" in k})
        room = limit - len(data)
        gone = list(
            tombstones.filter(pk__gt=deleted_after, **deleted_filters).order_by("pk")[: room + 1]
        )
        data += [serializers.deleted(t, urls) for t in gone[:room]]
        if len(gone) > room:
            cursor = {"deleted_after": gone[room - 1].pk if room else deleted_after}
    kept = {k: v for k, v in params.items() if k not in ("after", "before", "deleted_after")}
    base = request.build_absolute_uri(request.path)

    def link(**extra: Any) -> str:
        query = urlencode({**kept, **extra})
        return f"{base}?{query}" if query else base

    current: dict[str, Any] = {"deleted_after": deleted_after} if in_deleted_part else {}
    if after:
        current["after"] = after
    if before is not None:
        current["before"] = "end" if before == END else before
    links = {"first": link(), "self": link(**current)}
    if more_before:
        links["prev"] = link(before=rows[0].pk if rows else after + 1)
    if cursor:
        links["next"] = link(**cursor)
    if not with_deleted:
        links["last"] = link(before="end")
    return _json({"data": data, "pagination": {"elementsPerPage": limit}, "links": links})
