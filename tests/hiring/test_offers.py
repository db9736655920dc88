"""Offers: draft, approval when the pay asks for it, send, and the candidate's answer leading to Hired."""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, OutgoingEmail
from hiring import offers
from hiring.models import HiringEvent, Offer, OfferLetterTemplate
from hiring.offers import OfferError
from tests.factories import verify_for_hire

from .conftest import page_text

Stage = Application.Stage


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def interviewed(application, manager):
    """`application` after its interviews, its credentials verified for the hire."""
    for stage in (Stage.SCREENING, Stage.INTERVIEW):
        application.move_to(stage, by=manager)
    verify_for_hire(application, by=manager)
    return application


def terms(**changes):
    values = {
        "start_date": days(30),
        "employment_type": "full_time",
        "schedule": "Mon–Fri",
        "pay_rate": Decimal("85000"),
        "pay_unit": "year",
        "expires_on": days(7),
        "letter_template": OfferLetterTemplate.objects.get(name="Standard offer"),
    }
    return values | changes


def test_the_letter_writes_its_dates_as_the_site_does_and_keeps_each_sentence_on_one_line(interviewed, manager):
    from django.utils.formats import date_format

    letter = offers.render_letter(offers.draft(interviewed, by=manager, **terms()))

    assert f"Start date: {date_format(days(30))}\n" in letter
    assert f"decline it by {date_format(days(7))}." in letter
    assert "the position requires.\n" in letter


def test_an_offer_within_the_range_is_sent_and_the_application_moves_to_offer(interviewed, manager):
    offer = offers.draft(interviewed, by=manager, **terms())
    assert not offer.needs_approval

    offers.send(offer, by=manager)

    offer.refresh_from_db()
    interviewed.refresh_from_db()
    assert offer.status == Offer.Status.SENT and interviewed.stage == Stage.OFFER
    assert "$85,000.00 per year" in offer.letter
    email = interviewed.emails.get(kind=OutgoingEmail.Kind.OFFER_LETTER)
    assert "/account/offers/" in email.body


def test_pay_above_the_range_needs_a_recruiters_approval_before_it_can_be_sent(interviewed, manager, recruiter):
    offer = offers.draft(interviewed, by=manager, **terms(pay_rate=Decimal("99000")))
    assert offer.needs_approval and "outside the posting's range" in offer.approval_reason
    with pytest.raises(OfferError) as error:
        offers.send(offer, by=manager)
    assert error.value.code == "needs_approval"

    offers.submit_for_approval(offer, by=manager)
    assert interviewed.emails.get(kind=OutgoingEmail.Kind.OFFER_APPROVAL).recipients == [recruiter.email]
    with pytest.raises(OfferError) as error:
        offers.decide(offer, by=manager, approve=True)
    assert error.value.code == "not_approver"
    offers.decide(offer, by=recruiter, approve=True, note="Market rate for hand therapy")
    offers.send(offer, by=manager)

    offer.refresh_from_db()
    assert (offer.status, offer.decided_by, offer.decision_note) == ("sent", recruiter, "Market rate for hand therapy")
    kinds = list(HiringEvent.objects.filter(application=interviewed).values_list("kind", flat=True))
    assert kinds == ["offer_drafted", "offer_submitted", "offer_approved", "offer_sent"]


def test_pay_above_the_ceiling_needs_approval_even_inside_the_range(interviewed, manager, settings):
    settings.OFFER_APPROVAL_CEILING = 80000
    offer = offers.draft(interviewed, by=manager, **terms())
    assert offer.needs_approval and "above $80,000" in offer.approval_reason


def test_a_refusal_needs_a_reason_and_sends_the_offer_back_to_draft_changes(interviewed, manager, recruiter):
    offer = offers.draft(interviewed, by=manager, **terms(pay_rate=Decimal("60000")))
    offers.submit_for_approval(offer, by=manager)
    with pytest.raises(OfferError):
        offers.decide(offer, by=recruiter, approve=False)
    offers.decide(offer, by=recruiter, approve=False, note="Below what we pay staff OTs")

    offer.refresh_from_db()
    assert offer.status == Offer.Status.APPROVAL_REFUSED
    offer = offers.update(offer, by=manager, pay_rate=Decimal("82000"))
    assert offer.status == Offer.Status.DRAFT and not offer.needs_approval


def test_accepting_moves_the_application_to_hired_and_keeps_the_terms(interviewed, manager, candidate):
    offer = offers.send(offers.draft(interviewed, by=manager, **terms()), by=manager)

    offers.accept(offer, by=candidate)

    offer.refresh_from_db()
    interviewed.refresh_from_db()
    assert interviewed.stage == Stage.HIRED
    assert offer.accepted_terms["pay"] == "$85,000.00 per year"
    assert interviewed.history.last().reason == "Offer accepted"
    notice = interviewed.emails.get(kind=OutgoingEmail.Kind.OFFER_ANSWER)
    assert manager.email in notice.recipients and "close it from its pipeline" in notice.body


