"""The transition engine every service runs on: the row lock, the version check, the
state change with its permission and conditions (``perform``), references and inserts."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, FSMFieldMixin

from workflow import permissions
from workflow.errors import ConcurrentChange, InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import (
    Body,
    Meeting,
    Organization,
    Paper,
    PaperType,
    ReferenceCounter,
    ResolutionKind,
    Subject,
)
from workflow.models.base import refusal_message, state_transitions, transition_label
from workflow.services.history import write_entry

if TYPE_CHECKING:
    from django.contrib.auth.models import User


M = TypeVar("M", bound=models.Model)
Lockable = TypeVar("Lockable", bound="Subject")


def lock(instance: Lockable, expected_version: int | None = None) -> Lockable:
    """A fresh copy of ``instance``, its row locked until the transaction ends; with
    ``expected_version``, refused when someone changed it since the user's form showed it."""
    locked = type(instance).objects.select_for_update().get(pk=instance.pk)
    check_version(locked, expected_version)
    return cast(Lockable, locked)  # a row of instance's own model


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def check_version(subject: Subject, expected_version: int | None) -> None:
    """Optimistic concurrency for forms: ``expected_version`` is the version the user saw."""
    if expected_version is not None and subject.version != expected_version:
        raise ConcurrentChange(
            _("%(subject)s wurde inzwischen geändert. Bitte neu laden und erneut versuchen.")
            % {"subject": subject}
        )


def touch(subject: Subject) -> None:
    """Count a change of ``subject`` (locked) that is not a transition."""
    subject.version += 1
    subject.save(update_fields=["version", "modified"])


def perform(
    subject: Subject,
    name: str,
    *,
    by: User,
    comment: str = "",
    **about: Any,
) -> None:
    """Run transition ``name`` on a locked ``subject``: state, then permission, then the
    conditions, each refusal with its reason; then save and write the history row."""
    source = subject.state
    transition = next((t for t in state_transitions(subject) if t.name == name), None)
    label = transition_label(subject, name)
    if transition is None:
        raise TransitionRefused(
            _("„%(action)s“ ist nicht möglich: %(subject)s ist %(state)s.")
            % {"action": label, "subject": subject, "state": subject.get_state_display()}
        )
    if not permissions.may_run_transition(by, subject, name):
        raise PermissionDenied(
            _("Sie dürfen „%(action)s“ für %(subject)s nicht ausführen.")
            % {"action": label, "subject": subject}
        )
    for condition in transition.conditions:
        if not condition(subject):
            raise TransitionRefused(
                _("„%(action)s“ ist nicht möglich: %(reason)s")
                % {"action": label, "reason": refusal_message(condition, subject)}
            )
    if transition.custom.get("comment_required") and not comment.strip():
        raise InvalidInput(_("„%(action)s“ braucht eine Begründung.") % {"action": label})
    getattr(subject, name)()
    subject.version += 1
    try:
        subject.save()
    except ConcurrentTransition as error:
        raise ConcurrentChange(
            _("%(subject)s wurde inzwischen geändert. Bitte neu laden.") % {"subject": subject}
        ) from error
    write_entry(
        subject,
        name,
        source=source,
        target=subject.state,
        by=by,
        comment=comment,
        **about,
    )


def run(
    subject: Subject,
    name: str,
    *,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> Any:
    with transaction.atomic():
        locked = lock(subject, expected_version)
        perform(locked, name, by=by, comment=comment)
    return locked


_NUMBERED = re.compile(r"(?:^|/)(?P<year>\d{4})/(?P<number>\d+)$")


def _locked_counter(body: Body, scope: str, year: int) -> ReferenceCounter:
    """The counter row of this body, kind and year, created if needed, locked."""
    try:
        with transaction.atomic():
            counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
                body=body, scope=scope, year=year
            )
    except IntegrityError:  # created meanwhile by a concurrent call
        counter = ReferenceCounter.objects.select_for_update().get(
            body=body, scope=scope, year=year
        )
    return counter


def assign_reference(
    instance: Paper | Meeting, scope: str, year: int, prefix: str, reference: str
) -> None:
    """Give ``instance`` the next ``<prefix><year>/<n>``, or the explicitly given reference
    (import, demo), which moves the counter past its number."""
    if reference:
        match = _NUMBERED.search(reference)
        if match:
            counter = _locked_counter(instance.body, scope, int(match["year"]))
            if counter.last_number < int(match["number"]):
                counter.last_number = int(match["number"])
                counter.save(update_fields=["last_number"])
        instance.reference = reference
        return
    counter = _locked_counter(instance.body, scope, year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    instance.reference = f"{prefix}{year}/{counter.last_number:03d}"


def local_year(body: Body, moment: datetime.datetime) -> int:
    return timezone.localtime(moment, zoneinfo.ZoneInfo(body.time_zone)).year


def validate(instance: models.Model) -> None:
    """Check fields and constraints; a violation is ``InvalidInput`` with their German
    messages. FSM fields are left out: their value comes from the transitions."""
    try:
        instance.full_clean(
            exclude=[f.name for f in instance._meta.fields if isinstance(f, FSMFieldMixin)]
        )
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages)) from error


def save_new(instance: M) -> M:
    """Validate (``validate``) and insert."""
    try:
        with transaction.atomic():
            validate(instance)
            instance.save()
    except IntegrityError as error:  # lost a race against a concurrent insert
        raise ConcurrentChange(_("Ein gleichartiger Eintrag wurde eben angelegt.")) from error
    return instance


def organization_check(
    organization: Organization | None, body_id: int, organization_type: str, message: str
) -> None:
    """``organization`` is of ``body_id`` and of ``organization_type``; else ``message``."""
    if (
        organization is None
        or organization.body_id != body_id
        or organization.organization_type != organization_type
    ):
        raise InvalidInput(message)


def catalogue_check(entry: PaperType | ResolutionKind, body: Body, what: str) -> None:
    if entry.body_id not in (None, body.pk):
        raise InvalidInput(
            _("%(what)s „%(entry)s“ gehört zu einer anderen Körperschaft.")
            % {"what": what, "entry": entry}
        )


def when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y %H:%M}"
