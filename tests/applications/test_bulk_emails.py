"""Bulk senders' emails (job alerts, credential expiry notices): one insert whatever their number, bodies stamped."""

import datetime

import pytest
from django.db import connection, transaction
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.emails import BodyStamp, queue_emails
from applications.models import OutgoingEmail
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _emails(count, **extra):
    return [
        {
            "kind": OutgoingEmail.Kind.JOB_ALERT,
            "to": [f"reader{n}@example.org"],
            "subject": f"News  {n}",
            "body": f"B{n}",
        }
        | extra
        for n in range(count)
    ]


def test_every_email_is_stored_as_queue_email_would_store_it(posting, django_capture_on_commit_callbacks):
    application = ApplicationFactory(posting=posting)
    headers = {"List-Unsubscribe": "<https://example.org/u/1>"}
    attachments = [{"filename": "a.ics", "content": "BEGIN:VCALENDAR", "mimetype": "text/calendar"}]
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ids = queue_emails(
            [
                {
                    "kind": OutgoingEmail.Kind.JOB_ALERT,
                    "to": ["a@example.org", "b@example.org"],
                    "subject": "New  postings\nfor you",
                    "body": "Line one\n« quoted » \\1 %s {{ x }}\n",
                    "headers": headers,
                },
                {
                    "kind": OutgoingEmail.Kind.OFFER,
                    "to": ["c@example.org"],
                    "subject": "Offer",
                    "body": "Body",
                    "application": application,
                    "attachments": attachments,
                },
            ]
        )

    first, second = OutgoingEmail.objects.filter(pk__in=ids).order_by("pk")
    assert [first.pk, second.pk] == ids
    assert first.recipients == ["a@example.org", "b@example.org"] and first.subject == "New postings for you"
    assert first.body == "Line one\n« quoted » \\1 %s {{ x }}\n" and first.headers == headers
    assert first.application is None and first.attachments == [] and first.last_error == ""
    assert second.application == application and second.attachments == attachments and second.headers == {}
    assert first.send_after >= before and first.created_at >= before
    # Delivered after commit (the test settings' tasks run at once), in one task.
    assert (
        len(callbacks) == 1
        and first.attempts == second.attempts == 1
        and first.sent_at is not None
        and second.sent_at is not None
    )


def test_the_insert_is_one_query_whatever_the_number_of_emails():
    def queries_for(count):
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            queue_emails(_emails(count))
        return [query["sql"] for query in captured if "outgoingemail" in query["sql"].lower()[:60]]

    small, large = queries_for(2), queries_for(300)

    assert len(small) == len(large) == 1 and OutgoingEmail.objects.count() == 302


def test_an_unconfirmed_address_is_left_out_and_an_email_without_recipients_is_not_stored():
    UserFactory(email="new@example.org", email_verified_at=None)

    with transaction.atomic():
        ids = queue_emails(_emails(1, to=["new@example.org", "old@example.org"]) + _emails(1, to=["new@example.org"]))

    assert [email.recipients for email in OutgoingEmail.objects.filter(pk__in=ids)] == [["old@example.org"]]


def test_among_hundreds_of_recipients_the_unconfirmed_ones_are_still_left_out():
    """Past a hundred addresses the check sends them as one JSON list: the same answer."""
    UserFactory(email="new@example.org", email_verified_at=None)
    UserFactory(email="sure@example.org")
    crowd = [f"person{n}@example.org" for n in range(150)]

    with transaction.atomic():
        ids = queue_emails(_emails(1, to=["new@example.org", "sure@example.org", *crowd]))

    [email] = OutgoingEmail.objects.filter(pk__in=ids)
    assert "new@example.org" not in email.recipients and "sure@example.org" in email.recipients
    assert len(email.recipients) == 151


def test_nothing_to_queue_stores_nothing():
    assert queue_emails([]) == [] and not OutgoingEmail.objects.exists()


def test_a_stamped_body_reads_as_the_template_rendered_for_it(tmp_path, settings):
    source = (
        "{% autoescape off %}Dear {{ name }},\n{{ label }}{% if number %} ({{ number }}){% endif %} expires on "
        "{{ expires_on|date }}{% if days %}, in {{ days }} day{{ days|pluralize }}{% else %}, today{% endif %}. "
        "{{ org }}{% endautoescape %}"
    )
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "stamp_test.txt").write_text(source)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    stamp = BodyStamp("emails/stamp_test.txt", org="Riverbend")
    template = engines["django"].from_string(source)
    day = datetime.date(2027, 3, 1)
    cases = [
        ({"name": "Ann", "label": "TX OT license", "number": "OT-1"}, 0),
        ({"name": "Bo \\1 {{ x }} %s \x01", "label": "CPR/BLS", "number": ""}, 1),
        ({"name": "Cy", "label": "NBCOT certification", "number": "N-9"}, 30),
        ({"name": "Dee", "label": "TX OT license", "number": "OT-2"}, 30),
    ]

    for fields, days in cases:
        expires_on = day + datetime.timedelta(days=days)
        expected = template.render({"org": "Riverbend", "expires_on": expires_on, "days": days, **fields})
        assert stamp.render(fields, expires_on=expires_on, days=days) == expected
    assert len(stamp.shapes) == 3  # Cy and Dee share a shape: one render for both
