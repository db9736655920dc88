"""Two-factor sign-in: staff must use it on the site's sign-in and the admin's; candidates may turn it on."""

import re
import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.factories import CandidateFactory, HiringManagerFactory, enrolled_authenticator, next_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
SIGN_IN = reverse("accounts:login")
CODE = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")


@pytest.fixture
def visitor():
    """A client that signs in through the pages, as a person does (force_login would skip the steps)."""
    return Client()


@pytest.fixture(autouse=True)
def _no_otp_delay(settings):
    # django-otp waits a growing number of seconds after each wrong code; these tests type quickly.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _password(visitor, user, url=SIGN_IN, **extra):
    return visitor.post(url, {"username": user.email, "password": PASSWORD, **extra})


def _signed_in(visitor):
    return "_auth_user_id" in visitor.session


def test_staff_without_a_second_factor_set_one_up_before_the_sign_in_completes(visitor):
    manager = HiringManagerFactory()

    response = _password(visitor, manager)

    assert response["Location"] == SETUP and not _signed_in(visitor)
    page = visitor.get(SETUP).content.decode()
    assert 'src="data:image/svg+xml' in page and "Cannot scan?" in page
    device = TOTPDevice.objects.get(user=manager, confirmed=False)

    done = visitor.post(SETUP, {"code": two_factor.current_code(device)})

    assert done.status_code == 200 and _signed_in(visitor)
    codes = re.findall(r'<code class="user-select-all">([a-z0-9]+)</code>', done.content.decode())
    assert len(codes) == two_factor.RECOVERY_CODES
    assert TOTPDevice.objects.get(user=manager).confirmed
    assert visitor.get(reverse("hiring:dashboard")).status_code == 200


def test_staff_with_a_second_factor_are_signed_in_only_after_the_code(visitor):
    manager = HiringManagerFactory()
    device = enrolled_authenticator(manager)

    response = _password(visitor, manager, next="/manage/")
    assert response["Location"] == CODE and not _signed_in(visitor)
    assert visitor.get("/manage/")["Location"].startswith(SIGN_IN)  # a password alone opens nothing

    wrong = visitor.post(CODE, {"code": "000000" if next_code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "That code did not work" in wrong.content.decode()
    assert not _signed_in(visitor)

    right = visitor.post(CODE, {"code": next_code(device)})

    assert right["Location"] == "/manage/"
    assert _signed_in(visitor) and visitor.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert visitor.get("/manage/").status_code == 200


def test_the_admins_sign_in_asks_for_the_code_too(visitor, admin_user):
    device = enrolled_authenticator(admin_user)

    response = _password(visitor, admin_user, url="/admin/login/?next=/admin/", next="/admin/")

    assert response["Location"] == CODE and not _signed_in(visitor)
    assert visitor.get("/admin/")["Location"].startswith("/admin/login/")
    assert visitor.post(CODE, {"code": next_code(device)})["Location"] == "/admin/"
    assert visitor.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_once(visitor):
    manager = HiringManagerFactory()
    enrolled_authenticator(manager)
    code = two_factor.new_recovery_codes(manager)[0]

    _password(visitor, manager)
    assert visitor.post(CODE, {"code": code}).status_code == 302
    visitor.logout()
    _password(visitor, manager)

    again = visitor.post(CODE, {"code": code})

    assert again.status_code == 400 and not _signed_in(visitor)
    assert two_factor.recovery_codes_left(manager) == two_factor.RECOVERY_CODES - 1


def test_five_wrong_codes_lock_the_second_step_even_against_the_right_code(visitor):
    manager = HiringManagerFactory()
    device = enrolled_authenticator(manager)
    _password(visitor, manager)
    for guess in range(5):
        visitor.post(CODE, {"code": f"{guess:06d}"})

    locked = visitor.post(CODE, {"code": next_code(device)})

    assert locked.status_code == 429 and "Too many attempts" in locked.content.decode()
    assert not _signed_in(visitor)


def test_the_code_step_expires_after_ten_minutes(visitor):
    manager = HiringManagerFactory()
    device = enrolled_authenticator(manager)
    _password(visitor, manager)

    with mock.patch("time.time", return_value=time.time() + two_factor.PENDING_SECONDS + 1):
        response = visitor.post(CODE, {"code": next_code(device)})

    assert response["Location"] == SIGN_IN and not _signed_in(visitor)


def test_a_password_alone_never_sets_up_another_phone(visitor):
    manager = HiringManagerFactory()
    enrolled_authenticator(manager)
    _password(visitor, manager)

    assert visitor.get(SETUP)["Location"] == CODE
    assert visitor.post(SETUP, {"code": "123456"})["Location"] == CODE
    assert TOTPDevice.objects.filter(user=manager).count() == 1


def test_a_staff_session_without_a_second_factor_is_signed_out(visitor):
    """A session from before two-factor sign-in, or a candidate made staff while signed in."""
    person = CandidateFactory()
    assert visitor.login(username=person.email, password=PASSWORD)
    person.is_staff = True
    person.save()

    response = visitor.get(reverse("applications:profile"))

    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)
    assert not _signed_in(visitor)


def test_a_candidate_may_turn_it_on_and_then_signs_in_with_a_code(visitor):
    candidate = CandidateFactory()
    _password(visitor, candidate)
    assert _signed_in(visitor)
    visitor.get(SETUP)
    device = TOTPDevice.objects.get(user=candidate)
    assert visitor.post(SETUP, {"code": two_factor.current_code(device)}).status_code == 200
    visitor.logout()

    response = _password(visitor, candidate)

    assert response["Location"] == CODE and not _signed_in(visitor)
    assert visitor.post(CODE, {"code": next_code(device)}).status_code == 302
    assert _signed_in(visitor)


def test_a_candidate_turns_it_off_with_their_password_and_staff_cannot(visitor, client):
    candidate = CandidateFactory()
    enrolled_authenticator(candidate)
    two_factor.new_recovery_codes(candidate)
    client.force_login(candidate)

    assert client.post(reverse("accounts:two_factor_disable"), {"password": "wrong"}).status_code == 400
    assert client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=candidate).exists() and not StaticToken.objects.exists()

    manager = HiringManagerFactory()
    client.force_login(manager)
    client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert TOTPDevice.objects.filter(user=manager, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old(client):
    manager = HiringManagerFactory()
    client.force_login(manager)
    old = two_factor.new_recovery_codes(manager)

    page = client.post(reverse("accounts:two_factor_recovery_codes")).content.decode()

    new = re.findall(r'<code class="user-select-all">([a-z0-9]+)</code>', page)
    assert len(new) == two_factor.RECOVERY_CODES and not set(old) & set(new)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_setting_up_another_phone_replaces_the_first(client):
    manager = HiringManagerFactory()
    client.force_login(manager)
    first = TOTPDevice.objects.get(user=manager)
    client.get(SETUP)
    second = TOTPDevice.objects.get(user=manager, confirmed=False)

    assert client.post(SETUP, {"code": two_factor.current_code(second)}).status_code == 200

    assert list(TOTPDevice.objects.filter(user=manager)) == [second]
    assert not TOTPDevice.objects.filter(pk=first.pk).exists()
    assert client.get("/manage/").status_code == 200  # this session now records the new phone
