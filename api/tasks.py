"""Webhook delivery through Django's tasks framework, with retries at growing gaps.

Like the outbox of emails (applications/tasks.py): the row is stored first,
with the change that caused it, so a receiver that is down delays deliveries
instead of losing them.
"""

import datetime
import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from . import outbound, webhooks
from .models import WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

# Gaps after each failed attempt: about three days in all, then the delivery is given up (and can be sent again
# from the admin). A receiver that is down for a weekend gets everything when it comes back.
RETRY_GAPS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=15),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=3),
    datetime.timedelta(hours=6),
    datetime.timedelta(hours=12),
    datetime.timedelta(hours=24),
    datetime.timedelta(hours=24),
]
MAX_ATTEMPTS = len(RETRY_GAPS) + 1


def retry_delay(attempts):
    """How long to wait after the `attempts`-th failure; None when no try is left."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return RETRY_GAPS[attempts - 1]


@task()
def deliver_webhook(delivery_id):
    """Send one delivery whose time has come, unless it was delivered meanwhile. Returns True when taken."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("endpoint")
            .filter(pk=delivery_id, delivered_at__isnull=True, next_attempt_at__lte=timezone.now())
            .first()
        )
        if delivery is None:
            return False
        body = webhooks.encode(delivery.payload)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "OT-Staffing-Portal-Webhooks/1",
            "OT-Event": delivery.event,
            "OT-Delivery": delivery.payload["id"],
            webhooks.SIGNATURE_HEADER: webhooks.signature_header(delivery.endpoint.secret, body),
        }
        answer = outbound.post(delivery.endpoint.url, body, headers)
        now = timezone.now()
        WebhookAttempt.objects.create(
            delivery=delivery,
            at=now,
            status_code=answer.status_code,
            error=answer.error,
            duration_ms=answer.duration_ms,
        )
        delivery.attempts += 1
        delivery.last_status = answer.status_code
        taken = answer.status_code is not None and 200 <= answer.status_code < 300
        if taken:
            delivery.delivered_at, delivery.next_attempt_at = now, None
        else:
            delay = retry_delay(delivery.attempts)
            if delay is None:
                delivery.gave_up_at, delivery.next_attempt_at = now, None
            else:
                delivery.next_attempt_at = now + delay
                if deliver_webhook.get_backend().supports_defer:
                    retry = deliver_webhook.using(run_after=delivery.next_attempt_at)
                    transaction.on_commit(lambda: retry.enqueue(delivery.pk), robust=True)
            logger.warning(
                "Webhook %s (%s) to %s not taken, attempt %s: %s",
                delivery.pk,
                delivery.event,
                delivery.endpoint.name,
                delivery.attempts,
                answer.error,
            )
        delivery.save(update_fields=["attempts", "last_status", "delivered_at", "next_attempt_at", "gave_up_at"])
        return taken


@task()
def send_due_webhooks():
    """Send every delivery whose next attempt is due. Returns how many receivers took theirs."""
    due = WebhookDelivery.objects.filter(next_attempt_at__lte=timezone.now()).values_list("pk", flat=True)
    return sum(1 for delivery_id in list(due) if deliver_webhook.call(delivery_id))


def send_again(delivery):
    """An admin's "send again": a delivered or given-up delivery goes out once more, with a fresh set of tries."""
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=now, delivered_at=None, gave_up_at=None, attempts=0
    )
    transaction.on_commit(lambda: deliver_webhook.enqueue(delivery.pk), robust=True)
