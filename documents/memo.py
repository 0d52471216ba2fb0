"""The test suite's memo of document work (``DOCUMENTS_MEMOIZE = True`` in
config/settings_test.py only): rendering HTML to PDF and reading a PDF's text depend on the
input alone, and the suite does the same work again and again (the demo is loaded by dozens
of tests, each rendering the same Einladungen and Niederschriften). Without the setting,
every call does the work."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings

T = TypeVar("T")


class Memo(Generic[T]):
    """At most ``size`` results, keyed by a SHA-256 of the exact input; a result of None
    (the work failed) is not kept, so it is tried again."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._results: dict[bytes, T] = {}

    def get(self, data: bytes, compute: Callable[[], T | None]) -> T | None:
        if not getattr(settings, "DOCUMENTS_MEMOIZE", False):
            return compute()
        key = hashlib.sha256(data).digest()
        if key in self._results:
            return self._results[key]
        result = compute()
        if result is not None:
            if len(self._results) >= self.size:
                self._results.clear()
            self._results[key] = result
        return result
