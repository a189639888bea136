"""Fictional demo meetings: the follow-up service's regular partnership meetings and case
clarification meetings, a school's case working group, saved invitee groups (seed 002's core
group and occasional invitees). Past meetings have attendance and minutes; only cases with a
valid consent go on agendas. Idempotent: meetings are keyed by their calendar UID.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import Attendance, Case, Invitation, InviteeGroup, Meeting
from cases.services import meeting_records as records
from cases.services import meetings as svc
from cases.services.consent import case_can_go_on_agenda
from crocoos.demo import AREA, SCHOOLS
from crocoos.models import Area, School, User
from directory.models import OutsidePartner

CORE = ["Employment Office Tisza-Fjord", "Pedagogical Advisory Service Szeged-Újváros"]
OCCASIONAL = [
    "Child Welfare Service Tisza-Fjord",
    "Youth Psychiatry Unit, Nordvik Hospital",
    "Juvenile Rehabilitation Probation Office",
    "Addiction Outpatient Clinic Ózd-Újtelep",
]
ONE = datetime.timedelta(days=1)


def _partners(area, names):
    found = {p.institute: p for p in OutsidePartner.objects.filter(area=area, institute__in=names)}
    return [found[name] for name in names if name in found]


def _groups(area, users):
    core, _ = InviteeGroup.objects.get_or_create(
        area=area, name="CSC core group", defaults={"kind": InviteeGroup.Kind.CORE}
    )
    core.partners.set(_partners(area, CORE))
    core.users.set([users[e] for e in ("coordinator@example.org", "coordinator2@example.org") if e in users])
    occasional, _ = InviteeGroup.objects.get_or_create(
        area=area, name="Occasional invitees", defaults={"kind": InviteeGroup.Kind.OCCASIONAL}
    )
    occasional.partners.set(_partners(area, OCCASIONAL))
    return core, occasional


def _meeting(uid, **fields):
    meeting = Meeting.objects.filter(uid=uid).first()
    if meeting is None:
        meeting = Meeting.objects.create(uid=uid, **fields)
        return meeting, True
    return meeting, False


def _hold(meeting, *, minutes, officer):
    """Attendance (everyone invited came; each took part in every case) and minutes."""
    records.attendance_from_invitations(meeting)
    case_items = list(meeting.agenda.exclude(case=None))
    for row in Attendance.objects.filter(meeting=meeting):
        row.present, row.signed_on_paper = True, True
        row.save()
        row.items.set(case_items)
    records.record_attendance(meeting=meeting, lines=[])
    for item, (notes, view, targets, actions) in zip(meeting.agenda.all(), minutes, strict=False):
        records.save_minutes(
            item=item, recorded_by=officer, notes=notes, professionals_view=view, targets=targets, actions=actions
        )
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])


@transaction.atomic
def load():
    area = Area.objects.filter(name=AREA).first()
    if area is None:
        return
    users = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    officer = users.get("followup@example.org")
    coordinator = users.get("coordinator@example.org")
    if officer is None:
        return
    core, occasional = _groups(area, users)
    today = timezone.localdate()
    open_cases = Case.objects.filter(area=area, status=Case.Status.OPEN).order_by("reference")
    consented = [case for case in open_cases if case_can_go_on_agenda(case)]
    common = {"area": area, "convened_by": officer, "chair": officer, "place": "Városháza, Room 2, Szeged-Újváros"}

    # a) regular partnership meeting, held four weeks ago, and the series that follows
    regular, new = _meeting(
        "demo-regular-1@crocoos-ews",
        kind=Meeting.Kind.REGULAR,
        title="Partnership meeting: who offers what",
        date=today - 28 * ONE,
        start_time=datetime.time(13, 0),
        end_time=datetime.time(14, 30),
        **common,
    )
    if new:
        svc.invite_group(meeting=regular, group=core)
        svc.add_general_item(
            meeting=regular, title="Employment Office: the new apprenticeship programme", topic="Places from January"
        )
        svc.add_general_item(meeting=regular, title="Pedagogical advisory service: how to refer a student")
        _hold(
            regular,
            officer=officer,
            minutes=[
                ("Twelve places for 16–20 year-olds; applications through the follow-up service.", "", "", []),
                ("Referral form on the service's website; answer within two weeks.", "", "", []),
            ],
        )
        for when in svc.repetition_dates(start=today + 7 * ONE, every_weeks=4, until=today + 120 * ONE):
            following = Meeting.objects.create(
                kind=Meeting.Kind.REGULAR,
                title="Partnership meeting",
                date=when,
                start_time=datetime.time(13, 0),
                end_time=datetime.time(14, 30),
                repeat_every_weeks=4,
                repeat_until=today + 120 * ONE,
                previous=regular,
                **common,
            )
            svc.invite_group(meeting=following, group=core)
            svc.add_general_item(meeting=following, title="News from the partners")

    # b) case clarification meeting, held two weeks ago, with minutes and action rows
    held, new = _meeting(
        "demo-clarification-1@crocoos-ews",
        kind=Meeting.Kind.CLARIFICATION,
        title="Cross-sectoral case conference",
        date=today - 14 * ONE,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 0),
        **common,
    )
    if new:
        svc.invite_group(meeting=held, group=core)
        svc.invite_group(meeting=held, group=occasional)
        for case in consented[:2]:
            svc.add_case_to_agenda(meeting=held, case=case, topic="Not attending school since the autumn break")
        minutes = [
            (
                "The young person wants to learn a trade; the family asks for support at home.",
                "Tired and often absent; conflict at home; motivated by practical work.",
                "Back at school or in training within two months",
                [
                    {
                        "action": "Home visit and family support plan",
                        "responsible_institute": "Child Welfare Service Tisza-Fjord",
                        "responsible_name": "Bjørn Løvås",
                        "deadline": today + 7 * ONE,
                        "expected_result": "Agreed support plan with the family",
                    },
                    {
                        "action": "Career counselling: apprenticeship options",
                        "responsible_institute": "Employment Office Tisza-Fjord",
                        "responsible_name": "Mónica Puig",
                        "deadline": today + 21 * ONE,
                        "expected_result": "Two apprenticeship places visited",
                    },
                ],
            ),
        ] * len(consented[:2])
        _hold(held, officer=officer, minutes=minutes)

    # b) the next case clarification meeting, invitations sent, answers pending
    upcoming, new = _meeting(
        "demo-clarification-2@crocoos-ews",
        kind=Meeting.Kind.CLARIFICATION,
        title="Cross-sectoral case conference",
        date=today + 14 * ONE,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 0),
        previous=held,
        **common,
    )
    if new:
        svc.invite_group(meeting=upcoming, group=core)
        svc.invite_group(meeting=upcoming, group=occasional)
        for case in consented[:2]:
            svc.add_case_to_agenda(meeting=upcoming, case=case, topic="Follow-up of the action plan")
        upcoming.invitations_sent_at = timezone.now()
        upcoming.save(update_fields=["invitations_sent_at"])
        Invitation.objects.filter(meeting=upcoming, is_core=True, user=None).update(
            response=Invitation.Response.ATTEND, responded_at=timezone.now()
        )

    # c) a school's case working group on one case
    school = School.objects.filter(area=area, name=SCHOOLS[0]["name"]).first()
    school_cases = [c for c in consented if c.school_id == getattr(school, "pk", None)]
    if school is not None and coordinator is not None:
        group, new = _meeting(
            "demo-working-group-1@crocoos-ews",
            kind=Meeting.Kind.WORKING_GROUP,
            title="Case working group",
            date=today + 3 * ONE,
            start_time=datetime.time(14, 0),
            end_time=datetime.time(15, 0),
            area=area,
            school=school,
            convened_by=coordinator,
            chair=coordinator,
            place="Teachers' room, " + school.name,
        )
        if new:
            for email in ("ews@example.org", "followup@example.org"):
                if email in users:
                    svc.invite(meeting=group, user=users[email])
            for case in school_cases[:1]:
                svc.add_case_to_agenda(meeting=group, case=case, topic="Weekly check-ins: how are they going?")
