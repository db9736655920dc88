"""Webhook events: stored with the change that caused them, signed, and sent to each endpoint by the task worker.

The lower apps send signals inside the transaction of each change
(postings.events, applications.signals); the receivers here store one
WebhookDelivery per endpoint that wants the event, in that same transaction,
and ask the worker to send it once the transaction commits. A change that rolls
back leaves no delivery; a delivery stored is sent until the receiver takes it
or the retries run out.

Bodies are thin: ids, stages and times, never a candidate's personal data. A
receiver that needs more asks the API with a key that has the scope for it.

Signature: the header `OT-Signature: t=<unix time>,v1=<hex>` where hex is
HMAC-SHA256(endpoint secret, "<t>.<raw body>"). A receiver recomputes it over
the raw body, compares in constant time, refuses a `t` more than five minutes
away from its clock (replays) and may drop an `OT-Delivery` id it has seen.
"""

import hashlib
import hmac
import json
import time
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from applications.signals import application_submitted, stage_changed, withdrawn
from postings.events import posting_closed, posting_published

from .models import WebhookDelivery, WebhookEndpoint

Event = WebhookEndpoint.Event

SIGNATURE_HEADER = "OT-Signature"
# How far a receiver should let a signature's time be from its own clock.
TOLERANCE_SECONDS = 300


def sign(secret, timestamp, body):
    """The v1 signature of a body (bytes) sent at `timestamp` (whole seconds)."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret, body, timestamp=None):
    timestamp = int(time.time() if timestamp is None else timestamp)
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify(secret, header, body, now=None, tolerance=TOLERANCE_SECONDS):
    """True when `header` signs `body` with `secret` and its time is within `tolerance`: what a receiver does."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(parts.get("v1", ""), sign(secret, timestamp, body))


def encode(payload):
    """The exact bytes sent (and signed)."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def queue(event, data):
    """Store a delivery of `event` for every active endpoint that wants it; send each after commit.

    Call inside the transaction of the change: the rows commit or roll back with it.
    """
    endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(is_active=True) if event in endpoint.events]
    if not endpoints:
        return []
    now = timezone.now()
    deliveries = []
    for endpoint in endpoints:
        payload = {"id": str(uuid.uuid4()), "type": event, "created_at": now.isoformat(), "data": data}
        deliveries.append(
            WebhookDelivery(endpoint=endpoint, event=event, payload=payload, created_at=now, next_attempt_at=now)
        )
    WebhookDelivery.objects.bulk_create(deliveries)

    def send():
        from .tasks import deliver_webhook

        for delivery in deliveries:
            deliver_webhook.enqueue(delivery.pk)

    # robust: a queue failure after commit leaves the row for send_due_webhooks, never fails the change.
    transaction.on_commit(send, robust=True)
    return deliveries


# --- what each event says ------------------------------------------------------------------------


def _site(path):
    return settings.SITE_URL + path


def posting_data(posting):
    return {
        "posting": {
            "id": posting.pk,
            "reference": posting.reference,
            "title": posting.display_title,
            "status": posting.status,
            "close_reason": posting.close_reason,
            "published_at": posting.published_at.isoformat() if posting.published_at else None,
            "closed_at": posting.closed_at.isoformat() if posting.closed_at else None,
            "url": _site(posting.get_absolute_url()),
        }
    }


def application_data(application, change=None):
    data = {
        "application": {
            "id": application.pk,
            "posting_id": application.posting_id,
            "stage": application.stage,
            "submitted_at": application.submitted_at.isoformat(),
            "stage_changed_at": application.stage_changed_at.isoformat(),
        }
    }
    if change is not None:
        data["change"] = {"from": change.from_stage, "to": change.to_stage, "at": change.at.isoformat()}
    return data


def on_posting_published(sender, posting, **kwargs):
    queue(Event.POSTING_PUBLISHED, posting_data(posting))


def on_posting_closed(sender, posting, reason, **kwargs):
    queue(Event.POSTING_CLOSED, posting_data(posting))


def on_application_submitted(sender, application, **kwargs):
    queue(Event.APPLICATION_SUBMITTED, application_data(application))


def on_stage_changed(sender, application, change, **kwargs):
    queue(Event.APPLICATION_STAGE_CHANGED, application_data(application, change))


def on_withdrawn(sender, application, change, **kwargs):
    queue(Event.APPLICATION_WITHDRAWN, application_data(application, change))


def connect_event_receivers():
    posting_published.connect(on_posting_published, dispatch_uid="api_webhook_posting_published")
    posting_closed.connect(on_posting_closed, dispatch_uid="api_webhook_posting_closed")
    application_submitted.connect(on_application_submitted, dispatch_uid="api_webhook_application_submitted")
    stage_changed.connect(on_stage_changed, dispatch_uid="api_webhook_stage_changed")
    withdrawn.connect(on_withdrawn, dispatch_uid="api_webhook_withdrawn")
