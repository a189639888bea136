"""Case sheet PDF: our full render against WeasyPrint alone, and a batch of 100 sheets.

    .venv/bin/python bench/bench_pdf.py [--batch 100] [--out sheet.pdf]

Runs on the scale-1 database of bench/common.py (made by generate_scale when missing), in a
process with the benchmark settings (DEBUG off).

Prints
- the median and p95 of 20 full renders through our service (`render_case_sheet`: the case
  loaded again with its queries, the template, WeasyPrint through crocoos/pdf.py);
- the median of 20 bare WeasyPrint renders of the same HTML and style sheet (default options, a
  fresh parse every time), and the ratio of the two medians (budget: under 400 ms, within 1.3 times);
- the time to print a batch of 100 sheets into one PDF (budget: under 40 s), with its progress.

The data is built in a transaction that is rolled back at the end: one school, a realistic case
(3 present, 4 involved professionals, 3 targets, 10 action rows, Hungarian/Norwegian/Romanian
text) and 100 more cases for the batch. The batch calls the task's function (`print_batch`)
directly in this process, as `manage.py db_worker` would: a worker process could not see the
uncommitted data.
"""

import argparse
import os
import statistics
import subprocess  # nosec B404: runs this script again as the measuring process
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, SEED, machine, scale_database, setup_django, table

RUNS = 20


class Rollback(Exception):
    pass


def realistic_case(school_class, number=0):
    from cases.models import CasePresence, Target
    from tests.cases.factories import (
        ActionItemFactory,
        CaseFactory,
        InvolvedProfessionalFactory,
        OutsidePartnerFactory,
    )
    from tests.factories import StudentFactory

    student = StudentFactory(school_class=school_class, first_name="Ödön", last_name=f"Lőrincz-{number:03d}")
    case = CaseFactory(
        student=student,
        reference=f"BENCH-{number:04d}",
        observed_problem="Gyakran késik, fáradt; ő maga szerint nem alszik eleget. Hűvös a viszony a társakkal.\n"
        "Az utóbbi hónapban 14 igazolatlan óra, a jegyei romlanak.",
        observers="Éva Tanár, osztályfőnök; Gábor Kiss, testnevelő",
        professionals_view="Familien trenger støtte; gutten føler seg utenfor på skolen (æ ø å). "
        "Școala și familia țin legătura săptămânal (ș ț).",
        result_of_intervention="Școala și familia țin legătura săptămânal (ș ț).",
        further_interventions="Pályaorientációs tanácsadás ősszel.",
    )
    for position, (name, institute) in enumerate(
        [("Ingrid Sæther", "Nordvik skole"), ("Ștefan Țurcanu", "Primăria Mărăști"), ("Éva Tanár", "Petőfi")], 1
    ):
        CasePresence.objects.create(case=case, name=name, institute=institute, position=position)
    partner = OutsidePartnerFactory(
        area=school_class.school.area, institute="Barnevernet Nordvik", contact_name="Bjørn Løvås"
    )
    InvolvedProfessionalFactory(
        case=case, outside_partner=partner, name="", institute="", role="Family support", position=1
    )
    for position, (name, institute, role) in enumerate(
        [
            ("Zsófia Szűcs", "Iskolapszichológus", "Counselling"),
            ("Ioana Popescu", "Direcția de Asistență Socială", "Social worker"),
            ("Kari Ødegård", "PPT Nordvik", "Pedagogical psychology"),
        ],
        2,
    ):
        InvolvedProfessionalFactory(case=case, name=name, institute=institute, role=role, position=position)
    for position, text in enumerate(
        ["Rendszeres iskolába járás – heti 5 nap", "Bedre søvnrutiner", "Îmbunătățirea relației cu colegii"], 1
    ):
        Target.objects.create(case=case, text=text, position=position)
    for position in range(1, 11):
        ActionItemFactory(
            case=case,
            action=f"{position}. Hjemmebesøk hos familien / heti beszélgetés az iskolapszichológussal (ș ț ő ű)",
            responsible_institute="Barnevernet Nordvik" if position % 2 else "Petőfi Gimnázium",
            responsible_name="Bjørn Løvås" if position % 2 else "Zsófia Szűcs",
            expected_result="Avtale om støtte",
            position=position,
        )
    return case


