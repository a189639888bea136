"""Background steps of an import (django-tasks). Each marks the batch failed if it breaks."""

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
