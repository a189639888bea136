#!/usr/bin/env python
"""Throughput with gunicorn (2 workers) on 127.0.0.1 and memory per worker (issue 7, benchmark 2).

    .venv/bin/python bench/bench_throughput.py [--scale 100] [--duration 10] [--soak 10000] [--port 8101]

Starts gunicorn with the benchmark settings (DEBUG off) on the scale database, signs the benchmark
accounts in (session cookies), then:
1. memory: sends `--soak` requests (round-robin over the pages, two at a time) from a fresh start and
   reads each worker's RSS at the start, after 1,000 and at the end;
2. throughput: `wrk` (Debian package) against each page for `--duration` seconds, as requests/s and as
   a ratio to the floor.
Every request goes to 127.0.0.1 only and both phases are bounded in count and time. Prints markdown.

The page cache is on as in production (bench/settings.py: Redis), so a page requested again is kept;
`PAGE_CACHE=false` in the environment measures every page built on every request instead.
"""

import argparse
import http.client
import itertools
import os
import re
import shutil
import signal
import subprocess  # nosec B404: starts gunicorn and wrk on the loopback
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, SEED, machine, scale_database, scale_database_url, setup_django, table

HOST = "127.0.0.1"
WORKERS = 2


def worker_pids(master):
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            pids.append(int(status.parent.name))
    return sorted(pids)


def rss_mib(pid):
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", text, re.M).group(1)) / 1024


def get(port, url, cookie):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", url, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def start_server(url, port):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(  # nosec B603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "crocoos.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if get(port, "/accounts/login/", "") == 200 and len(worker_pids(server.pid)) == WORKERS:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port}")


def soak(port, requests, workers, checkpoints, total):
    """`total` requests, two at a time; RSS of each worker at each checkpoint (requests done)."""
    sent, failures, lock = itertools.count(1), [], threading.Lock()
    readings = {0: [rss_mib(pid) for pid in workers]}
    cycle = itertools.cycle(requests)

    def client():
        while True:
            with lock:
                number = next(sent)
                if number > total:
                    return
                url, cookie = next(cycle)
            try:
                status = get(port, url, cookie)
            except OSError as error:
                status = repr(error)
            if status != 200:
                failures.append((url, status))
            if number in checkpoints:
                readings[number] = [rss_mib(pid) for pid in workers]
            if number % 1000 == 0:
                print(f"  {number} requests sent", flush=True)

    threads = [threading.Thread(target=client) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    readings[total] = [rss_mib(pid) for pid in workers]
    return readings, failures


def wrk(port, url, cookie, duration, connections):
    result = subprocess.run(  # nosec B603
        [
            shutil.which("wrk"),
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "-H",
            f"Cookie: {cookie}",
            f"http://{HOST}:{port}{url}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", result.stdout)
    return rate, int(bad.group(1)) if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--scale", default="100")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--soak", type=int, default=10_000, help="requests of the memory run")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8101)))
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    # A stopped benchmark stops its server too (the finally below).
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it)")
    scale = float(args.scale) if "." in args.scale else int(args.scale)
    print(f"## bench_throughput: {machine()}")
    url = scale_database_url(scale)
    setup_django(url)
    scale_database(scale, seed=args.seed, fresh=args.fresh)

    from django.conf import settings
    from django.db import connections
    from django.middleware.csrf import _get_new_csrf_string

    from bench.pages import FLOOR, bench_pages, signed_in_client

    pages = bench_pages()
    cookies = {}
    for page in pages:
        if page.email not in cookies:
            # The session and the CSRF cookie, as a browser sends them after its first page: a
            # request without a CSRF cookie gets a new secret and its page is never kept.
            secret = _get_new_csrf_string()
            session = signed_in_client(page.email).cookies["sessionid"].value
            cookies[page.email] = f"sessionid={session}; {settings.CSRF_COOKIE_NAME}={secret}"
    connections.close_all()

    server = start_server(url, args.port)
    try:
        workers = worker_pids(server.pid)
        requests = [(page.url, cookies[page.email]) for page in pages]
        checkpoints = {1000} if args.soak > 1000 else set()
        started = time.monotonic()
        readings, failures = soak(args.port, requests, workers, checkpoints, args.soak)
        soak_seconds = time.monotonic() - started
        rates = {}
        for page in pages:
            wrk(args.port, page.url, cookies[page.email], 2, args.connections)  # warm-up
            rates[page.label] = wrk(args.port, page.url, cookies[page.email], args.duration, args.connections)
    finally:
        server.terminate()
        server.wait(timeout=30)

    cache = "on: pages kept" if settings.PAGE_CACHE else "off: pages built on every request"
    print(
        f"\n### Throughput at {scale}× (gunicorn, {WORKERS} sync workers; wrk, {args.connections} connections, "
        f"{args.duration}s per page; page cache {cache})\n"
    )
    floor = rates[FLOOR][0]
    rows = [[label, f"{rate:.0f}", f"{rate / floor:.2f}", bad or ""] for label, (rate, bad) in rates.items()]
    print(table(["page", "requests/s", "÷ floor", "non-2xx"], rows))
    print(f"\n### Memory per worker (RSS, MiB) over {args.soak} requests in {soak_seconds:.0f}s\n")
    rows = [
        [f"worker {n + 1}", *(f"{readings[point][n]:.1f}" for point in sorted(readings))] for n in range(len(workers))
    ]
    print(table(["", *(f"after {point}" if point else "start" for point in sorted(readings))], rows))
    if len(readings) >= 3:
        points = sorted(readings)
        growth = max(readings[points[-1]][n] - readings[points[1]][n] for n in range(len(workers)))
        print(f"\nGrowth from {points[1]} to {points[-1]} requests: at most {growth:.1f} MiB per worker")
    if failures:
        print(f"\n{len(failures)} requests failed, e.g. {failures[:3]}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
