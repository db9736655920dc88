"""Job alert workflows across models: making an alert (with its confirmation email) and the scheduled run.

The run (`send_due_alerts`, from `manage.py send_job_alerts`) emails each due
alert the open postings published since it last looked that its search finds,
in one email per alert, through the outbox. Per batch of alerts it runs a fixed
number of queries (the batch, the keyword matches, one insert of emails, one
task, two updates), whatever the number of alerts or postings.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from applications.emails import queue_emails, queue_templated_email
from applications.models import OutgoingEmail
from postings.cards import distance_label
from postings.geo import miles_between
from postings.matching import PostingIndex
from postings.models import JobPosting

from . import tokens
from .models import JobAlert

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# An email lists at most this many postings, newest first, then links to the board for the rest.
MAX_POSTINGS_PER_EMAIL = 20


def create_alert(*, search, name, frequency, user=None, email="", now=None):
    """A job alert for a board search (a valid BoardFilterForm). Raises AlertError when the address may not have one.

    Signed in: the alert goes to the account's address and starts at once.
    Without an account: it waits until the address is confirmed by the link
    emailed now (double opt-in); nothing else is sent before.
    """
    now = now or timezone.now()
    place = search.place
    alert = JobAlert(
        user=user,
        email=user.email if user else email.strip(),
        name=name.strip(),
        criteria=search.criteria,
        summary=summary(search),
        place_label=place.label if place else "",
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        frequency=frequency,
        created_at=now,
        checked_through=now,
    )
    with transaction.atomic():
        if user is None:
            JobAlert.check_address_limits(alert.email)
        else:
            alert.confirmed_at = now
        alert.due_at = alert.next_due(now)
        alert.save()
        if user is None:
            queue_templated_email(
                template_name="job_alert_confirmation",
                kind=OutgoingEmail.Kind.ALERT_CONFIRMATION,
                to=[alert.email],
                context={
                    "alert": alert,
                    "confirm_url": settings.SITE_URL
                    + reverse("alerts:alert_confirm", args=[tokens.confirmation_token(alert)]),
                    "valid_days": JobAlert.CONFIRMATION_VALID.days,
                },
            )
    return alert


def summary(search):
    """The search in words, for the alert's list and its emails: "Senior OT · Texas · within 25 miles of 78701"."""
    parts = [value for _label, value, _rest in search.chosen_filters()]
    return " · ".join(parts) or "Every open position"


@dataclass
class RunReport:
    due: int = 0
    emails: int = 0
    batches: int = 0
    new_postings: int = 0
    expired_confirmations: int = 0


def send_due_alerts(now=None, batch_size=BATCH_SIZE):
    """Email every due alert what is new for it; each alert's clock moves on whether or not it found anything.

    A batch's emails and the alerts' new clocks commit together: a failure
    mid-run leaves the rest of the alerts due for the next run, and no alert
    is emailed twice for the same postings. Two runs at once take different
    batches (rows locked and skipped on PostgreSQL).
    """
    now = now or timezone.now()
    report = RunReport()
    report.expired_confirmations = JobAlert.objects.stale_unconfirmed(now).delete()[0]
    oldest = JobAlert.objects.due(now).aggregate(oldest=Min("checked_through"))["oldest"]
    if oldest is None:
        return report
    index = PostingIndex(JobPosting.objects.open(now=now).filter(published_at__gt=oldest, published_at__lte=now))
    report.new_postings = len(index)
    writer = _AlertEmails(index)
    while True:
        with transaction.atomic():
            batch = list(JobAlert.objects.due(now).select_for_update(skip_locked=True)[:batch_size])
            if not batch:
                break
            index.load_keywords(alert.criteria.get("q", "") for alert in batch)
            emails, emailed = [], []
            for alert in batch:
                found = index.matching(
                    alert.criteria,
                    latitude=alert.latitude,
                    longitude=alert.longitude,
                    published_after=alert.checked_through,
                )
                if found:
                    emails.append(writer.email(alert, found))
                    emailed.append(alert.pk)
            if emails:
                queue_emails(emails)
            JobAlert.objects.filter(pk__in=[alert.pk for alert in batch]).update(
                checked_through=now, due_at=JobAlert.due_after(now)
            )
            if emailed:
                JobAlert.objects.filter(pk__in=emailed).update(last_sent_at=now, emails_sent=F("emails_sent") + 1)
        report.batches += 1
        report.due += len(batch)
        report.emails += len(emails)
    logger.info("Job alerts: %s due, %s emailed, %s new postings", report.due, report.emails, report.new_postings)
    return report


class _AlertEmails:
    """The alert emails of one run: each posting's lines are made once, each email from the same template."""

    def __init__(self, index):
        self.index = index
        self.path = JobPosting.path_maker()
        self.cards = {}
        self.subject = "{count} new OT position{plural}: {name}"
        self.body = get_template("emails/job_alert_body.txt")
        self.site_url = settings.SITE_URL
        self.board_path = reverse("postings:board")
        self.manage_url = settings.SITE_URL + reverse("alerts:alert_list")
        self.unsubscribe_path = reverse("alerts:alert_unsubscribe", args=["TOKEN"])
        self.organization = settings.HIRING_ORGANIZATION["name"]

    def _card(self, posting):
        if posting.pk not in self.cards:
            card = posting.card(self.path)
            card["url"] = self.site_url + card["url"]
            self.cards[posting.pk] = card
        return self.cards[posting.pk]

    def email(self, alert, postings):
        shown = []
        for posting in postings[:MAX_POSTINGS_PER_EMAIL]:
            distance, location = "", posting.location
            if alert.latitude is not None and location.latitude is not None:
                distance = distance_label(
                    miles_between(alert.latitude, alert.longitude, location.latitude, location.longitude)
                )
            shown.append({"card": self._card(posting), "distance": distance})
        unsubscribe_url = self.site_url + self.unsubscribe_path.replace("TOKEN", tokens.unsubscribe_token(alert.pk))
        query = alert.board_query
        body = self.body.render(
            {
                "alert": alert,
                "postings": shown,
                "more": len(postings) - len(shown),
                "count": len(postings),
                "board_url": f"{self.site_url}{self.board_path}{'?' + query if query else ''}",
                "manage_url": self.manage_url if alert.user_id else "",
                "unsubscribe_url": unsubscribe_url,
                "organization": self.organization,
            }
        )
        return {
            "kind": OutgoingEmail.Kind.JOB_ALERT,
            "to": [alert.email],
            "subject": self.subject.format(
                count=len(postings), plural="s" if len(postings) != 1 else "", name=alert.name
            ),
            "body": body,
            # RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs to the link.
            "headers": {
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        }
