import time

from django.core.management.base import BaseCommand, CommandError

from crocoos.scale import BENCH_ACCOUNTS, BENCH_PASSWORD, counts, generate


class Command(BaseCommand):
    help = (
        "Generate a fictional municipality for benchmarks into an empty, migrated database: "
        "--scale 100 is 200 schools and 100,000 students, --scale 1 a hundredth. Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1, help="100 = the full municipality (default 1)")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        if scale <= 0:
            raise CommandError("--scale must be above 0")
        self.stdout.write(f"Generating scale {scale:g} (seed {seed}): {counts(scale)}")
        started = time.monotonic()
        try:
            made = generate(
                scale, seed, log=lambda line: self.stdout.write(f"  {line} ({time.monotonic() - started:.0f}s)")
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Made in {time.monotonic() - started:.0f}s: " + ", ".join(f"{k} {v}" for k, v in made.items())
        )
        self.stdout.write(f"Benchmark accounts (password {BENCH_PASSWORD}):")
        for role, email in BENCH_ACCOUNTS.items():
            self.stdout.write(f"  {email}  ({role.label})")
