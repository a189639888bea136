"""Background steps of an import (django-tasks). Each marks the batch failed if it breaks."""

import contextlib
import logging

from django_tasks import task

from .importing import apply_batch, validate_batch
from .models import ImportBatch

logger = logging.getLogger(__name__)


def _run(step, batch_id):
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        step(batch)
    except Exception:
        logger.exception("directory import %s failed in %s", batch_id, step.__name__)
        ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.FAILED)
        raise


@task()
def validate_import(batch_id):
    _run(validate_batch, batch_id)


@task()
def apply_import(batch_id):
    _run(apply_batch, batch_id)


# Files up to this many rows are checked and imported during the request: quick enough, and they
# work even where no background worker runs. Larger files go to the worker and show progress.
INLINE_ROWS = 300


def run_import_step(step, batch):
    if batch.total <= INLINE_ROWS:
        # A failure is logged and marks the batch failed; the page then says so instead of a 500.
        with contextlib.suppress(Exception):
            step.call(batch.pk)
    else:
        step.enqueue(batch.pk)
