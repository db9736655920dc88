"""The hire gate: no hire until every required credential is verified active through the start (or assignment end)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, StageError
from hiring import moves
from postings.models import PostingRequirement
from tests.factories import AnsweredReferenceFactory, ReferenceFactory, verify, verify_for_hire
from verification import gate
from verification.credentials import required_credentials
from verification.models import HireOverride, HirePolicy, VerificationError

Stage = Application.Stage
TODAY = timezone.localdate


def _hire(application, by):
    return moves.move(application, Stage.HIRED, by=by, expected_stage=Stage.OFFER)


def test_a_posting_requires_its_states_license_and_nbcot(offer_application):
    required = required_credentials(offer_application)

    assert [(item.credential, item.state) for item in required] == [("license", "TX"), ("nbcot", "")]
    assert "OT-TX-55512" in required[0].claimed


def test_cpr_and_the_degree_are_required_when_the_posting_requires_them(offer_application):
    posting = offer_application.posting
    PostingRequirement.objects.create(
        posting=posting, text="Basic life support", check_kind="cpr_bls", importance="required"
    )
    PostingRequirement.objects.create(
        posting=posting, text="Current BLS card", kind="certification", importance="required"
    )
    PostingRequirement.objects.create(posting=posting, text="OTD", check_kind="doctorate", importance="required")
    PostingRequirement.objects.create(
        posting=posting, text="CPR instructor", kind="qualification", importance="preferred"
    )

    assert [item.credential for item in required_credentials(offer_application)] == [
        "license",
        "nbcot",
        "cpr_bls",
        "degree",
    ]


def test_hiring_is_refused_naming_what_is_missing(offer_application, manager):
    verify(offer_application, "nbcot", by=manager)

    with pytest.raises(StageError) as refused:
        _hire(offer_application, manager)

    assert refused.value.code == "not_verified"
    assert "TX OT license (or compact privilege): not verified yet" in refused.value.messages[0]
    assert "NBCOT" not in refused.value.messages[0]
    offer_application.refresh_from_db()
    assert offer_application.stage == Stage.OFFER


def test_hiring_is_allowed_once_everything_is_verified(offer_application, manager):
    verify_for_hire(offer_application, by=manager)

    _hire(offer_application, manager)

    offer_application.refresh_from_db()
    assert offer_application.stage == Stage.HIRED


def test_a_discrepancy_keeps_the_gate_shut_until_a_newer_check_verifies(offer_application, manager):
    verify_for_hire(offer_application, by=manager)
    verify(offer_application, "nbcot", by=manager, result="discrepancy", expires_on=None)

    with pytest.raises(StageError) as refused:
        _hire(offer_application, manager)
    assert "NBCOT certification: the last check found discrepancy" in refused.value.messages[0]

    verify(offer_application, "nbcot", by=manager)
    _hire(offer_application, manager)
    assert offer_application.stage == Stage.HIRED


def test_a_credential_expiring_before_the_start_date_does_not_pass(offer_application, manager):
    posting = offer_application.posting
    verify_for_hire(offer_application, by=manager, expires_on=posting.start_date - datetime.timedelta(days=1))

    missing = gate.readiness(offer_application).missing

    assert len(missing) == 2 and "before the start date" in missing[0]


def test_a_contract_needs_credentials_valid_through_the_assignment_end(offer_application, manager):
    posting = offer_application.posting
    posting.assignment_weeks = 13
    posting.save()
    end = posting.start_date + datetime.timedelta(weeks=13)
    verify_for_hire(offer_application, by=manager, expires_on=end - datetime.timedelta(days=1))

    assert "before the assignment end" in gate.readiness(offer_application).missing[0]
    verify_for_hire(offer_application, by=manager, expires_on=end)
    assert gate.readiness(offer_application).ready


def test_an_offers_start_date_counts_when_given(offer_application, manager):
    verify_for_hire(offer_application, by=manager, expires_on=TODAY() + datetime.timedelta(days=60))

    assert gate.readiness(offer_application).ready
    assert not gate.readiness(offer_application, start_date=TODAY() + datetime.timedelta(days=90)).ready


def test_a_compact_privilege_for_the_state_stands_for_the_license(offer_application, manager):
    verify(offer_application, "privilege", state="TX", by=manager)
    verify(offer_application, "nbcot", by=manager)

    assert gate.readiness(offer_application).ready


def test_a_license_of_another_state_does_not_count(offer_application, manager):
    verify(offer_application, "license", state="CO", by=manager, source_name="Colorado DORA")
    verify(offer_application, "nbcot", by=manager)

    assert not gate.readiness(offer_application).ready


def test_references_required_by_the_posting_are_part_of_the_gate(offer_application, manager, candidate):
    HirePolicy.objects.create(posting=offer_application.posting, references_required=2)
    verify_for_hire(offer_application, by=manager)
    AnsweredReferenceFactory(candidate=candidate)
    AnsweredReferenceFactory(candidate=candidate, answered_relationship="peer")
    AnsweredReferenceFactory(candidate=candidate, worked_until=TODAY() - datetime.timedelta(days=800))
    ReferenceFactory(candidate=candidate)

    assert gate.readiness(offer_application).missing == [
        "References: 1 of 2 answered by a manager or supervisor within 24 months"
    ]
    AnsweredReferenceFactory(candidate=candidate, answered_relationship="supervisor", worked_until=None)
    assert gate.readiness(offer_application).ready


def test_an_admins_override_opens_the_gate_and_keeps_what_was_missing(offer_application, admin_user, manager):
    override = gate.record_override(offer_application, by=admin_user, reason="Board site down; verified by phone.")

    _hire(offer_application, manager)

    assert offer_application.stage == Stage.HIRED
    assert override.missing_list == [
        "TX OT license (or compact privilege): not verified yet",
        "NBCOT certification: not verified yet",
    ]
    assert HireOverride.objects.get().by == admin_user


@pytest.mark.parametrize(
    "who, reason, code", [("manager", "Fine", "not_admin"), ("admin_user", "  ", "reason_required")]
)
def test_an_override_needs_an_admin_and_a_reason(request, offer_application, who, reason, code):
    with pytest.raises(VerificationError) as refused:
        gate.record_override(offer_application, by=request.getfixturevalue(who), reason=reason)
    assert refused.value.code == code and not HireOverride.objects.exists()


def test_the_applicant_page_says_why_a_hire_is_refused(client, manager, offer_application):
    client.force_login(manager)

    response = client.post(
        reverse("hiring:move", args=[offer_application.pk]),
        {"stage": Stage.HIRED, "expected_stage": Stage.OFFER, "reason": "", "email": "none"},
    )

    assert response.status_code == 400
    assert "Not hired yet: verify first." in response.content.decode()


def test_a_bulk_hire_names_each_applicant_refused(offer_application, manager):
    result = moves.bulk_move(
        [(offer_application, Stage.OFFER)], Stage.HIRED, by=manager, posting=offer_application.posting
    )

    assert result.moved == [] and "not verified yet" in result.refused[0][1]
