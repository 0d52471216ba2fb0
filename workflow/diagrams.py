"""State diagrams (Mermaid) generated from the transitions declared on the models."""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from django_fsm import FSMField

from workflow.models import Filing, Meeting, Paper


def _state_field(model: type[models.Model], field_name: str) -> FSMField:
    return cast(FSMField, model._meta.get_field(field_name))


def state_diagram(model: type[models.Model], field_name: str = "state") -> str:
    field = _state_field(model, field_name)
    labels = dict(cast("list[tuple[str, str]]", field.choices))  # flat: State.choices
    lines = ["stateDiagram-v2"]
    for state, label in labels.items():
        lines.append(f"    {state}: {state} ({label})")
    lines.append(f"    [*] --> {field.default}")
    edges = sorted(
        {
            (str(t.source), str(t.target), str(t.custom.get("label", t.name)), t.name)
            for t in field.get_all_transitions(model)
        }
    )
    for source, target, label, name in edges:
        lines.append(f"    {source} --> {target}: {name} ({label})")
    return "\n".join(lines)


def conditions_table(model: type[models.Model], field_name: str = "state") -> list[str]:
    """One row per transition with conditions: the refusal each condition answers with."""
    field = _state_field(model, field_name)
    rows = sorted(
        {
            (t.name, str(cast(Any, condition).refusal))  # each is marked by ``refusal``
            for t in field.get_all_transitions(model)
            for condition in t.conditions
        }
    )
    if not rows:
        return []
    return [
        "",
        "| Transition | refused with (condition not met) |",
        "| --- | --- |",
        *(f"| `{name}` | {message} |" for name, message in rows),
    ]


SERVICE_TIME_RULES = [
    "Time rules that the services check beyond the conditions above "
    "(one clock, `workflow/clock.py`):",
    "",
    "- results and the actual start and end are recorded only from the meeting's start on;",
    "- a paper's next consultation goes only on a meeting that starts after the one where it "
    "was last discussed;",
    "- a meeting overlapping another of its committee is created or moved there only with "
    "`allow_overlap`; a meeting whose start has passed is created only with `archive` "
    '("nachträglich erfasst");',
    "- a meeting is moved (`reschedule_meeting`) only before `held`, before any result, into "
    "the future and with a reason;",
    "- an Antrag of members or a Fraktion goes on a meeting's agenda only if it was filed "
    "before the meeting's Antragsfrist (`Body.motion_deadline_days` before its start), unless "
    "it is a Dringlichkeitsantrag.",
]


def document() -> str:
    parts = [
        "# State machines",
        "",
        "Generated from the transitions in `workflow/models/` by `make diagrams`",
        "(`manage.py write_state_diagrams`); a test fails when this file is out of date.",
        "Every edge is one `@transition`; the services in `workflow/services/` run them.",
        "`discussed` is passed through inside `record_result`: the same transaction moves the",
        "paper on to `resolved`, `submitted` or `withdrawn` by the Beschlussart's effect.",
    ]
    for model in (Paper, Meeting, Filing):
        parts += [
            "",
            f"## {model.__name__} ({model._meta.verbose_name})",
            "",
            "```mermaid",
            state_diagram(model),
            "```",
            *conditions_table(model),
        ]
    parts += ["", "## Time rules", "", *SERVICE_TIME_RULES]
    return "\n".join(parts) + "\n"
