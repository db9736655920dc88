"""The scheduled run: each due alert gets the new postings its search finds, once, through the outbox."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts import tokens
from alerts.models import JobAlert
from alerts.services import send_due_alerts
from applications.models import OutgoingEmail
from applications.tasks import send_due_emails
from postings import geo
from postings.models import JobPosting
from tests.factories import JobAlertFactory, LocationFactory, PublishedPostingFactory


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def alert_emails():
    return list(OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.JOB_ALERT).order_by("pk"))


def near(zip_code, miles=25):
    place = geo.zip_place(zip_code)
    return {"criteria": {"near": zip_code, "miles": miles}, "latitude": place.latitude, "longitude": place.longitude}


@pytest.fixture
def new_postings(catalog):
    """Published 30 minutes ago: a senior stroke-rehab opening in Austin and an entry-level school one in Denver."""
    return {
        "austin": PublishedPostingFactory(
            level=catalog["senior-ot"],
            title="Senior OT, Stroke Rehab",
            description="Inpatient stroke rehabilitation with a hand therapy clinic.",
            location=LocationFactory(city="Austin", state="TX", zip_code="78701"),
            published=hours_ago(0.5),
        ),
        "denver": PublishedPostingFactory(
            level=catalog["entry-level-ot"],
            title="School-Based OT",
            description="Pediatric caseload in elementary schools.",
            location=LocationFactory(city="Denver", state="CO", zip_code="80202"),
            work_mode=JobPosting.WorkMode.HYBRID,
            published=hours_ago(0.5),
        ),
    }


def test_an_alert_gets_only_the_postings_published_since_it_last_looked(new_postings, catalog):
    PublishedPostingFactory(title="Old Opening", published=hours_ago(5))
    alert = JobAlertFactory(checked_through=hours_ago(1))

    send_due_alerts()

    [email] = alert_emails()
    assert "Senior OT, Stroke Rehab" in email.body and "School-Based OT" in email.body
    assert "Old Opening" not in email.body
    assert email.subject == "2 new OT positions: Every OT opening"
    assert email.recipients == [alert.email]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"role": "senior-ot"}, ["Senior OT, Stroke Rehab"]),
        ({"state": "CO"}, ["School-Based OT"]),
        ({"mode": "hybrid"}, ["School-Based OT"]),
        ({"q": "stroke"}, ["Senior OT, Stroke Rehab"]),
        ({"q": "pediatric schools", "state": "CO"}, ["School-Based OT"]),
        ({"role": "senior-ot", "state": "CO"}, []),
        ({"q": "aquatic"}, []),
    ],
)
def test_an_alert_gets_only_the_postings_its_search_finds(new_postings, criteria, expected):
    JobAlertFactory(criteria=criteria)

    send_due_alerts()

    found = [
        title
        for email in alert_emails()
        for title in ("Senior OT, Stroke Rehab", "School-Based OT")
        if title in email.body
    ]
    assert found == expected


def test_an_alert_near_a_zip_code_gets_only_what_is_within_its_radius(new_postings):
    JobAlertFactory(**near("78664", 25))  # Round Rock: Austin is 17 miles away, Denver 800

    send_due_alerts()

    [email] = alert_emails()
    assert "Senior OT, Stroke Rehab" in email.body and "17 miles away" in email.body
    assert "School-Based OT" not in email.body


def test_nothing_is_sent_when_there_is_nothing_new_and_the_clock_still_moves(catalog):
    PublishedPostingFactory(published=hours_ago(5))
    alert = JobAlertFactory(checked_through=hours_ago(1))

    report = send_due_alerts()

    assert alert_emails() == [] and report.emails == 0 and report.due == 1
    alert.refresh_from_db()
    assert alert.checked_through > hours_ago(0.1)
    assert alert.due_at > timezone.now() + datetime.timedelta(hours=22)
    assert alert.last_sent_at is None


def test_a_second_run_sends_nothing_twice(new_postings):
    JobAlertFactory()
    send_due_alerts()
    assert len(alert_emails()) == 1

    # Even when it is due again (a day later), the same postings are not new any more.
    JobAlert.objects.update(due_at=hours_ago(0.1))
    send_due_alerts()

    assert len(alert_emails()) == 1


def test_daily_and_weekly_alerts_are_due_at_their_own_pace(new_postings):
    now = timezone.now()
    daily = JobAlertFactory(frequency=JobAlert.Frequency.DAILY)
    weekly = JobAlertFactory(frequency=JobAlert.Frequency.WEEKLY)

    send_due_alerts(now=now)
    daily.refresh_from_db()
    weekly.refresh_from_db()
    assert daily.due_at == now + datetime.timedelta(days=1) - JobAlert.DUE_SLACK
    assert weekly.due_at == now + datetime.timedelta(days=7) - JobAlert.DUE_SLACK

    later = PublishedPostingFactory(title="Tomorrow's Opening", published=now + datetime.timedelta(hours=12))
    # A day later (a few minutes early, as cron may be): the daily alert is due, the weekly one is not.
    send_due_alerts(now=now + datetime.timedelta(days=1, minutes=-5))
    emails = alert_emails()
    assert [email.to for email in emails].count(daily.email) == 2
    assert [email.to for email in emails].count(weekly.email) == 1
    assert later.display_title in emails[-1].body

    # A week later the weekly alert gets everything published since its last email.
    send_due_alerts(now=now + datetime.timedelta(days=7))
    assert later.display_title in alert_emails()[-1].body and alert_emails()[-1].to == weekly.email


def test_an_unconfirmed_alert_gets_nothing(new_postings):
    JobAlertFactory(confirmed_at=None)

    send_due_alerts()

    assert alert_emails() == []


def test_unconfirmed_alerts_expire_after_a_week(db):
    JobAlertFactory(confirmed_at=None, created_at=timezone.now() - datetime.timedelta(days=8))
    waiting = JobAlertFactory(confirmed_at=None, created_at=timezone.now() - datetime.timedelta(days=2))

    report = send_due_alerts()

    assert report.expired_confirmations == 1
    assert list(JobAlert.objects.all()) == [waiting]


def test_a_posting_closed_before_the_run_is_not_sent(new_postings):
    new_postings["denver"].close(JobPosting.CloseReason.FILLED)
    JobAlertFactory()

    send_due_alerts()

    [email] = alert_emails()
    assert "School-Based OT" not in email.body


def test_every_alert_email_has_a_one_click_unsubscribe(new_postings, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://jobs.example.org"
    alert = JobAlertFactory()

    with django_capture_on_commit_callbacks(execute=True):
        send_due_alerts()

    [email] = alert_emails()
    link = f"https://jobs.example.org/alerts/unsubscribe/{tokens.unsubscribe_token(alert.pk)}/"
    assert email.headers == {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    assert link in email.body
    sent = mail.outbox[-1]
    assert sent.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert sent.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_email_lists_twenty_postings_and_links_to_the_rest(catalog):
    for n in range(23):
        PublishedPostingFactory(title=f"Opening {n:02d}", published=hours_ago(0.5))
    JobAlertFactory(criteria={"state": "TX"})

    send_due_alerts()

    [email] = alert_emails()
    assert email.subject.startswith("23 new OT positions")
    assert email.body.count("/jobs/") == 21  # twenty postings and the search
    assert "…and 3 more." in email.body
    assert "/jobs/?state=TX" in email.body


def test_a_mail_outage_delays_alert_emails_without_losing_or_repeating_them(
    new_postings, monkeypatch, django_capture_on_commit_callbacks
):
    JobAlertFactory()

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_alerts()
    [email] = alert_emails()
    assert email.sent_at is None and email.attempts == 1

    monkeypatch.undo()
    OutgoingEmail.objects.update(send_after=timezone.now())
    send_due_emails.call()
    JobAlert.objects.update(due_at=hours_ago(0.1))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_alerts()

    [email] = alert_emails()
    assert email.sent_at is not None
    assert len([m for m in mail.outbox if "Stroke Rehab" in m.body]) == 1


def test_a_failure_mid_run_keeps_the_rest_of_the_alerts_due(new_postings, monkeypatch):
    first, second = JobAlertFactory(), JobAlertFactory()
    calls = []

    def fail_on_second_batch(emails):
        calls.append(len(emails))
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return original(emails)

    from alerts import services

    original = services.queue_emails
    monkeypatch.setattr(services, "queue_emails", fail_on_second_batch)
    with pytest.raises(RuntimeError):
        send_due_alerts(batch_size=1)

    # The first batch committed (its email and its clock), the second rolled back whole.
    assert [email.to for email in alert_emails()] == [first.email]
    assert JobAlert.objects.due().get() == second

    monkeypatch.setattr(services, "queue_emails", original)
    send_due_alerts(batch_size=1)
    assert sorted(email.to for email in alert_emails()) == sorted([first.email, second.email])


def test_a_run_costs_a_fixed_number_of_queries_per_batch(new_postings, settings):
    # Deliveries are the task queue's (one task per batch): left queued here, so only the run is counted.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    kinds = [{}, {"q": "stroke"}, {"q": "schools"}, {"state": "CO"}, near("78701")["criteria"]]
    place = geo.zip_place("78701")

    def run_with(alerts):
        JobAlert.objects.all().delete()
        for n in range(alerts):
            criteria = kinds[n % len(kinds)]
            extra = {"latitude": place.latitude, "longitude": place.longitude} if "near" in criteria else {}
            JobAlertFactory(criteria=criteria, **extra)
        with CaptureQueriesContext(connection) as context:
            report = send_due_alerts(batch_size=10)
        assert report.emails > 0
        return len(context.captured_queries)

    one, two, five = run_with(10), run_with(20), run_with(50)

    per_batch = two - one
    assert five - one == 4 * per_batch
    # The batch, the keyword matches (PostgreSQL), one insert of emails, one task, two updates, the savepoints.
    assert per_batch <= 8
