"""crocoos.two_factor.OTPMiddleware: the session's second-factor device read by a compiled statement
(issue 7), with django-otp's answers: the device when it is the user's and confirmed, else none."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from crocoos.two_factor import OTPMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def require_2fa(settings):
    settings.CROCOOS_REQUIRE_2FA = True


def client_with(user, persistent_id):
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = persistent_id
    session.save()
    return client


def opens_home(client):
    return client.get(reverse("home")).status_code == 200


def test_a_confirmed_device_of_the_user_verifies_the_session(world, require_2fa):
    app = TOTPDevice.objects.create(user=world.coordinator, name="app", confirmed=True)
    codes = StaticDevice.objects.create(user=world.followup, name="codes", confirmed=True)
    assert opens_home(client_with(world.coordinator, app.persistent_id))
    assert opens_home(client_with(world.followup, codes.persistent_id))


@pytest.mark.parametrize("how", ["another user's", "not confirmed", "deleted"])
def test_a_device_that_is_not_the_users_or_not_confirmed_does_not(world, require_2fa, how):
    owner = world.followup if how == "another user's" else world.coordinator
    app = TOTPDevice.objects.create(user=owner, name="app", confirmed=how != "not confirmed")
    persistent_id = app.persistent_id
    if how == "deleted":
        app.delete()
    client = client_with(world.coordinator, persistent_id)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert DEVICE_ID_SESSION_KEY not in client.session  # as django-otp does: the session forgets it


@pytest.mark.parametrize(
    "persistent_id",
    [
        "nonsense",
        "otp_totp.totpdevice/",
        "otp_totp.totpdevice/x",
        "otp_totp.totpdevice/-1",
        "otp_totp.totpdevice/0",
        f"otp_totp.totpdevice/{2**63}",
        "crocoos.user/1",
        "nope.nothing/1",
    ],
)
def test_an_id_that_names_no_device_is_none_never_an_error(world, require_2fa, persistent_id):
    TOTPDevice.objects.create(user=world.coordinator, name="app", confirmed=True)
    client = client_with(world.coordinator, persistent_id)
    assert client.get(reverse("home")).status_code == 302


def test_a_legacy_id_with_the_import_path_still_finds_the_device(world, require_2fa):
    app = TOTPDevice.objects.create(user=world.coordinator, name="app", confirmed=True)
    assert opens_home(client_with(world.coordinator, f"django_otp.plugins.otp_totp.models.TOTPDevice/{app.pk}"))


@pytest.mark.parametrize("model", [TOTPDevice, StaticDevice])
def test_the_same_device_and_one_statement_as_django_otp(world, model):
    devices = [model.objects.create(user=world.coordinator, name=f"d{n}", confirmed=True) for n in range(3)]
    ours, theirs = OTPMiddleware(lambda request: None), DjangoOTPMiddleware(lambda request: None)
    for device in devices:
        with CaptureQueriesContext(connection) as read:
            found = ours._device_from_persistent_id(device.persistent_id)
        assert len(read) == 1
        expected = theirs._device_from_persistent_id(device.persistent_id)
        assert (type(found), found.pk, found.user_id, found.confirmed, found.name) == (
            type(expected),
            expected.pk,
            expected.user_id,
            expected.confirmed,
            expected.name,
        )
        assert [getattr(found, f.attname) for f in model._meta.concrete_fields] == [
            getattr(expected, f.attname) for f in model._meta.concrete_fields
        ]
