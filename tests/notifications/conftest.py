"""Real infrastructure for the delivery tests: a Redis server of the module's own (so it can
be stopped without disturbing other tests), Celery workers (in a thread, or as a process
that can be killed), and an SMTP server on loopback (aiosmtpd) that can refuse or be slow."""

from __future__ import annotations

import asyncio
import email
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class RedisServer:
    """``redis-server`` on a free loopback port, with no persistence; stop and start keep
    the port, as a real outage and recovery would."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.answers, 10, "redis-server to start")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    if not settings.REDIS_URL or shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (make test installs and runs it)")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Point this process's Celery app (producers and embedded workers) at ``url``."""
    from kombu import pools

    from config.celery import app

    def reset() -> None:
        pools.reset()  # kombu keeps connection and producer pools per URL, process-wide
        app._pool = None
        app.amqp._producer_pool = None

    before = app.conf.broker_url
    reset()
    app.conf.broker_url = url
    try:
        yield
    finally:
        reset()
        app.conf.broker_url = before


@pytest.fixture
def broker(redis_server, transactional_db) -> Iterator[RedisServer]:
    if connection.vendor != "postgresql":
        pytest.skip("delivery claims rows with SKIP LOCKED: needs PostgreSQL (make test)")
    with broker_at(redis_server.url):
        _flush(redis_server)
        yield redis_server


def _flush(server: RedisServer) -> None:
    import redis

    redis.Redis.from_url(server.url).flushall()


@contextmanager
def thread_worker() -> Iterator[None]:
    """A Celery worker in a thread of this process, on the current broker."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        yield


class Inbox:
    """What the SMTP server accepted; it can refuse a number of messages, refuse all, or
    take its time before accepting (``delay`` seconds, during which ``receiving`` is set)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self.refuse_next = 0
        self.refuse_all = False
        self.delay = 0.0
        self.receiving = threading.Event()
        self.refused = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.receiving.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.refuse_all or self.refuse_next > 0:
                self.refuse_next = max(self.refuse_next - 1, 0)
                self.refused += 1
                return "451 4.3.0 Bitte später erneut versuchen"
            self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def by_recipient(self, subject_start: str = "") -> dict[str, int]:
        counts: dict[str, int] = {}
        with self.lock:
            for message in self.messages:
                if str(message["Subject"]).startswith(subject_start):
                    address = email.utils.parseaddr(str(message["To"]))[1]
                    counts[address] = counts.get(address, 0) + 1
        return counts

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.messages]


@pytest.fixture
def inbox(settings) -> Iterator[Inbox]:
    from aiosmtpd.controller import Controller

    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    settings.NOTIFICATION_RETRY_SECONDS = 0.1
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 0
    handler.port = port
    yield handler
    controller.stop()


@contextmanager
def process_worker(broker_url: str, smtp_port: int) -> Iterator[subprocess.Popen]:
    """``celery -A config worker`` as a separate process on this test's database."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "REDIS_URL": broker_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SECRET_KEY": "worker-of-the-test-suite-0123456789abcdef0123456789",
        "ALLOWED_HOSTS": "localhost",
        "NOTIFICATION_RETRY_SECONDS": "0.1",
        "CELERY_VISIBILITY_TIMEOUT": "2",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
