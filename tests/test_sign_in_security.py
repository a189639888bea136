"""Sign-in lockout (django-axes) and two-factor sign-in (TOTP, django-otp)."""

import base64
import hmac
import os
import re
import struct
import subprocess
import sys
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from crocoos.models import AuditEvent

PASSWORD = "test-password-1"


def sign_in(client, email, password=PASSWORD, ip="192.0.2.10", **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


# --- lockout ----------------------------------------------------------------------------------


def fail_until_locked(client, email, ip, settings):
    responses = [sign_in(client, email, "wrong-password", ip=ip) for _ in range(settings.AXES_FAILURE_LIMIT)]
    return responses[-1]


def test_repeated_wrong_passwords_pause_sign_in_with_a_clear_page(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, world.teacher.email, "wrong-password")
        assert response.status_code == 200
        assert "is not right" in response.content.decode()
    response = sign_in(client, world.teacher.email, "wrong-password")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Sign-in paused" in page
    assert f"wrong {settings.AXES_FAILURE_LIMIT} times in a row" in page
    assert reverse("password_reset") in page
    # Even the right password is refused from there while locked, whatever the letter case.
    for email in (world.teacher.email, world.teacher.email.upper()):
        response = sign_in(client, email)
        assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_the_user_out_from_another_address(world, settings):
    attacker = Client()
    fail_until_locked(attacker, world.teacher.email, "203.0.113.66", settings)
    assert sign_in(attacker, world.teacher.email, ip="203.0.113.66").status_code == 429

    teacher = Client()
    response = sign_in(teacher, world.teacher.email, ip="192.0.2.10")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert teacher.get(reverse("home")).context["user"] == world.teacher


def test_a_lockout_does_not_touch_other_users_at_the_same_address(world, settings):
    client = Client()
    fail_until_locked(client, world.teacher.email, "198.51.100.7", settings)
    response = sign_in(client, world.ews.email, ip="198.51.100.7")
    assert response.status_code == 302


def test_force_login_is_unaffected_by_axes(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("home")).status_code == 200


# --- two-factor -------------------------------------------------------------------------------


def totp_code(secret_b32, *, at=None, step=30, digits=6):
    """RFC 6238 TOTP computed here, independently of django-otp."""
    secret = secret_b32.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def shown_secret(page):
    return re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1)


def shown_recovery_codes(page):
    block = page.split('data-testid="recovery-codes"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<code>([^<]+)</code>", block)


@pytest.fixture
def require_2fa(settings):
    settings.CROCOOS_REQUIRE_2FA = True


def enrol(client, user):
    """Sign in with the password, set up the app, return (secret, recovery codes)."""
    response = sign_in(client, user.email)
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    page = response.content.decode()
    secret = shown_secret(page)
    response = client.post(reverse("two_factor_setup"), {"token": totp_code(secret)})
    return secret, shown_recovery_codes(response.content.decode())


def test_coordinator_must_enrol_and_the_setup_page_shows_a_qr_code(client, world, require_2fa):
    response = sign_in(client, world.coordinator.email)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page
    assert 'class="qr-code"' in page
    assert 'role="img" aria-label="QR code to scan with your authenticator app"' in page
    assert "style=" not in page
    assert len(shown_secret(page).replace(" ", "")) == 32
    # Students stay out of reach until the second step is done.
    assert client.get(reverse("student_list")).status_code == 302


def test_a_wrong_code_leaves_two_factor_off_and_says_so(client, world, require_2fa):
    sign_in(client, world.coordinator.email)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"token": "123 456x"})
    assert "This code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.coordinator, confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_enrolment_with_a_real_code_gives_recovery_codes_and_opens_the_app(client, world, require_2fa):
    _secret, codes = enrol(client, world.coordinator)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="account.two_factor_enrolled", actor=world.coordinator).exists()


def test_next_sign_in_asks_for_the_code_after_the_password(world, require_2fa):
    secret, _codes = enrol(Client(), world.followup)
    client = Client()
    response = sign_in(client, world.followup.email)
    response = client.get(reverse("student_list"))
    assert response["Location"] == f"{reverse('two_factor_verify')}?next={reverse('student_list')}"
    page = client.get(response["Location"]).content.decode()
    assert "Enter your sign-in code" in page
    # The enrolment used this time step's code; codes cannot be replayed, so use the next one.
    code = totp_code(secret, at=time.time() + 30)
    response = client.post(reverse("two_factor_verify"), {"token": code, "next": reverse("student_list")})
    assert response.status_code == 302
    assert response["Location"] == reverse("student_list")
    assert "Bråten, Åse" in client.get(reverse("student_list")).content.decode()
    event = AuditEvent.objects.get(action="account.two_factor_verified", actor=world.followup)
    assert event.detail == {"method": "app"}


