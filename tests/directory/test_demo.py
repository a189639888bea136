from django.core.management import call_command

from directory.models import HelpArea, InSchoolProfessional, OutsidePartner, Sector


def test_demo_directory_loads_twice_to_the_same_data(db):
    call_command("load_demo")
    counts = (InSchoolProfessional.objects.count(), OutsidePartner.objects.count(), HelpArea.objects.count())
    call_command("load_demo")
    assert (InSchoolProfessional.objects.count(), OutsidePartner.objects.count(), HelpArea.objects.count()) == counts
    assert sum(counts[:2]) >= 28
    assert {entry.school.name for entry in InSchoolProfessional.objects.select_related("school")} == {
        "Bartók Béla Secondary School",
        "Nordvik Upper Secondary School",
    }
    emails = [*InSchoolProfessional.objects.values_list("email", flat=True)]
    emails += OutsidePartner.objects.values_list("email", flat=True)
    assert all(email.endswith("@example.org") for email in emails)
    assert OutsidePartner.objects.stale().exists() and OutsidePartner.objects.exclude(verified_at=None).exists()


def test_a_fresh_database_has_the_shared_lists_from_the_migration(db):
    assert HelpArea.objects.filter(code="addiction").exists()
    assert Sector.objects.filter(code="police-justice").exists()
    assert HelpArea.objects.count() == 15 and Sector.objects.count() == 12
