"""Permission-matrix entries for meetings.

`meeting_world(w)` adds, once per `world`, a school-1 case working group convened by the school's
coordinator: student_a's case (consented) on the agenda with minutes, the class teacher invited
(an invitee outside the consent scope: sees the meeting, never the student's name), the outside
partner the consent covers invited (sees the meeting and the name), and one attendance line
with an on-screen signature.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import Attendance, InviteeGroup, Meeting
from cases.services import meeting_records as records
from cases.services import meetings as svc

from .matrix_cases import case_world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def meeting_world(w):
    if getattr(w, "meeting", None) is None:
        case_world(w)
        w.meeting = svc.convene_meeting(
            convened_by=w.coordinator,
            kind=Meeting.Kind.WORKING_GROUP,
            title="Esetmegbeszélés 9.A",
            date=timezone.localdate() + datetime.timedelta(days=7),
            start_time=datetime.time(14),
            end_time=datetime.time(15),
            place="Tanári szoba",
            area=w.school1.area,
            school=w.school1,
        )
        w.item = svc.add_case_to_agenda(meeting=w.meeting, case=w.case_a, topic="Hiányzások")
        records.save_minutes(item=w.item, recorded_by=w.coordinator, notes="Megbeszélve.")
        w.invitation = svc.invite(meeting=w.meeting, user=w.teacher)
        w.guest = svc.invite(meeting=w.meeting, email="guest@example.net", name="Kari Nordmann")
        # The partner the case's consent covers is invited through their directory entry; the one
        # whose consent was withdrawn is not (an invited one is tested in test_partner_access.py).
        w.partner_invitation = svc.invite(meeting=w.meeting, partner=w.entry_in)
        w.attendance = Attendance.objects.create(meeting=w.meeting, name="Éva Tanár", present=True, signature=PNG)
        w.attendance.items.set([w.item])
    return w


def invitee_group(w):
    """A saved core group of school 1's area (shared by schools 1 and 2)."""
    if getattr(w, "invitee_group", None) is None:
        w.invitee_group = InviteeGroup.objects.create(area=w.area, name="Törzscsoport")
        w.invitee_group.users.set([w.coordinator])
    return w.invitee_group


