"""The reviewers' verification page: what the hire needs, every check, recording one, the admins' override."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from tests.factories import PDF_BYTES, AnsweredReferenceFactory, verify
from tests.hiring.conftest import page_text
from verification.models import HireOverride, VerificationEntry

Stage = Application.Stage
IN_A_YEAR = (timezone.localdate() + datetime.timedelta(days=365)).isoformat()


def _url(application):
    return reverse("verification:application_verification", args=[application.pk])


def _check(**fields):
    return {
        "credential": "license",
        "state": "TX",
        "number": "OT-TX-55512",
        "source": "state_board",
        "source_name": "Texas Board of OT Examiners",
        "result": "verified",
        "reference_number": "TXB-20261202-88",
        "issued_on": "2024-03-01",
        "expires_on": IN_A_YEAR,
        "notes": "",
        **fields,
    }


def test_the_page_lists_what_the_hire_needs_against_the_profile(client, manager, application):
    client.force_login(manager)

    page = page_text(client.get(_url(application)))

    assert "TX OT license (or compact privilege)" in page and "State license OT-TX-55512" in page
    assert "NBCOT certification" in page and "Not verified yet" in page
    assert "Not ready to hire:" in page


def test_a_manager_records_a_license_check_with_evidence(client, manager, recruiter, application):
    client.force_login(manager)

    response = client.post(_url(application), _check(evidence_file=SimpleUploadedFile("board.pdf", PDF_BYTES)))

    assert response.status_code == 302
    entry = VerificationEntry.objects.get()
    assert (entry.verified_by, entry.state, entry.reference_number) == (manager, "TX", "TXB-20261202-88")
    assert entry.expires_on.isoformat() == IN_A_YEAR and entry.evidence_name == "board.pdf"
    client.force_login(recruiter)
    download = client.get(reverse("verification:evidence", args=[entry.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment")
    assert "Texas Board of OT Examiners" in page_text(client.get(_url(application)))


def test_a_past_expiry_is_refused_and_what_was_typed_kept(client, manager, application):
    client.force_login(manager)

    response = client.post(_url(application), _check(expires_on="2020-01-31"))

    assert response.status_code == 400
    page = page_text(response)
    assert "This expiry date has passed" in page and "TXB-20261202-88" in page
    assert not VerificationEntry.objects.exists()


def test_evidence_that_is_not_a_pdf_or_image_is_refused(client, manager, application):
    client.force_login(manager)

    response = client.post(_url(application), _check(evidence_file=SimpleUploadedFile("board.pdf", b"MZ\x90\x00")))

    assert response.status_code == 400 and "is not a PDF, PNG or JPEG" in page_text(response)
    assert not VerificationEntry.objects.exists()


def test_a_newer_check_shows_the_older_one_as_replaced(client, manager, application):
    verify(application, "nbcot", by=manager, result="not_found", expires_on=None, reference_number="")
    verify(application, "nbcot", by=manager)
    client.force_login(manager)

    page = page_text(client.get(_url(application)))

    assert page.count("Replaced by a newer check") == 1 and "Not found" in page


def test_a_hire_is_refused_then_allowed_once_the_page_recorded_every_check(client, manager, offer_application):
    client.force_login(manager)
    hire = {"stage": Stage.HIRED, "expected_stage": Stage.OFFER, "reason": "", "email": "none"}
    move_url = reverse("hiring:move", args=[offer_application.pk])

    refused = client.post(move_url, hire)
    client.post(_url(offer_application), _check())
    client.post(_url(offer_application), _check(credential="nbcot", source="nbcot", source_name="", state=""))
    allowed = client.post(move_url, hire)

    assert refused.status_code == 400 and "NBCOT certification: not verified yet" in page_text(refused)
    assert allowed.status_code == 302
    offer_application.refresh_from_db()
    assert offer_application.stage == Stage.HIRED


def test_an_admins_override_is_recorded_and_shown_in_red(client, admin_user, offer_application):
    client.force_login(admin_user)

    response = client.post(
        reverse("verification:override", args=[offer_application.pk]), {"reason": "Board offline; called them."}
    )

    assert response.status_code == 302
    override = HireOverride.objects.get()
    assert override.by == admin_user and "NBCOT certification: not verified yet" in override.missing
    html = client.get(_url(offer_application)).content.decode()
    assert 'class="alert alert-danger override-record"' in html and "Board offline; called them." in html


def test_only_admins_see_and_may_use_the_override(client, manager, recruiter, offer_application):
    for person in (manager, recruiter):
        client.force_login(person)
        assert "Override (administrators)" not in page_text(client.get(_url(offer_application)))
        response = client.post(reverse("verification:override", args=[offer_application.pk]), {"reason": "Trust me"})
        assert response.status_code == 404
    assert not HireOverride.objects.exists()


def test_an_override_without_a_reason_is_refused(client, admin_user, offer_application):
    client.force_login(admin_user)

    response = client.post(reverse("verification:override", args=[offer_application.pk]), {"reason": " "})

    assert response.status_code == 400 and "Give the reason for the override." in page_text(response)


def test_the_applicant_page_shows_the_references_answers_and_flags_peers(client, manager, application, candidate):
    AnsweredReferenceFactory(candidate=candidate, name="Mina Manager", comments="Excellent with stroke patients.")
    AnsweredReferenceFactory(candidate=candidate, name="Pia Peer", answered_relationship="peer")
    client.force_login(manager)

    page = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))

    assert "Excellent with stroke patients." in page and "Would rehire" in page
    assert page.count("Peer, not a manager or supervisor") == 1
    assert _url(application) in page


def test_evidence_of_another_managers_applicant_is_a_404(client, manager, other_manager, application):
    entry = verify(application, "nbcot", by=manager)
    client.force_login(other_manager)

    assert client.get(reverse("verification:evidence", args=[entry.pk])).status_code == 404
    assert client.post(_url(application), _check()).status_code == 404
