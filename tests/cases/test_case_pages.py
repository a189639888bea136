"""The case page and its edit form."""

import re

import pytest
from django.urls import reverse

from cases.models import ActionItem, Case, CaseEvent
from directory.models import InSchoolProfessional

from .factories import ActionItemFactory, CaseFactory


def test_case_page_shows_every_part_of_the_form(client, world, full_case):
    client.force_login(world.coordinator)
    page = client.get(reverse("case_detail", args=[full_case.pk])).content.decode()
    for text in [
        full_case.reference,
        "Ingrid Sæther",
        "Ödön Lőrincz",
        "9.A",
        "Kecskemét",
        "Éva Tanár",
        "Gyakran késik",
        "Barnevernet Nordvik",
        "Family support",
        "Familien trenger støtte",
        "Bedre søvnrutiner",
        "Hjemmebesøk hos familien",
        "overdue",
        "Școala și familia",
        "Pályaorientációs",
        "Ilona Lőrincz",
    ]:
        assert text in page, text


def test_teacher_reads_the_case_of_own_student_without_edit_buttons(client, world, full_case):
    client.force_login(world.teacher)
    page = client.get(reverse("case_detail", args=[full_case.pk])).content.decode()
    assert "Gyakran késik" in page
    assert "Edit the case" not in page
    assert "Ilona Lőrincz" not in page  # consent details are for the EWS team
    assert client.get(reverse("case_edit", args=[full_case.pk])).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_case_page_query_count_is_constant(client, world, rows, django_assert_max_num_queries):
    case = CaseFactory(student=world.student_a)
    for n in range(rows):
        ActionItemFactory(case=case, action=f"Lépés {n}", responsible_user=world.ews, position=n)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(17):
        response = client.get(reverse("case_detail", args=[case.pk]))
    assert response.content.decode().count("Lépés ") == rows