def meetings_matrix():
    from .test_permission_matrix import (
        COORDINATOR,
        COORDINATOR2,
        EVERYONE,
        EWS,
        FOLLOWUP,
        OTHER_FOLLOWUP,
        PARTNER_IN,
        SIGNED_IN,
        TEACHER,
        Rule,
        link,
    )

    staff = frozenset({EWS, COORDINATOR, FOLLOWUP})  # school 1's EWS team, the area's follow-up service
    manage = frozenset({COORDINATOR, FOLLOWUP})
    seen = staff | {TEACHER, PARTNER_IN}  # the teacher and the consented partner are invited
    named = staff | {PARTNER_IN}  # who reads the student's name: the team and the partner the consent covers
    area_conveners = frozenset({COORDINATOR, COORDINATOR2, FOLLOWUP})  # look after the area's invitee groups
    conveners = area_conveners | {OTHER_FOLLOWUP}  # another area's officer has groups of their own

    def pk(w):
        return {"pk": meeting_world(w).meeting.pk}

    def token(w):
        return {"token": svc.new_token(meeting_world(w).guest)}

    def convene(w, persona):
        school = {COORDINATOR: w.school1.pk, COORDINATOR2: w.school2.pk}.get(persona, "")
        return {
            "kind": "regular",
            "date": "2027-02-01",
            "start_time": "09:00",
            "end_time": "10:00",
            "place": "Városháza",
            "school": school,
        }

    return {
        "meeting_list": Rule(
            allow=SIGNED_IN,
            kwargs=lambda w: meeting_world(w) and {},
            rows=lambda w: {(f'href="{reverse("meeting_detail", args=[w.meeting.pk])}"',): seen},
        ),
        "meeting_new": Rule(allow={COORDINATOR, COORDINATOR2, FOLLOWUP, OTHER_FOLLOWUP}, post=convene),
        "meeting_invitation": Rule(allow=EVERYONE, kwargs=token, rows=lambda w: {("Hiányzások",): EVERYONE}),
        "meeting_detail": Rule(
            allow=seen, kwargs=pk, rows=lambda w: {(w.student_a.last_name,): named, ("Hiányzások",): seen}
        ),
        "meeting_edit": Rule(allow=manage, kwargs=pk),
        "meeting_cancel": Rule(allow=manage, kwargs=pk, get=False, post=lambda w, p: {}, post_status=(302,)),
        "meeting_agenda_add": Rule(
            allow=manage, kwargs=pk, get=False, post=lambda w, p: {"title": "Bemutatkozás"}, post_status=(302,)
        ),
        "meeting_agenda_item": Rule(
            allow=manage,
            kwargs=lambda w: {"pk": meeting_world(w).meeting.pk, "item_pk": w.item.pk},
            get=False,
            post=lambda w, p: {"action": "up"},
            post_status=(302,),
        ),
        "meeting_invitees_add": Rule(
            allow=manage, kwargs=pk, get=False, post=lambda w, p: {"email": "nav@example.org"}, post_status=(302,)
        ),
        # The type-ahead searches: only those who manage the meeting, and only cases they look after.
        "meeting_agenda_find": Rule(
            allow=manage,
            kwargs=pk,
            query=lambda w: {"q": w.student_b.last_name},  # the decoy case of student_b is open and consented
            rows=lambda w: {(w.decoy.reference, w.student_b.last_name): manage},
        ),
        "meeting_invitees_find": Rule(allow=manage, kwargs=pk, query=lambda w: {"q": "a"}),
        "meeting_invitees_save_group": Rule(
            allow=manage, kwargs=pk, get=False, post=lambda w, p: {"name": "Törzscsoport"}, post_status=(302,)
        ),
        "meeting_invitation_remove": Rule(
            allow=manage, kwargs=lambda w: {"pk": meeting_world(w).meeting.pk, "invitation_pk": w.guest.pk}, get=False
        ),
        "meeting_invitations_send": Rule(allow=manage, kwargs=pk, get=False, post=lambda w, p: {}, post_status=(302,)),
        "meeting_respond": Rule(
            allow={TEACHER, PARTNER_IN},
            kwargs=pk,
            get=False,
            post=lambda w, p: {"response": "attend"},
            post_status=(302,),
        ),
        "meeting_attendance": Rule(allow=manage, kwargs=pk),
        "meeting_signature": Rule(
            allow=staff, kwargs=lambda w: {"pk": meeting_world(w).meeting.pk, "attendance_pk": w.attendance.pk}
        ),
        "meeting_minutes": Rule(
            allow=manage, kwargs=lambda w: {"pk": meeting_world(w).meeting.pk, "item_pk": w.item.pk}
        ),
        "meeting_next": Rule(allow=manage, kwargs=pk),
        "meeting_summaries_send": Rule(allow=manage, kwargs=pk, get=False, post=lambda w, p: {}, post_status=(302,)),
        "meeting_group_list": Rule(
            allow=conveners,
            kwargs=lambda w: invitee_group(w) and {},
            rows=lambda w: {link("meeting_group_edit", invitee_group(w).pk): area_conveners},
        ),
        "meeting_group_new": Rule(allow=conveners, post=lambda w, p: {"name": f"Csoport {p}", "kind": "core"}),
        "meeting_group_edit": Rule(
            allow=area_conveners,
            kwargs=lambda w: {"pk": invitee_group(w).pk},
            post=lambda w, p: {"name": "Törzscsoport", "kind": "occasional"},
            post_status=(302,),
        ),
        "meeting_group_delete": Rule(allow=area_conveners, kwargs=lambda w: {"pk": invitee_group(w).pk}, get=False),
        "meeting_pdf": Rule(allow=staff, kwargs=lambda w: {"pk": meeting_world(w).meeting.pk, "document": "agenda"}),
    }
