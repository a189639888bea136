"""Hostile, generated input for every form: never a server error, nothing saved from invalid input."""

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import strategies as st

from crocoos.models import AuditEvent, User

from .fuzzing import NASTY_STRINGS, fuzz_form, hostile_email, hostile_text, snapshot

SHOWS_AN_ERROR = ("is-invalid", "alert-danger", "Sign-in paused")


def users(*fields):
    return snapshot(User.objects.all(), "email", "password", "language", "is_active", *fields)


def test_login_form(client, world):
    before = users("last_login")

    def check(data, response):
        assert response.status_code in (200, 429)  # the form with an error, or the lockout page
        assert any(mark in response.content.decode() for mark in SHOWS_AN_ERROR)
        assert "_auth_user_id" not in client.session
        assert users("last_login") == before

    strategy = st.fixed_dictionaries(
        {"username": st.one_of(hostile_email(), st.just(world.teacher.email)), "password": hostile_text()}
    )
    fuzz_form(client, reverse("login"), strategy, check=check, name="login")


def test_password_change_form(client, world):
    client.force_login(world.teacher)
    state = {"hash": world.teacher.password}

    def check(data, response):
        world.teacher.refresh_from_db()
        if response.status_code == 200:
            assert "is-invalid" in response.content.decode() or "alert-danger" in response.content.decode()
            assert world.teacher.password == state["hash"], f"password changed by invalid input {data!r}"
        else:
            assert response.status_code == 302
            assert world.teacher.check_password(data["new_password1"])
        state["hash"] = world.teacher.password

    same_new = hostile_text().map(lambda password: {"new_password1": password, "new_password2": password})
    other_new = st.fixed_dictionaries({"new_password1": hostile_text(), "new_password2": hostile_text()})
    strategy = st.tuples(st.one_of(st.just("test-password-1"), hostile_text()), st.one_of(same_new, other_new)).map(
        lambda drawn: {"old_password": drawn[0], **drawn[1]}
    )
    fuzz_form(client, reverse("password_change"), strategy, check=check, name="password change")


def test_password_reset_form(client, world):
    before = users()
    known = {user.email for user in User.objects.all()}

    def check(data, response):
        assert response.status_code in (200, 302)
        if response.status_code == 302:  # the same answer whether or not the address is known
            assert response["Location"] == reverse("password_reset_done")
        assert all(message.to[0] in known for message in mail.outbox)
        assert users() == before

    strategy = st.fixed_dictionaries(
        {"email": st.one_of(hostile_email(), st.sampled_from([world.teacher.email, world.teacher.email.upper()]))}
    )
    fuzz_form(client, reverse("password_reset"), strategy, check=check, name="password reset")


def test_language_form(client, world):
    client.force_login(world.teacher)
    codes = [code for code, _name in settings.LANGUAGES]

    def check(data, response):
        assert response.status_code in (302, 204)
        if response.status_code == 302:
            location = response["Location"]
            assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), f"open redirect {location}"
        world.teacher.refresh_from_db()
        assert world.teacher.language in [*codes, ""]

    evil_next = ["https://evil.example.com/", "//evil.example.com", "\\\\evil.example.com", "javascript:alert(1)"]
    strategy = st.fixed_dictionaries(
        {
            "language": st.one_of(st.sampled_from(codes), hostile_text(20)),
            "next": st.one_of(st.just("/"), st.sampled_from(evil_next), hostile_text(100)),
        }
    )
    fuzz_form(client, reverse("set_language"), strategy, check=check, name="language")


def test_two_factor_setup_form(client, world):
    client.force_login(world.coordinator)
    client.get(reverse("two_factor_setup"))

    def check(data, response):
        assert response.status_code == 200
        assert "is-invalid" in response.content.decode()
        assert not TOTPDevice.objects.filter(user=world.coordinator, confirmed=True).exists()

    digits = st.text(alphabet="0123456789 ", min_size=0, max_size=10)
    fuzz_form(
        client,
        reverse("two_factor_setup"),
        st.fixed_dictionaries({"token": st.one_of(digits, hostile_text(40))}),
        check=check,
        name="two-factor setup",
        examples=50,  # each answer draws a QR code: slower
    )


def test_two_factor_verify_form(client, world):
    TOTPDevice.objects.create(user=world.coordinator, name="app", confirmed=True)
    client.force_login(world.coordinator)

    def check(data, response):
        assert response.status_code == 200
        assert "This code is not right" in response.content.decode() or "is-invalid" in response.content.decode()
        assert "otp_device_id" not in client.session

    strategy = st.fixed_dictionaries({"token": st.one_of(st.text("0123456789", max_size=8), hostile_text(40))})
    fuzz_form(client, reverse("two_factor_verify"), strategy, check=check, name="two-factor verify")


def test_access_report_form(client, world):
    client.force_login(world.admin)
    datetimes = st.one_of(
        st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")), st.sampled_from(NASTY_STRINGS)
    )

    def check(data, response):
        assert response.status_code == 200

    strategy = st.fixed_dictionaries(
        {"email": st.one_of(hostile_email(), st.just(world.teacher.email)), "start": datetimes, "end": datetimes}
    )
    fuzz_form(client, reverse("audit_access_report"), strategy, check=check, name="access report", method="get")
    assert not AuditEvent.objects.filter(action="audit.access_report_viewed").exclude(actor=world.admin).exists()
