"""Fictional demo cases: concerns in every state, ten cases at different stages, consent,
action plans with overdue rows. Idempotent: cases are keyed by reference, concerns by text.

Uses the students and accounts of crocoos.demo; links directory entries when the directory
demo made them, and otherwise creates the one partner entry the demo partner account needs.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from crocoos.models import User

DEMO_YEAR = 2026

# (reference number, student, status, consent, observed problem, professionals view, outcome)
CASES = [
    (
        1,
        ("Bence", "Nagy"),
        "open",
        "guardian",
        "Sokat hiányzik, főleg hétfőn; fáradtan érkezik.",
        "A család nehéz helyzetben van; az apa külföldön dolgozik.",
        "",
    ),
    (2, ("Réka", "Szőke"), "open", None, "Romló jegyek matematikából, visszahúzódó az órákon.", "", ""),
    (
        3,
        ("Dániel", "Fűzfa"),
        "open",
        "withdrawn",
        "Konfliktusok az osztálytársakkal, kétszer verekedés.",
        "Beilleszkedési nehézség; pszichológusi támogatás javasolt.",
        "",
    ),
    (
        4,
        ("Lőrinc", "Győri"),
        "closed",
        "young_person",
        "Késések, lemaradás a szakmai tárgyakból.",
        "Motivációs probléma, pályaorientáció kell.",
        "Átkerült a szakképzési osztályba, rendszeresen jár.",
    ),
    (
        5,
        ("Ștefan", "Popescu"),
        "open",
        "sector",
        "Absențe repetate; lucrează seara cu tatăl său.",
        "Familia are nevoie de sprijin social; elevul vrea să continue școala.",
        "",
    ),
    (
        6,
        ("Ioana", "Țăranu"),
        "open",
        "guardian",
        "Szorongás dolgozatok előtt, hasfájásra panaszkodik.",
        "Iskolaorvos és pszichológus közös megfigyelése.",
        "",
    ),
    (
        7,
        ("Øystein", "Bråten"),
        "open",
        "guardian",
        "Høyt fravær etter jul; sover dårlig.",
        "Mulig spillavhengighet; trenger tett oppfølging hjemme og på skolen.",
        "",
    ),
    (
        8,
        ("Åse", "Kjærnes"),
        "closed",
        "young_person",
        "Vurderer å slutte på skolen.",
        "Ønsker yrkesfag i stedet for studiespesialisering.",
        "Byttet til yrkesfag; trives og møter hver dag.",
    ),
    (
        9,
        ("Mihai", "Dumitrescu"),
        "open",
        "partner",
        "Nu s-a înscris la liceu în toamnă.",
        "Are nevoie de orientare profesională și de un loc de practică.",
        "",
    ),
    (
        10,
        ("Jovana", "Petrović"),
        "open",
        "young_person",
        "Prekinula školovanje u prvom razredu.",
        "Želi da završi školu uz posao; potrebna podrška za upis.",
        "",
    ),
]

# (student, text, categories, state)  state: new | no_case | linked (to the student's case)
CONCERNS = [
    (("Bence", "Nagy"), "Hétfőnként rendszeresen hiányzik, igazolás nélkül.", ["attendance"], "case"),
    (("Réka", "Szőke"), "Két hete nem adja be a házi feladatot, sír az órán.", ["learning", "health"], "case"),
    (("Bence", "Nagy"), "Ma is elaludt az első órán; azt mondta, éjjel dolgozik.", ["health", "family"], "linked"),
    (("Ágnes", "Ürögi"), "Az utóbbi hetekben gyakran késik az első óráról.", ["attendance"], "new"),
    (("Lőrinc", "Győri"), "Szünetekben egyedül van, nem beszél senkivel.", ["social"], "new"),
    (("Réka", "Szőke"), "Elfelejtette a tornazsákot háromszor.", ["other"], "no_case"),
    (("Sindre", "Aasgård"), "Lukter alkohol etter helgen, sovner i timen.", ["substance_use", "behaviour"], "new"),
    (("Núria", "Casals"), "Ha faltat tres dies seguits sense justificació.", ["attendance"], "new"),
]

TARGETS = [
    "Rendszeres iskolába járás – legalább 90%",
    "Stabil napirend és elég alvás",
    "Támogató kapcsolat egy felnőttel az iskolában",
]


def _student(first, last):
    from cases.models import Student

    return Student.objects.filter(first_name=first, last_name=last).select_related("school", "school_class").first()


def _owner(student, users):
    """Who looks after the student's case: the school's coordinator, or the follow-up service."""
    if student.school_id is None:
        return users["followup"]
    coordinator2 = users["coordinator2"]
    return (
        coordinator2 if coordinator2.memberships.filter(school_id=student.school_id).exists() else users["coordinator"]
    )


def _partner_entry(area, partner_user):
    """The demo partner's directory entry (the directory demo's, or a minimal one)."""
    from directory.models import OutsidePartner, Sector

    entry = OutsidePartner.objects.filter(user=partner_user).first()
    if entry is not None:
        return entry
    sector, _ = Sector.objects.get_or_create(
        code="child-welfare", defaults={"name": "Social and child-care institutions"}
    )
    entry, _ = OutsidePartner.objects.get_or_create(
        area=area,
        institute="Child Welfare Service Tisza-Fjord",
        defaults={"sector": sector, "contact_name": partner_user.full_name, "position": partner_user.position},
    )
    if entry.user_id is None:
        entry.user = partner_user
        entry.save(update_fields=["user"])
    return entry


def _fill(case, spec_status, consent_kind, users, partner_entry, today, n):
    from cases.models import ActionItem, CasePresence, Consent, InvolvedProfessional, Target
    from cases.services.consent import record_consent, withdraw_consent

    coordinator = _owner(case.student, users)
    CasePresence.objects.create(
        case=case,
        name=coordinator.full_name,
        institute=case.school.name if case.school_id else "Tisza-Fjord Follow-up Service",
        position=1,
    )
    CasePresence.objects.create(case=case, name=users["ews"].full_name, institute="EWS", position=2)
    InvolvedProfessional.objects.create(
        case=case,
        user=users["ews"],
        name=users["ews"].full_name,
        institute=users["ews"].position,
        role="Counselling",
        position=1,
    )
    if consent_kind in ("partner", "sector", "guardian", "withdrawn"):
        InvolvedProfessional.objects.create(
            case=case, outside_partner=partner_entry, user=partner_entry.user, role="Family support", position=2
        )
    for position, text in enumerate(TARGETS[: 1 + n % 3], start=1):
        Target.objects.create(case=case, text=text, position=position)
    rows = [
        (
            "Beszélgetés a diákkal és a szülőkkel",
            case.school.name if case.school_id else "Follow-up Service",
            users["ews"],
            None,
            -10,
            "done",
            "Megtörtént, a család együttműködő.",
        ),
        (
            "Családlátogatás / Hjemmebesøk",
            partner_entry.institute,
            None,
            partner_entry,
            -3 if n % 2 else 12,
            "planned",
            "",
        ),
        (
            "Heti követés az osztályfőnökkel",
            case.school.name if case.school_id else "Follow-up Service",
            users["teacher"],
            None,
            2 + n,
            "in_progress",
            "",
        ),
    ]
    for position, (action, institute, user, partner, days, status, result) in enumerate(rows, start=1):
        ActionItem.objects.create(
            case=case,
            action=action,
            responsible_institute=institute,
            responsible_user=user,
            responsible_partner=partner,
            deadline=today + datetime.timedelta(days=days),
            expected_result="Közös terv a következő hónapra",
            result=result,
            status="done" if spec_status == "closed" else status,
            position=position,
        )
    if consent_kind:
        given_by = Consent.GivenBy.YOUNG_PERSON if consent_kind == "young_person" else Consent.GivenBy.GUARDIAN
        scope = {"partners": [partner_entry]} if consent_kind in ("partner", "guardian", "withdrawn") else {}
        if consent_kind in ("sector", "young_person") and partner_entry.sector_id:
            scope = {"sectors": [partner_entry.sector]}
        consent = record_consent(
            case=case,
            given_by=given_by,
            given_by_name=f"{case.student.last_name} (szülő)"
            if given_by == Consent.GivenBy.GUARDIAN
            else case.student.full_name,
            given_on=case.date,
            recorded_by=coordinator,
            **scope,
        )
        if consent_kind == "withdrawn":
            withdraw_consent(consent=consent, withdrawn_by=coordinator, reason="A gyám visszavonta a hozzájárulást.")


@transaction.atomic
def load():
    from cases.models import Case, Concern
    from cases.services.cases import close_case

    users = {
        key: User.objects.get(email=f"{key}@example.org")
        for key in ("teacher", "ews", "coordinator", "coordinator2", "followup", "partner")
    }
    today = timezone.localdate()
    cases = {}
    for n, (number, name, status, consent_kind, problem, view, outcome) in enumerate(CASES):
        student = _student(*name)
        if student is None:
            continue
        reference = f"EWS-{DEMO_YEAR}-{number:04d}"
        case, created = Case.objects.get_or_create(
            reference=reference,
            defaults={
                "student": student,
                "school": student.school,
                "area": student.area,
                "date": today - datetime.timedelta(days=60 - 5 * n),
                "observed_problem": problem,
                "observers": "Erzsébet Kovács, osztályfőnök"
                if student.school_id
                else "Ana-Maria Țurcanu, follow-up service",
                "professionals_view": view,
                "opened_by": _owner(student, users),
            },
        )
        cases[name] = case
        if not created:
            continue
        partner_entry = _partner_entry(student.area, users["partner"])
        _fill(case, status, consent_kind, users, partner_entry, today, n)
        if status == "closed":
            close_case(case=case, closed_by=_owner(student, users), outcome=outcome)
    for name, text, categories, state in CONCERNS:
        student = _student(*name)
        if student is None or Concern.objects.filter(student=student, text=text).exists():
            continue
        concern = Concern(
            student=student,
            text=text,
            categories=categories,
            observer_name=users["teacher"].full_name,
            observer_position=users["teacher"].position,
            logged_by=users["teacher"],
            date=today - datetime.timedelta(days=len(text) % 20),
        )
        if state in ("case", "linked") and name in cases:
            concern.status = Concern.Status.CASE_OPENED if state == "case" else Concern.Status.LINKED
            concern.case = cases[name]
            concern.decided_by, concern.decided_at = users["coordinator"], timezone.now()
        elif state == "no_case":
            concern.status = Concern.Status.NO_CASE
            concern.no_case_reason = "Megbeszéltük a diákkal; nem kell eset."
            concern.decided_by, concern.decided_at = users["coordinator"], timezone.now()
        concern.save()
    return {"cases": list(cases.values())}
