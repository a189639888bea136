"""A large fictional municipality for benchmarks: `manage.py generate_scale --scale N --seed S`.

`--scale 100` is the full municipality of issue 7 (200 schools, 100,000 students, 30,000 concerns,
20,000 cases, 100,000 action rows, 5,000 directory entries, 2,000 meetings); `--scale 10` and
`--scale 1` are a tenth and a hundredth (never fewer than two schools), smaller factors are for tests.

A school keeps the same size at every scale (about 500 students in classes of 25); the number of
schools grows, twenty to an area. Everything is drawn from one `random.Random(seed)`, so a seed
gives the same rows on the same day (dates are relative to today: overdue actions stay overdue).
Rows go in with bulk_create in batches; works on PostgreSQL and SQLite.

Fixed benchmark accounts, one per role, all with BENCH_PASSWORD, are the first teacher, EWS member
and coordinator of the first school, the first follow-up officer and partner of its area, and the
installation administrator (see BENCH_ACCOUNTS). Every name and address here is invented.
"""

import datetime
import hashlib
import math
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .models import Area, FollowUpService, Membership, Municipality, Role, School, SchoolClass, User

GENERATOR_VERSION = 2  # 2: every area holds both kinds of area meeting (meeting_plan)
# Fictional benchmark accounts only (bandit B105 reviewed).
BENCH_PASSWORD = "bench-crocoos-2026"  # noqa: S105  # nosec B105
BENCH_ACCOUNTS = {
    Role.CLASS_TEACHER: "bench-teacher@example.org",
    Role.EWS_MEMBER: "bench-ews@example.org",
    Role.EWS_COORDINATOR: "bench-coordinator@example.org",
    Role.FOLLOW_UP_OFFICER: "bench-followup@example.org",
    Role.EXTERNAL_PARTNER: "bench-partner@example.org",
    Role.ADMINISTRATOR: "bench-admin@example.org",
}
FULL = {
    "schools": 200,
    "students": 100_000,
    "concerns": 30_000,
    "cases": 20_000,
    "actions": 100_000,
    "directory": 5_000,
    "meetings": 2_000,
}
SCHOOLS_PER_AREA = 20
CLASS_SIZE = 25
EWS_MEMBERS_PER_SCHOOL = 3
OFFICERS_PER_AREA = 3
PARTNER_ACCOUNTS_PER_AREA = 10
MUNICIPALITIES_PER_AREA = 4
BATCH = 2000
CASE_YEARS = 4  # cases spread over four years: references stay below 10,000 a year

