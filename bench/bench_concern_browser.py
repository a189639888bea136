"""A class teacher logs a concern end to end in Chromium, against a baseline page load.

    DATABASE_URL=postgres://... .venv/bin/python manage.py load_demo      # once: the demo data
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_concern_browser.py [--runs 10]
        [--url http://127.0.0.1:8111]   # an already running server; without it one is started

Each run, in a fresh browser context (no cookies, nothing cached) of one Chromium
(/usr/bin/chromium with the arguments of tests/browser/conftest.py): open the sign-in page, sign
in as the demo class teacher, fill the concern form on the home page (student, two categories,
the observed problem), submit, and wait for the confirmation ("Your concern about … was logged." on "My concerns").
The baseline, measured in the same browser and interleaved with the runs: load the sign-in
page in a fresh context (a small server-rendered page with the app's CSS and scripts).

Prints the median and p95 of both and their ratio. Every run adds one concern to the demo
data (fictional, like the rest of it).
"""

# ruff: noqa: E402  (the path is set before the app's test settings are imported)
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

TEACHER = "teacher@example.org"
PASSWORD = "crocoos-demo"  # noqa: S105 (the demo accounts' published password)
STUDENT = "Lőrinc Győri"  # a student of the demo teacher's class 9.A
PORT = int(os.environ.get("BENCH_PORT", "8111"))


def wait_for_port(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"no server on port {port} after {seconds} s")


def start_server(port):
    """The development server, as `make run` starts it, on `port`."""
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port)
    return server


def baseline(browser, url):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    start = time.perf_counter()
    page.goto(f"{url}/accounts/login/", wait_until="load")
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def log_concern(browser, url, number):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(f"{url}/accounts/login/", wait_until="load")
    page.get_by_label("E-mail address").fill(TEACHER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    form = page.locator("form.concern-form")
    expect(form).to_be_visible()
    signed_in = time.perf_counter()
    form.get_by_label("Student").fill(STUDENT)
    form.get_by_label("Attendance").check()
    form.get_by_label("Family").check()
    form.get_by_label("Observed problem").fill(f"Mérés {number}: hétfőnként hiányzik; azt mondja, dolgoznia kell.")
    filled = time.perf_counter()
    form.get_by_role("button", name="Log the concern").click()
    expect(page.get_by_role("heading", name="My concerns")).to_be_visible()
    expect(page.get_by_text("Your concern about").first).to_be_visible()
    end = time.perf_counter()
    context.close()
    return {"flow": end - start, "sign_in": signed_in - start, "fill": filled - signed_in, "submit": end - filled}


def p95(values):
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--url", help="a running server (default: start runserver on BENCH_PORT, 8111)")
    args = parser.parse_args()
    server = None
    url = args.url
    if not url:
        server = start_server(PORT)
        url = f"http://127.0.0.1:{PORT}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            print(f"bench_concern_browser: Chromium {browser.version} against {url}, {args.runs} runs")
            log_concern(browser, url, 0)  # warm-up: the server's first requests, Chromium's caches
            baseline(browser, url)
            flows, pages = {"flow": [], "sign_in": [], "fill": [], "submit": []}, []
            run_id = int(time.time())
            for number in range(1, args.runs + 1):
                pages.append(baseline(browser, url))
                for step, seconds in log_concern(browser, url, f"{run_id}-{number}").items():
                    flows[step].append(seconds)
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    median = statistics.median
    for label, values in (
        ("baseline: load the sign-in page", pages),
        ("sign in, log a concern, confirmation", flows["flow"]),
        ("  of which: sign in until the form", flows["sign_in"]),
        ("  of which: fill the form", flows["fill"]),
        ("  of which: submit until confirmation", flows["submit"]),
    ):
        print(f"  {label:38s} median {median(values) * 1000:.0f} ms, p95 {p95(values) * 1000:.0f} ms")
    print(f"  ratio flow / baseline: {median(flows['flow']) / median(pages):.1f}")


if __name__ == "__main__":
    main()
