"""Full-text search over what the public may see: papers (subject, Sachverhalt,
Beschlussvorschlag) and public TOPs (title, Beschluss, minutes). On PostgreSQL with German
stemming, ranking and highlighted snippets; elsewhere (SQLite) a plain word match.

Snippets are returned as (text, highlighted) parts, never as HTML, so the page escapes
every character that came from the database."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Q, QuerySet

from workflow import selectors
from workflow.models import AgendaItem, Paper

MAX_HITS = 200
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
    kind: str  # "paper" or "agenda_item"
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
    if connection.vendor == "postgresql":
        hits = _postgres(query, papers, items)
    else:
        hits = _simple(query, papers, items)
    return sorted(hits, key=lambda h: (-h.rank, h.kind, -h.pk))


def _filter_papers(papers: QuerySet, f: Filters) -> QuerySet:
    if f.organization_id:
        papers = papers.filter(consultations__organization_id=f.organization_id)
    if f.paper_type_id:
        papers = papers.filter(paper_type_id=f.paper_type_id)
    if f.result_id:
        papers = papers.filter(
            consultations__agenda_items__in=selectors.public_agenda_items().filter(
                result_id=f.result_id
            )
        )
    if f.date_from:
        papers = papers.filter(date__gte=f.date_from)
    if f.date_to:
        papers = papers.filter(date__lte=f.date_to)
    return papers.distinct()


def _filter_items(items: QuerySet, f: Filters) -> QuerySet:
    if f.organization_id:
        items = items.filter(meeting__organization_id=f.organization_id)
    if f.paper_type_id:
        items = items.filter(consultation__paper__paper_type_id=f.paper_type_id)
    if f.result_id:
        items = items.filter(result_id=f.result_id)
    if f.date_from:
        items = items.filter(meeting__start__date__gte=f.date_from)
    if f.date_to:
        items = items.filter(meeting__start__date__lte=f.date_to)
    return items


def _paper_hit(paper: Paper, rank: float, snippet: list[tuple[str, bool]]) -> Hit:
    return Hit(
        "paper", paper.pk, f"{paper.reference} {paper.name}", paper.paper_type.name, rank, snippet
    )


def _item_hit(item: AgendaItem, rank: float, snippet: list[tuple[str, bool]]) -> Hit:
    meeting = item.meeting
    return Hit(
        "agenda_item",
        item.pk,
        item.name,
        f"{meeting.reference} {item.number}, {meeting.organization.name}",
        rank,
        snippet,
    )


def _postgres(query: str, papers: QuerySet, items: QuerySet) -> list[Hit]:
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    terms = SearchQuery(query, config="german", search_type="websearch")
    options = {"start_sel": _START, "stop_sel": _STOP, "max_fragments": 2, "config": "german"}
    paper_vector = SearchVector("reference", "name", weight="A", config="german") + SearchVector(
        "statement", "resolution_proposal", weight="B", config="german"
    )
    item_vector = SearchVector("name", weight="A", config="german") + SearchVector(
        "resolution_text", "minutes_text", weight="B", config="german"
    )
    found_papers = (
        papers.annotate(vector=paper_vector, rank=SearchRank(F("vector"), terms))
        .filter(vector=terms)
        .annotate(headline=SearchHeadline("statement", terms, **options))
        .select_related("paper_type")
        .order_by("-rank", "-pk")[:MAX_HITS]
    )
    found_items = (
        items.annotate(vector=item_vector, rank=SearchRank(F("vector"), terms))
        .filter(vector=terms)
        .annotate(headline=SearchHeadline("minutes_text", terms, **options))
        .select_related("meeting__organization")
        .order_by("-rank", "-pk")[:MAX_HITS]
    )
    return [_paper_hit(p, p.rank, _marked(p.headline)) for p in found_papers] + [
        _item_hit(i, i.rank, _marked(i.headline or i.resolution_text)) for i in found_items
    ]


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


def _simple(query: str, papers: QuerySet, items: QuerySet) -> list[Hit]:
    words = [w for w in re.findall(r"\w+", query) if len(w) > 1]
    if not words:
        return []
    paper_match, item_match = Q(), Q()
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
    hits = [
        _paper_hit(p, 1.0, _excerpt(f"{p.name} {p.statement}", words))
        for p in papers.filter(paper_match).select_related("paper_type")[:MAX_HITS]
    ]
    hits += [
        _item_hit(i, 1.0, _excerpt(f"{i.resolution_text} {i.minutes_text}", words))
        for i in items.filter(item_match).select_related("meeting__organization")[:MAX_HITS]
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
