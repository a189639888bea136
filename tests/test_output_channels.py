"""Stored XSS and formula injection, table-driven: every payload saved into every user-typed field
that reaches an output channel, checked on every channel.

Channels: HTML pages, PDFs (case sheet, the three meeting PDFs, the two directory prints), CSV and
XLSX exports, the invitation e-mail (subject and text part; there is no HTML part) and its .ics.
What "inert" means per channel:
- HTML: never the raw payload, the escaped one where the field is shown, no inline code, no
  javascript: link;
- PDF: pdftotext shows the payload as literal text; no JavaScript, launch or link annotation;
- CSV/XLSX: no cell starts with = + - @ tab or CR (the payload comes out with a leading ');
- e-mail: a one-line subject, the payload literally in the text (not HTML-escaped), no HTML part;
- .ics: the payload round-trips as the event's text, no property injected through a line break.
"""

import csv
import io
import subprocess
from collections import Counter
from email.header import decode_header, make_header

import pytest
from django.urls import reverse
from django.utils.html import escape
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from cases.models import AgendaItem, CasePresence, InvolvedProfessional, Target
from cases.services import meeting_records as records
from cases.services import meetings as svc
from cases.tasks_meetings import send_invitation
from directory.exporting import FORMULA_STARTS
from directory.models import InSchoolProfessional, OutsidePartner

from .matrix_cases import case_world
from .matrix_meetings import meeting_world
from .test_headers import inline_code_in

PAYLOADS = {
    "script tag": "<script>alert('x')</script>",
    "attribute break-out": '"><img src=x onerror=alert(1)>',
    "javascript: URL": "javascript:alert(document.cookie)",
    "SVG onload": "<svg/onload=alert(1)>",
    "CSS expression": '<div style="width:expression(alert(1));background:url(javascript:alert(2))">',
    "formula =": "=cmd|' /C calc'!A0",
    "formula +": "+1+cmd|' /C calc'!A0",
    "formula -": "-2+3+cmd|' /C calc'!A0",
    "formula @": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab-prefixed formula": "\t=1+1",
    "CR-prefixed formula": "\r=1+1",
    "line-break injection": "Terem\r\nATTENDEE:mailto:evil@example.org",
}
CHECKED = Counter()  # payload × channel cells, printed by tests/conftest.py
MARK = "Zq"  # before each payload: finds it in a flattened PDF text or a spreadsheet cell


def flat(text):
    return "".join(text.split())


def hostile_world(w, payload):
    """Every user-typed field that reaches an output channel holds `MARK + payload`."""
    value = MARK + payload
    case_world(w)
    meeting_world(w)
    case = w.case_a
    for field in ("observed_problem", "observers", "professionals_view", "result_of_intervention"):
        setattr(case, field, value)
    case.further_interventions = value
    case.save()
    Target.objects.create(case=case, text=value, position=9)
    CasePresence.objects.create(case=case, name=value, institute=value, position=9)
    InvolvedProfessional.objects.create(case=case, name=value, institute=value, role=value, position=9)
    w.action_a.action = w.action_a.expected_result = w.action_a.result = value
    w.action_a.responsible_name = w.action_a.responsible_institute = value
    w.action_a.save()
    w.concern_a.text = w.concern_a.observer_name = value
    w.concern_a.save()
    w.meeting.title, w.meeting.place = value[:200], value
    w.meeting.save()
    AgendaItem.objects.filter(pk=w.item.pk).update(topic=value)
    svc.add_general_item(meeting=w.meeting, title=value, topic=value)
    records.save_minutes(item=w.item, recorded_by=w.coordinator, notes=value)
    w.attendance.name = w.attendance.institute = value
    w.attendance.save()
    w.hostile_partner = OutsidePartner.objects.create(
        area=w.area,
        institute=value,
        address=value,
        contact_name=value,
        position=value,
        direct_contact=value,
        help_text=value,
        website="javascript:alert(1)",  # stored past the form (import, admin, old data): never a link
    )
    w.hostile_professional = InSchoolProfessional.objects.create(
        school=w.school1, name=value, position=value, help_text=value
    )
    return w


@pytest.fixture(params=sorted(PAYLOADS))
def payload(request):
    return PAYLOADS[request.param]


@pytest.fixture
def hw(world, payload):
    return hostile_world(world, payload)


def pages(w):
    """(persona, URL, shows the payload) of the HTML pages that show typed fields."""
    return [
        ("coordinator", reverse("case_detail", args=[w.case_a.pk]), True),
        ("coordinator", reverse("case_edit", args=[w.case_a.pk]), True),
        ("partner_consented", reverse("case_detail", args=[w.case_a.pk]), True),
        ("teacher", reverse("concern_detail", args=[w.concern_a.pk]), True),
        ("ews", reverse("action_update", args=[w.action_a.pk]), True),
        ("ews", reverse("action_mine"), False),
        ("coordinator", reverse("meeting_detail", args=[w.meeting.pk]), True),
        ("coordinator", reverse("meeting_minutes", args=[w.meeting.pk, w.item.pk]), True),
        ("coordinator", reverse("meeting_attendance", args=[w.meeting.pk]), True),
        ("coordinator", reverse("meeting_list"), True),
        ("teacher", reverse("home"), False),
        ("coordinator", reverse("directory_list", args=["partners"]), True),
        ("coordinator", reverse("directory_list", args=["school"]), True),
        ("coordinator", reverse("directory_detail", args=["partners", w.hostile_partner.pk]), True),
        ("coordinator", reverse("directory_detail", args=["school", w.hostile_professional.pk]), True),
        ("coordinator", reverse("directory_search") + "?q=" + MARK, True),
    ]