def edit_data(client, case):
    """The edit form as the browser would send it, unchanged."""
    response = client.get(reverse("case_edit", args=[case.pk]))
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["date"] = case.date.isoformat()
    for prefix, formset in response.context["formsets"].items():
        for name in formset.management_form.fields:
            data[f"{prefix}-{name}"] = formset.management_form[name].value()
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value is None or value is False:
                    continue
                data[row.add_prefix(name)] = value
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_edit_saves_fields_and_rows_and_records_the_timeline(client, world, full_case):
    client.force_login(world.coordinator)
    data = edit_data(client, full_case)
    data["further_interventions"] = "Nyári tábor Øvre Eiker-ben"
    data["actions-0-status"] = "done"
    data["actions-0-result"] = "Avtale signert"
    response = client.post(reverse("case_edit", args=[full_case.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    full_case.refresh_from_db()
    assert full_case.further_interventions == "Nyári tábor Øvre Eiker-ben"
    assert full_case.version == 2
    assert full_case.actions.get(position=1).result == "Avtale signert"
    event = full_case.events.filter(kind=CaseEvent.Kind.CHANGED).get()
    assert event.summary == "Changed: Further interventions, Action plan"


def test_add_row_keeps_unsaved_input(client, world, full_case):
    client.force_login(world.coordinator)
    data = edit_data(client, full_case)
    data["observed_problem"] = "Még nem mentett szöveg ű ő"
    data["targets-0-text"] = "Átírt cél, még nincs mentve"
    data["add_row"] = "actions"
    response = client.post(reverse("case_edit", args=[full_case.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Még nem mentett szöveg ű ő" in page
    assert "Átírt cél, még nincs mentve" in page
    assert page.count('data-testid="actions-row"') == 3
    assert "This field is required" not in page and "Please correct" not in page
    full_case.refresh_from_db()
    assert full_case.version == 1 and "Még nem" not in full_case.observed_problem  # nothing saved yet


def test_rows_are_added_reordered_and_removed(client, world, full_case):
    client.force_login(world.coordinator)
    data = edit_data(client, full_case)
    # remove the first target, move the second action before the first, add an action
    data["targets-0-DELETE"] = "on"
    data["actions-0-position"] = "5"
    data["actions-1-position"] = "1"
    data["actions-TOTAL_FORMS"] = "3"
    data.update(
        {
            "actions-2-action": "Pszichológus: szülői konzultáció",
            "actions-2-status": "planned",
            "actions-2-position": "",
        }
    )
    response = client.post(reverse("case_edit", args=[full_case.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [t.text for t in full_case.targets.all()] == ["Bedre søvnrutiner"]
    assert [a.action for a in full_case.actions.all()] == [
        "Heti beszélgetés az iskolapszichológussal",
        "Hjemmebesøk hos familien",
        "Pszichológus: szülői konzultáció",
    ]
    assert [a.position for a in full_case.actions.all()] == [1, 2, 3]


def test_second_concurrent_save_is_refused_and_both_versions_shown(client, world, full_case):
    client.force_login(world.coordinator)
    first = edit_data(client, full_case)
    second = edit_data(client, full_case)
    first["observed_problem"] = "Az első mentés szövege"
    assert client.post(reverse("case_edit", args=[full_case.pk]), first).status_code == 302
    second["observed_problem"] = "A második mentés szövege"
    response = client.post(reverse("case_edit", args=[full_case.pk]), second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this case" in page
    assert "Az első mentés szövege" in page and "A második mentés szövege" in page
    full_case.refresh_from_db()
    assert full_case.observed_problem == "Az első mentés szövege"
    assert full_case.version == 2


def test_double_submit_of_the_edit_form_saves_once(client, world, full_case):
    client.force_login(world.coordinator)
    data = edit_data(client, full_case)
    data["actions-TOTAL_FORMS"] = "3"
    data.update({"actions-2-action": "Új lépés", "actions-2-status": "planned"})
    assert client.post(reverse("case_edit", args=[full_case.pk]), data).status_code == 302
    assert client.post(reverse("case_edit", args=[full_case.pk]), data).status_code == 302
    assert ActionItem.objects.filter(case=full_case, action="Új lépés").count() == 1
    full_case.refresh_from_db()
    assert full_case.version == 2


def test_invalid_row_keeps_everything_and_saves_nothing(client, world, full_case):
    client.force_login(world.coordinator)
    data = edit_data(client, full_case)
    data["further_interventions"] = "Megtartott szöveg"
    data["actions-0-deadline"] = "not a date"
    response = client.post(reverse("case_edit", args=[full_case.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Megtartott szöveg" in page and "Enter a valid date" in page
    assert Case.objects.get(pk=full_case.pk).version == 1


def test_close_needs_an_outcome(client, world, full_case):
    client.force_login(world.coordinator)
    response = client.post(reverse("case_close", args=[full_case.pk]), {"outcome": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    # the message on the form, in the part of the page that holds it, open
    assert '<details class="mt-3" id="close-case" open>' in page and '/close/#close-case"' in page
    assert 'class="textarea form-control is-invalid"' in page and "Write the outcome to close the case." in page
    full_case.refresh_from_db()
    assert full_case.is_open
    response = client.post(reverse("case_close", args=[full_case.pk]), {"outcome": "Visszatért\x00 az iskolába."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Null characters are not allowed." in page and "az iskolába." in page  # kept as typed
    full_case.refresh_from_db()
    assert full_case.is_open and full_case.outcome == ""
    page = client.get(reverse("case_detail", args=[full_case.pk])).content.decode()
    assert '<details class="mt-3" id="close-case">' in page
    client.post(reverse("case_close", args=[full_case.pk]), {"outcome": "Visszatért az iskolába."})
    full_case.refresh_from_db()
    assert not full_case.is_open and full_case.outcome == "Visszatért az iskolába."


@pytest.mark.parametrize("rows", [3, 30])
def test_edit_page_query_count_is_constant(client, world, rows, django_assert_max_num_queries):
    case = CaseFactory(student=world.student_a)
    for n in range(rows):
        ActionItemFactory(case=case, action=f"Lépés {n}", responsible_user=world.ews, position=n)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(15):  # 14 + the audit event of opening it
        response = client.get(reverse("case_edit", args=[case.pk]))
    assert response.content.decode().count('data-testid="actions-row"') == rows


def _people_suggestions(page):
    """[(name, institute)] of the edit page's "Present" suggestions, as the browser reads them."""
    datalist = re.search(r'<datalist id="case-people"[^>]*>(.*?)</datalist>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)" data-institute="([^"]*)">', datalist)


def test_edit_page_suggests_the_people_of_the_case_for_the_present_rows(client, world, full_case):
    InSchoolProfessional.objects.create(school=world.school1, name="Åsne Berg", position="Skolesykepleier")
    InSchoolProfessional.objects.create(school=world.school2, name="Sigrid Fjell", position="Rådgiver")
    world.ews.full_name, world.coordinator2.full_name = "Lőrinc Győri", "Tor Haugen"
    world.ews.save(), world.coordinator2.save()
    client.force_login(world.coordinator)
    page = client.get(reverse("case_edit", args=[full_case.pk])).content.decode()
    people = _people_suggestions(page)
    school = "Petőfi Gimnázium"
    for person in [
        ("Lőrinc Győri", school),  # a colleague at the case's school
        ("Åsne Berg", school),  # the school's professional in the directory
        ("Bjørn Løvås", "Barnevernet Nordvik"),  # a partner involved in the case
        ("Zsófia Szűcs", "Iskolapszichológus"),  # a professional involved, typed in
    ]:
        assert person in people, person
    assert people == sorted(people, key=lambda person: person[0].casefold())
    assert len(people) == len(set(people))
    # nobody of another school (nor the other area's people)
    assert "Tor Haugen" not in page and "Sigrid Fjell" not in page
    assert world.other_followup.full_name not in [name for name, _institute in people]
    # the rows' fields use the lists
    assert re.search(r'<input[^>]*name="presences-0-name"[^>]*list="case-people"', page)
    assert re.search(r'<input[^>]*name="presences-0-institute"[^>]*list="case-institutes"', page)
    # so do the typed professionals and the action rows' responsible (each fills its own institute)
    for name, fills in [("professionals-0-name", "institute"), ("actions-0-responsible_name", "responsible_institute")]:
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'list="case-people"' in tag and f'data-fills="{fills}"' in tag, tag
    assert '<option value="Barnevernet Nordvik"></option>' in page and f'<option value="{school}"></option>' in page
