"""Retention: delete or anonymise personal data when its time is up (GDPR Art. 5(1)(e), 17).

Each app registers a handler for the data it owns; `manage.py apply_retention` (run daily by
the scheduler, e.g. a cron job or systemd timer) calls them all:

    from crocoos import retention

    @retention.register
    def closed_cases(*, now, dry_run):
        due = Case.objects.filter(closed_at__lt=...)   # use retention.cutoff(area, now)
        if not dry_run:
            ...                                        # delete files too
        return {"cases anonymised": count}

A handler gets `now` (tests pass a simulated time) and `dry_run`, and returns counts of what
it did (or would do) by label. Each handler's counts are written to the audit trail.
"""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from . import audit
from .registry import FunctionRegistry

# Handlers: `handler(*, now, dry_run) -> {label: count}`.
HANDLERS = FunctionRegistry()
register = HANDLERS.register
unregister = HANDLERS.unregister


def cutoff(area, now):
    """Data of `area` closed before this moment is due: now minus the area's retention period."""
    return now - relativedelta(years=area.retention_years_after_close)


def apply_retention(*, now=None, dry_run=False):
    """Run every handler; returns {handler name: {label: count}}. Each handler runs in its own transaction."""
    now = now or timezone.now()
    results = {}
    for handler in HANDLERS:
        name = f"{handler.__module__}.{handler.__qualname__}"
        with transaction.atomic():
            counts = dict(handler(now=now, dry_run=dry_run) or {})
            if not dry_run:
                audit.record("retention.applied", detail={"handler": name, "counts": counts, "now": now.isoformat()})
        results[name] = counts
    return results
