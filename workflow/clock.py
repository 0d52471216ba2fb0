"""The one clock of the time rules (a meeting is held only once it has begun, results from
its start on, no new meeting in the past unless entered as an archive entry).

It is ``django.utils.timezone.now``; the tests move it (``tests.factories.CLOCK``) without
moving the clock of sessions, tokens and mail timestamps.
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()
