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


def refusal(message: str) -> Callable[[Callable[[Any], bool]], Callable[[Any], bool]]:
    """Mark a transition condition with the message shown when it is not met."""

    def decorate(condition: Callable[[Any], bool]) -> Callable[[Any], bool]:
        condition.refusal = message  # type: ignore[attr-defined]
        return condition

    return decorate


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
