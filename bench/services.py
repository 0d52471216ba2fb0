"""What the benchmarks share: the PostgreSQL and Redis of scripts/test-services.sh, and a
fresh database of their own on it."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def services_env(database: str, *, fresh: bool = True) -> dict[str, str]:
    """Start (if needed) PostgreSQL and Redis; their settings, with ``database`` as the
    database to use: recreated empty when ``fresh``, else created only if missing."""
    out = subprocess.run(
        [str(ROOT / "scripts/test-services.sh"), "start"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    env = dict(line.split("=", 1) for line in out.split() if "=" in line)
    server = env["DATABASE_URL"].rsplit("/", 1)[0]
    import psycopg

    admin = server.replace("postgres://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if fresh and exists:
            connection.execute(f"DROP DATABASE {database}")
        if fresh or not exists:
            connection.execute(f"CREATE DATABASE {database}")
    env["DATABASE_URL"] = f"{server}/{database}"
    return env


def django_on_services(database: str, **settings: str) -> dict[str, str]:
    """Start the services, point this process's Django at a fresh ``database`` on them
    (migrated, Redis emptied) with a benchmark's production-like settings plus ``settings``;
    the environment, for worker processes to start with."""
    import os

    env = services_env(database)
    env.update(
        SECRET_KEY="benchmark-only-0123456789abcdef0123456789abcdef",
        ALLOWED_HOSTS="localhost",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
        # Keep database connections between requests and tasks (as in production).
        CONN_MAX_AGE="300",
        **settings,
    )
    os.environ.update(env)
    import django

    django.setup()
    import redis
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    redis.Redis.from_url(env["REDIS_URL"]).flushall()
    return env
