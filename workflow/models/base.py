from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """``created``/``modified`` as OParl exports them."""

    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        abstract = True


def refusal(
    message: str, detail: Callable[[Any], str] | None = None
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
    return str(detail(instance) if detail is not None else condition.refusal)


def rule(name: str) -> Callable[[Any, Any], bool]:
    """A transition's permission hook: the function ``name`` of ``workflow.permissions``.

    Looked up at call time, so the permissions module may import the models.
    """

    def check(instance: Any, user: Any) -> bool:
        from workflow import permissions

        return getattr(permissions, name)(user, instance)

    check.__name__ = name
    return check


def transition_label(model: Any, name: str) -> str:
    """The German label of transition ``name`` of a model (class or instance)."""
    meta = getattr(getattr(model, name, None), "_django_fsm", None)
    if meta is None:
        return name
    any_transition = next(iter(meta.transitions.values()))
    return str(any_transition.custom.get("label", name))
