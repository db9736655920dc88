"""Sign-in lands each person where they work, unless a `next` says otherwise."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CandidateFactory, HiringManagerFactory, RecruiterFactory, enrolled_authenticator, next_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _no_otp_delay(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _sign_in(user, **extra):
    """Through the pages, as a person does: password, then for staff the authenticator's code; the last redirect."""
    visitor = Client()
    response = visitor.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD, **extra})
    if user.is_staff:
        assert response["Location"] == reverse("accounts:two_factor_verify")
        response = visitor.post(
            reverse("accounts:two_factor_verify"), {"code": next_code(enrolled_authenticator(user))}
        )
    while response.status_code == 302 and response["Location"] == reverse("portal:signed_in"):
        response = visitor.get(response["Location"])
    return response["Location"]


@pytest.mark.parametrize("factory", [HiringManagerFactory, RecruiterFactory])
def test_managers_and_recruiters_land_on_the_workspace(factory):
    user = factory()
    enrolled_authenticator(user)

    assert _sign_in(user) == reverse("hiring:dashboard")


def test_a_candidate_lands_on_their_applications():
    assert _sign_in(CandidateFactory()) == reverse("applications:application_list")


def test_staff_outside_the_hiring_groups_land_in_the_back_office(admin_user):
    staff = CandidateFactory(is_staff=True)
    enrolled_authenticator(staff)

    assert _sign_in(staff) == reverse("admin:index")


def test_a_next_address_wins(posting):
    manager = HiringManagerFactory()
    enrolled_authenticator(manager)
    candidate = CandidateFactory()

    assert _sign_in(manager, next=reverse("postings:board")) == reverse("postings:board")
    assert _sign_in(candidate, next=posting.get_absolute_url()) == posting.get_absolute_url()


def test_a_signed_in_visitor_of_the_sign_in_page_goes_where_they_work(client, candidate):
    client.force_login(candidate)

    response = client.get(reverse("accounts:login"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("applications:application_list")
