"""The profile page: details, credentials, several state licenses and the resume on file."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import CandidateProfile, Specialty, StateLicense
from tests.applications.apply_helpers import docx_bytes, pdf_upload
from tests.applications.test_apply_emails import stored_files
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/account/profile/"


def profile_data(profile, licenses=(), new=None, **overrides):
    """The profile form as the page would post it, with the existing licenses and optionally a new one."""
    data = {
        "full_name": "Casey Q. Candidate",
        "phone": "512-555-0142",
        "city": "Austin",
        "state": "TX",
        "degree": "otd",
        "years_experience": "6",
        "years_leadership": "1",
        "specialties": [Specialty.objects.get(slug="hand-therapy").pk, Specialty.objects.get(slug="neuro-rehab").pk],
        "nbcot_number": "NB7654321",
        "nbcot_status": "active",
        "nbcot_expires_on": "2028-03-31",
        "cpr_bls_expires_on": "2027-01-15",
    }
    rows = list(licenses) + ([new] if new else [])
    data["licenses-TOTAL_FORMS"] = str(len(rows))
    data["licenses-INITIAL_FORMS"] = str(len(licenses))
    data["licenses-MAX_NUM_FORMS"] = "20"
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"licenses-{index}-{key}"] = value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def existing(license, **changes):
    row = {
        "id": license.pk,
        "state": license.state,
        "number": license.number,
        "expires_on": license.expires_on.isoformat(),
    }
    row.update(changes)
    return row


def test_the_profile_url_is_stable():
    assert reverse("applications:profile") == PROFILE_URL


def test_a_new_account_gets_an_empty_profile_to_fill_in(client):
    person = UserFactory(email="new@example.com")
    client.force_login(person)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert CandidateProfile.objects.filter(user=person).exists()
    page = response.content.decode()
    assert "State OT licenses" in page and "Resume on file" in page
    assert "Remove this license" not in page  # nothing to remove yet: only the empty row


def test_saving_stores_details_credentials_and_specialties(client, candidate):
    client.force_login(candidate)
    tx = candidate.profile.licenses.get()

    response = client.post(PROFILE_URL, profile_data(candidate.profile, [existing(tx)]))

    assert response["Location"] == PROFILE_URL
    profile = CandidateProfile.objects.get(user=candidate)
    candidate.refresh_from_db()
    assert candidate.full_name == "Casey Q. Candidate"
    assert (profile.degree, profile.years_experience, profile.years_leadership) == ("otd", 6, 1)
    assert profile.nbcot_expires_on == datetime.date(2028, 3, 31)
    assert profile.cpr_bls_expires_on == datetime.date(2027, 1, 15)
    assert sorted(profile.specialties.values_list("slug", flat=True)) == ["hand-therapy", "neuro-rehab"]


def test_a_second_state_license_can_be_added_and_one_changed(client, candidate):
    client.force_login(candidate)
    tx = candidate.profile.licenses.get()

    client.post(
        PROFILE_URL,
        profile_data(
            candidate.profile,
            [existing(tx, number="OT-TX-99999")],
            new={"state": "CO", "number": "OT-CO-1234", "expires_on": "2027-06-30"},
        ),
    )

    licenses = {lic.state: lic for lic in StateLicense.objects.filter(profile=candidate.profile)}
    assert set(licenses) == {"TX", "CO"}
    assert licenses["TX"].number == "OT-TX-99999"
    assert licenses["CO"].expires_on == datetime.date(2027, 6, 30)


def test_a_license_can_be_removed(client, candidate):
    client.force_login(candidate)
    tx = candidate.profile.licenses.get()
    assert "Remove this license" in client.get(PROFILE_URL).content.decode()

    client.post(PROFILE_URL, profile_data(candidate.profile, [existing(tx, DELETE="on")]))

    assert not StateLicense.objects.filter(profile=candidate.profile).exists()


def test_two_licenses_for_one_state_are_refused_with_a_clear_message(client, candidate):
    client.force_login(candidate)
    tx = candidate.profile.licenses.get()

    response = client.post(
        PROFILE_URL,
        profile_data(
            candidate.profile, [existing(tx)], new={"state": "TX", "number": "OT-TX-2", "expires_on": "2029-01-01"}
        ),
    )

    assert response.status_code == 200
    assert "You already listed a license for this state" in response.content.decode()
    assert StateLicense.objects.filter(profile=candidate.profile).count() == 1


def test_errors_show_next_to_fields_and_keep_what_was_typed(client, candidate):
    client.force_login(candidate)
    tx = candidate.profile.licenses.get()

    response = client.post(
        PROFILE_URL,
        profile_data(
            candidate.profile,
            [existing(tx)],
            new={"state": "CO", "number": "", "expires_on": "2027-06-30"},
            years_experience="2",
            years_leadership="5",
            phone="call me",
            city="Round Rock",
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Years in leadership cannot be more than your years of OT experience." in page
    assert "Enter a phone number" in page
    assert "Please correct the state licenses below (1 line)." in page
    assert "Enter the license number, as on the license." in page
    assert 'value="Round Rock"' in page
    assert 'value="2027-06-30"' in page
    profile = CandidateProfile.objects.get(user=candidate)
    assert profile.city == "Austin"
    assert profile.licenses.count() == 1


def test_an_active_nbcot_needs_its_number(client, candidate):
    client.force_login(candidate)
    response = client.post(
        PROFILE_URL, profile_data(candidate.profile, [existing(candidate.profile.licenses.get())], nbcot_number="")
    )
    assert "Enter your NBCOT number" in response.content.decode()


def test_a_resume_uploaded_on_the_profile_replaces_the_old_file(client, candidate):
    client.force_login(candidate)
    tx = existing(candidate.profile.licenses.get())
    client.post(PROFILE_URL, {**profile_data(candidate.profile, [tx]), "resume_upload": pdf_upload("first.pdf")})
    first = CandidateProfile.objects.get(user=candidate).resume.name

    client.post(
        PROFILE_URL,
        {**profile_data(candidate.profile, [tx]), "resume_upload": SimpleUploadedFile("second.docx", docx_bytes())},
    )

    profile = CandidateProfile.objects.get(user=candidate)
    assert profile.resume_name == "second.docx"
    assert profile.resume.name.endswith(".docx")
    assert profile.resume_uploaded_at is not None
    # The old file goes once the new one is committed (tests run inside one transaction, so on_commit is captured).
    assert first in stored_files()


def test_the_old_resume_file_is_deleted_after_commit(client, candidate, django_capture_on_commit_callbacks):
    client.force_login(candidate)
    tx = existing(candidate.profile.licenses.get())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE_URL, {**profile_data(candidate.profile, [tx]), "resume_upload": pdf_upload("first.pdf")})
    first = CandidateProfile.objects.get(user=candidate).resume.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE_URL, {**profile_data(candidate.profile, [tx]), "resume_upload": pdf_upload("second.pdf")})

    profile = CandidateProfile.objects.get(user=candidate)
    assert stored_files() == {profile.resume.name}
    assert first != profile.resume.name


def test_the_resume_on_file_can_be_removed(client, candidate, django_capture_on_commit_callbacks):
    client.force_login(candidate)
    tx = existing(candidate.profile.licenses.get())
    client.post(PROFILE_URL, {**profile_data(candidate.profile, [tx]), "resume_upload": pdf_upload()})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE_URL, {**profile_data(candidate.profile, [tx]), "remove_resume": "on"})

    profile = CandidateProfile.objects.get(user=candidate)
    assert not profile.resume and profile.resume_name == ""
    assert stored_files() == set()


def test_saving_returns_to_a_safe_next_page_only(client, candidate, posting):
    client.force_login(candidate)
    tx = existing(candidate.profile.licenses.get())
    apply_url = reverse("applications:apply", args=[posting.pk])

    back = client.post(f"{PROFILE_URL}?next={apply_url}", {**profile_data(candidate.profile, [tx]), "next": apply_url})
    evil = client.post(PROFILE_URL, {**profile_data(candidate.profile, [tx]), "next": "https://evil.example.com/"})

    assert back["Location"] == apply_url
    assert evil["Location"] == PROFILE_URL


def test_the_profile_page_needs_sign_in(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "target",
    ["https://evil.example", "//evil.example/path", "javascript:alert(document.cookie)", "http:/\\evil.example"],
)
def test_back_without_saving_never_links_off_the_site(client, candidate, target):
    client.force_login(candidate)

    page = client.get(PROFILE_URL, {"next": target}).content.decode()

    assert "Back without saving" not in page
    assert "evil.example" not in page and "javascript:" not in page


def test_back_without_saving_returns_to_a_page_of_the_site(client, candidate, posting):
    client.force_login(candidate)
    apply_url = reverse("applications:apply", args=[posting.pk])

    page = client.get(PROFILE_URL, {"next": apply_url}).content.decode()

    assert f'href="{apply_url}">Back without saving' in page


def _lines_shown(page):
    """The page before the template of a line the script adds."""
    return page[: page.index('id="license-row-template"')]


def _new(state, number="", expires_on=""):
    """A new license line as the browser posts it (the kind's select always sends its choice)."""
    return {"state": state, "kind": "license", "number": number, "expires_on": expires_on}


def test_a_travelling_ot_adds_several_licenses_in_one_save_and_empty_lines_are_ignored(client, candidate):
    client.force_login(candidate)
    tx = candidate.profile.licenses.get()
    data = profile_data(candidate.profile, [existing(tx)])
    rows = [
        _new("CO", "OT-CO-1", "2027-06-30"),
        _new("AZ", "OT-AZ-2", "2027-07-31"),
        _new("NM", "OT-NM-3", "2028-01-31"),
        _new("", "", ""),
    ]
    for index, row in enumerate(rows, start=1):
        data.update({f"licenses-{index}-{key}": value for key, value in row.items()})
    data["licenses-TOTAL_FORMS"] = str(1 + len(rows))

    response = client.post(PROFILE_URL, data)

    assert response.status_code == 302
    assert sorted(StateLicense.objects.filter(profile=candidate.profile).values_list("state", flat=True)) == [
        "AZ",
        "CO",
        "NM",
        "TX",
    ]


def test_without_javascript_the_page_offers_three_empty_lines_and_the_add_button_waits_for_the_script(
    client, candidate
):
    client.force_login(candidate)

    page = client.get(PROFILE_URL).content.decode()

    assert _lines_shown(page).count("data-license-extra") == 3
    assert 'name="licenses-TOTAL_FORMS" value="4"' in page
    assert "data-add-license hidden" in page
    assert 'id="license-row-template"' in page and "licenses-__prefix__-state" in page


def test_a_half_filled_line_says_what_it_lacks_and_every_line_typed_is_kept(client, candidate):
    client.force_login(candidate)
    tx = candidate.profile.licenses.get()
    data = profile_data(candidate.profile, [existing(tx)])
    for index, row in enumerate([_new("CO", "OT-CO-1", "2027-06-30"), _new("AZ", "", ""), _new("", "OT-9")], start=1):
        data.update({f"licenses-{index}-{key}": value for key, value in row.items()})
    data["licenses-TOTAL_FORMS"] = "4"

    response = client.post(PROFILE_URL, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the state licenses below (2 lines)." in page
    assert "Enter the license number, as on the license." in page
    assert "Enter the expiry date, as on the license." in page
    assert "Choose the state of this license." in page
    assert 'value="OT-CO-1"' in page and 'value="2027-06-30"' in page and 'value="OT-9"' in page
    assert '<option value="AZ" selected>' in page
    # The lines typed are shown, not hidden as empty ones by the script.
    assert _lines_shown(page).count("data-license-extra") == 0
    assert StateLicense.objects.filter(profile=candidate.profile).count() == 1


def test_more_lines_than_the_limit_are_refused_with_a_message(client, candidate):
    client.force_login(candidate)
    data = profile_data(candidate.profile)
    states = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY"]
    states += ["LA", "ME", "MD", "MA"]
    for index, state in enumerate(states):
        data.update({f"licenses-{index}-{key}": value for key, value in _new(state, "N1", "2028-01-31").items()})
    data["licenses-TOTAL_FORMS"] = str(len(states))

    response = client.post(PROFILE_URL, data)

    assert "List at most 20 licenses." in response.content.decode()
    assert StateLicense.objects.filter(profile=candidate.profile).count() == 1
