"""Two-factor sign-in: an authenticator app (TOTP) and one-time recovery codes, through django-otp.

Staff (hiring managers, recruiters, admins) must use it; candidates may turn it
on. A sign-in then has two steps and the account is signed in only after the
second: the password step stores who is signing in (`begin`) in the session,
for a few minutes, and the code step (`complete`) signs them in and records
the device that verified them (django-otp's `otp_device_id` session key).
Staff who have no device yet enrol during that sign-in, before it completes.

`TwoFactorMiddleware` (middleware.py) signs out any staff session without
that record: one from before two-factor existed, or a candidate made staff
while signed in.

django-otp keeps the keys and codes and checks them (with its own growing
delay after failures); this module adds a per-account limit on wrong codes
and says who needs what.
"""

import base64
import time
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib import auth
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import throttle
from .models import User

PENDING_KEY = "two_factor_pending"
ENROLLING_KEY = "two_factor_enrolling"
# Minutes between the password and the code: enough to find the phone, too short to leave a half sign-in lying about.
PENDING_SECONDS = 10 * 60
RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Wrong codes per account: the second factor is six digits, so guesses must stay few.
CODES_PER_ACCOUNT = throttle.Throttle("two-factor", limit=5, window_seconds=15 * 60)


def required_for(user):
    """Staff must use a second factor; anyone who turned it on uses it too."""
    return user.is_staff or user_has_device(user)


def is_verified(request):
    """Whether this session's sign-in was completed with a second factor."""
    return DEVICE_ID_SESSION_KEY in request.session


# --- The sign-in between its two steps ------------------------------------------------------------------------


def begin(request, user, next_url):
    """The password was right: remember who is signing in (not signed in yet) until the code is given."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "until": time.time() + PENDING_SECONDS,
    }


def pending(request):
    """(user, next URL) of the sign-in waiting for its code, or (None, None) when there is none or it expired."""
    state = request.session.get(PENDING_KEY)
    if not state or state.get("until", 0) < time.time():
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = User.objects.filter(pk=state["user"], is_active=True).first()
    return (user, state["next"]) if user else (None, None)


def complete(request, user, device):
    """Sign `user` in, recording `device` as the second factor of this session; returns where to go next."""
    state = request.session.pop(PENDING_KEY, {})
    request.session.pop(ENROLLING_KEY, None)
    auth.login(request, user, backend=state.get("backend") or settings.AUTHENTICATION_BACKENDS[0])
    otp_login(request, device)
    return state.get("next") or settings.LOGIN_REDIRECT_URL


def mark_verified(session, device):
    """Record `device` as a session's second factor (what `complete` does, for a session made by other means)."""
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id


# --- Codes ------------------------------------------------------------------------------------------------------


class CodeRefused(Exception):
    """A code that did not verify; `locked_minutes` is set when the account's wrong codes reached the limit."""

    def __init__(self, locked_minutes=None):
        super().__init__("code refused")
        self.locked_minutes = locked_minutes


def verify(user, code):
    """The confirmed device (authenticator or recovery codes) that accepts `code`; CodeRefused otherwise.

    A recovery code works once. Wrong codes count towards CODES_PER_ACCOUNT,
    and once that is reached no code is even tried until the window ends.
    """
    code = "".join(code.split()).lower()
    if CODES_PER_ACCOUNT.blocked(user.pk):
        raise CodeRefused(CODES_PER_ACCOUNT.minutes_left(user.pk))
    with transaction.atomic():
        device = next((d for d in devices_for_user(user, for_verify=True) if d.verify_token(code)), None)
    if device is None:
        CODES_PER_ACCOUNT.hit(user.pk)
        raise CodeRefused(CODES_PER_ACCOUNT.minutes_left(user.pk) if CODES_PER_ACCOUNT.blocked(user.pk) else None)
    return device


# --- Enrolment ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    """An authenticator being set up: what the page shows, and the device that confirms it."""

    device: TOTPDevice

    @property
    def secret(self):
        """The key as authenticator apps take it when typed: base32, in groups of four."""
        key = base64.b32encode(self.device.bin_key).decode()
        return " ".join(key[i : i + 4] for i in range(0, len(key), 4))

    @property
    def qr_code(self):
        """The otpauth:// address as a QR code, a data: URI for an <img> (no inline markup, so CSP stays strict)."""
        return segno.make(self.device.config_url, error="m").svg_data_uri(scale=5, border=2, dark="#000", light="#fff")


def enrolment(request, user):
    """The authenticator this person is setting up: the one from this session, or a new unconfirmed one."""
    device = TOTPDevice.objects.filter(pk=request.session.get(ENROLLING_KEY), user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
        request.session[ENROLLING_KEY] = device.pk
    return Enrolment(device)


def confirm_enrolment(request, user, code):
    """Confirm the authenticator being set up with its first code; returns (device, new recovery codes).

    The new authenticator replaces any earlier one, and new recovery codes
    replace the old. Raises CodeRefused for a wrong code.
    """
    device = enrolment(request, user).device
    if CODES_PER_ACCOUNT.blocked(user.pk):
        raise CodeRefused(CODES_PER_ACCOUNT.minutes_left(user.pk))
    if not device.verify_token("".join(code.split())):
        CODES_PER_ACCOUNT.hit(user.pk)
        raise CodeRefused()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(user)
    request.session.pop(ENROLLING_KEY, None)
    return device, codes


def new_recovery_codes(user):
    """Ten new one-time codes, replacing any earlier ones; shown once, never again."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        device.token_set.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def turn_off(user):
    """Remove every second factor of a candidate's account (staff cannot: it is required of them)."""
    if user.is_staff:
        raise ValueError("Staff accounts must keep their second factor.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def current_code(device, at=None):
    """The code an authenticator app shows for `device` now (for the demo's sign-ins and the tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at or time.time()
    return f"{totp.token():0{device.digits}d}"
