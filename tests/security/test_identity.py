"""One email address is one account: look-alike letters, case folding and compatibility forms, on every database.

PostgreSQL's UPPER() and Python's lower() disagree on the dotless ı (U+0131), İ (U+0130), the
long ſ (U+017F) and the Kelvin sign (U+212A), the four letters Django's email check lets through.
Run these on PostgreSQL too: there `admın@example.com` used to sign in as admin@example.com.
"""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.addresses import LOOKALIKE_MESSAGE, NON_ASCII_LOCAL_MESSAGE, canonical_email
from accounts.forms import EMAIL_UNAVAILABLE
from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct horse battery"
SIGN_IN = reverse("accounts:login")
SIGN_UP = reverse("accounts:signup")

# (the real address, a look-alike of it with no ASCII form): never the same account, never accepted.
LOOKALIKES = [
    ("admin@example.com", "adm\u0131n@example.com"),  # dotless ı
    ("kira@example.com", "k\u0130ra@example.com"),  # capital İ with a dot
    ("mail@gmail.com", "mail@gma\u0131l.com"),  # dotless ı in the domain
    ("mail@example.com", "mail@ex\u0430mple.com"),  # Cyrillic а in the domain
]
# (the real address, the same address in a Unicode compatibility form): the same account.
SAME_ADDRESS = [
    ("sam@example.com", "\u017fam@example.com"),  # long ſ
    ("kate@example.com", "\u212aate@example.com"),  # Kelvin sign
    ("kira@example.com", "ｋｉｒａ@ｅｘａｍｐｌｅ.ｃｏｍ"),  # fullwidth, as a Japanese keyboard types it
    ("ana@münchen.de", "ANA@MÜNCHEN.DE"),
    ("ana@münchen.de", "ana@xn--mnchen-3ya.de"),
]


def _sign_in(client, email, password=PASSWORD, address="203.0.113.7"):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=address)


def _sign_up(client, email):
    data = {
        "full_name": "Real Person",
        "email": email,
        "password1": "a long pass 2026!",
        "password2": "a long pass 2026!",
    }
    return client.post(SIGN_UP, data, REMOTE_ADDR="198.51.100.77")


@pytest.mark.parametrize(("real", "lookalike"), LOOKALIKES)
def test_a_look_alike_address_never_signs_in_as_the_account_it_imitates(client, db, real, lookalike):
    user = UserFactory(email=real)

    response = _sign_in(client, lookalike)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert _sign_in(client, real).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(("real", "lookalike"), LOOKALIKES)
def test_a_look_alike_address_cannot_be_registered_before_the_real_one(client, db, real, lookalike):
    response = _sign_up(client, lookalike)

    assert response.status_code == 200
    page = response.content.decode()
    assert LOOKALIKE_MESSAGE in page or NON_ASCII_LOCAL_MESSAGE in page
    assert not User.objects.exists()
    client.logout()
    assert _sign_up(client, real).status_code == 302
    assert User.objects.get().email == real


@pytest.mark.parametrize(("real", "same"), SAME_ADDRESS)
def test_a_compatibility_form_of_an_address_is_that_account(client, db, real, same):
    user = UserFactory(email=real)

    assert _sign_up(client, same).status_code == 200
    assert EMAIL_UNAVAILABLE in _sign_up(client, same).content.decode()
    assert _sign_in(client, same).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert User.objects.count() == 1


@pytest.mark.parametrize(("real", "same"), SAME_ADDRESS)
def test_the_database_refuses_a_second_row_for_one_address(db, real, same):
    UserFactory(email=real)

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(same, PASSWORD)
    assert User.objects.get().email == real


@pytest.mark.parametrize(("real", "same"), SAME_ADDRESS)
def test_the_admin_cannot_add_the_other_form_and_sign_ins_keep_working(client, admin_user, real, same):
    UserFactory(email=real)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": same, "full_name": "Second", "password1": "a long pass 2026!", "password2": "a long pass 2026!"},
    )

    assert response.status_code == 200
    assert "Another account already uses this email address." in response.content.decode()
    client.logout()
    assert _sign_in(client, real).status_code == 302  # no MultipleObjectsReturned, no 500
    client.logout()
    assert _sign_in(client, same).status_code == 302


@pytest.mark.parametrize(("real", "same"), SAME_ADDRESS)
def test_failed_sign_ins_count_against_the_one_address_however_it_is_typed(client, db, real, same):
    UserFactory(email=real)
    for _ in range(5):
        _sign_in(client, real, "wrong guess")

    assert _sign_in(client, same, address="192.0.2.44").status_code == 429


@pytest.mark.parametrize(("real", "lookalike"), LOOKALIKES)
def test_a_password_reset_for_a_look_alike_reaches_nobody(
    client, db, mailoutbox, real, lookalike, django_capture_on_commit_callbacks
):
    UserFactory(email=real)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": lookalike})

    assert response.status_code in (200, 302)
    assert [email.to for email in mailoutbox] == []


@pytest.mark.parametrize(("real", "same"), SAME_ADDRESS)
def test_a_password_reset_for_another_form_reaches_the_account(
    client, db, mailoutbox, real, same, django_capture_on_commit_callbacks
):
    UserFactory(email=real)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": same})

    assert [email.to for email in mailoutbox] == [[real]]


@pytest.mark.parametrize("address", ["ana@münchen.de", "ana@пример.рф", "ana@例子.广告", "ana@faß.de"])
def test_real_internationalised_domains_are_accepted(client, db, address):
    assert _sign_up(client, address).status_code == 302
    assert User.objects.get().email == address


def test_stored_addresses_are_rewritten_in_their_canonical_form_by_the_migration(db):
    migration = importlib.import_module("accounts.migrations.0003_compare_canonical_email_addresses")
    kept = UserFactory(email="kept@example.com")
    shouting = UserFactory(email="shouting@example.com")
    lookalike = UserFactory(email="other@example.com")
    # As rows written before: stored as typed, past today's checks.
    User.objects.filter(pk=shouting.pk).update(email="Shouting@EXAMPLE.com")
    User.objects.filter(pk=lookalike.pk).update(email="adm\u0131n@example.com")

    migration.store_canonical_addresses(apps, None)

    assert dict(User.objects.values_list("pk", "email")) == {
        kept.pk: "kept@example.com",
        shouting.pk: "shouting@example.com",
        lookalike.pk: "adm\u0131n@example.com",  # no canonical form: left for an admin, and named on stderr
    }


def test_canonical_forms():
    assert canonical_email("  Ana.Lopez+jobs@Example.COM ") == "ana.lopez+jobs@example.com"
    assert canonical_email("ana@MÜNCHEN.de") == "ana@münchen.de"
