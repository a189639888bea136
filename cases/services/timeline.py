from cases.models import CaseEvent


def add_event(*, case, kind, actor=None, summary=""):
    """Append one entry to the case timeline."""
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, summary=str(summary)[:300])
