"""Full-text search over what the public may see: papers (subject, Sachverhalt,
Beschlussvorschlag), public TOPs (title, Beschluss, minutes) and public files (name and
text). On PostgreSQL through stored, GIN-indexed German tsvectors (workflow migration 0004,
documents migration 0002) with ranking; elsewhere (SQLite) a plain word match. Snippets are
made only for the hits shown (``with_snippets``).

Snippets are returned as (text, highlighted) parts, never as HTML, so the page escapes
every character that came from the database."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from workflow import selectors
from workflow.models import AgendaItem, Consultation, Paper

if TYPE_CHECKING:
    from documents.models import FileVersion

MAX_HITS = 200
RANKED_CANDIDATES = 2000  # per kind; see _postgres
_START, _STOP = "\x02", "\x03"


@dataclass
class Filters:
    organization_id: int | None = None
    paper_type_id: int | None = None
    result_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass
class Hit:
    kind: str  # "paper", "agenda_item" or "file"
    pk: int
    title: str
    subtitle: str
    rank: float
    snippet: list[tuple[str, bool]] = field(default_factory=list)


def search(query: str, filters: Filters | None = None) -> list[Hit]:
    query = query.strip()
    if not query:
        return []
    filters = filters or Filters()
    papers = _filter_papers(selectors.public_papers(), filters)
    items = _filter_items(selectors.public_agenda_items(), filters)
    versions = _file_versions(papers, items, filters)
    if connection.vendor == "postgresql":
        hits = _postgres(query, papers, items, versions)
    else:
        hits = _simple(query, papers, items, versions)
    return sorted(hits, key=lambda h: (-h.rank, h.kind, -h.pk))


def _file_versions(papers: QuerySet, items: QuerySet, f: Filters) -> QuerySet:
    """The current versions of the public files of the matching papers and TOPs, and (when
    no paper criterion is set) of the matching meetings."""
    # documents builds on workflow; the search is the one read that spans both.
    from documents.models import FileVersion
    from documents.selectors import public_files

    owners = Q(paper__in=papers) | Q(agenda_item__in=items)
    if not (f.paper_type_id or f.result_id):
        meetings = selectors.public_meetings()
        if f.organization_id:
            meetings = meetings.filter(organization_id=f.organization_id)
        if f.date_from:
            meetings = meetings.filter(start__date__gte=f.date_from)
        if f.date_to:
            meetings = meetings.filter(start__date__lte=f.date_to)
        owners |= Q(meeting__in=meetings)
    return FileVersion.objects.filter(pk__in=public_files().filter(owners).values("current"))


def _results_shown(items: QuerySet) -> tuple[QuerySet, QuerySet]:
    """The TOPs whose results are public (found by title, Beschluss and minutes) and those
    whose results are held back (found by their title only, whether or not a result is
    recorded: the search must not tell that one is)."""
    shown = items.filter(results_shown=True)  # the annotation of public_agenda_items
    held_back = items.filter(results_shown=False)
    return shown, held_back


def _filter_papers(papers: QuerySet, f: Filters) -> QuerySet:
    # Exists, not joins: a join would repeat papers and call for a DISTINCT over every
    # matching row, text columns included.
    if f.organization_id:
        papers = papers.filter(
            Exists(
                Consultation.objects.filter(paper=OuterRef("pk"), organization_id=f.organization_id)
            )
        )
    if f.paper_type_id:
        papers = papers.filter(paper_type_id=f.paper_type_id)
    if f.result_id:
        papers = papers.filter(
            Exists(
                selectors.public_agenda_items().filter(
                    consultation__paper=OuterRef("pk"),
                    result_id=f.result_id,
                    results_shown=True,  # type: ignore[misc]  # public_agenda_items' annotation
                )
            )
        )
    if f.date_from:
        papers = papers.filter(date__gte=f.date_from)
    if f.date_to:
        papers = papers.filter(date__lte=f.date_to)
    return papers


def _filter_items(items: QuerySet, f: Filters) -> QuerySet:
    if f.organization_id:
        items = items.filter(meeting__organization_id=f.organization_id)
    if f.paper_type_id:
        items = items.filter(consultation__paper__paper_type_id=f.paper_type_id)
    if f.result_id:
        items = items.filter(result_id=f.result_id, results_shown=True)
    if f.date_from:
        items = items.filter(meeting__start__date__gte=f.date_from)
    if f.date_to:
        items = items.filter(meeting__start__date__lte=f.date_to)
    return items


def _paper_hit(paper: Paper, rank: float) -> Hit:
    return Hit("paper", paper.pk, f"{paper.reference} {paper.name}", paper.paper_type.name, rank)


def _item_hit(item: AgendaItem, rank: float) -> Hit:
    meeting = item.meeting
    return Hit(
        "agenda_item",
        item.pk,
        item.name,
        f"{meeting.reference} {item.number}, {meeting.organization.name}",
        rank,
    )


def _terms(query: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, config="german", search_type="websearch")


def _stored_vector(table: str):
    """The generated, GIN-indexed ``search_vector`` column (migration 0004)."""
    from django.contrib.postgres.search import SearchVectorField
    from django.db.models.expressions import RawSQL

    return RawSQL(f'"{table}"."search_vector"', [], output_field=SearchVectorField())


def _file_hit(version: FileVersion, rank: float) -> Hit:
    file = version.file
    if file.paper is not None:
        where = f"Vorlage {file.paper.reference}"
    elif file.meeting is not None:
        where = f"Sitzung {file.meeting.reference}"
    else:
        item = cast(AgendaItem, file.agenda_item)  # file_has_one_owner
        where = f"{item.meeting.reference} {item.number}"
    return Hit("file", file.pk, file.name, where, rank)


# (the FSM state fields too: django-fsm reads them when an instance is made)
_PAPER_HIT_FIELDS = ("reference", "name", "state", "paper_type__name")
_ITEM_HIT_FIELDS = (
    "name",
    "public",
    "position",
    "meeting__reference",
    "meeting__state",
    "meeting__organization__name",
)
_FILE_OWNERS = ("file__paper", "file__meeting", "file__agenda_item__meeting")


def _postgres(query: str, papers: QuerySet, items: QuerySet, versions: QuerySet) -> list[Hit]:
    from django.contrib.postgres.search import SearchRank, SearchVector

    terms = _terms(query)

    def ranked(queryset: QuerySet, table: str, *newest: str) -> QuerySet:
        # A common word matches most of the archive; ranking every match is what made a
        # search slow. Rank the newest RANKED_CANDIDATES matches instead: found through
        # the GIN index for a rare word, by walking an index backwards for a common one.
        # (Two queries: the raw column reference cannot be aliased inside a subquery.)
        candidates = list(
            queryset.annotate(vector=_stored_vector(table))
            .filter(vector=terms)
            .order_by(*(newest or ("-pk",)))
            .values_list("pk", flat=True)[:RANKED_CANDIDATES]
        )
        return (
            queryset.filter(pk__in=candidates)
            .annotate(rank=SearchRank(_stored_vector(table), terms))
            .order_by("-rank", "-pk")[:MAX_HITS]
        )

    # only what a hit shows: ranking reads every match, so each row should be narrow
    found_papers = ranked(
        papers.select_related("paper_type").only(*_PAPER_HIT_FIELDS),
        "workflow_paper",
        # most recently published first, along the publication_since index
        "-publication__since",
        "-publication__paper_id",
    )
    shown, held_back = _results_shown(
        items.select_related("meeting__organization").only(*_ITEM_HIT_FIELDS)
    )
    found_items = list(ranked(shown, "workflow_agendaitem"))
    # held back: few (meetings under way), by a vector of the title made on the spot
    title = SearchVector("name", config="german")
    found_items += list(
        held_back.annotate(vector=title)
        .filter(vector=terms)
        .annotate(rank=SearchRank(title, terms))
        .order_by("-rank", "-pk")[:MAX_HITS]
    )
    found_items = sorted(found_items, key=lambda i: (-i.rank, -i.pk))[:MAX_HITS]
    found_files = ranked(versions.select_related(*_FILE_OWNERS), "documents_fileversion")
    return (
        [_paper_hit(p, p.rank) for p in found_papers]
        + [_item_hit(i, i.rank) for i in found_items]
        + [_file_hit(v, v.rank) for v in found_files]
    )


def with_snippets(hits: list[Hit], query: str) -> list[Hit]:
    """Add highlighted snippets to the hits shown (one page), in two queries."""
    from documents.models import File, FileVersion

    paper_ids = [h.pk for h in hits if h.kind == "paper"]
    # from Beschluss and minutes, so only of TOPs whose results are public
    item_ids = list(
        _results_shown(
            selectors.public_agenda_items().filter(
                pk__in=[h.pk for h in hits if h.kind == "agenda_item"]
            )
        )[0].values_list("pk", flat=True)
    )
    file_ids = [h.pk for h in hits if h.kind == "file"]
    current_versions = FileVersion.objects.filter(
        pk__in=File.objects.filter(pk__in=file_ids).values("current")
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchHeadline

        terms = _terms(query)
        options: dict[str, Any] = {
            "start_sel": _START,
            "stop_sel": _STOP,
            "max_fragments": 2,
            "config": "german",
        }
        texts = dict(
            Paper.objects.filter(pk__in=paper_ids)
            .annotate(snippet=SearchHeadline("statement", terms, **options))
            .values_list("pk", "snippet")
        )
        item_texts = dict(
            AgendaItem.objects.filter(pk__in=item_ids)
            .annotate(snippet=SearchHeadline("minutes_text", terms, **options))
            .values_list("pk", "snippet")
        )
        file_texts = dict(
            current_versions.annotate(snippet=SearchHeadline("text", terms, **options)).values_list(
                "file_id", "snippet"
            )
        )
        parts = {("paper", k): _marked(v) for k, v in texts.items()}
        parts.update({("agenda_item", k): _marked(v) for k, v in item_texts.items()})
        parts.update({("file", k): _marked(v) for k, v in file_texts.items()})
    else:
        words = [w for w in re.findall(r"\w+", query) if len(w) > 1]
        parts = {
            ("paper", pk): _excerpt(f"{name} {statement}", words)
            for pk, name, statement in Paper.objects.filter(pk__in=paper_ids).values_list(
                "pk", "name", "statement"
            )
        }
        parts.update(
            {
                ("agenda_item", pk): _excerpt(f"{resolution} {minutes}", words)
                for pk, resolution, minutes in AgendaItem.objects.filter(
                    pk__in=item_ids
                ).values_list("pk", "resolution_text", "minutes_text")
            }
        )
        parts.update(
            {
                ("file", file_id): _excerpt(text, words)
                for file_id, text in current_versions.values_list("file_id", "text")
            }
        )
    for hit in hits:
        hit.snippet = parts.get((hit.kind, hit.pk), [])
    return hits


def _marked(headline: str) -> list[tuple[str, bool]]:
    parts, highlighted = [], False
    for piece in re.split(f"([{_START}{_STOP}])", headline or ""):
        if piece == _START:
            highlighted = True
        elif piece == _STOP:
            highlighted = False
        elif piece:
            parts.append((piece, highlighted))
    return parts


def _simple(query: str, papers: QuerySet, items: QuerySet, versions: QuerySet) -> list[Hit]:
    words = [w for w in re.findall(r"\w+", query) if len(w) > 1]
    if not words:
        return []
    paper_match, item_match, title_match, file_match = Q(), Q(), Q(), Q()
    for word in words:
        paper_match &= (
            Q(name__icontains=word)
            | Q(reference__icontains=word)
            | Q(statement__icontains=word)
            | Q(resolution_proposal__icontains=word)
        )
        item_match &= (
            Q(name__icontains=word)
            | Q(resolution_text__icontains=word)
            | Q(minutes_text__icontains=word)
        )
        title_match &= Q(name__icontains=word)
        file_match &= Q(file_name__icontains=word) | Q(text__icontains=word)
    hits = [
        _paper_hit(p, 1.0)
        for p in papers.filter(paper_match).select_related("paper_type")[:MAX_HITS]
    ]
    shown, held_back = _results_shown(items.select_related("meeting__organization"))
    found_items = shown.filter(item_match) | held_back.filter(title_match)
    hits += [_item_hit(i, 1.0) for i in found_items.order_by("-pk")[:MAX_HITS]]
    hits += [
        _file_hit(v, 1.0)
        for v in versions.filter(file_match).select_related(*_FILE_OWNERS)[:MAX_HITS]
    ]
    return hits


def _excerpt(text: str, words: list[str], width: int = 90) -> list[tuple[str, bool]]:
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - width) if first else 0
    window = text[start : start + 2 * width]
    parts, last = [], 0
    for match in pattern.finditer(window):
        parts += [(window[last : match.start()], False), (match.group(), True)]
        last = match.end()
    parts.append((window[last:], False))
    return [(t, h) for t, h in parts if t]
