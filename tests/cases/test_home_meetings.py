"""The home page's meetings: the next ones the user sees, and the invitations they have not answered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.home import upcoming_meetings
from cases.models import Invitation, Meeting
from cases.models.action import directory_entries

from .factories import OutsidePartnerFactory


def _meeting(world, title, days, *, school=None, status=Meeting.Status.PLANNED):
    return Meeting.objects.create(
        kind=Meeting.Kind.CLARIFICATION,
        title=title,
        date=timezone.localdate() + datetime.timedelta(days=days),
        start_time=datetime.time(9),
        end_time=datetime.time(10),
        place="Rådhuset",
        area=world.area,
        school=school,
        status=status,
    )


def _lists(user):
    meetings, unanswered = upcoming_meetings(user, partner_ids=directory_entries(user)[0])
    return [meeting.title for meeting in meetings], [invitation.meeting.title for invitation in unanswered]


@pytest.mark.parametrize("persona", ["teacher", "partner"])
def test_invited_users_see_the_meetings_they_are_invited_to(world, persona):
    user = getattr(world, persona)
    entry = OutsidePartnerFactory(area=world.area, user=user)
    soon = _meeting(world, "Soon", 3)
    later = _meeting(world, "Later", 90)
    answered = _meeting(world, "Answered", 5)
    cancelled = _meeting(world, "Cancelled", 4, status=Meeting.Status.CANCELLED)
    past = _meeting(world, "Past", -2)
    _meeting(world, "Not invited", 2)
    # Invited twice to the first one: as themself and as their directory entry.
    Invitation.objects.create(meeting=soon, user=user)
    Invitation.objects.create(meeting=soon, partner=entry)
    for meeting in (later, cancelled, past):
        Invitation.objects.create(meeting=meeting, user=user)
    Invitation.objects.create(meeting=answered, partner=entry, response=Invitation.Response.ATTEND)
    meetings, unanswered = _lists(user)
    assert meetings == ["Soon", "Answered"]  # within two months, not cancelled, each once
    assert unanswered == ["Soon", "Soon", "Later"]  # one line per invitation, however far ahead


def test_staff_see_their_schools_and_areas_meetings_and_their_invitations(world):
    _meeting(world, "School meeting", 1, school=world.school1)
    _meeting(world, "Other school", 2, school=world.school2)
    invited = _meeting(world, "Invited elsewhere", 3, school=world.school2)
    Invitation.objects.create(meeting=invited, user=world.ews)
    _meeting(world, "Cancelled", 1, school=world.school1, status=Meeting.Status.CANCELLED)
    assert _lists(world.ews) == (["School meeting", "Invited elsewhere"], ["Invited elsewhere"])
    assert _lists(world.followup)[0] == ["School meeting", "Other school", "Invited elsewhere"]


def test_home_shows_upcoming_meetings_and_unanswered_invitations(client, world):
    meeting = _meeting(world, "Esetmegbeszélés Kovács", 2)
    Invitation.objects.create(meeting=meeting, user=world.teacher)
    client.force_login(world.teacher)
    page = client.get(reverse("home")).content.decode()
    assert "Upcoming meetings" in page and "Please answer these invitations:" in page
    assert page.count("Esetmegbeszélés Kovács") == 2
