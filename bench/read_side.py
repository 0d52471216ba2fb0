"""Read-side benchmark: the public portal and the OParl API under load, through gunicorn.

    .venv/bin/python bench/read_side.py            # 100,000 papers, 3,000 meetings, 40,000 TOPs
    .venv/bin/python bench/read_side.py --quick    # a small run to check the script
    .venv/bin/python bench/read_side.py --reuse    # keep the data of the last run of that size

Starts PostgreSQL with scripts/test-services.sh, loads synthetic data into a database of its
own (ratsflow_bench), serves it with gunicorn (2 workers, 127.0.0.1 only), and drives each
URL with a loopback load generator (keep-alive connections, fixed duration). Prints median
and 95th percentile latency and requests per second for each URL next to a bare JSON
"hello" view of the same server, and each list page's share of the reference throughput
(the goal: at least 30 %).
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765
SIZES = {"full": (100_000, 3_000, 40_000), "quick": (2_000, 60, 800)}


def prepare(env: dict[str, str], sizes: tuple[int, int, int]) -> dict[str, str]:
    """Migrate the benchmark database and load data unless a body of that size is there
    already (``--reuse``); return the URLs to measure."""
    os.environ.update(
        env, DJANGO_SETTINGS_MODULE="bench.settings", SECRET_KEY="b" * 40, ALLOWED_HOSTS="127.0.0.1"
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.data import BODY_NAME, load
    from workflow.models import AgendaItem, Body, Paper

    body = Body.objects.filter(name=BODY_NAME).order_by("pk").first()
    if body is None or Paper.objects.filter(body=body).count() != sizes[0]:
        began = time.perf_counter()
        body = load(*sizes)
        from django.db import connection

        with connection.cursor() as cursor:  # fresh statistics, as after any real import
            cursor.execute("ANALYZE")
        print(
            f"loaded {sizes[0]:,} papers, {sizes[1]:,} meetings, {sizes[2]:,} TOPs "
            f"in {time.perf_counter() - began:.0f} s"
        )
    from workflow import selectors

    public = selectors.public_papers().filter(body=body).order_by("pk")
    page_500_after = public.values_list("pk", flat=True)[max(0, min(500 * 20, public.count()) - 21)]
    item = (
        AgendaItem.objects.filter(meeting__body=body, meeting__state="held", public=True)
        .select_related("meeting")
        .order_by("meeting_id", "position")[10]
    )
    meeting = item.meeting
    assert Paper.objects.filter(body=body).count() == sizes[0]
    return {
        "hello (reference)": "/bench/hello",
        "OParl paper list, page 1": f"/oparl/v1/body/{body.pk}/paper?limit=20",
        "OParl paper list, page 500": (
            f"/oparl/v1/body/{body.pk}/paper?limit=20&after={page_500_after}"
        ),
        "meeting page": f"/buergerinfo/sitzung/{meeting.pk}/",
        "Auszug page": f"/buergerinfo/top/{item.pk}/",
        "search": "/buergerinfo/suche/?q=Regionalmarketing",
    }


def drive(path: str, seconds: float, connections: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        mine = []
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t0)
            if response.status != 200:
                with lock:
                    errors += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep the loaded data if present")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.services import services_env

    env = services_env("ratsflow_bench", fresh=not args.reuse)
    urls = prepare(env, SIZES["quick" if args.quick else "full"])
    # The OParl answer cache (oparl/cache.py) serves a repeated request from Redis; a
    # crawler walking every page once reads from the database. Both, each on its own server.
    measure(urls, args, {}, "OParl cache on (repeated requests)")
    cold = {k: v for k, v in urls.items() if k.startswith(("hello", "OParl"))}
    measure(cold, args, {"OPARL_CACHE_SECONDS": "0"}, "OParl cache off (every request reads)")


def measure(urls: dict[str, str], args: argparse.Namespace, extra: dict, title: str) -> None:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        # persistent database connections, as the README recommends for production: a new
        # PostgreSQL connection per request costs more than most pages
        env={**os.environ, "CONN_MAX_AGE": "60", **extra},
    )
    try:
        time.sleep(3)
        print(f"\n{title}")
        print(f"{'URL':30} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'vs hello':>9}")
        reference = None
        for label, path in urls.items():
            drive(path, 1.0, 2)  # warm-up
            latencies, errors = drive(path, args.seconds, args.connections)
            rate = len(latencies) / args.seconds
            reference = reference or rate
            p50 = statistics.median(latencies) * 1000
            p95 = statistics.quantiles(latencies, n=20)[18] * 1000
            note = f" ({errors} errors)" if errors else ""
            print(f"{label:30} {p50:8.1f} {p95:8.1f} {rate:8.0f} {rate / reference:8.0%}{note}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