FIRST_NAMES = [
    "Bence",
    "Réka",
    "Dániel",
    "Lőrinc",
    "Ágnes",
    "Zsófia",
    "Gábor",
    "Erzsébet",
    "Ioana",
    "Ștefan",
    "Mihai",
    "Ana",
    "Elena",
    "Andrei",
    "Øystein",
    "Åse",
    "Sindre",
    "Ingrid",
    "Bjørn",
    "Kari",
    "Håkon",
    "Solveig",
    "Märta",
    "Núria",
    "Jordi",
    "Montse",
    "Ólafur",
    "Jovana",
    "Luka",
    "Maja",
    "Tereza",
    "Anja",
    "Nils",
    "Emil",
    "Lea",
    "Marko",
    "Iván",
    "Petra",
    "Tamás",
    "Csilla",
    "Liv",
    "Eirik",
]
LAST_NAMES = [
    "Nagy",
    "Kovács",
    "Tóth",
    "Szabó",
    "Horváth",
    "Varga",
    "Kiss",
    "Molnár",
    "Németh",
    "Farkas",
    "Balogh",
    "Papp",
    "Szűcs",
    "Fűzfa",
    "Győri",
    "Popescu",
    "Ionescu",
    "Țăranu",
    "Dumitrescu",
    "Stan",
    "Rusu",
    "Bråten",
    "Kjærnes",
    "Aasgård",
    "Hagen",
    "Løvås",
    "Sæther",
    "Berg",
    "Öberg",
    "Lindqvist",
    "Casals",
    "Puig",
    "Vidal",
    "Ferrer",
    "Petrović",
    "Jovanović",
    "Novak",
    "Kranjc",
    "Horvat",
    "Costa",
    "Silva",
]
PLACES = [
    "Szeged",
    "Makó",
    "Arad",
    "Timișoara",
    "Nordvik",
    "Bodø",
    "Tromsø",
    "Luleå",
    "Girona",
    "Kisfalu",
    "Ózd",
    "Celje",
    "Novi",
    "Sad",
]
REGIONS = [
    "Tisza",
    "Fjord",
    "Maros",
    "Dal",
    "Duna",
    "Vik",
    "Körös",
    "Elv",
    "Olt",
    "Sund",
    "Drava",
    "Ter",
    "Sava",
    "Nes",
]
CLASS_LETTERS = "ABCDEF"
PROBLEMS = [
    "Sokat hiányzik, főleg hétfőn; fáradtan érkezik az első órára.",
    "Romló jegyek matematikából, visszahúzódó az órákon, nem adja be a házi feladatot.",
    "Absențe repetate; lucrează seara cu tatăl său și nu are timp pentru teme.",
    "Høyt fravær etter jul; sover dårlig og virker nedstemt i timene.",
    "Konfliktusok az osztálytársakkal, kétszer verekedés az udvaron.",
    "Ha faltat tres dies seguits sense justificació; la família no respon.",
    "Lukter alkohol etter helgen, sovner i timen og kommer for sent.",
    "Szorongás dolgozatok előtt, gyakran hasfájásra panaszkodik.",
]
VIEWS = [
    "A család nehéz helyzetben van; az apa külföldön dolgozik.",
    "Familia are nevoie de sprijin social; elevul vrea să continue școala.",
    "Mulig spillavhengighet; trenger tett oppfølging hjemme og på skolen.",
    "Beilleszkedési nehézség; pszichológusi támogatás javasolt.",
]
ACTIONS = [
    ("Beszélgetés a diákkal és a szülőkkel", "Közös terv a következő hónapra"),
    ("Családlátogatás / Hjemmebesøk", "Agreed support plan with the family"),
    ("Heti követés az osztályfőnökkel", "Regular attendance, at least 90%"),
    ("Career counselling: apprenticeship options", "Two apprenticeship places visited"),
    ("Consiliere psihologică individuală", "Less anxiety before tests"),
    ("Fejlesztő foglalkozás matematikából", "Pass the term's mathematics"),
]
TARGETS = [
    "Rendszeres iskolába járás – legalább 90%",
    "Stabil napirend és elég alvás",
    "Támogató kapcsolat egy felnőttel az iskolában",
    "Back at school or in training within two months",
]
POSITIONS = [
    ("School psychologist", ["behaviour", "mental-health", "family"]),
    ("Speech therapist", ["learning-disorders", "special-pedagogy"]),
    ("Special teacher", ["learning-disorders", "special-pedagogy"]),
    ("Social worker", ["family", "addiction", "school-family"]),
    ("School nurse", ["health", "sexual-health"]),
    ("Career adviser", ["career", "employment"]),
    ("Free time coordinator", ["free-time", "peer-groups"]),
]
INSTITUTES = [
    ("Child Welfare Service", "social-welfare", ["family", "housing"]),
    ("Pedagogical Advisory Service", "pedagogical-advisory", ["learning-disorders", "special-pedagogy"]),
    ("Employment Office", "employment", ["employment", "career"]),
    ("Youth Psychiatry Unit", "mental-health", ["mental-health", "behaviour"]),
    ("Addiction Outpatient Clinic", "health", ["addiction", "health"]),
    ("Probation Office", "police-justice", ["crime-prevention"]),
    ("Youth Club", "youth-ngo", ["free-time", "peer-groups"]),
    ("Family Health Centre", "health", ["health", "sexual-health"]),
]
CATEGORIES = ["attendance", "learning", "behaviour", "family", "health", "social", "substance_use", "other"]


def counts(scale):
    """Row counts for a scale factor (100 = the full municipality)."""
    factor = scale / 100
    result = {name: max(1, round(full * factor)) for name, full in FULL.items()}
    result["schools"] = max(2, result["schools"])
    result["areas"] = math.ceil(result["schools"] / SCHOOLS_PER_AREA)
    return result


def school_year(today):
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}/{start + 1}"


def bulk(model, rows):
    """bulk_create in batches; returns the rows with their primary keys."""
    return model.objects.bulk_create(rows, batch_size=BATCH)


