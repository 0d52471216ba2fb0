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
