"""Signing up: email, name and password; signed in straight away and sent back where they were going."""

import pytest
from django.urls import reverse

from accounts.forms import EMAIL_UNAVAILABLE
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/account/sign-up/"


def signup_data(**overrides):
    data = {
        "full_name": "Jordan  Rivera",
        "email": "Jordan.Rivera@Example.com",
        "password1": "hand-splint-47-otd",
        "password2": "hand-splint-47-otd",
    }
    data.update(overrides)
    return data


def test_the_signup_url_is_stable():
    assert reverse("accounts:signup") == SIGNUP_URL


def test_signing_up_creates_the_account_and_signs_in(client):
    response = client.post(SIGNUP_URL, signup_data())

    user = User.objects.get()
    assert user.email == "jordan.rivera@example.com"
    assert user.full_name == "Jordan Rivera"
    assert user.check_password("hand-splint-47-otd")
    assert not user.is_staff
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response["Location"] == reverse("applications:profile")


def test_after_signing_up_the_person_returns_to_next(client, posting):
    apply_url = reverse("applications:apply", args=[posting.pk])
    response = client.post(f"{SIGNUP_URL}?next={apply_url}", {**signup_data(), "next": apply_url})
    assert response["Location"] == apply_url


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/jobs/", "javascript:alert(1)"])
def test_an_unsafe_next_is_ignored(client, target):
    response = client.post(SIGNUP_URL, {**signup_data(), "next": target})
    assert response["Location"] == reverse("applications:profile")


def test_the_next_target_is_carried_in_the_form(client, posting):
    apply_url = reverse("applications:apply", args=[posting.pk])
    page = client.get(f"{SIGNUP_URL}?next={apply_url}").content.decode()
    assert f'name="next" value="{apply_url}"' in page
    assert f'href="{reverse("accounts:login")}?next=/jobs/{posting.pk}/apply/"' in page


def test_an_email_already_registered_in_another_case_is_refused_without_saying_so(client):
    UserFactory(email="jordan.rivera@example.com")

    response = client.post(SIGNUP_URL, signup_data(email="JORDAN.RIVERA@example.COM"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "We could not create an account with this email address." in page
    assert "already exists" not in page
    assert User.objects.count() == 1


def test_the_refusal_reads_the_same_as_the_race_loser_sees():
    from accounts.forms import SignUpForm

    UserFactory(email="taken@example.com")
    form = SignUpForm(signup_data(email="Taken@example.com"))
    assert not form.is_valid()
    assert form.errors["email"] == [EMAIL_UNAVAILABLE]


def test_djangos_password_validators_apply(client):
    response = client.post(SIGNUP_URL, signup_data(password1="password", password2="password"))
    page = response.content.decode()
    assert "This password is too common." in page
    assert not User.objects.exists()


def test_a_password_too_like_the_email_is_refused(client):
    response = client.post(
        SIGNUP_URL, signup_data(password1="jordan.rivera@example", password2="jordan.rivera@example")
    )
    assert "too similar" in response.content.decode()


def test_mismatched_passwords_keep_the_name_and_email(client):
    response = client.post(SIGNUP_URL, signup_data(password2="something-else-47"))
    page = response.content.decode()
    assert "The two password fields" in page
    assert 'value="Jordan  Rivera"' in page or 'value="Jordan Rivera"' in page
    assert 'value="Jordan.Rivera@Example.com"' in page
    assert "hand-splint-47-otd" not in page


def test_a_name_is_required(client):
    response = client.post(SIGNUP_URL, signup_data(full_name="   "))
    assert response.status_code == 200
    assert not User.objects.exists()


def test_a_signed_in_person_visiting_sign_up_is_sent_on(client, candidate):
    client.force_login(candidate)
    assert client.get(SIGNUP_URL)["Location"] == reverse("portal:signed_in")


def test_two_sign_ups_racing_for_one_address_end_in_the_same_message(client, monkeypatch):
    """The other sign-up commits after our checks ran: the database constraint refuses ours."""
    from accounts.forms import SignUpForm

    def other_request_commits_first(form):
        UserFactory(email="jordan.rivera@example.com")
        return form.cleaned_data["email"].lower()

    monkeypatch.setattr(SignUpForm, "clean_email", other_request_commits_first)
    monkeypatch.setattr(SignUpForm, "validate_unique", lambda form: None)
    monkeypatch.setattr(SignUpForm, "validate_constraints", lambda form: None, raising=False)

    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 200
    assert "We could not create an account with this email address." in response.content.decode()
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session


def test_every_password_problem_is_reported_at_once(client):
    """Mismatched and weak: both said in one go, not the mismatch first and the rules on the next try."""
    response = client.post(SIGNUP_URL, signup_data(password1="12345", password2="12346"))

    page = response.content.decode()
    assert "The two password fields" in page
    assert "This password is too short." in page
    assert "This password is too common." in page
    assert "This password is entirely numeric." in page
    assert not User.objects.exists()