def meeting_plan(k, areas):
    """(kind, area index) of the k-th generated meeting among `areas` areas: two in five are area
    meetings, as many regular partnership meetings as case conferences, spread over every area (each
    area holds both kinds); the others are school working groups (area index None).

    Version 1 took the area from k modulo the number of areas, with the kind from k modulo 5: with 10
    areas, six areas held no area meeting and the others only one kind.
    """
    from cases.models import Meeting

    if k % 5 >= 2:
        return Meeting.Kind.WORKING_GROUP, None
    kind = Meeting.Kind.REGULAR if k % 5 == 0 else Meeting.Kind.CLARIFICATION
    return kind, (k // 5) % areas


@dataclass
class AreaData:
    area: Area
    municipalities: list = field(default_factory=list)
    schools: list = field(default_factory=list)
    officers: list = field(default_factory=list)
    partners: list = field(default_factory=list)  # OutsidePartner entries; the first ones have accounts
    partner_users: list = field(default_factory=list)
    register: list = field(default_factory=list)  # young people without a school
    cases: list = field(default_factory=list)  # register cases


@dataclass
class SchoolData:
    school: School
    area: AreaData
    classes: list = field(default_factory=list)
    teachers: list = field(default_factory=list)
    class_teacher: dict = field(default_factory=dict)  # class id -> user
    ews: list = field(default_factory=list)
    coordinator: User | None = None
    professionals: list = field(default_factory=list)
    students: list = field(default_factory=list)
    cases: list = field(default_factory=list)


@dataclass
class CaseRow:
    case: object
    school: SchoolData | None
    area: AreaData
    partner: object = None  # the involved outside partner
    professional: object = None  # the involved in-school professional
    consented: bool = False


class Generator:
    def __init__(self, scale, seed, *, today=None, log=None):
        self.scale, self.seed = scale, seed
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311: fictional data, not security
        self.n = counts(scale)
        self.today = today or timezone.localdate()
        self.log = log or (lambda message: None)
        self.password = make_password(BENCH_PASSWORD, salt=f"benchseed{seed}")
        self.areas: list[AreaData] = []
        self.schools: list[SchoolData] = []
        self.case_rows: list[CaseRow] = []
        self.user_seq = 0

    # --- helpers ----------------------------------------------------------------------------

    def name(self):
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def at(self, day, hour=10):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, self.rng.randrange(60))))

    def days_ago(self, most, least=0):
        return self.today - datetime.timedelta(days=self.rng.randint(least, most))

    def user(self, role, position, email=None):
        self.user_seq += 1
        first, last = self.name()
        return User(
            email=email or f"{role.replace('_', '-')}-{self.user_seq:05d}@example.org",
            full_name=f"{first} {last}",
            position=position,
            password=self.password,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
            date_joined=self.at(self.today - datetime.timedelta(days=900)),
        )

    # --- the run ----------------------------------------------------------------------------

    @transaction.atomic
    def run(self):
        if User.objects.filter(email__in=BENCH_ACCOUNTS.values()).exists():
            raise RuntimeError("Scale data is already in this database: use a fresh one")
        for step in (
            self.organisation,
            self.people,
            self.directory,
            self.students,
            self.cases,
            self.concerns,
            self.case_details,
            self.actions,
            self.meetings,
            self.two_factor,
        ):
            step()
            self.log(f"{step.__name__} done")
        return summary()

    def organisation(self):
        areas = bulk(
            Area,
            [
                Area(name=f"{REGIONS[i % len(REGIONS)]}-{REGIONS[(i * 5 + 3) % len(REGIONS)]} Region {i + 1}")
                for i in range(self.n["areas"])
            ],
        )
        self.areas = [AreaData(area) for area in areas]
        bulk(
            FollowUpService,
            [
                FollowUpService(area=area, name=f"{area.name} Follow-up Service", email=f"followup-{i + 1}@example.org")
                for i, area in enumerate(areas)
            ],
        )
        municipalities = bulk(
            Municipality,
            [
                Municipality(area=ad.area, name=f"{PLACES[(i * 3 + j) % len(PLACES)]}-{i + 1}-{j + 1}")
                for i, ad in enumerate(self.areas)
                for j in range(MUNICIPALITIES_PER_AREA)
            ],
        )
        for k, municipality in enumerate(municipalities):
            self.areas[k // MUNICIPALITIES_PER_AREA].municipalities.append(municipality)
        schools = []
        for i in range(self.n["schools"]):
            ad = self.areas[i // SCHOOLS_PER_AREA]
            municipality = ad.municipalities[i % MUNICIPALITIES_PER_AREA]
            school = School(
                area=ad.area,
                municipality=municipality,
                name=f"{self.rng.choice(LAST_NAMES)} {self.rng.choice(FIRST_NAMES)} School {i + 1}",
                address=f"Iskola utca {i + 1}, {municipality.name}",
                email=f"school-{i + 1}@example.org",
            )
            schools.append(school)
            sd = SchoolData(school, ad)
            self.schools.append(sd)
            ad.schools.append(sd)
        bulk(School, schools)
        year = school_year(self.today)
        per_school = self.n["students"] * 0.99 / len(self.schools)
        classes = []
        for sd in self.schools:
            for c in range(max(1, math.ceil(per_school / CLASS_SIZE))):
                school_class = SchoolClass(
                    school=sd.school, school_year=year, name=f"{9 + c // 6}.{CLASS_LETTERS[c % 6]}"
                )
                classes.append(school_class)
                sd.classes.append(school_class)
        bulk(SchoolClass, classes)

    def people(self):
        taken = set()
        users, memberships = [], []

        def add(role, position, school=None, area=None):
            email = None
            if role not in taken:
                taken.add(role)
                email = BENCH_ACCOUNTS[role]
            user = self.user(role, position, email)
            users.append(user)
            memberships.append(
                Membership(
                    user=user,
                    role=role,
                    school=school,
                    area=area,
                    organisation="Child Welfare Service" if role == Role.EXTERNAL_PARTNER else "",
                )
            )
            return user

        for sd in self.schools:
            sd.teachers = [
                add(Role.CLASS_TEACHER, "Class teacher", school=sd.school)
                for _ in range(max(1, math.ceil(len(sd.classes) * 0.8)))
            ]
            sd.ews = [
                add(Role.EWS_MEMBER, "School psychologist", school=sd.school) for _ in range(EWS_MEMBERS_PER_SCHOOL)
            ]
            sd.coordinator = add(Role.EWS_COORDINATOR, "EWS coordinator", school=sd.school)
        for ad in self.areas:
            ad.officers = [
                add(Role.FOLLOW_UP_OFFICER, "Follow-up service officer", area=ad.area) for _ in range(OFFICERS_PER_AREA)
            ]
            ad.partner_users = [
                add(Role.EXTERNAL_PARTNER, "Family support worker", area=ad.area)
                for _ in range(PARTNER_ACCOUNTS_PER_AREA)
            ]
        add(Role.ADMINISTRATOR, "System administrator")
        bulk(User, users)
        for membership in memberships:
            membership.user_id = membership.user.pk
        bulk(Membership, memberships)
        through = SchoolClass.teachers.through
        links = []
        for sd in self.schools:
            for c, school_class in enumerate(sd.classes):
                teacher = sd.teachers[c % len(sd.teachers)]
                sd.class_teacher[school_class.pk] = teacher
                links.append(through(schoolclass_id=school_class.pk, user_id=teacher.pk))
        bulk(through, links)

    def directory(self):
        from directory.models import HelpArea, InSchoolProfessional, OutsidePartner, Sector

        help_areas = dict(HelpArea.objects.values_list("code", "pk"))
        sectors = dict(Sector.objects.values_list("code", "pk"))
        n_professionals = round(self.n["directory"] * 0.4)
        n_partners = max(len(self.areas), self.n["directory"] - n_professionals)
        now = timezone.now()
        professionals, partners, professional_tags, partner_tags = [], [], [], []
        for k in range(n_professionals):
            sd = self.schools[k % len(self.schools)]
            position, codes = POSITIONS[(k // len(self.schools)) % len(POSITIONS)]
            first, last = self.name()
            entry = InSchoolProfessional(
                school=sd.school,
                position=position,
                name=f"{first} {last}",
                phone=f"+36 62 555 {k % 10000:04d}",
                email=f"professional-{k + 1}@example.org",
                help_text="Individual counselling, crisis talks" if k % 3 == 0 else "",
                verified_at=now - datetime.timedelta(days=self.rng.randint(0, 600)) if k % 5 else None,
                created_at=now - datetime.timedelta(days=700),
            )
            entry.refresh_search_text()
            professionals.append((entry, codes))
            sd.professionals.append(entry)
        for k in range(n_partners):
            ad = self.areas[k % len(self.areas)]
            institute, sector, codes = INSTITUTES[(k // len(self.areas)) % len(INSTITUTES)]
            municipality = ad.municipalities[k % MUNICIPALITIES_PER_AREA]
            first, last = self.name()
            index = len(ad.partners)
            entry = OutsidePartner(
                area=ad.area,
                municipality=municipality if k % 4 == 0 else None,
                sector_id=sectors.get(sector),
                institute=f"{institute} {municipality.name} {index + 1}",
                address=f"Fő utca {k + 1}, {municipality.name}",
                contact_name=f"{first} {last}",
                position="Case worker",
                phone=f"+47 755 {k % 100000:05d}",
                email=f"partner-{k + 1}@example.org",
                help_text="Home visits and family support" if k % 2 else "",
                user=ad.partner_users[index] if index < len(ad.partner_users) else None,
                verified_at=now - datetime.timedelta(days=self.rng.randint(0, 600)) if k % 6 else None,
                created_at=now - datetime.timedelta(days=700),
            )
            entry.refresh_search_text()
            partners.append((entry, codes))
            ad.partners.append(entry)
        bulk(InSchoolProfessional, [entry for entry, _codes in professionals])
        bulk(OutsidePartner, [entry for entry, _codes in partners])
        for entry, codes in professionals:
            professional_tags += [
                InSchoolProfessional.help_areas.through(inschoolprofessional_id=entry.pk, helparea_id=help_areas[code])
                for code in codes
                if code in help_areas
            ]
        for entry, codes in partners:
            partner_tags += [
                OutsidePartner.help_areas.through(outsidepartner_id=entry.pk, helparea_id=help_areas[code])
                for code in codes
                if code in help_areas
            ]
        bulk(InSchoolProfessional.help_areas.through, professional_tags)
        bulk(OutsidePartner.help_areas.through, partner_tags)

    def students(self):
        from cases.models import Student

        register_total = max(len(self.areas), round(self.n["students"] * 0.01))
        students = []

        def student(area_data, sd=None, school_class=None):
            first, last = self.name()
            at_home = sd is not None and self.rng.random() < 0.8
            row = Student(
                first_name=first,
                last_name=last,
                date_of_birth=datetime.date(
                    2007 + self.rng.randrange(5), 1 + self.rng.randrange(12), 1 + self.rng.randrange(28)
                ),
                place_of_birth=self.rng.choice(PLACES),
                area=area_data.area,
                school=sd.school if sd is not None else None,
                school_class=school_class,
                home_municipality=sd.school.municipality if at_home else self.rng.choice(area_data.municipalities),
            )
            students.append(row)
            (sd.students if sd is not None else area_data.register).append(row)

        for k in range(self.n["students"] - register_total):
            sd = self.schools[k % len(self.schools)]
            student(sd.area, sd, sd.classes[(k // len(self.schools)) % len(sd.classes)])
        for k in range(register_total):
            student(self.areas[k % len(self.areas)])
        bulk(Student, students)

    def cases(self):
        from cases.models import Case

        total = self.n["cases"]
        register_cases = max(1, round(total * 0.02))
        rows = []
        for k in range(total - register_cases):
            sd = self.schools[k % len(self.schools)]
            rows.append((sd, sd.area))
        for k in range(register_cases):
            rows.append((None, self.areas[k % len(self.areas)]))
        # Every case has its own student while there are enough of them.
        pools = {}
        for sd, ad in rows:
            key = id(sd) if sd is not None else id(ad)
            if key not in pools:
                people = list(sd.students if sd is not None else ad.register)
                self.rng.shuffle(people)
                pools[key] = (people, 0)
        for sd, ad in rows:
            key = id(sd) if sd is not None else id(ad)
            people, used = pools[key]
            student = people[used % len(people)]
            pools[key] = (people, used + 1)
            date = self.days_ago(CASE_YEARS * 365 - 1)
            age = (self.today - date).days
            is_open = self.rng.random() < (0.7 if age < 180 else 0.3 if age < 365 else 0.05)
            owner = sd.coordinator if sd is not None else ad.officers[0]
            case = Case(
                reference="",
                student=student,
                school=sd.school if sd is not None else None,
                area=ad.area,
                date=date,
                observed_problem=self.rng.choice(PROBLEMS),
                observers=f"{owner.full_name}, {owner.position}",
                professionals_view=self.rng.choice(VIEWS),
                status=Case.Status.OPEN if is_open else Case.Status.CLOSED,
                opened_by=owner,
                created_at=self.at(date, 9),
            )
            if not is_open:
                closed = min(self.today, date + datetime.timedelta(days=self.rng.randint(30, 300)))
                case.closed_at = self.at(closed, 15)
                case.outcome = "Rendszeresen jár iskolába; a terv teljesült."
            row = CaseRow(case, sd, ad)
            self.case_rows.append(row)
            (sd.cases if sd is not None else ad.cases).append(row)
        numbers = {}
        for row in sorted(self.case_rows, key=lambda r: (r.case.date, r.case.created_at)):
            year = row.case.date.year
            numbers[year] = numbers.get(year, 0) + 1
            row.case.reference = f"EWS-{year}-{numbers[year]:04d}"
        bulk(Case, [row.case for row in self.case_rows])

    def logger(self, student, sd, ad):
        if sd is None:
            return ad.officers[0]
        return sd.class_teacher.get(student.school_class_id) or sd.teachers[0]

    def concerns(self):
        from cases.models import Concern

        total = self.n["concerns"]
        concerns = []

        def concern(student, sd, ad, date, status, case=None):
            user = self.logger(student, sd, ad)
            decided = status != Concern.Status.NEW
            concerns.append(
                Concern(
                    student=student,
                    date=date,
                    categories=self.rng.sample(CATEGORIES, self.rng.randint(1, 3)),
                    text=self.rng.choice(PROBLEMS),
                    observer_name=user.full_name,
                    observer_position=user.position,
                    logged_by=user,
                    logged_at=self.at(date, 8),
                    status=status,
                    case=case,
                    no_case_reason="Megbeszéltük a diákkal; nem kell eset." if status == Concern.Status.NO_CASE else "",
                    decided_by=(sd.coordinator if sd is not None else ad.officers[0]) if decided else None,
                    decided_at=self.at(date, 16) if decided else None,
                )
            )

        for row in self.case_rows:
            if len(concerns) >= total:
                break
            case = row.case
            if self.rng.random() < 0.75:
                before = case.date - datetime.timedelta(days=self.rng.randint(0, 10))
                concern(case.student, row.school, row.area, before, Concern.Status.CASE_OPENED, case)
            if self.rng.random() < 0.15 and len(concerns) < total:
                later = min(self.today, case.date + datetime.timedelta(days=self.rng.randint(1, 60)))
                concern(case.student, row.school, row.area, later, Concern.Status.LINKED, case)
        remaining = total - len(concerns)
        new_count = round(remaining * 0.35)
        for k in range(remaining):
            if k % 50 == 49 and self.areas[k % len(self.areas)].register:
                ad = self.areas[k % len(self.areas)]
                sd, student = None, self.rng.choice(ad.register)
            else:
                sd = self.schools[k % len(self.schools)]
                ad, student = sd.area, self.rng.choice(sd.students)
            if k < new_count:
                concern(student, sd, ad, self.days_ago(45), Concern.Status.NEW)
            else:
                concern(student, sd, ad, self.days_ago(3 * 365), Concern.Status.NO_CASE)
        bulk(Concern, concerns)

    def case_details(self):
        from cases.models import CaseEvent, CasePresence, Consent, InvolvedProfessional, Target

        presences, involved, targets, events, consents = [], [], [], [], []
        for row in self.case_rows:
            case, sd, ad = row.case, row.school, row.area
            staff = sd.ews if sd is not None else ad.officers
            owner = case.opened_by
            institute = sd.school.name if sd is not None else "Follow-up Service"
            presences.append(CasePresence(case=case, name=owner.full_name, institute=institute, position=1))
            helper = self.rng.choice(staff)
            presences.append(CasePresence(case=case, name=helper.full_name, institute="EWS", position=2))
            involved.append(
                InvolvedProfessional(
                    case=case,
                    user=helper,
                    name=helper.full_name,
                    institute=helper.position,
                    role="Counselling",
                    position=1,
                )
            )
            if sd is not None and sd.professionals:
                row.professional = self.rng.choice(sd.professionals)
                involved.append(
                    InvolvedProfessional(
                        case=case, in_school_professional=row.professional, role="Support in school", position=2
                    )
                )
            with_account = ad.partners[:PARTNER_ACCOUNTS_PER_AREA]
            if ad.partners and self.rng.random() < 0.8:
                row.partner = self.rng.choice(with_account if self.rng.random() < 0.4 else ad.partners)
                involved.append(
                    InvolvedProfessional(
                        case=case, outside_partner=row.partner, user=row.partner.user, role="Family support", position=3
                    )
                )
            for position, text in enumerate(self.rng.sample(TARGETS, self.rng.randint(1, 3)), start=1):
                targets.append(Target(case=case, text=text, position=position))
            events.append(CaseEvent(case=case, at=case.created_at, actor=owner, kind="opened", summary=case.reference))
            if case.closed_at:
                events.append(CaseEvent(case=case, at=case.closed_at, actor=owner, kind="closed", summary=case.outcome))
            if self.rng.random() < 0.6:
                withdrawn = self.rng.random() < 0.1
                row.consented = not withdrawn
                consents.append(
                    (
                        row,
                        Consent(
                            case=case,
                            given_by=self.rng.choice(["guardian", "young_person"]),
                            given_by_name=f"{case.student.last_name} (szülő)",
                            given_on=case.date,
                            recorded_by=owner,
                            recorded_at=self.at(case.date, 12),
                            withdrawn_at=self.at(self.today - datetime.timedelta(days=3), 11) if withdrawn else None,
                            withdrawn_by=owner if withdrawn else None,
                            withdrawal_reason="A gyám visszavonta a hozzájárulást." if withdrawn else "",
                        ),
                    )
                )
                events.append(CaseEvent(case=case, at=self.at(case.date, 12), actor=owner, kind="consent"))
        bulk(CasePresence, presences)
        bulk(InvolvedProfessional, involved)
        bulk(Target, targets)
        bulk(CaseEvent, events)
        bulk(Consent, [consent for _row, consent in consents])
        by_partner, by_sector = [], []
        for row, consent in consents:
            if row.partner is None:
                continue
            if self.rng.random() < 0.3 and row.partner.sector_id:
                by_sector.append(Consent.sectors.through(consent_id=consent.pk, sector_id=row.partner.sector_id))
            else:
                by_partner.append(Consent.partners.through(consent_id=consent.pk, outsidepartner_id=row.partner.pk))
        bulk(Consent.partners.through, by_partner)
        bulk(Consent.sectors.through, by_sector)

    def actions(self):
        from cases.models import ActionItem

        rows = []
        cases = self.case_rows
        for k in range(self.n["actions"]):
            row = cases[k % len(cases)]
            case, sd, ad = row.case, row.school, row.area
            text, expected = self.rng.choice(ACTIONS)
            item = ActionItem(case=case, action=text, expected_result=expected, position=k // len(cases) + 1)
            pick = self.rng.random()
            if pick < 0.45:
                if sd is None:
                    item.responsible_user = self.rng.choice(ad.officers)
                elif pick < 0.2:
                    item.responsible_user = self.rng.choice(sd.ews)
                elif pick < 0.3:
                    item.responsible_user = sd.coordinator
                else:
                    item.responsible_user = self.logger(case.student, sd, ad)
                item.responsible_institute = sd.school.name if sd is not None else "Follow-up Service"
            elif pick < 0.65 and row.partner is not None:
                item.responsible_partner = row.partner
                item.responsible_institute = row.partner.institute
            elif pick < 0.8 and row.professional is not None:
                item.responsible_professional = row.professional
                item.responsible_institute = sd.school.name
            else:
                first, last = self.name()
                item.responsible_name = f"{first} {last}"
                item.responsible_institute = self.rng.choice(INSTITUTES)[0]
            item.deadline = case.date + datetime.timedelta(days=self.rng.randint(7, 120))
            if case.status == "closed":
                item.status = "done" if self.rng.random() < 0.9 else "cancelled"
            elif item.deadline < self.today:
                item.status = self.rng.choice(["done", "done", "in_progress", "planned"])
            else:
                item.status = self.rng.choice(["planned", "in_progress"])
            if item.status == "done":
                item.result = "Megtörtént, a család együttműködő."
            rows.append(item)
        bulk(ActionItem, rows)

    def meetings(self):
        from cases.models import AgendaItem, Attendance, Invitation, Meeting, MinutesItem

        meetings, agenda, invitations = [], [], []
        for k in range(self.n["meetings"]):
            kind, area_index = meeting_plan(k, len(self.areas))
            if area_index is not None:
                ad, sd = self.areas[area_index], None
                convenor = self.rng.choice(ad.officers)
                place = f"Városháza, Room {k % 5 + 1}"
            else:
                sd = self.schools[k % len(self.schools)]
                ad, convenor = sd.area, sd.coordinator
                place = f"Teachers' room, {sd.school.name}"
            date = self.today + datetime.timedelta(days=self.rng.randint(-700, 90))
            past = date < self.today
            status = Meeting.Status.HELD if past else Meeting.Status.PLANNED
            if self.rng.random() < 0.05:
                status = Meeting.Status.CANCELLED
            hour = self.rng.choice([9, 13])
            meeting = Meeting(
                kind=kind,
                title="Partnership meeting" if kind == Meeting.Kind.REGULAR else "Cross-sectoral case conference",
                date=date,
                start_time=datetime.time(hour, 0),
                end_time=datetime.time(hour + 1, 30),
                place=place,
                chair=convenor,
                convened_by=convenor,
                area=ad.area,
                school=sd.school if sd is not None else None,
                status=status,
                uid=f"bench-{self.seed}-{k + 1}@crocoos-ews",
                invitations_sent_at=self.at(date - datetime.timedelta(days=14)) if past or k % 2 else None,
            )
            meetings.append(meeting)
            items = []
            if kind == Meeting.Kind.REGULAR:
                items = [(None, "News from the partners"), (None, "Employment Office: apprenticeship places")]
            else:
                pool = [r.case for r in (sd.cases if sd is not None else [c for s in ad.schools for c in s.cases])]
                pool = [case for case in pool if case.status == "open" or past] or pool
                for case in self.rng.sample(pool, min(len(pool), self.rng.randint(1, 4))):
                    items.append((case, "Follow-up of the action plan"))
                items.append((None, "Any other business"))
            for position, (case, title) in enumerate(items, start=1):
                agenda.append(
                    AgendaItem(
                        meeting=meeting,
                        position=position,
                        case=case,
                        title="" if case else title,
                        topic=title if case else "",
                    )
                )
            people = []
            if sd is not None:
                people += [(user, None) for user in sd.ews]
                people.append((ad.officers[0], None))
            else:
                people += [(user, None) for user in ad.officers if user != convenor]
                people += [(s.coordinator, None) for s in self.rng.sample(ad.schools, min(2, len(ad.schools)))]
                people += [(None, p) for p in self.rng.sample(ad.partners, min(len(ad.partners), 5))]
            for user, partner in people:
                response = "pending"
                if past:
                    response = "attend" if self.rng.random() < 0.8 else "decline"
                invitations.append(
                    Invitation(
                        meeting=meeting,
                        user=user,
                        partner=partner,
                        name=user.full_name if user else partner.contact_name,
                        institute=user.position if user else partner.institute,
                        is_core=user is not None,
                        response=response,
                        responded_at=self.at(date - datetime.timedelta(days=3)) if response != "pending" else None,
                    )
                )
        bulk(Meeting, meetings)
        for item in agenda:
            item.meeting_id = item.meeting.pk
        for invitation in invitations:
            invitation.meeting_id = invitation.meeting.pk
        bulk(AgendaItem, agenda)
        bulk(Invitation, invitations)
        held = {m.pk for m in meetings if m.status == Meeting.Status.HELD}
        bulk(
            MinutesItem,
            [
                MinutesItem(agenda_item=item, notes="Discussed; the action plan was updated.")
                for item in agenda
                if item.meeting_id in held
            ],
        )
        attendance = [
            Attendance(
                meeting_id=inv.meeting_id,
                invitation=inv,
                user=inv.user,
                partner=inv.partner,
                name=inv.name,
                institute=inv.institute,
                present=True,
                signed_on_paper=True,
                position=n,
            )
            for n, inv in enumerate(invitations)
            if inv.meeting_id in held and inv.response == "attend"
        ]
        bulk(Attendance, attendance)

    def two_factor(self):
        """Confirmed authenticator devices for the bench accounts that need a second factor."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from .two_factor import APP_DEVICE_NAME, TWO_FACTOR_ROLES

        users = User.objects.filter(email__in=[BENCH_ACCOUNTS[role] for role in TWO_FACTOR_ROLES])
        bulk(
            TOTPDevice,
            [
                TOTPDevice(
                    user=user,
                    name=APP_DEVICE_NAME,
                    confirmed=True,
                    key=hashlib.sha1(f"bench-{self.seed}-{user.email}".encode(), usedforsecurity=False).hexdigest(),
                )
                for user in users
            ],
        )


def summary():
    """Row counts of what the generator makes, and the benchmark accounts."""
    from cases.models import ActionItem, Case, Concern, Meeting, Student
    from directory.models import InSchoolProfessional, OutsidePartner

    return {
        "areas": Area.objects.count(),
        "schools": School.objects.count(),
        "classes": SchoolClass.objects.count(),
        "users": User.objects.count(),
        "students": Student.objects.count(),
        "concerns": Concern.objects.count(),
        "cases": Case.objects.count(),
        "actions": ActionItem.objects.count(),
        "directory": InSchoolProfessional.objects.count() + OutsidePartner.objects.count(),
        "meetings": Meeting.objects.count(),
    }


def generate(scale, seed, *, log=None):
    return Generator(scale, seed, log=log).run()
