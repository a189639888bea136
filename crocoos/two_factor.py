"""Two-factor sign-in (TOTP via django-otp) and the sign-in lockout's username key.

Policy: EWS coordinators, follow-up officers and administrators (and staff of the technical
admin site) must confirm each session with a code from an authenticator app, or a one-time
recovery code, when settings.CROCOOS_REQUIRE_2FA is on (the default in production).
"""

from contextlib import suppress

import qrcode
import qrcode.image.svg
from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django_otp.middleware import OTPMiddleware as BaseOTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import access_for
from .compiled_rows import PreparedRows
from .models import Role

TWO_FACTOR_ROLES = (Role.EWS_COORDINATOR, Role.FOLLOW_UP_OFFICER, Role.ADMINISTRATOR)
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
APP_DEVICE_NAME = "Authenticator app"

# Pages an unverified user may still reach: signing in and out, and the two-factor pages.
OPEN_URL_NAMES = {"login", "logout", "set_language", "two_factor_setup", "two_factor_verify"}


def axes_username(request, credentials=None):
    """The sign-in address as django-axes counts failures: case and spaces do not make a new key."""
    source = credentials if credentials else getattr(request, "POST", {})
    return (source.get("username") or "").strip().lower() or None


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of signing in while the address+username pair is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def needs_two_factor(user) -> bool:
    if not settings.CROCOOS_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or access_for(user).has_role(*TWO_FACTOR_ROLES)


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def has_app_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class OTPMiddleware(BaseOTPMiddleware):
    """django-otp's middleware (request.user.is_verified()), the session's device read by a statement
    compiled once per device model (crocoos/compiled_rows.py) instead of the queryset django-otp builds
    on every request: about 0.2 ms of Python on every page of a user with a second factor (issue 7).
    As django-otp does, an id that names no device (a model that is not one, no such row) is None,
    and _finalize_device then drops a device of another user or one not confirmed."""

    _rows = {}

    def _device_from_persistent_id(self, persistent_id):
        with suppress(ValueError, LookupError):
            label, device_id = self._normalize_persistent_id(persistent_id).rsplit("/", 1)
            model, pk = apps.get_model(label), int(device_id)
            if issubclass(model, Device) and 0 < pk < 2**63:
                rows = self._rows.get(model) or self._rows.setdefault(model, _device_rows(model))
                return rows.instance(pk)
        return None


def _device_rows(model):
    return PreparedRows(lambda pk: model.objects.filter(pk=pk))


class RequireTwoFactorMiddleware:
    """Sends users who need two-factor to enrol or to enter their code before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not needs_two_factor(user) or is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        step = "two_factor_verify" if has_app_device(user) else "two_factor_setup"
        return redirect_to_login(request.get_full_path(), reverse(step))


def unconfirmed_app_device(user):
    """The authenticator-app device being set up (created on first visit, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def qr_code_svg(data) -> str:
    """An inline SVG QR code: a <path> only, no style attribute or script (strict CSP), named for
    screen readers (an image needs a text alternative, WCAG 1.1.1)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    name = escape(gettext("QR code to scan with your authenticator app"))
    # Safe: the SVG is a single <path> drawn by qrcode from module positions, no text from the user;
    # the name is escaped.
    opening = f'<svg class="qr-code" role="img" aria-label="{name}" '
    return mark_safe(svg.replace("<svg ", opening, 1))  # noqa: S308  # nosec B308 B703


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT fresh one-time codes."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
