from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """``created``/``modified`` as OParl exports them."""

    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        abstract = True


def refusal(
    message: str | Promise, detail: Callable[[Any], str] | None = None
) -> Callable[[Callable[[Any], bool]], Callable[[Any], bool]]:
    """Mark a transition condition with the message shown when it is not met; ``detail``
    computes a fuller message from the object (the state diagrams show ``message``)."""

    def decorate(condition: Callable[[Any], bool]) -> Callable[[Any], bool]:
        condition.refusal = message  # type: ignore[attr-defined]
        condition.refusal_detail = detail  # type: ignore[attr-defined]
        return condition

    return decorate


def refusal_message(condition: Callable[[Any], bool], instance: Any) -> str:
    """Why ``condition`` refuses ``instance``: its computed detail, else its message."""
    detail = getattr(condition, "refusal_detail", None)
    # ``refusal`` set the attribute on every condition a transition declares.
    return str(detail(instance) if detail is not None else cast(Any, condition).refusal)


def declared_transitions(model: Any, field_name: str = "state") -> list[Any]:
    """Every transition declared on the state field of ``model`` (class or instance)."""
    model_class: Any = model if isinstance(model, type) else type(model)
    return list(model_class._meta.get_field(field_name).get_all_transitions(model_class))


def state_transitions(subject: Any) -> list[Any]:
    """The transitions declared from ``subject``'s current state."""
    return [t for t in declared_transitions(subject) if t.source in (subject.state, "*")]


def transition_label(model: Any, name: str) -> str:
    """The German label of transition ``name`` of a model (class or instance)."""
    for transition in declared_transitions(model):
        if transition.name == name:
            return str(transition.custom.get("label", name))
    return name
