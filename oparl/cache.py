"""A shared cache of OParl responses, emptied by any committed write to the data they show.

Every answer is stored under its absolute URL and the current *generation*, a number that
is raised when a transaction that saved or deleted anything in ``workflow``, ``documents``
or ``oparl`` commits (once per transaction). Other processes see a write only from its
commit on, and from then on they look under the new generation, so an answer is never
older than the last committed write (give or take the moment between the commit and the
raise): something taken out of public view leaves the cache when it leaves the database.
Inside a transaction the cache is neither read nor written, so no answer can hold data
that was not committed.

The cache needs one store for all processes (``REDIS_URL``, Django's Redis cache); without
it, or with ``OPARL_CACHE_SECONDS=0``, every request is answered from the database. If the
store fails, requests are answered from the database too. If it fails just when a
generation is due to be raised, answers cached before may outlive the change by up to
``OPARL_CACHE_SECONDS``; the error is logged.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
APPS = ("workflow", "documents", "oparl")


def enabled() -> bool:
    return settings.OPARL_CACHE_SECONDS > 0


def _store() -> Any:
    return caches["default"]


def _prefix() -> str:
    # The database name: test workers (and several sites) may share one Redis.
    return f"oparl:{connection.settings_dict['NAME']}"


def _generation_key() -> str:
    return f"{_prefix()}:generation"


def generation() -> int:
    """The current generation; created (from the clock, so a lost key never brings an
    older generation back) when missing."""
    store, key = _store(), _generation_key()
    value = store.get(key)
    if value is None:
        store.add(key, time.time_ns(), timeout=None)
        value = store.get(key)
    return value


def invalidate() -> None:
    """Raise the generation: every answer cached so far is out."""
    if not enabled():
        return
    store, key = _store(), _generation_key()
    try:
        store.incr(key)
    except ValueError:  # no generation yet: nothing can be cached under an old one
        store.add(key, time.time_ns(), timeout=None)
    except Exception:
        logger.exception("OParl cache: could not raise the generation")


def bump(**kwargs: Any) -> None:
    """Signal receiver (and a plain call after a bulk ``update()``): the data changed, so
    raise the generation when the transaction commits (at once outside of one)."""
    if not enabled():
        return
    # One raise per transaction: a pending one is on the connection's commit list unless
    # the savepoint it was registered in was rolled back (which drops it from the list).
    # Django 5 keeps (savepoints, callback, robust); the stub says two items.
    if any(callback is invalidate for _, callback, _ in connection.run_on_commit):  # type: ignore[misc]
        return
    transaction.on_commit(invalidate)


def cached(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a GET (or HEAD) from the cache; store successful answers."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled() or request.method not in ("GET", "HEAD") or connection.in_atomic_block:
            return view(request, *args, **kwargs)
        try:
            url = request.build_absolute_uri()
            digest = hashlib.sha256(f"{get_language()} {url}".encode()).hexdigest()
            key = f"{_prefix()}:{generation()}:{digest}"
            hit = _store().get(key)
        except Exception:
            logger.exception("OParl cache: not available, answering from the database")
            return view(request, *args, **kwargs)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers:  # as the view sent them (type, CORS)
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            try:
                answer = (response.content, list(response.items()))
                _store().set(key, answer, settings.OPARL_CACHE_SECONDS)
            except Exception:
                logger.exception("OParl cache: could not store %s", url)
        return response

    return wrapper


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"oparl-cache-{model._meta.label}"
            post_save.connect(bump, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(bump, sender=model, dispatch_uid=uid + "-delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    bump, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
                )
