"""A class teacher logs a concern end to end in Chromium, against a baseline page load.

    .venv/bin/python bench/bench_concern_browser.py [--runs 10]
    .venv/bin/python bench/bench_concern_browser.py --url http://127.0.0.1:8111   # a running server with
                                                                              # the demo data (load_demo)

By default: the scale-1 database of bench/common.py (made by generate_scale when missing), its
benchmark class teacher, and the development server (`manage.py runserver`, as `make run`) on
BENCH_PORT (8111). With --url: a server already running with the demo data and its teacher.

Each run, in a fresh browser context (no cookies, nothing cached) of one Chromium
(/usr/bin/chromium with the arguments of tests/browser/conftest.py): open the sign-in page, sign
in as the class teacher, fill the concern form on the home page (student, two categories, the
observed problem), submit, and wait for the confirmation ("Your concern about ... was logged."
on "My concerns"). The baseline, measured in the same browser and interleaved with the runs:
load the sign-in page in a fresh context (a small server-rendered page with the app's CSS and
scripts). Prints the median and p95 of both, the steps of the flow, and the ratio.
Every run adds one (fictional) concern to the database.
"""

import argparse
import os
import socket
import statistics
import subprocess  # nosec B404: starts this project's development server
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import expect, sync_playwright

from bench.common import PYTHON, ROOT, SEED, machine, scale_database, setup_django, table

PORT = int(os.environ.get("BENCH_PORT", "8111"))
# The demo data's teacher and one of her students (for --url).
DEMO_ACCOUNT = ("teacher@example.org", "crocoos-demo", "Lőrinc Győri")  # nosec B105: published demo password


def wait_for_port(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"no server on port {port} after {seconds} s")


def start_server(port, database_url):
    """The development server, as `make run` starts it, on `port`."""
    # The development settings, not the benchmark ones this process was set up with.
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="crocoos.settings")
    server = subprocess.Popen(  # nosec B603
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
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


def log_concern(browser, url, account, number):
    email, password, student = account
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(f"{url}/accounts/login/", wait_until="load")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    form = page.locator("form.concern-form")
    expect(form).to_be_visible()
    signed_in = time.perf_counter()
    form.get_by_label("Student").fill(student)
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


def bench_account():
    """The scale data's benchmark class teacher and the type-ahead label of one of her students."""
    from cases.forms.concerns import student_label
    from cases.models import Student
    from crocoos.models import Role
    from crocoos.scale import BENCH_ACCOUNTS, BENCH_PASSWORD

    email = BENCH_ACCOUNTS[Role.CLASS_TEACHER]
    student = (
        Student.objects.filter(school_class__teachers__email=email)
        .select_related("school_class")
        .order_by("pk")
        .first()
    )
    return email, BENCH_PASSWORD, student_label(student)


def measure(url, account, runs):
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        print(f"Chromium {browser.version} against {url} as {account[0]}, {runs} runs", flush=True)
        log_concern(browser, url, account, "warm-up")  # the server's first requests, Chromium's caches
        baseline(browser, url)
        flows, pages = {"flow": [], "sign_in": [], "fill": [], "submit": []}, []
        run_id = int(time.time())
        for number in range(1, runs + 1):
            pages.append(baseline(browser, url))
            for step, seconds in log_concern(browser, url, account, f"{run_id}-{number}").items():
                flows[step].append(seconds)
        browser.close()
    return flows, pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--url", help="a running server with the demo data (default: start one on the scale data)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    server = None
    if args.url:
        print(f"## bench_concern_browser: {machine()}")
        url, account = args.url.rstrip("/"), DEMO_ACCOUNT
    elif not args.worker:
        print(f"## bench_concern_browser: {machine()}")
        setup_django()
        database_url = scale_database(1, seed=SEED)
        command = [PYTHON, __file__, "--worker", "--runs", str(args.runs)]
        subprocess.run(command, env={**os.environ, "DATABASE_URL": database_url}, check=True)  # nosec B603
        return
    else:
        setup_django(os.environ["DATABASE_URL"])
        from django.db import connections

        account = bench_account()
        connections.close_all()
        server = start_server(PORT, os.environ["DATABASE_URL"])
        url = f"http://127.0.0.1:{PORT}"
    try:
        flows, pages = measure(url, account, args.runs)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    median = statistics.median
    rows = [
        [label, f"{median(values) * 1000:.0f} ms", f"{p95(values) * 1000:.0f} ms"]
        for label, values in (
            ("baseline: load the sign-in page", pages),
            ("**sign in, log a concern, see the confirmation**", flows["flow"]),
            ("of which: sign in until the form shows", flows["sign_in"]),
            ("of which: fill the form", flows["fill"]),
            ("of which: submit until the confirmation", flows["submit"]),
        )
    ]
    print(f"\n### A teacher logs a concern in Chromium ({args.runs} runs, development server)\n")
    print(table(["", "median", "p95"], rows))
    print(f"\nratio flow / baseline: {median(flows['flow']) / median(pages):.1f}")


if __name__ == "__main__":
    main()
