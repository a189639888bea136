#!/usr/bin/env python
"""Server time of the main pages at 1x, 10x and 100x data, against the floor (issue 7, benchmark 1).

    .venv/bin/python bench/bench_server_time.py [--scales 1,10,100] [--requests 500] [--seed 1] [--fresh]

For each scale: a database made by generate_scale (reused when it holds the same seed), then one
process with DEBUG off (bench/settings.py) that signs in the benchmark accounts with Django's test
client and requests every page round-robin, `--requests` times each after a warm-up, so that the
floor and the pages share whatever else the machine is doing. Server time is what
ServerTimingMiddleware measures: the whole middleware chain, the view and the template. Query counts
come from one extra request per page. Prints markdown tables.

The page cache (crocoos/page_cache.py, Redis as in production) is measured both ways, interleaved:
each round, every page is requested once right after a new generation (as after any change to the
data: the page is built) and once again (nothing changed since: the page is kept). The floor is
requested in the same two places, and each series is compared with the floor's own: a page built
with the floor requested first (right after the page before it, as every built page is), a page
kept with the floor requested again (right after itself, as every kept page is).
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    SCALES,
    SEED,
    machine,
    percentile,
    run_worker,
    scale_database,
    setup_django,
    table,
)

WARM_UP = 10


def measure(requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.pages import FLOOR, bench_pages, signed_in_client
    from crocoos import page_cache

    pages = bench_pages()
    clients = {}
    for page in pages:
        if page.email not in clients:
            clients[page.email] = signed_in_client(page.email)
    results = {page.label: {"role": str(page.role.label), "url": page.url, "times": [], "built": []} for page in pages}
    for page in pages:
        for _ in range(WARM_UP):
            response = clients[page.email].get(page.url)
            if response.status_code != 200:
                raise SystemExit(f"{page.label}: {page.url} answered {response.status_code}")
        page_cache.bump()
        with CaptureQueriesContext(connection) as queries:
            clients[page.email].get(page.url)
        results[page.label]["queries"] = len(queries)
        with CaptureQueriesContext(connection) as queries:
            clients[page.email].get(page.url)
        results[page.label]["kept_queries"] = len(queries)
    for _round in range(requests):
        for page in pages:
            page_cache.bump()  # as after any change: the next request builds the page
            for series in ("built", "times"):
                response = clients[page.email].get(page.url)
                results[page.label][series].append(float(response["Server-Timing"].split("dur=")[1]))
    summary = {}
    for label, result in results.items():
        times, built = result.pop("times"), result.pop("built")
        summary[label] = {
            **result,
            "p50": percentile(times, 0.5),
            "p95": percentile(times, 0.95),
            "n": len(times),
            "built_p50": percentile(built, 0.5),
            "built_p95": percentile(built, 0.95),
        }
    return {"floor": FLOOR, "pages": summary}


def report(by_scale, requests, *, budgets=True):
    scales = list(by_scale)
    first = by_scale[scales[0]]
    floor = first["floor"]
    labels = list(first["pages"])
    largest = scales[-1]
    for prefix, title, place in (
        ("", "seen again, nothing changed since (kept)", "requested again"),
        ("built_", "after a change (built)", "requested first"),
    ):
        print(
            f"\n### Server time, {title}: ms inside Django, p50 / p95 over {requests} requests; "
            f"× = p95 ÷ the floor's p95 ({place})\n"
        )
        header = ["page", "account", *(f"{scale}×: p50 / p95 (×floor)" for scale in scales)]
        rows = []
        for label in labels:
            row = [label, first["pages"][label]["role"]]
            for scale in scales:
                page = by_scale[scale]["pages"][label]
                # each series against the floor's own in the same place of the round: kept pages
                # against the floor requested again, built pages against the floor requested first
                ratio = page[prefix + "p95"] / by_scale[scale]["pages"][floor][prefix + "p95"]
                row.append(f"{page[prefix + 'p50']:.1f} / {page[prefix + 'p95']:.1f} ({ratio:.1f}×)")
            rows.append(row)
        print(table(header, rows))
    print("\n### Queries per page (built / kept)\n")
    rows = [
        [
            label,
            *(
                f"{by_scale[s]['pages'][label]['queries']} / {by_scale[s]['pages'][label]['kept_queries']}"
                for s in scales
            ),
        ]
        for label in labels
    ]
    print(table(["page", *(f"{scale}×" for scale in scales)], rows))
    constant = all(len({by_scale[scale]["pages"][label]["queries"] for scale in scales}) == 1 for label in labels)
    print(f"\nQuery counts the same at every scale: {'yes' if constant else 'NO'}", flush=True)
    if not budgets:
        return
    largest_pages = by_scale[largest]["pages"]
    floors = {prefix: largest_pages[floor][prefix + "p95"] for prefix in ("", "built_")}
    print(f"\nBudgets at {largest}× (floor p95 {floors['']:.1f} ms again, {floors['built_']:.1f} ms first):")
    for prefix, title in (("", "kept"), ("built_", "built")):
        floor_p95 = floors[prefix]
        slow = [label for label in labels if largest_pages[label][prefix + "p95"] > 150]
        wide = [label for label in labels if largest_pages[label][prefix + "p95"] > 3 * floor_p95]
        print(f"- no page above 150 ms p95 ({title}): {'holds' if not slow else 'MISSED by ' + ', '.join(slow)}")
        print(f"- p95 within 3× of the floor ({title}): {'holds' if not wide else 'MISSED by ' + ', '.join(wide)}")
    growth = {label: largest_pages[label]["p95"] / by_scale[scales[0]]["pages"][label]["p95"] for label in labels}
    worst = max(growth, key=growth.get)
    print(f"- growth of p95 from {scales[0]}× to {largest}×: at most {growth[worst]:.1f}× ({worst})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--scales", default=",".join(str(scale) for scale in SCALES))
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--fresh", action="store_true", help="drop and generate the databases again")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        import os

        setup_django(os.environ["DATABASE_URL"])
        print(json.dumps(measure(args.requests)))
        return
    print(f"## bench_server_time: {machine()}")
    setup_django()
    by_scale = {}
    scales = [float(s) if "." in s else int(s) for s in args.scales.split(",")]
    for scale in scales:
        url = scale_database(scale, seed=args.seed, fresh=args.fresh)
        started = time.monotonic()
        by_scale[scale] = run_worker(__file__, url, "--requests", str(args.requests))
        print(f"{scale}×: measured in {time.monotonic() - started:.0f}s", flush=True)
        if len(by_scale) < len(scales):  # a long run shows what it has so far
            report(by_scale, args.requests, budgets=False)
    report(by_scale, args.requests)


if __name__ == "__main__":
    main()