def test_a_used_code_is_refused(world, require_2fa):
    secret, _codes = enrol(Client(), world.coordinator)
    client = Client()
    sign_in(client, world.coordinator.email)
    response = client.post(reverse("two_factor_verify"), {"token": totp_code(secret)})
    assert response.status_code == 200
    assert "has been used already" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_works_once(world, require_2fa):
    _secret, codes = enrol(Client(), world.admin)
    client = Client()
    sign_in(client, world.admin.email)
    assert client.post(reverse("two_factor_verify"), {"token": codes[0]}).status_code == 302
    assert client.get(reverse("home")).status_code == 200

    again = Client()
    sign_in(again, world.admin.email)
    response = again.post(reverse("two_factor_verify"), {"token": codes[0]})
    assert response.status_code == 200
    assert again.get(reverse("home")).status_code == 302


def test_an_unverified_session_cannot_enrol_a_second_app(world, require_2fa):
    enrol(Client(), world.coordinator)
    client = Client()
    sign_in(client, world.coordinator.email)
    response = client.get(reverse("two_factor_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert TOTPDevice.objects.filter(user=world.coordinator).count() == 1


def test_the_admin_site_needs_the_second_step_too(client, world, require_2fa):
    client.force_login(world.admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_class_teachers_sign_in_with_the_password_only(client, world, require_2fa):
    response = sign_in(client, world.teacher.email)
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_the_local_demo_setting_relaxes_two_factor(client, world, settings):
    settings.CROCOOS_REQUIRE_2FA = False
    sign_in(client, world.coordinator.email)
    assert client.get(reverse("home")).status_code == 200


def test_two_factor_is_required_by_default_in_production():
    code = "from django.conf import settings; print(settings.CROCOOS_REQUIRE_2FA)"
    env = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "crocoos.settings"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"


def test_a_verified_user_can_replace_the_recovery_codes(client, world, require_2fa):
    _secret, old_codes = enrol(client, world.coordinator)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Two-factor sign-in is on" in page
    assert "10 unused recovery codes" in page
    new_codes = shown_recovery_codes(client.post(reverse("two_factor_setup")).content.decode())
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    # (Checked in this order: a failed code pauses further tries briefly, django-otp's throttling.)
    other = Client()
    sign_in(other, world.coordinator.email)
    assert other.post(reverse("two_factor_verify"), {"token": new_codes[0]}).status_code == 302
    third = Client()
    sign_in(third, world.coordinator.email)
    assert third.post(reverse("two_factor_verify"), {"token": old_codes[0]}).status_code == 200


def test_the_admin_site_never_shows_a_device_secret(client, world):
    device = TOTPDevice.objects.create(user=world.coordinator, name="app", confirmed=True)
    client.force_login(world.admin)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403


# --- sign-ins in the audit trail ----------------------------------------------------------------


def test_sign_ins_sign_outs_and_wrong_passwords_are_in_the_audit_trail(client, world):
    sign_in(client, world.teacher.email, "wrong-password", ip="192.0.2.7")
    sign_in(client, "nobody@test.example.org", "wrong-password", ip="192.0.2.7")
    sign_in(client, world.teacher.email, ip="192.0.2.8")
    client.post(reverse("logout"), REMOTE_ADDR="192.0.2.8")
    events = list(AuditEvent.objects.filter(action__startswith="account.").order_by("pk"))
    assert [(e.action, e.actor, e.ip_address) for e in events] == [
        ("account.sign_in_failed", world.teacher, "192.0.2.7"),
        ("account.sign_in_failed", None, "192.0.2.7"),  # an address that is no account: nothing typed is kept
        ("account.signed_in", world.teacher, "192.0.2.8"),
        ("account.signed_out", world.teacher, "192.0.2.8"),
    ]
    assert all(e.detail == {} and e.student_id is None for e in events)
    assert "wrong-password" not in str([vars(e) for e in events]) and "nobody@" not in str([vars(e) for e in events])


def test_the_access_report_shows_when_the_account_was_used_to_whom_may_see_it(client, world):
    from django.utils import timezone

    from crocoos.models import Role
    from tests.factories import member

    sign_in(Client(), world.followup.email, ip="192.0.2.9")
    now = timezone.localtime()
    params = {
        "email": world.followup.email,
        "start": (now - timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "end": (now + timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    client.force_login(world.admin)
    page = client.get(reverse("audit_access_report"), params).content.decode()
    assert "Sign-ins in this period" in page and "192.0.2.9" in page and "Signed in" in page
    # an area's administrator sees it for the area's staff, not for another area's
    client.force_login(member(Role.ADMINISTRATOR, area=world.area, email="area-admin@test.example.org"))
    assert "192.0.2.9" in client.get(reverse("audit_access_report"), params).content.decode()
    client.force_login(member(Role.ADMINISTRATOR, area=world.other_area, email="far-admin@test.example.org"))
    assert "192.0.2.9" not in client.get(reverse("audit_access_report"), params).content.decode()
