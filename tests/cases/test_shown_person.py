"""Who a row of people shows: what was typed first, else the linked directory entry or account."""

from cases.models import ActionItem, Invitation, InvolvedProfessional
from crocoos.models import User
from directory.models import InSchoolProfessional, OutsidePartner


def test_involved_professional_prefers_typed_then_directory_entry():
    partner = OutsidePartner(pk=1, institute="Nordvik barnevern", contact_name="Kari Fjell")
    row = InvolvedProfessional(outside_partner=partner)
    assert (row.display_name, row.display_institute) == ("Kari Fjell", "Nordvik barnevern")

    partner.contact_name = ""
    assert row.display_name == "Nordvik barnevern"

    row.name, row.institute = "Ilona Kovács", "Családsegítő"
    assert (row.display_name, row.display_institute) == ("Ilona Kovács", "Családsegítő")


def test_involved_professional_from_school_list():
    professional = InSchoolProfessional(pk=2, name="Maria Ionescu", position="school psychologist")
    row = InvolvedProfessional(in_school_professional=professional)
    assert (row.display_name, row.display_institute) == ("Maria Ionescu", "school psychologist")
    assert (InvolvedProfessional().display_name, InvolvedProfessional().display_institute) == ("", "")


def test_invitation_account_then_partner_then_address():
    account = User(pk=3, email="nurse@example.org", full_name="", position="school nurse")
    invitation = Invitation(user=account)
    assert (invitation.display_name, invitation.display_institute) == ("nurse@example.org", "school nurse")

    partner = OutsidePartner(pk=4, institute="Ungdomsteam", contact_name="")
    invitation = Invitation(partner=partner)
    assert (invitation.display_name, invitation.display_institute) == ("Ungdomsteam", "Ungdomsteam")

    invitation = Invitation(email="guest@example.org")
    assert (invitation.display_name, invitation.display_institute) == ("guest@example.org", "")


def test_action_responsible_typed_then_account_then_partner_then_professional(db, django_assert_num_queries):
    account = User(pk=5, email="ews@example.org", full_name="Ana-Maria Țurcanu")
    partner = OutsidePartner(pk=6, institute="Ungdomsteam", contact_name="Kari Fjell")
    professional = InSchoolProfessional(pk=7, name="Åsne Berg", position="nurse")
    row = ActionItem(responsible_user=account, responsible_partner=partner, responsible_professional=professional)
    assert row.responsible_display == "Ana-Maria Țurcanu"
    row.responsible_user = None
    assert row.responsible_display == "Kari Fjell"
    row.responsible_partner = None
    assert row.responsible_display == "Åsne Berg"
    row.responsible_professional = None
    assert row.responsible_display == ""
    # typed by hand: shown, and no linked row is read for it
    row = ActionItem(responsible_name="Bjørn Løvås", responsible_user_id=5, responsible_partner_id=6)
    with django_assert_num_queries(0):
        assert row.responsible_display == "Bjørn Løvås"
    # from the row's values (the case page, my actions): the same order; a named link without a
    # name shows the empty name, as the property does
    assert ActionItem.responsible_of("", None, "Kari Fjell", "Åsne Berg") == "Kari Fjell"
    assert ActionItem.responsible_of("", "", "Kari Fjell", None) == ""
    assert ActionItem.responsible_of("", None, None, None) == ""
