import datetime
import time

from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crocoos.middleware import SESSION_RENEWED_KEY, SESSION_STARTED_KEY


def test_login_page_renders_with_email_field(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'type="email"' in response.content.decode()
    assert "E-mail address" in response.content.decode()


def test_user_signs_in_with_email_and_password(client, world):
    response = client.post(
        reverse("login"), {"username": "TEACHER@test.example.org", "password": "test-password-1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == world.teacher


def test_wrong_password_says_so_and_keeps_the_email(client, world):
    response = client.post(reverse("login"), {"username": "teacher@test.example.org", "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "is not right" in page
    assert 'value="teacher@test.example.org"' in page
    assert "_auth_user_id" not in client.session


def test_pages_need_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logout_is_a_post(client, world):
    client.force_login(world.teacher)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client, world):
    client.post(reverse("password_reset"), {"email": "teacher@test.example.org"})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Új-jelszó-2026!", "new_password2": "Új-jelszó-2026!"})
    assert response.status_code == 302
    world.teacher.refresh_from_db()
    assert world.teacher.check_password("Új-jelszó-2026!")


def test_password_reset_for_unknown_address_sends_nothing_and_looks_the_same(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_change_refuses_a_short_password_and_says_why(client, world):
    client.force_login(world.teacher)
    response = client.post(
        reverse("password_change"),
        {"old_password": "test-password-1", "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    world.teacher.refresh_from_db()
    assert world.teacher.check_password("test-password-1")


def _session_row(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key)


def test_session_expires_after_inactivity(client, world):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    client.force_login(world.teacher)
    assert client.get(reverse("home")).status_code == 200
    row = _session_row(client)
    row.expire_date = timezone.now() - datetime.timedelta(seconds=1)  # SESSION_COOKIE_AGE without a request
    row.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_active_session_is_renewed_at_most_once_a_minute(client, world):
    client.force_login(world.teacher)
    client.get(reverse("home"))
    first = _session_row(client).expire_date
    assert first > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # within the minute: the session is read, never written
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert _session_row(client).expire_date == first
    # a minute later the idle timeout counts again from this request
    session = client.session
    session[SESSION_RENEWED_KEY] -= settings.SESSION_RENEW_SECONDS
    session.save()
    first = _session_row(client).expire_date
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert [q for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
    assert _session_row(client).expire_date > first


def test_session_ends_after_absolute_lifetime(client, world):
    client.force_login(world.teacher)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_signed_in_pages_are_never_cached(client, world):
    client.force_login(world.teacher)
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