def test_html_pages(client, hw, payload):
    for persona, url, shows in pages(hw):
        client.force_login(getattr(hw, persona))
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        where = f"GET {url} as {persona}"
        assert not inline_code_in(page), f"{where}: {inline_code_in(page)}"
        if escape(payload) != payload:
            assert MARK + payload not in page, f"{where}: shown unescaped"
        if shows:
            assert escape(MARK + payload) in page, f"{where}: the field is not shown (the check would be void)"
        lowered = page.lower()
        for attribute in ("href", "src", "action", "formaction"):
            assert f'{attribute}="javascript:' not in lowered, f"{where}: javascript: {attribute}"
        CHECKED["html"] += 1


def pdf_check(content, tmp_path, payload, where):
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    text = subprocess.run(["/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert flat(MARK + payload) in flat(text), f"{where}: the payload is not there as literal text"
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/OpenAction" not in catalog and "/AA" not in catalog, f"{where}: automatic action"
    assert "/JavaScript" not in catalog.get("/Names", {}), f"{where}: document JavaScript"
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A", {})
            assert action.get("/S") not in ("/JavaScript", "/Launch", "/URI", "/SubmitForm"), f"{where}: {action}"
    for marker in (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch"):
        assert marker not in content, f"{where}: {marker!r} in the PDF"


def test_pdfs(client, hw, payload, tmp_path):
    client.force_login(hw.coordinator)
    documents = [
        reverse("case_sheet_pdf", args=[hw.case_a.pk]),
        *(reverse("meeting_pdf", args=[hw.meeting.pk, name]) for name in ("agenda", "attendance", "minutes")),
        reverse("directory_export", args=["partners", "pdf"]),
        reverse("directory_export", args=["school", "pdf"]),
    ]
    for url in documents:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
        pdf_check(response.content, tmp_path, payload, f"GET {url}")
        CHECKED["pdf"] += 1


def as_stored(text, fmt):
    """XLSX is XML: a CR comes back as a line feed (XML line-end normalisation), still behind the guard."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if fmt == "xlsx" else text


def spreadsheet_rows(response, fmt):
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_exports(client, hw, payload, fmt):
    client.force_login(hw.coordinator)
    for kind in ("partners", "school"):
        rows = spreadsheet_rows(client.get(reverse("directory_export", args=[kind, fmt])), fmt)
        cells = [str(cell) for row in rows for cell in row]
        dangerous = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        assert not dangerous, f"{kind}.{fmt}: cells a spreadsheet runs: {dangerous}"
        # The payload is kept whole (behind the guard only where it needs it), in every typed column.
        assert cells.count(as_stored(MARK + payload, fmt)) >= 2, f"{kind}.{fmt}: payload not kept as typed"
        CHECKED[fmt] += 1


def test_formula_guard_applies_to_the_whole_cell_start(client, hw, payload):
    """A payload at the very start of a cell (no mark in front) is neutralised."""
    OutsidePartner.objects.filter(pk=hw.hostile_partner.pk).update(institute=payload.strip(" ") or "x")
    client.force_login(hw.coordinator)
    for fmt in ("csv", "xlsx"):
        rows = spreadsheet_rows(client.get(reverse("directory_export", args=["partners", fmt])), fmt)
        cells = [str(cell) for row in rows for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], fmt
        if payload.startswith(FORMULA_STARTS):
            assert as_stored("'" + payload, fmt) in cells, f"{fmt}: not neutralised with a leading apostrophe"


def test_invitation_email_and_ics(hw, payload, mailoutbox):
    invitation = svc.invite(meeting=hw.meeting, email="guest2@example.org", name=MARK + payload)
    send_invitation.call(invitation.pk)
    (message,) = mailoutbox
    subject = str(make_header(decode_header(message.subject)))
    assert "\n" not in subject and "\r" not in subject, "header injection through the subject"
    assert flat(MARK + payload) in flat(subject), "the subject mangles the title"
    assert flat(MARK + payload) in flat(message.body), "the text part does not show the payload as typed"
    if escape(payload) != payload:
        assert flat(escape(MARK + payload)) not in flat(message.body), "HTML-escaped text in a plain-text e-mail"
    assert not getattr(message, "alternatives", []), "an HTML part appeared: escape it and extend this test"
    CHECKED["e-mail"] += 1
    (ics,) = [content for name, content, _type in message.attachments if name.endswith(".ics")]
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    assert flat(MARK + payload) in flat(str(event["location"])), "the place does not round-trip"
    assert flat(MARK + payload) in flat(str(event["summary"])), "the title does not round-trip"
    attendees = event.get("attendee")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:guest2@example.org"], "a property was injected"
    CHECKED["ics"] += 1
