import datetime

import pytest
from django.utils import timezone

from cases.models import CasePresence, Target

from .factories import (
    ActionItemFactory,
    CaseFactory,
    ConsentFactory,
    InvolvedProfessionalFactory,
    OutsidePartnerFactory,
)


@pytest.fixture
def full_case(world):
    """A school-1 case with every part of the form filled in, diacritics of the seed countries included."""
    case = CaseFactory(
        student=world.student_a,
        observed_problem="Gyakran késik, fáradt; ő maga szerint nem alszik eleget. Hűvös a viszony a társakkal.",
        observers="Éva Tanár, osztályfőnök",
        professionals_view="Familien trenger støtte; gutten føler seg utenfor på skolen (æ ø å).",
        result_of_intervention="Școala și familia țin legătura săptămânal (ș ț).",
        further_interventions="Pályaorientációs tanácsadás ősszel.",
    )
    CasePresence.objects.create(case=case, name="Ingrid Sæther", institute="Nordvik skole", position=1)
    CasePresence.objects.create(case=case, name="Ștefan Țurcanu", institute="Primăria Mărăști", position=2)
    partner = OutsidePartnerFactory(area=world.area, institute="Barnevernet Nordvik", contact_name="Bjørn Løvås")
    InvolvedProfessionalFactory(
        case=case, outside_partner=partner, name="", institute="", role="Family support", position=1
    )
    InvolvedProfessionalFactory(
        case=case, name="Zsófia Szűcs", institute="Iskolapszichológus", role="Counselling", position=2
    )
    Target.objects.create(case=case, text="Rendszeres iskolába járás – heti 5 nap", position=1)
    Target.objects.create(case=case, text="Bedre søvnrutiner", position=2)
    ActionItemFactory(
        case=case,
        action="Hjemmebesøk hos familien",
        responsible_institute="Barnevernet Nordvik",
        responsible_name="Bjørn Løvås",
        expected_result="Avtale om støtte",
        position=1,
    )
    ActionItemFactory(
        case=case,
        action="Heti beszélgetés az iskolapszichológussal",
        responsible_institute="Petőfi Gimnázium",
        responsible_name="Zsófia Szűcs",
        deadline=timezone.localdate() - datetime.timedelta(days=5),
        position=2,
    )
    ConsentFactory(case=case, partners=[partner], given_by_name="Ilona Lőrincz")
    case.partner_entry = partner
    return case
