"""References: the candidate names referees, each answers once through a signed, expiring link, without an account."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from applications.models import OutgoingEmail
from tests.factories import AnsweredReferenceFactory, ReferenceFactory
from tests.hiring.conftest import page_text
from verification import references
from verification.models import HirePolicy, Reference

REFEREE = {
    "name": "Dana Director",
    "title": "Director of Rehabilitation",
    "organization": "St. Luke's Hospital",
    "relationship": "manager",
    "email": "dana.director@stlukes.example.org",
    "phone": "",
}
ANSWERS = {
    "answered_relationship": "manager",
    "worked_from": "2023-01-09",
    "worked_until": "",
    "rating_clinical": "5",
    "rating_reliability": "4",
    "rating_teamwork": "5",
    "rating_communication": "4",
    "would_rehire": "yes",
    "comments": "Thorough evaluations, great with families.",
}


@pytest.fixture(autouse=True)
def _sent(monkeypatch):
    """The outbox hands emails to the task queue after commit: run that at once, as a real request's commit would."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda callback, using=None, robust=False: callback())


def _name_referee(client, candidate, **fields):
    client.force_login(candidate)
    return client.post(reverse("verification:reference_list"), REFEREE | fields)


def test_a_candidate_names_a_referee_who_is_emailed_a_link(client, candidate):
    response = _name_referee(client, candidate)

    assert response.status_code == 302
    reference = Reference.objects.get()
    assert reference.candidate == candidate and reference.requested_at is not None
    email = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.REFERENCE_REQUEST)
    assert email.recipients == ["dana.director@stlukes.example.org"] and "Casey Candidate" in email.subject


def test_the_sent_request_keeps_no_copy_of_the_link(client, candidate, mailoutbox):
    _name_referee(client, candidate)

    assert "/references/" in mailoutbox[0].body
    assert "/references/" not in OutgoingEmail.objects.get(kind="reference_request").body


def test_a_bad_referee_form_is_refused_and_what_was_typed_kept(client, candidate):
    response = _name_referee(client, candidate, email="not-an-address")

    assert response.status_code == 400 and "St. Luke&#x27;s Hospital" in response.content.decode()
    assert not Reference.objects.exists()


def test_the_referee_answers_without_an_account_and_the_link_then_is_used(client, candidate, mailoutbox):
    _name_referee(client, candidate)
    link = re.search(r"(/references/\S+/)", mailoutbox[0].body).group(1)
    client.logout()

    form = client.get(link)
    answered = client.post(link, ANSWERS)
    again = client.get(link)

    assert form.status_code == 200 and "A reference for Casey Candidate" in page_text(form)
    assert answered.status_code == 200 and "Thank you" in page_text(answered)
    reference = Reference.objects.get()
    assert reference.is_answered and reference.rating_clinical == 5 and reference.worked_until is None
    assert again.status_code == 410 and "already given" in page_text(again)
    assert client.post(link, ANSWERS | {"comments": "changed"}).status_code == 410
    reference.refresh_from_db()
    assert reference.comments == ANSWERS["comments"]


def test_an_expired_link_says_so(client, candidate, mailoutbox, monkeypatch):
    _name_referee(client, candidate)
    link = re.search(r"(/references/\S+/)", mailoutbox[0].body).group(1)
    later = timezone.now() + references.LINK_VALID + datetime.timedelta(minutes=1)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())

    response = client.get(link)

    assert response.status_code == 410 and "This link has expired." in page_text(response)


def test_a_forged_or_mangled_link_is_not_valid(client, candidate):
    reference = ReferenceFactory(candidate=candidate, link_key="k" * 32)
    forged = signing.TimestampSigner(salt="verification.reference", key="not-the-key").sign_object(
        [reference.pk, "k" * 32]
    )
    other_salt = signing.TimestampSigner(salt="alerts.confirm").sign_object([reference.pk, "k" * 32])

    for token in (forged, other_salt, "garbage", references.link_token(reference)[:-3] + "abc"):
        response = client.get(reverse("verification:reference_answer", args=[token]))
        assert response.status_code == 400 and "This link is not valid." in page_text(response)


