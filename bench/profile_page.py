#!/usr/bin/env python
"""Where one page's server time goes when it is built (a developer's tool, not a benchmark).

    .venv/bin/python bench/profile_page.py [--scale 100] [--requests 200] [--profile] [--sort tottime]
        [--callers PATTERN | --callees PATTERN] "case page"

Signs in as the page's benchmark account (bench/pages.py labels: "floor", "case page", "meeting
page", "home: follow-up service officer", ...) on the scale's database (made as by the benchmarks),
drops the page cache before each request (the page is built) and prints the server time's median
and p95, the SQL time per statement and request, and with --profile a cProfile of the requests.
"""

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, scale_database, setup_django

WARM_UP = 10


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("label")
    parser.add_argument("--scale", default="100")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--callers", metavar="PATTERN", help="with --profile: who calls the functions matching PATTERN")
    parser.add_argument("--callees", metavar="PATTERN", help="with --profile: what the functions matching PATTERN call")
    args = parser.parse_args()
    setup_django()
    url = scale_database(args.scale)
    from django.conf import settings
    from django.db import connections

    connections.close_all()  # the same server, the scale's database
    settings.DATABASES["default"]["NAME"] = url.rsplit("/", 1)[1]
    from django.db import connection

    from bench.pages import bench_pages, signed_in_client
    from crocoos import page_cache

    page = next((page for page in bench_pages() if page.label == args.label), None)
    if page is None:
        sys.exit(f"No page {args.label!r}: " + ", ".join(page.label for page in bench_pages()))
    client = signed_in_client(page.email)
    for _ in range(WARM_UP):
        client.get(page.url)
    statements = {}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.setdefault(sql[:150], []).append((time.perf_counter() - started) * 1000)

    profile = cProfile.Profile() if args.profile else None
    times = []
    for _ in range(args.requests):
        page_cache.bump()
        with connection.execute_wrapper(timed):
            if profile:
                profile.enable()
            response = client.get(page.url)
            if profile:
                profile.disable()
        times.append(float(response["Server-Timing"].split("dur=")[1]))
    median, p95 = percentile(times, 0.5), percentile(times, 0.95)
    print(f"{page.label}: median {median:.2f} ms, p95 {p95:.2f} ms ({args.requests} built)")
    total = 0.0
    for sql, durations in sorted(statements.items(), key=lambda item: -sum(item[1])):
        per_request = sum(durations) / args.requests
        total += per_request
        print(f"{per_request:7.3f} ms/request  x{len(durations) / args.requests:.1f}  {sql}")
    print(f"SQL: {total:.2f} ms/request")
    if profile:
        stats = pstats.Stats(profile).sort_stats(args.sort)
        if args.callers:
            stats.print_callers(args.callers)
        elif args.callees:
            stats.print_callees(args.callees)
        else:
            stats.print_stats(40)


if __name__ == "__main__":
    main()
