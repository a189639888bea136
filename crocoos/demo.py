"""Fictional demo data: one area, its follow-up service, two schools, classes, students, accounts.

Every name, address and e-mail here is invented. Loading is idempotent: running it twice
leaves the same data. Other apps add their part in their own `demo.py` (see load_demo).
"""

import datetime

from django.db import transaction

from .models import Area, FollowUpService, Membership, Municipality, Role, School, SchoolClass, User

# Fictional demo accounts only (bandit B105 reviewed).
DEMO_PASSWORD = "crocoos-demo"  # nosec B105
SCHOOL_YEAR = "2026/2027"

AREA = "Tisza-Fjord Region"
MUNICIPALITIES = ["Szeged-Újváros", "Nordvik", "Mărăști", "Kisfalu"]
SCHOOLS = [
    {
        "name": "Bartók Béla Secondary School",
        "municipality": "Szeged-Újváros",
        "address": "Petőfi Sándor utca 12, Szeged-Újváros",
        "classes": ["9.A", "9.B", "10.A"],
    },
    {
        "name": "Nordvik Upper Secondary School",
        "municipality": "Nordvik",
        "address": "Skolegata 4, Nordvik",
        "classes": ["VG1 A", "VG1 B"],
    },
]

# (e-mail, full name, position, role, school index or None)
ACCOUNTS = [
    ("teacher@example.org", "Erzsébet Kovács", "Class teacher", Role.CLASS_TEACHER, 0),
    ("ews@example.org", "Zsófia Szűcs", "School psychologist", Role.EWS_MEMBER, 0),
    ("coordinator@example.org", "Gábor Tóth", "EWS coordinator", Role.EWS_COORDINATOR, 0),
    ("coordinator2@example.org", "Ingrid Sæther", "EWS coordinator", Role.EWS_COORDINATOR, 1),
    ("followup@example.org", "Ana-Maria Țurcanu", "Follow-up service officer", Role.FOLLOW_UP_OFFICER, None),
    ("partner@example.org", "Bjørn Løvås", "Child welfare officer", Role.EXTERNAL_PARTNER, None),
    ("admin@example.org", "Marta Puig i Ferrer", "System administrator", Role.ADMINISTRATOR, None),
]

# Names from the seed countries, diacritics included. (first, last, place of birth, class index)
STUDENTS = {
    0: [
        ("Bence", "Nagy", "Szeged", 0),
        ("Réka", "Szőke", "Hódmezővásárhely", 0),
        ("Dániel", "Fűzfa", "Makó", 0),
        ("Lőrinc", "Győri", "Szeged", 1),
        ("Ștefan", "Popescu", "Timișoara", 1),
        ("Ioana", "Țăranu", "Arad", 2),
        ("Ágnes", "Ürögi", "Kisfalu", 2),
    ],
    1: [
        ("Øystein", "Bråten", "Nordvik", 0),
        ("Åse", "Kjærnes", "Tromsø", 0),
        ("Sindre", "Aasgård", "Bodø", 1),
        ("Märta", "Öberg", "Luleå", 1),
        ("Núria", "Casals", "Girona", 1),
    ],
}
# Young people on the follow-up service's register: no school.
REGISTER = [
    ("Mihai", "Dumitrescu", "Mărăști"),
    ("Ólafur", "Hagen", "Nordvik"),
    ("Jovana", "Petrović", "Kisfalu"),
]


@transaction.atomic
def load():
    from cases.models import Student

    area, _ = Area.objects.get_or_create(name=AREA, defaults={"kind": Area.Kind.COUNTY})
    municipalities = {name: Municipality.objects.get_or_create(area=area, name=name)[0] for name in MUNICIPALITIES}
    FollowUpService.objects.update_or_create(
        area=area,
        defaults={
            "name": "Tisza-Fjord Follow-up Service",
            "address": "Városháza tér 1, Szeged-Újváros",
            "phone": "+36 62 000 0000",
            "email": "followup-service@example.org",
        },
    )
    schools, classes = [], []
    for spec in SCHOOLS:
        school, _ = School.objects.update_or_create(
            area=area,
            name=spec["name"],
            defaults={"municipality": municipalities[spec["municipality"]], "address": spec["address"]},
        )
        schools.append(school)
        classes.append(
            [
                SchoolClass.objects.get_or_create(school=school, school_year=SCHOOL_YEAR, name=name)[0]
                for name in spec["classes"]
            ]
        )

    users = {}
    for email, full_name, position, role, school_index in ACCOUNTS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name, "position": position})
        if created:
            user.set_password(DEMO_PASSWORD)
        user.full_name, user.position = full_name, position
        if role == Role.ADMINISTRATOR:
            user.is_staff = user.is_superuser = True
        user.save()
        users[email] = user
        scope = {"school": schools[school_index]} if school_index is not None else {}
        if role in (Role.FOLLOW_UP_OFFICER, Role.EXTERNAL_PARTNER):
            scope = {"area": area}
        Membership.objects.get_or_create(
            user=user,
            role=role,
            **scope,
            defaults={"organisation": "Child Welfare Service Tisza-Fjord" if role == Role.EXTERNAL_PARTNER else ""},
        )
    # The class teacher teaches 9.A and 9.B; the coordinator of school 2 is also class teacher there.
    for school_class in classes[0][:2]:
        school_class.teachers.add(users["teacher@example.org"])

    born = datetime.date(2010, 3, 14)
    for school_index, rows in STUDENTS.items():
        for n, (first, last, place, class_index) in enumerate(rows):
            school_class = classes[school_index][class_index]
            Student.objects.update_or_create(
                first_name=first,
                last_name=last,
                area=area,
                defaults={
                    "school": schools[school_index],
                    "school_class": school_class,
                    "place_of_birth": place,
                    "date_of_birth": born + datetime.timedelta(days=97 * n + 211 * school_index),
                    "home_municipality": schools[school_index].municipality,
                },
            )
    for n, (first, last, municipality) in enumerate(REGISTER):
        Student.objects.update_or_create(
            first_name=first,
            last_name=last,
            area=area,
            defaults={
                "school": None,
                "school_class": None,
                "place_of_birth": municipality,
                "date_of_birth": datetime.date(2008, 1 + n * 3, 5 + n),
                "home_municipality": municipalities[municipality],
            },
        )
    return {"area": area, "schools": schools, "classes": classes, "users": users}