def test_sending_again_replaces_the_earlier_link(client, candidate, mailoutbox):
    _name_referee(client, candidate)
    first = re.search(r"(/references/\S+/)", mailoutbox[0].body).group(1)
    Reference.objects.update(requested_at=timezone.now() - datetime.timedelta(days=2))

    client.post(reverse("verification:reference_resend", args=[Reference.objects.get().pk]))
    second = re.search(r"(/references/\S+/)", mailoutbox[1].body).group(1)

    assert client.get(first).status_code == 410 and "A newer link was sent" in page_text(client.get(first))
    assert client.get(second).status_code == 200


def test_sending_again_within_a_day_is_refused(client, candidate):
    _name_referee(client, candidate)

    response = client.post(reverse("verification:reference_resend", args=[Reference.objects.get().pk]), follow=True)

    assert "send the link again tomorrow" in page_text(response)
    assert OutgoingEmail.objects.filter(kind="reference_request").count() == 1


def test_a_referee_form_with_bad_dates_is_refused_with_messages(client, candidate):
    reference = ReferenceFactory(candidate=candidate, link_key="a" * 32)
    url = reverse("verification:reference_answer", args=[references.link_token(reference)])

    response = client.post(
        url, ANSWERS | {"worked_from": "2099-01-01", "worked_until": "2020-01-01", "rating_teamwork": "9"}
    )

    assert response.status_code == 400
    page = page_text(response)
    assert "This date is in the future." in page and "This comes before the start date." in page
    assert "Select a valid choice" in page
    assert not Reference.objects.get().is_answered


def test_the_candidate_sees_who_answered_but_never_the_answers(client, candidate, application):
    AnsweredReferenceFactory(candidate=candidate, name="Mina Manager", comments="Secret praise for reviewers.")
    client.force_login(candidate)

    pages = [
        client.get(reverse("verification:reference_list")),
        client.get(reverse("applications:application_detail", args=[application.pk])),
        client.get(reverse("applications:data_export")),
    ]

    assert "Mina Manager" in page_text(pages[0]) and "Answered" in page_text(pages[0])
    assert all(b"Secret praise" not in page.content for page in pages)


def test_the_list_says_which_openings_ask_for_references(client, candidate, application):
    HirePolicy.objects.create(posting=application.posting, references_required=2)
    client.force_login(candidate)

    page = page_text(client.get(reverse("verification:reference_list")))

    assert "2 references from a manager or supervisor" in page


def test_an_answered_reference_cannot_be_removed_by_the_candidate(client, candidate):
    answered = AnsweredReferenceFactory(candidate=candidate)
    pending = ReferenceFactory(candidate=candidate)
    client.force_login(candidate)

    client.post(reverse("verification:reference_remove", args=[answered.pk]))
    client.post(reverse("verification:reference_remove", args=[pending.pk]))

    assert list(Reference.objects.all()) == [answered]


def test_another_candidates_referee_is_a_404(client, candidate, other_candidate):
    reference = ReferenceFactory(candidate=candidate)
    client.force_login(other_candidate)

    assert client.post(reverse("verification:reference_resend", args=[reference.pk])).status_code == 404
    assert client.post(reverse("verification:reference_remove", args=[reference.pk])).status_code == 404


@pytest.mark.parametrize("count, allowed", [(5, True), (6, False)])
def test_a_candidate_names_at_most_six_referees(client, candidate, count, allowed):
    for _ in range(count):
        ReferenceFactory(candidate=candidate)

    response = _name_referee(client, candidate)

    assert (response.status_code == 302) is allowed
    assert Reference.objects.count() == count + allowed


def test_a_referees_link_never_reaches_the_logs():
    from portal.log_redaction import scrub

    line = scrub('"GET /references/WzEsImFiIl0:1vQ2x:abc-DEF_12/ HTTP/1.1" 200 | "POST /account/references/12/resend/"')

    assert "WzEsImFiIl0" not in line and "/references/[redacted]/" in line
    assert "/account/references/12/resend/" in line
