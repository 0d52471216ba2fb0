"""Settings for the read-side benchmark: the normal settings plus a bare JSON view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
