import pytest
from django.urls import reverse

from directory.models import InSchoolProfessional, OutsidePartner, Sector


def make_rows(world, help_area, count):
    health = Sector.objects.get(code="health")
    for number in range(count):
        professional = InSchoolProfessional.objects.create(
            school=world.school1, name=f"Professional {number:03}", position="Nurse"
        )
        professional.help_areas.add(help_area("health"), help_area("addiction"))
        partner = OutsidePartner.objects.create(area=world.area, institute=f"Institute {number:03}", sector=health)
        partner.help_areas.add(help_area("health"), help_area("addiction"))


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize(
    ("name", "args", "params"),
    [
        ("directory_list", ["school"], {}),
        ("directory_list", ["partners"], {"q": "institute", "sector": "health"}),
        ("directory_search", [], {"q": "addiction"}),
    ],
)
def test_list_pages_run_a_constant_number_of_queries(
    client, world, help_area, django_assert_max_num_queries, rows, name, args, params
):
    make_rows(world, help_area, rows)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(15):
        response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    assert "Professional 000" in response.content.decode() or "Institute 000" in response.content.decode()
