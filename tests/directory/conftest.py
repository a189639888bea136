import pytest

from directory.models import HelpArea, InSchoolProfessional, OutsidePartner, Sector


@pytest.fixture
def help_area():
    """Help areas by code (seeded by the data migration)."""
    return lambda code: HelpArea.objects.get(code=code)


@pytest.fixture
def entries(world, help_area):
    """One professional per school and two partners of the area, one partner in another area."""
    speech = InSchoolProfessional.objects.create(
        school=world.school1, name="Ödön Kertész", position="Speech therapist", email="odon@example.org"
    )
    speech.help_areas.add(help_area("learning-disorders"))
    nurse = InSchoolProfessional.objects.create(
        school=world.school2, name="Kari Østby", position="School nurse", phone="+47 755 00 201"
    )
    nurse.help_areas.add(help_area("health"))
    clinic = OutsidePartner.objects.create(
        area=world.area,
        institute="Addiktológiai Rendelő Ózd",
        sector=Sector.objects.get(code="health"),
        contact_name="Dr. Ferenc Ódor",
        email="clinic@example.org",
    )
    clinic.help_areas.add(help_area("addiction"))
    police = OutsidePartner.objects.create(
        area=world.area,
        institute="Police Crime Prevention",
        sector=Sector.objects.get(code="police-justice"),
        help_text="Lessons about drugs and addiction in class",
    )
    police.help_areas.add(help_area("crime-prevention"))
    elsewhere = OutsidePartner.objects.create(area=world.other_area, institute="Faraway Addiction Centre")
    elsewhere.help_areas.add(help_area("addiction"))
    return {"speech": speech, "nurse": nurse, "clinic": clinic, "police": police, "elsewhere": elsewhere}
