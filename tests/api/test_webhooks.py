"""Webhooks: stored with the change, signed, verified by a real receiver, retried, never sent inside our network."""

import datetime
import http.server
import json
import threading

import pytest
from django.db import transaction
from django.utils import timezone

from api import outbound, tasks, webhooks
from api.models import WebhookDelivery, WebhookEndpoint
from applications.models import Application
from postings.models import JobPosting
from tests.factories import JobPostingFactory, _publish

Event = WebhookEndpoint.Event


class Receiver:
    """An HTTP server on loopback that checks each delivery's signature as the docs tell receivers to."""

    def __init__(self, secret="", answers=(204,)):
        self.secret, self.answers, self.received = secret, list(answers), []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                valid = webhooks.verify(receiver.secret, self.headers.get("OT-Signature", ""), body)
                receiver.received.append({"headers": dict(self.headers), "body": json.loads(body), "valid": valid})
                status = receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
                self.send_response(status if valid else 400)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/ot"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOK_REQUIRE_HTTPS = False
    made = []

    def make(events, answers=(204,)):
        server = Receiver(answers=answers)
        endpoint = WebhookEndpoint.objects.create(name="Onboarding", url=server.url, events=events)
        server.secret = endpoint.secret
        made.append(server)
        return server, endpoint

    yield make
    for server in made:
        server.close()


def test_a_stage_change_is_delivered_signed_to_a_receiver_that_verifies_it(
    receiver, application, manager, django_capture_on_commit_callbacks
):
    server, endpoint = receiver([Event.APPLICATION_STAGE_CHANGED])

    with django_capture_on_commit_callbacks(execute=True):
        application.move_to(Application.Stage.SCREENING, by=manager)

    delivery = WebhookDelivery.objects.get()
    assert [item["valid"] for item in server.received] == [True]
    body = server.received[0]["body"]
    assert body["type"] == "application.stage_changed"
    assert body["data"]["application"]["id"] == application.pk
    assert body["data"]["change"] | {"at": None} == {"from": "submitted", "to": "screening", "at": None}
    assert "candidate" not in json.dumps(body) and application.candidate.email not in json.dumps(body)
    assert server.received[0]["headers"]["OT-Delivery"] == body["id"]
    assert delivery.delivered_at is not None and delivery.last_status == 204
    assert delivery.attempt_log.get().status_code == 204


def test_each_event_reaches_only_the_endpoints_that_want_it(receiver, manager, django_capture_on_commit_callbacks):
    postings_server, _ = receiver([Event.POSTING_PUBLISHED, Event.POSTING_CLOSED])
    applications_server, _ = receiver([Event.APPLICATION_WITHDRAWN])
    draft = JobPostingFactory()

    with django_capture_on_commit_callbacks(execute=True):
        _publish(draft, True)
        draft.close(JobPosting.CloseReason.CANCELLED)

    assert [item["body"]["type"] for item in postings_server.received] == ["posting.published", "posting.closed"]
    assert postings_server.received[1]["body"]["data"]["posting"]["close_reason"] == "cancelled"
    assert applications_server.received == []


def test_a_withdrawal_and_a_submission_are_their_own_events(receiver, application, candidate):
    _, endpoint = receiver([Event.APPLICATION_WITHDRAWN, Event.APPLICATION_STAGE_CHANGED])

    application.withdraw(by=candidate)

    assert list(WebhookDelivery.objects.values_list("event", flat=True)) == ["application.withdrawn"]


def test_a_rolled_back_change_stores_and_sends_nothing(receiver, application, manager):
    server, _ = receiver([Event.APPLICATION_STAGE_CHANGED])

    with pytest.raises(RuntimeError), transaction.atomic():
        application.move_to(Application.Stage.SCREENING, by=manager)
        raise RuntimeError("the request failed after the move")

    assert not WebhookDelivery.objects.exists()
    assert server.received == []


