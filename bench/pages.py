"""The pages the benchmarks request, each with the benchmark account that opens it.

Read from a database made by `manage.py generate_scale`: the bench accounts' own school, area,
a typical open case of the school and an upcoming case conference of the area.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from crocoos.models import Role, User
from crocoos.scale import BENCH_ACCOUNTS

FLOOR = "floor"


@dataclass(frozen=True)
class Page:
    label: str
    role: str
    url: str

    @property
    def email(self):
        return BENCH_ACCOUNTS[self.role]


def bench_pages():
    from cases.models import Case, Meeting

    coordinator = User.objects.get(email=BENCH_ACCOUNTS[Role.EWS_COORDINATOR])
    followup = User.objects.get(email=BENCH_ACCOUNTS[Role.FOLLOW_UP_OFFICER])
    school_id = coordinator.memberships.get(role=Role.EWS_COORDINATOR).school_id
    area_id = followup.memberships.get(role=Role.FOLLOW_UP_OFFICER).area_id
    case = (
        Case.objects.filter(school_id=school_id)
        .annotate(rows=Count("actions"))
        .order_by("-status", "-rows", "reference")  # open ones first
        .select_related("student")
        .first()
    )
    meeting = (
        Meeting.objects.filter(area_id=area_id, school=None)
        .annotate(items=Count("agenda"))
        .order_by("kind", "-items", "date", "pk")  # case conferences first
        .first()
    )
    word = case.student.last_name
    return [
        Page(FLOOR, Role.CLASS_TEACHER, reverse("bench_floor")),
        *(Page(f"home: {role.label.lower()}", role, reverse("home")) for role in BENCH_ACCOUNTS),
        Page("concern inbox", Role.EWS_COORDINATOR, reverse("concern_inbox")),
        Page("case list (coordinator)", Role.EWS_COORDINATOR, reverse("case_list")),
        Page("case list (follow-up)", Role.FOLLOW_UP_OFFICER, reverse("case_list")),
        Page("case search (coordinator)", Role.EWS_COORDINATOR, f"{reverse('case_list')}?q={word}&status=all"),
        Page("case search (follow-up)", Role.FOLLOW_UP_OFFICER, f"{reverse('case_list')}?q={word}&status=all"),
        Page("case page", Role.EWS_COORDINATOR, reverse("case_detail", args=[case.pk])),
        Page("my actions", Role.EWS_MEMBER, reverse("action_mine")),
        Page("directory search", Role.FOLLOW_UP_OFFICER, f"{reverse('directory_search')}?q=family"),
        Page("meeting page", Role.FOLLOW_UP_OFFICER, reverse("meeting_detail", args=[meeting.pk])),
    ]


def signed_in_client(email, client_class=None):
    """A test client signed in as `email`, its session confirmed by the second factor where needed."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = (client_class or Client)()
    user = User.objects.get(email=email)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
