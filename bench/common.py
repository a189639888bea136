"""What the benchmark scripts share: the scale databases, Django set-up, percentiles, tables.

Each scale lives in its own PostgreSQL database, crocoos_bench_<scale>, on the server of
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres). A database is reused when its
comment says it holds the same generator version, scale and seed; otherwise it is dropped and made
again (migrate + generate_scale). `--fresh` on any script drops them first.
"""

import json
import os
import subprocess  # nosec B404: runs this project's own manage.py
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
SCALES = (1, 10, 100)
SEED = 1


def server_url():
    url = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"The benchmarks need PostgreSQL: DATABASE_URL is {url!r}")
    return url


def database_url(name):
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_connection():
    import psycopg2

    connection = psycopg2.connect(database_url("postgres"))
    connection.autocommit = True
    return connection


def _manage(url, *args, quiet=False):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "crocoos.settings", "DJANGO_DEBUG": "false"}
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
    env["DJANGO_LOG_LEVEL"] = "WARNING"
    subprocess.run(  # nosec B603
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def scale_database_url(scale):
    return database_url(f"crocoos_bench_{str(scale).replace('.', '_')}")


def scale_database(scale, *, seed=SEED, fresh=False, log=print):
    """The URL of a migrated database holding `generate_scale --scale scale --seed seed`.

    Needs Django set up (setup_django) for the generator's version; the data goes in through manage.py.
    """
    from crocoos.scale import GENERATOR_VERSION

    url = scale_database_url(scale)
    name = urlsplit(url).path.lstrip("/")
    marker = f"crocoos generate_scale v{GENERATOR_VERSION} scale={scale} seed={seed}"
    connection = _admin_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
        if row is not None and row[0] == marker and not fresh:
            log(f"{name}: reusing (scale {scale}, seed {seed})")
            _manage(url, "migrate", "--noinput", quiet=True)
            return url
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    log(f"{name}: generating scale {scale} (seed {seed}) ...")
    started = time.monotonic()
    _manage(url, "migrate", "--noinput", quiet=True)
    _manage(url, "generate_scale", "--scale", str(scale), "--seed", str(seed), quiet=True)
    with connection.cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [marker])
    connection.close()
    _analyze(url)
    log(f"{name}: generated in {time.monotonic() - started:.0f}s")
    return url


def _analyze(url):
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def setup_django(url=None):
    """Django with the benchmark settings on the database at `url` (call once per process).

    Without a URL only the code is loaded (no query may run): enough to prepare the databases.
    """
    os.environ["DATABASE_URL"] = url or database_url("postgres")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def run_worker(script, url, *args):
    """Run `script --worker ...` with DATABASE_URL=url; its last stdout line is JSON."""
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(  # nosec B603
        [PYTHON, str(script), "--worker", *args], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def table(header, rows):
    """A markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "?",
    )
    memory = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    load = Path("/proc/loadavg").read_text().split()[:3]
    return f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB, load average {' '.join(load)}"
