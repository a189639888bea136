"""The retention framework: handlers registered per app, run with a simulated `now`."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from crocoos import retention
from crocoos.models import Area, AuditEvent

from .factories import AreaFactory


@pytest.fixture
def closed_items(db, monkeypatch):
    """A dummy app, alone in the registry: items closed at some date in an area, deleted when their time is up."""
    monkeypatch.setattr(retention, "HANDLERS", retention.FunctionRegistry())
    area = AreaFactory(name="Retentionland", retention_years_after_close=2)
    items = {
        "old": datetime.datetime(2020, 3, 1, tzinfo=datetime.UTC),
        "recent": datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC),
    }

    def handler(*, now, dry_run):
        due = [name for name, closed in items.items() if closed < retention.cutoff(area, now)]
        if not dry_run:
            for name in due:
                del items[name]
        return {"items deleted": len(due)}

    retention.HANDLERS.register(handler)
    return items


def test_handlers_see_the_simulated_time_and_the_area_setting(closed_items):
    retention.apply_retention(now=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert set(closed_items) == {"recent"}  # closed 2020 + 2 years < 2026; 2025 + 2 > 2026
    retention.apply_retention(now=datetime.datetime(2027, 6, 2, tzinfo=datetime.UTC))
    assert closed_items == {}


def test_a_dry_run_changes_nothing_and_reports_what_is_due(closed_items):
    out = StringIO()
    call_command("apply_retention", "--dry-run", "--now", "2030-01-01", stdout=out)
    assert "[dry run]" in out.getvalue()
    assert "items deleted: 2" in out.getvalue()
    assert len(closed_items) == 2
    assert not AuditEvent.objects.filter(action="retention.applied").exists()


def test_each_run_is_written_to_the_audit_trail(closed_items):
    call_command("apply_retention", "--now", "2026-01-01T00:00", stdout=StringIO())
    event = AuditEvent.objects.get(action="retention.applied")
    assert event.detail["counts"] == {"items deleted": 1}
    assert event.actor is None


def test_a_bad_now_is_refused_clearly(db):
    with pytest.raises(CommandError, match="--now"):
        call_command("apply_retention", "--now", "next tuesday", stdout=StringIO())


def test_without_handlers_the_command_says_so(db, monkeypatch):
    monkeypatch.setattr(retention, "HANDLERS", retention.FunctionRegistry())
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "No retention handlers" in out.getvalue()


def test_areas_keep_closed_cases_five_years_unless_set_otherwise(db):
    area = Area.objects.create(name="Default area")
    assert area.retention_years_after_close == 5
    assert retention.cutoff(area, timezone.make_aware(datetime.datetime(2030, 6, 1))).year == 2025


def test_retention_years_stay_in_a_sensible_range(db):
    area = Area(name="Forever", retention_years_after_close=0)
    with pytest.raises(ValidationError):
        area.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        area.save()
