"""The calendar attachment of invitations (.ics, RFC 5545 / iTIP).

The meeting's UID stays the same for the invitation, its updates and the cancellation; the
SEQUENCE rises with each change, so calendar programs replace the earlier entry.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


def meeting_times(meeting):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
    end = datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone)
    return start, end


def meeting_ics(meeting, *, method="REQUEST", attendee="", summary="", description=""):
    """The .ics bytes for one invitee: METHOD:REQUEST (invitation, update) or METHOD:CANCEL."""
    calendar = Calendar()
    calendar.add("prodid", "-//CroCooS EWS//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    start, end = meeting_times(meeting)
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary or meeting.display_title)
    event.add("location", meeting.place)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>').strip()}")
    organizer.params["cn"] = vText(meeting.area.name)
    event.add("organizer", organizer)
    if attendee:
        address = vCalAddress(f"mailto:{attendee}")
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["rsvp"] = vText("FALSE")
        event.add("attendee", address, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
