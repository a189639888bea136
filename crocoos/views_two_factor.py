"""Two-factor pages: set up an authenticator app, confirm a session with a code, recovery codes."""

from base64 import b32encode

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice

from . import audit
from .forms import OneTimeCodeForm
from .two_factor import has_app_device, is_verified, new_recovery_codes, qr_code_svg, unconfirmed_app_device


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def _show_recovery_codes(request, codes):
    return render(request, "registration/two_factor_recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@sensitive_post_parameters("token")
@login_required
def two_factor_setup(request):
    user = request.user
    if has_app_device(user):
        if not is_verified(user):
            # Enrolling a second app would bypass the first: confirm this session first.
            return redirect_to_login(request.get_full_path(), reverse("two_factor_verify"))
        if request.method == "POST":
            audit.record("account.recovery_codes_renewed", request=request, obj=user)
            return _show_recovery_codes(request, new_recovery_codes(user))
        return render(request, "registration/two_factor_status.html", {"recovery_left": _recovery_left(user)})
    device = unconfirmed_app_device(user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record("account.two_factor_enrolled", request=request, obj=user)
            return _show_recovery_codes(request, new_recovery_codes(user))
        form.add_error("token", _("This code is not right. Enter the code your app shows now."))
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_code": qr_code_svg(device.config_url),
            "secret": _grouped(b32encode(device.bin_key).decode().rstrip("=")),
            "next": _next_url(request),
        },
    )


@sensitive_post_parameters("token")
@login_required
def two_factor_verify(request):
    user = request.user
    if not has_app_device(user):
        return redirect("two_factor_setup")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            method = "recovery_code" if isinstance(device, StaticDevice) else "app"
            audit.record("account.two_factor_verified", request=request, obj=user, detail={"method": method})
            return redirect(_next_url(request) or "home")
        audit.record("account.two_factor_failed", request=request, obj=user)
        form.add_error("token", _("This code is not right, or it has been used already. Try the newest code."))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)})


def _recovery_left(user):
    return sum(device.token_set.count() for device in StaticDevice.objects.filter(user=user))


def _grouped(text, size=4):
    return " ".join(text[i : i + size] for i in range(0, len(text), size))