def timed(function):
    """(wall clock, CPU time) of one call, in seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def p95(timings):
    return sorted(timings)[max(0, round(0.95 * len(timings)) - 1)]


def bench(batch_size, out):
    import logging

    import weasyprint
    from django.contrib.staticfiles import finders
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.models import Case, SheetBatch
    from cases.services.sheet_batches import print_batch
    from cases.services.sheets import SHEET_STYLESHEETS, case_sheet_html, render_case_sheet
    from crocoos.models import Role
    from tests.factories import AreaFactory, SchoolClassFactory, SchoolFactory, member

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its progress log is at INFO

    area = AreaFactory(name="Benchvidék")
    school = SchoolFactory(area=area, name="Petőfi Gimnázium")
    school_class = SchoolClassFactory(school=school, name="9.A")
    coordinator = member(Role.EWS_COORDINATOR, school=school, email="pdf-bench-coordinator@example.org")
    case = realistic_case(school_class)

    start = time.perf_counter()
    render_case_sheet(Case.objects.get(pk=case.pk), language="en")
    print(f"first render in this process (WeasyPrint import, fonts): {ms(time.perf_counter() - start)}")

    with CaptureQueriesContext(connection) as queries:
        pdf = render_case_sheet(Case.objects.get(pk=case.pk), language="en")
    if out:
        Path(out).write_bytes(pdf)
    print(f"case sheet: {len(queries)} queries, {len(pdf) // 1024} KiB")

    html = case_sheet_html(Case.objects.get(pk=case.pk), language="en")
    css = [finders.find(name) for name in SHEET_STYLESHEETS]

    def full_render():
        render_case_sheet(Case.objects.get(pk=case.pk), language="en")

    def bare_render():
        weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(filename=f) for f in css])

    def html_only():
        case_sheet_html(Case.objects.get(pk=case.pk), language="en")

    # Interleaved, so that both see the same load on a shared machine.
    timings = {"full": [], "bare": [], "html": []}
    for _ in range(RUNS):
        for name, function in (("full", full_render), ("bare", bare_render), ("html", html_only)):
            timings[name].append(timed(function))
    wall = {name: [w for w, _cpu in values] for name, values in timings.items()}
    cpu = {name: [c for _w, c in values] for name, values in timings.items()}
    median = statistics.median
    rows = [
        [label, ms(median(wall[name])), ms(p95(wall[name])), ms(median(cpu[name])), ms(p95(cpu[name]))]
        for name, label in (
            ("full", "case sheet through our service (queries + template + PDF)"),
            ("bare", "bare WeasyPrint, same HTML and CSS"),
            ("html", "queries + template alone"),
        )
    ]
    print(f"\n### Case sheet PDF, {RUNS} renders each, interleaved\n")
    print(table(["", "median", "p95", "CPU median", "CPU p95"], rows))
    ratio = median(wall["full"]) / median(wall["bare"])
    cpu_ratio = median(cpu["full"]) / median(cpu["bare"])
    verdict = "met" if median(wall["full"]) < 0.4 and ratio <= 1.3 else "NOT met"
    print(f"\nratio to bare WeasyPrint: {ratio:.2f} (CPU {cpu_ratio:.2f}); budget (< 400 ms, <= 1.3): {verdict}\n")

    if batch_size:
        ids = [case.pk] + [realistic_case(school_class, number).pk for number in range(1, batch_size)]
        batch = SheetBatch.objects.create(created_by=coordinator, case_ids=ids, total=len(ids), language="en")
        step = max(1, batch_size // 10)

        def progress(done, total):
            if done % step == 0 or done == total:
                stored = SheetBatch.objects.values_list("processed", flat=True).get(pk=batch.pk)
                print(f"  progress {stored} of {total} ({time.perf_counter() - start:.1f} s)", flush=True)

        print(f"batch of {batch_size} sheets (task function called in this process):")
        start, cpu = time.perf_counter(), time.process_time()
        print_batch(batch, on_progress=progress)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        size = batch.file.size // 1024
        print(f"\n### Batch of {batch_size} case sheets into one PDF (task function in this process)\n")
        rows = [[f"{elapsed:.1f} s", f"{elapsed / batch_size * 1000:.0f} ms", f"{cpu:.1f} s", f"{size} KiB"]]
        print(table(["wall clock", "per sheet", "CPU", "PDF size"], rows))
        verdict = "met" if elapsed < 40 * batch_size / 100 else "NOT met"
        print(f"\nbudget (100 sheets in < 40 s): {verdict}")
        batch.file.delete(save=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100, help="sheets in the batch (0: no batch)")
    parser.add_argument("--out", help="also write the case sheet to this file (to look at it)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.worker:
        print(f"## bench_pdf: {machine()}")
        setup_django()
        url = scale_database(1, seed=SEED)
        command = [PYTHON, __file__, "--worker", "--batch", str(args.batch), *(["--out", args.out] if args.out else [])]
        subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, check=True)  # nosec B603
        return
    setup_django(os.environ["DATABASE_URL"])
    import weasyprint
    from django.db import transaction

    print(f"WeasyPrint {weasyprint.__version__}; data rolled back at the end")
    try:
        with transaction.atomic():
            bench(args.batch, args.out)
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