def test_a_receiver_answering_500_gets_retries_at_growing_gaps_until_it_takes_it(
    receiver, application, manager, django_capture_on_commit_callbacks
):
    server, _ = receiver([Event.APPLICATION_STAGE_CHANGED], answers=[500, 500, 204])
    with django_capture_on_commit_callbacks(execute=True):
        application.move_to(Application.Stage.SCREENING, by=manager)
    delivery = WebhookDelivery.objects.get()
    first_gap = delivery.next_attempt_at - delivery.attempt_log.get().at

    assert tasks.send_due_webhooks.call() == 0  # not due yet
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert tasks.send_due_webhooks.call() == 0  # the second 500
    delivery.refresh_from_db()
    second_gap = delivery.next_attempt_at - delivery.attempt_log.last().at
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert tasks.send_due_webhooks.call() == 1

    delivery.refresh_from_db()
    assert [attempt.status_code for attempt in delivery.attempt_log.all()] == [500, 500, 204]
    assert first_gap == datetime.timedelta(minutes=1) and second_gap == datetime.timedelta(minutes=5)
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    assert len({item["body"]["id"] for item in server.received}) == 1  # the same event each time


def test_a_delivery_is_given_up_after_its_last_try_and_can_be_sent_again(
    receiver, application, manager, django_capture_on_commit_callbacks
):
    server, _ = receiver([Event.APPLICATION_STAGE_CHANGED], answers=[503])
    application.move_to(Application.Stage.SCREENING, by=manager)
    delivery = WebhookDelivery.objects.get()
    for _ in range(tasks.MAX_ATTEMPTS):
        WebhookDelivery.objects.filter(next_attempt_at__isnull=False).update(next_attempt_at=timezone.now())
        tasks.send_due_webhooks.call()

    delivery.refresh_from_db()
    assert delivery.attempts == tasks.MAX_ATTEMPTS and delivery.gave_up_at is not None
    server.answers = [200]
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_again(delivery)
    delivery.refresh_from_db()
    assert delivery.delivered_at is not None and delivery.gave_up_at is None


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.0.0.8/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:192.168.1.5]/hook",
        "https://localhost/hook",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False

    with pytest.raises(outbound.UnsafeURL):
        outbound.safe_addresses(url)
    answer = outbound.post(url, b"{}", {})
    assert answer.status_code is None and answer.error.startswith("Refused")


def test_a_name_is_resolved_again_at_send_time(
    settings, application, manager, monkeypatch, django_capture_on_commit_callbacks
):
    """A host that pointed outside when the admin saved it but resolves to loopback now gets nothing."""
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    monkeypatch.setattr(outbound.socket, "getaddrinfo", lambda *args, **kwargs: [(2, 1, 6, "", ("127.0.0.1", 443))])
    WebhookEndpoint.objects.create(
        name="HRIS", url="https://hooks.example.org/ot", events=[Event.APPLICATION_STAGE_CHANGED]
    )

    with django_capture_on_commit_callbacks(execute=True):
        application.move_to(Application.Stage.SCREENING, by=manager)

    attempt = WebhookDelivery.objects.get().attempt_log.get()
    assert attempt.status_code is None and "127.0.0.1" in attempt.error


def test_https_is_required_in_production(settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True

    with pytest.raises(outbound.UnsafeURL, match="https"):
        outbound.check_scheme("http://hooks.example.org/ot")


def test_a_signature_from_another_secret_or_too_old_is_refused():
    body = b'{"id":"1"}'
    header = webhooks.signature_header("whsec_right", body, timestamp=1_000_000)

    assert webhooks.verify("whsec_right", header, body, now=1_000_100)
    assert not webhooks.verify("whsec_wrong", header, body, now=1_000_100)
    assert not webhooks.verify("whsec_right", header, body + b" ", now=1_000_100)
    assert not webhooks.verify("whsec_right", header, body, now=1_000_000 + 301)  # a replay
