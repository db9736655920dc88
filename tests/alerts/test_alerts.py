"""Making, confirming, managing and stopping job alerts."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts import tokens
from alerts.models import JobAlert
from applications.models import OutgoingEmail
from tests.factories import JobAlertFactory

NEW = reverse("alerts:alert_create")


def confirmation_link(email):
    return re.search(r"https?://\S+/alerts/confirm/\S+/", email.body).group(0)


# --- Making an alert ------------------------------------------------------------------------------


def test_a_candidate_saves_the_board_search_as_a_daily_alert(client, candidate, catalog):
    client.force_login(candidate)
    query = "role=senior-ot&near=78701&miles=50&q=stroke&sort=newest&page=2"

    page = client.get(f"{NEW}?{query}")
    assert page.context["form"]["name"].value() == "“stroke” · within 50 miles of 78701 (Austin, TX) · Senior OT"
    response = client.post(NEW, {"name": "Stroke rehab near Austin", "frequency": "daily", "query": query})

    assert response.status_code == 302 and response["Location"] == reverse("alerts:alert_list")
    alert = JobAlert.objects.get()
    assert alert.user == candidate and alert.email == candidate.email and alert.is_confirmed
    # What the board accepted, without its order or page; the place is found once, now.
    assert alert.criteria == {"q": "stroke", "near": "78701", "miles": 50, "role": "senior-ot"}
    assert (alert.latitude, alert.longitude) == (30.2713, -97.7426)
    assert alert.board_url == "/jobs/?q=stroke&near=78701&miles=50&role=senior-ot"
    assert not OutgoingEmail.objects.exists()  # no confirmation needed with an account


def test_a_search_the_board_could_not_use_cannot_become_an_alert(client, candidate, catalog):
    client.force_login(candidate)

    response = client.post(NEW, {"name": "Mine", "frequency": "daily", "query": "state=ZZ&near=00000"})

    assert response.status_code == 200
    assert "“ZZ” is not a US state code: showing every state." in response.context["problems"]
    assert "We could not find the ZIP code “00000”. Showing every location." in response.context["problems"]
    assert not JobAlert.objects.exists()


def test_a_visitor_without_account_gets_a_confirmation_link_first(client, catalog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW, {"name": "Pediatrics", "frequency": "weekly", "email": "jo@example.net", "query": "q=pediatric"}
        )

    assert response.status_code == 302 and response["Location"] == "/jobs/?q=pediatric"
    alert = JobAlert.objects.get()
    assert alert.user is None and not alert.is_confirmed
    [email] = mail.outbox
    assert email.to == ["jo@example.net"] and "Confirm your job alert: Pediatrics" in email.subject

    link = confirmation_link(email)
    assert client.get(link).status_code == 200  # asks: a mail scanner opening the link confirms nothing
    assert not JobAlert.objects.get().is_confirmed
    client.post(link)

    alert.refresh_from_db()
    assert alert.is_confirmed and alert.checked_through == alert.confirmed_at


def test_a_confirmation_link_expires_after_a_week_and_cannot_be_forged(client, db, monkeypatch):
    alert = JobAlertFactory(confirmed_at=None)
    token = tokens.confirmation_token(alert)

    assert client.get(reverse("alerts:alert_confirm", args=[token + "x"])).status_code == 404
    assert (
        client.get(reverse("alerts:alert_confirm", args=[f"{alert.pk + 1}:{token.split(':', 1)[1]}"])).status_code
        == 404
    )
    later = timezone.now() + datetime.timedelta(days=8)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    assert client.post(reverse("alerts:alert_confirm", args=[token])).status_code == 404
    alert.refresh_from_db()
    assert not alert.is_confirmed


def test_an_address_is_limited_in_alerts_and_in_waiting_confirmations(client, catalog):
    for _ in range(JobAlert.MAX_UNCONFIRMED_PER_ADDRESS):
        JobAlertFactory(email="jo@example.net", confirmed_at=None)

    response = client.post(NEW, {"name": "More", "frequency": "daily", "email": "JO@example.net", "query": ""})

    assert "confirmation links that are not used yet" in response.content.decode()
    assert JobAlert.objects.count() == JobAlert.MAX_UNCONFIRMED_PER_ADDRESS
    assert response.context["form"]["email"].value() == "JO@example.net"  # nothing typed is lost

    JobAlert.objects.update(confirmed_at=timezone.now())
    for _ in range(JobAlert.MAX_PER_ADDRESS - JobAlert.MAX_UNCONFIRMED_PER_ADDRESS):
        JobAlertFactory(email="jo@example.net")
    response = client.post(NEW, {"name": "More", "frequency": "daily", "email": "jo@example.net", "query": ""})
    assert "already has 10 job alerts" in response.content.decode()


def test_one_client_address_cannot_sign_up_strangers_without_end(client, catalog):
    for n in range(10):
        client.post(NEW, {"name": "A", "frequency": "daily", "email": f"person{n}@example.net", "query": ""})

    response = client.post(NEW, {"name": "A", "frequency": "daily", "email": "one.more@example.net", "query": ""})

    assert response.status_code == 429
    assert JobAlert.objects.count() == 10


def test_the_form_says_what_is_missing(client, catalog):
    response = client.post(NEW, {"name": "", "frequency": "hourly", "email": "not-an-address", "query": ""})

    errors = response.context["form"].errors
    assert set(errors) == {"name", "frequency", "email"}
    assert not JobAlert.objects.exists()


# --- Managing alerts ------------------------------------------------------------------------------


def test_a_candidate_renames_and_makes_weekly_their_own_alert(client, candidate):
    alert = JobAlertFactory(user=candidate, email=candidate.email)
    client.force_login(candidate)

    client.post(reverse("alerts:alert_edit", args=[alert.pk]), {"name": "Renamed", "frequency": "weekly"})

    alert.refresh_from_db()
    assert (alert.name, alert.frequency) == ("Renamed", "weekly")


def test_another_candidates_alert_is_404_to_change_or_delete(client, candidate, other_candidate):
    alert = JobAlertFactory(user=candidate, email=candidate.email)
    client.force_login(other_candidate)

    assert (
        client.post(reverse("alerts:alert_edit", args=[alert.pk]), {"name": "Mine", "frequency": "daily"}).status_code
        == 404
    )
    assert client.post(reverse("alerts:alert_delete", args=[alert.pk])).status_code == 404
    assert JobAlert.objects.get().name == alert.name


def test_a_candidate_deletes_their_alert(client, candidate):
    alert = JobAlertFactory(user=candidate, email=candidate.email)
    client.force_login(candidate)

    client.post(reverse("alerts:alert_delete", args=[alert.pk]))

    assert not JobAlert.objects.exists()


def test_the_alert_list_shows_only_my_alerts_in_a_fixed_number_of_queries(
    client, candidate, other_candidate, django_assert_num_queries
):
    JobAlertFactory(user=other_candidate, email=other_candidate.email, name="Not mine")
    client.force_login(candidate)
    JobAlertFactory(user=candidate, email=candidate.email, name="Mine 0")
    with django_assert_num_queries(3):  # session, user, alerts
        client.get(reverse("alerts:alert_list"))
    for n in range(1, 9):
        JobAlertFactory(user=candidate, email=candidate.email, name=f"Mine {n}")
    with django_assert_num_queries(3):
        response = client.get(reverse("alerts:alert_list"))

    html = response.content.decode()
    assert html.count("Mine ") == 9 * 4  # heading and three link labels each
    assert "Not mine" not in html


# --- Unsubscribing --------------------------------------------------------------------------------


def test_the_unsubscribe_link_asks_then_stops_the_alert(client, db):
    alert = JobAlertFactory()
    link = reverse("alerts:alert_unsubscribe", args=[tokens.unsubscribe_token(alert.pk)])

    assert "Stop this job alert?" in client.get(link).content.decode()
    assert JobAlert.objects.exists()
    response = client.post(link)

    assert "You are unsubscribed" in response.content.decode()
    assert not JobAlert.objects.exists()
    assert "already stopped" in client.get(link).content.decode()


def test_a_mail_programs_one_click_post_needs_no_csrf_token(db):
    alert = JobAlertFactory()
    browserless = Client(enforce_csrf_checks=True)

    response = browserless.post(
        reverse("alerts:alert_unsubscribe", args=[tokens.unsubscribe_token(alert.pk)]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not JobAlert.objects.exists()


def test_an_unsubscribe_link_cannot_be_forged_or_turned_to_another_alert(client, db):
    mine, other = JobAlertFactory(), JobAlertFactory()
    token = tokens.unsubscribe_token(mine.pk)
    signature = token.split(":", 1)[1]

    assert client.post(reverse("alerts:alert_unsubscribe", args=[f"{other.pk}:{signature}"])).status_code == 404
    assert client.post(reverse("alerts:alert_unsubscribe", args=[str(other.pk)])).status_code == 404
    # A confirmation link (another salt) is no unsubscribe link either.
    assert client.post(reverse("alerts:alert_unsubscribe", args=[tokens.confirmation_token(other)])).status_code == 404
    assert JobAlert.objects.count() == 2


# --- The board and the home page ------------------------------------------------------------------


def test_the_board_offers_its_search_as_an_alert(client, posting):
    html = client.get("/jobs/", {"state": "TX", "near": "Austin, TX"}).content.decode()
    assert 'href="/alerts/new/?near=Austin%2C+TX&amp;miles=25&amp;state=TX"' in html


def test_the_home_page_search_box_lands_on_the_board(client, posting):
    html = client.get("/").content.decode()
    assert 'action="/jobs/"' in html and 'name="q"' in html and 'name="near"' in html

    response = client.get("/jobs/", {"q": "", "near": "78701"})
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == 1


@pytest.fixture(autouse=True)
def _clear_throttles():
    from django.core.cache import cache

    cache.clear()
