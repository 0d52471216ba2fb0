"""The one hierarchy of refusals a service can give. Each message is meant for the user;
views and the API map the classes to HTTP once (403, 409, 422)."""

from __future__ import annotations


class WorkflowError(Exception):
    """An action was refused; ``str(error)`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionRefused(WorkflowError):
    """The object's state or an unmet condition does not allow the action."""


class PermissionDenied(WorkflowError):
    """The user may not do this to this object."""


class ConcurrentChange(WorkflowError):
    """Someone else changed the object meanwhile; reload and try again."""


class InvalidInput(WorkflowError):
    """The arguments do not fit together (e.g. a TOP of another committee's meeting)."""
