"""The consent rule (seed 002): "No cases are discussed without an INFORMED AGREEMENT in writing
from the person in question." Without a valid consent a case cannot go on a meeting agenda and
no outside partner sees it; a withdrawal takes effect at once.

Every check of the rule goes through this module (Case.objects.visible_to uses the same
`Consent.objects.valid()` definition).
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from cases.models import CaseEvent, Consent

from .timeline import add_event


def valid_consents(case):
    return Consent.objects.valid().filter(case=case)


def consent_allows(case, *, partner):
    """May information about `case` go to this directory partner (OutsidePartner)?"""
    if partner is None:
        return False
    scope = valid_consents(case).filter(partners=partner)
    # A sector in the scope covers that sector's partners of the case's area.
    if partner.sector_id is not None and partner.area_id == case.area_id:
        scope = scope | valid_consents(case).filter(sectors=partner.sector_id)
    return scope.exists()


def consent_allows_user(case, *, user):
    """May this user (through a directory partner entry that is theirs) receive information on `case`?"""
    in_scope = Q(partners__user=user) | Q(sectors__partners__user=user, sectors__partners__area_id=case.area_id)
    return valid_consents(case).filter(in_scope).exists()


def consented_case_ids(case_ids, *, partner=None, user=None):
    """Of `case_ids`, those a valid consent lets information go to `partner` or `user` (one query):
    the same rule as `consent_allows` and `consent_allows_user`, for a whole agenda at once."""
    in_scope = Q(pk__in=[])
    if partner is not None:
        in_scope |= Q(partners=partner)
        if partner.sector_id is not None:
            in_scope |= Q(sectors=partner.sector_id, case__area_id=partner.area_id)
    if user is not None:
        in_scope |= Q(partners__user=user) | Q(
            sectors__partners__user=user, sectors__partners__area_id=F("case__area_id")
        )
    consents = Consent.objects.valid().filter(case_id__in=case_ids).filter(in_scope)
    return set(consents.values_list("case_id", flat=True))


def case_can_go_on_agenda(case):
    """A case may be put on a meeting agenda only while a valid written consent exists."""
    return valid_consents(case).exists()


@transaction.atomic
def record_consent(
    *,
    case,
    given_by,
    given_by_name,
    recorded_by,
    given_on=None,
    sectors=(),
    partners=(),
    document=None,
    document_content_type="",
    submission_key=None,
):
    """Record a written consent; sending the same form twice records it once."""
    if submission_key is not None:
        existing = Consent.objects.filter(submission_key=submission_key, case=case).first()
        if existing is not None:
            return existing
    consent = Consent(
        case=case,
        given_by=given_by,
        given_by_name=given_by_name,
        given_on=given_on or timezone.localdate(),
        recorded_by=recorded_by,
        submission_key=submission_key,
        document_content_type=document_content_type,
    )
    if document:
        consent.document = document
    consent.full_clean(exclude=["document"])
    consent.save()
    consent.sectors.set(sectors)
    consent.partners.set(partners)
    add_event(
        case=case,
        kind=CaseEvent.Kind.CONSENT,
        actor=recorded_by,
        message=gettext_noop("Consent given by %(who)s (%(name)s)"),
        params={"who": consent.GivenBy(consent.given_by).label, "name": given_by_name},
    )
    return consent


@transaction.atomic
def withdraw_consent(*, consent, withdrawn_by, reason):
    """Withdraw a consent now. Partners relying on it lose access with the next request."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent
    if not reason.strip():
        raise ValueError("A withdrawal needs a reason")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = withdrawn_by
    consent.withdrawal_reason = reason.strip()
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    add_event(
        case=consent.case,
        kind=CaseEvent.Kind.CONSENT_WITHDRAWN,
        actor=withdrawn_by,
        message=gettext_noop("Consent of %(name)s withdrawn"),
        params={"name": consent.given_by_name},
    )
    return consent