def test_an_expired_offer_can_no_longer_be_accepted(interviewed, manager, candidate):
    offer = offers.send(offers.draft(interviewed, by=manager, **terms(expires_on=days(1))), by=manager)
    Offer.objects.filter(pk=offer.pk).update(expires_on=days(-1))
    offer.refresh_from_db()

    with pytest.raises(OfferError) as error:
        offers.accept(offer, by=candidate)
    assert error.value.code == "expired"
    interviewed.refresh_from_db()
    assert interviewed.stage == Stage.OFFER


def test_no_offer_is_sent_until_the_credentials_are_verified(application, manager):
    for stage in (Stage.SCREENING, Stage.INTERVIEW):
        application.move_to(stage, by=manager)
    offer = offers.draft(application, by=manager, **terms())

    with pytest.raises(OfferError) as error:
        offers.send(offer, by=manager)
    assert error.value.code == "not_verified"


def test_declining_needs_a_reason_and_records_it_for_the_reports(interviewed, manager, candidate):
    offer = offers.send(offers.draft(interviewed, by=manager, **terms()), by=manager)
    with pytest.raises(OfferError):
        offers.decline(offer, by=candidate, reason=" ")
    offers.decline(offer, by=candidate, reason="Accepted a job closer to home")

    offer.refresh_from_db()
    assert (offer.status, offer.decline_reason) == ("declined", "Accepted a job closer to home")
    assert Offer.objects.filter(status="declined", answered_at__isnull=False).count() == 1


def test_one_open_offer_per_application(interviewed, manager):
    offers.draft(interviewed, by=manager, **terms())
    with pytest.raises(OfferError) as error:
        offers.draft(interviewed, by=manager, **terms())
    assert error.value.code == "open_offer"


def test_a_travel_offer_shows_its_weekly_breakdown(interviewed, manager):
    offer = offers.draft(
        interviewed,
        by=manager,
        **terms(
            employment_type="travel",
            pay_rate=Decimal("2400"),
            pay_unit="week",
            taxable_hourly_rate=Decimal("28"),
            weekly_housing_stipend=Decimal("900"),
            weekly_meals_stipend=Decimal("380"),
            guaranteed_hours=36,
            assignment_weeks=13,
        ),
    )
    assert offer.weekly_breakdown()[-1] == "Total a week: $2,288.00"
    assert "Housing stipend: $900.00 a week" in offers.render_letter(offer)


# --- Pages ------------------------------------------------------------------------------------------


def test_the_manager_drafts_and_sends_from_the_pages_and_the_candidate_accepts(client, interviewed, manager, candidate):
    client.force_login(manager)
    data = {key: value for key, value in terms().items() if key != "letter_template"}
    data |= {"letter_template": OfferLetterTemplate.objects.get().pk, "start_date": days(30).isoformat()}
    data |= {"expires_on": days(7).isoformat()}
    response = client.post(reverse("hiring:draft_offer", args=[interviewed.pk]), data)
    offer = Offer.objects.get(application=interviewed)
    assert response["Location"] == reverse("hiring:offer", args=[offer.pk])
    client.post(reverse("hiring:offer", args=[offer.pk]), {"action": "send"})

    client.force_login(candidate)
    path = urlsplit(offers.candidate_link(offer)).path
    assert "Accept the offer" in page_text(client.get(path))
    pdf = client.get(path + "letter.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-1.4")
    client.post(path, {"action": "accept"})

    interviewed.refresh_from_db()
    assert interviewed.stage == Stage.HIRED
    assert "You accepted this offer" in page_text(client.get(path))


def test_bad_offer_input_keeps_what_was_typed(client, interviewed, manager):
    client.force_login(manager)
    response = client.post(
        reverse("hiring:draft_offer", args=[interviewed.pk]),
        {"start_date": days(-3).isoformat(), "pay_rate": "abc", "schedule": "Four tens", "employment_type": "travel"},
    )
    assert response.status_code == 400
    page = page_text(response)
    assert "The start date is in the past." in page and 'value="Four tens"' in page
    assert not Offer.objects.exists()


def test_the_offer_link_works_only_for_its_candidate(client, interviewed, manager, other_candidate):
    offer = offers.send(offers.draft(interviewed, by=manager, **terms()), by=manager)
    client.force_login(other_candidate)
    assert client.get(urlsplit(offers.candidate_link(offer)).path).status_code == 404


def test_the_candidates_data_download_holds_their_offers(client, interviewed, manager, candidate):
    offers.send(offers.draft(interviewed, by=manager, **terms()), by=manager)
    client.force_login(candidate)

    (offer,) = client.get("/account/my-data/").json()["offers"]
    assert offer["pay"] == "$85,000.00 per year" and offer["status"] == "Sent to the candidate"
