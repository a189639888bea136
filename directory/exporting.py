"""Exports of the lists: CSV and XLSX (the import's columns, so a file can go back in), the
printable PDF with the seed's columns, and the outside partners as Open Referral HSDS JSON."""

import csv
import io
import uuid

from django.template.loader import render_to_string
from django.utils import timezone

from crocoos.pdf import render_pdf

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet will not run as a formula (CSV/formula injection)."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def table(columns, entries):
    yield [str(column.label) for column in columns]
    for entry in entries:
        yield [safe_cell(column.value(entry)) for column in columns]


def to_csv(columns, entries):
    out = io.StringIO()
    out.write("\ufeff")  # so Excel opens UTF-8 with the accents intact
    csv.writer(out).writerows(table(columns, entries))
    return out.getvalue().encode("utf-8")


def to_xlsx(columns, entries, title):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    for row in table(columns, entries):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_pdf(*, kind, entries, heading, filters, request):
    html = render_to_string(
        "directory/directory_print.html",
        {
            "kind": kind,
            "columns": kind.seed_columns,
            "rows": [[(column.key, column.value(entry)) for column in kind.seed_columns] for entry in entries],
            "heading": heading,
            "filters": filters,
            "printed_at": timezone.now(),
        },
        request=request,
    )
    return render_pdf(html)


# --- Open Referral HSDS -------------------------------------------------------------------------

_HSDS_NAMESPACE = uuid.UUID("6f7c2a57-0b0e-4d36-9a57-3f0d0f6c9e11")


def _hsds_id(kind, key):
    """Stable ids, so a consumer can update what it imported before."""
    return str(uuid.uuid5(_HSDS_NAMESPACE, f"{kind}:{key}"))


def to_hsds(partners):
    """Open Referral HSDS 3.0 objects: one organization per institute, one service, contact and
    location per entry of the list."""
    organizations, services, contacts, locations = {}, [], [], []
    for partner in partners:
        org_key = partner.institute.strip().casefold()
        org_id = _hsds_id("organization", f"{partner.area_id}:{org_key}")
        organizations.setdefault(
            org_id,
            {
                "id": org_id,
                "name": partner.institute,
                "description": str(partner.sector or ""),
                "email": partner.email,
                "website": partner.website,
            },
        )
        service_id = _hsds_id("service", partner.pk)
        services.append(
            {
                "id": service_id,
                "organization_id": org_id,
                "name": partner.position or partner.institute,
                "description": "; ".join(
                    filter(None, [", ".join(map(str, partner.help_areas.all())), partner.help_text])
                ),
                "email": partner.email,
                "status": "active",
                "last_modified": partner.updated_at.isoformat(),
                "attributes": [
                    {"taxonomy_term": {"code": area.code, "name": area.name, "vocabulary": "crocoos-help-areas"}}
                    for area in partner.help_areas.all()
                ],
                "phones": [{"number": partner.phone}] if partner.phone else [],
            }
        )
        if partner.contact_name:
            contacts.append(
                {
                    "id": _hsds_id("contact", partner.pk),
                    "organization_id": org_id,
                    "service_id": service_id,
                    "name": partner.contact_name,
                    "title": partner.position,
                    "email": partner.email,
                    "phones": [{"number": number} for number in (partner.direct_contact, partner.phone) if number],
                }
            )
        if partner.address:
            locations.append(
                {
                    "id": _hsds_id("location", partner.pk),
                    "organization_id": org_id,
                    "location_type": "physical",
                    "name": partner.institute,
                    "addresses": [
                        {
                            "address_1": partner.address,
                            "city": partner.municipality.name if partner.municipality else "",
                            "address_type": "physical",
                        }
                    ],
                }
            )
    return {
        "hsds_version": "3.0",
        "generated_at": timezone.now().isoformat(),
        "organizations": list(organizations.values()),
        "services": services,
        "contacts": contacts,
        "locations": locations,
    }
