"""Applying to a posting: the form, the stored application, and every way it can be refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Answer, Application, CandidateProfile
from postings.models import JobPosting
from tests.applications.apply_helpers import apply_data, pdf_upload
from tests.factories import ApplicationFactory, CandidateFactory, JobPostingFactory, PublishedPostingFactory

pytestmark = pytest.mark.django_db


def apply_url(posting):
    return reverse("applications:apply", args=[posting.pk])


def test_apply_url_is_the_one_postings_link_to(posting):
    assert apply_url(posting) == f"/jobs/{posting.pk}/apply/"


def test_anonymous_visitor_is_sent_to_sign_in_and_offered_sign_up_with_the_same_next(client, posting):
    response = client.get(apply_url(posting))

    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url == f"{reverse('accounts:login')}?next=/jobs/{posting.pk}/apply/"
    page = client.get(login_url)
    assert f'href="{reverse("accounts:signup")}?next=/jobs/{posting.pk}/apply/"' in page.content.decode()


def test_signing_in_returns_the_visitor_to_the_same_form(client, posting, candidate):
    response = client.post(
        reverse("accounts:login"),
        {"username": "candidate@example.com", "password": "correct horse battery", "next": apply_url(posting)},
    )
    assert response["Location"] == apply_url(posting)
    assert client.get(apply_url(posting)).status_code == 200


def test_the_form_lists_every_requirement_required_ones_first(client, candidate):
    posting = PublishedPostingFactory(
        requirements=[
            ("Hand therapy certification (CHT)", "preferred"),
            ("Texas OT license", "required"),
            ("Spanish speaker", "preferred"),
            ("Two years in inpatient rehab", "required"),
        ]
    )
    client.force_login(candidate)

    page = client.get(apply_url(posting)).content.decode()

    texts = [item.text for item in posting.requirements.all()]
    assert len(texts) == 4
    positions = {text: page.index(text) for text in texts}
    required = [item.text for item in posting.requirements.all() if item.is_required]
    preferred = [item.text for item in posting.requirements.all() if not item.is_required]
    assert max(positions[text] for text in required) < min(positions[text] for text in preferred)
    for item in posting.requirements.all():
        assert f'name="meets_{item.pk}"' in page
        assert f'name="evidence_{item.pk}"' in page
    assert 'name="consent"' in page and 'name="source"' in page and 'type="file"' in page


def test_the_whole_flow_stores_the_application_answers_and_resume(client, posting, candidate):
    client.force_login(candidate)
    required = next(item for item in posting.requirements.all() if item.is_required)

    response = client.post(apply_url(posting), apply_data(posting, meets=lambda item: item.pk != required.pk))

    application = Application.objects.get(posting=posting, candidate=candidate)
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.stage == Application.Stage.SUBMITTED
    assert application.source == "job_board"
    assert application.cover_letter == "I have spent four years in inpatient rehab."
    assert application.consented_at is not None
    assert application.resume_name == "Casey Candidate resume.pdf"
    assert application.resume.name.startswith("resumes/") and application.resume.name.endswith(".pdf")
    assert "Casey" not in application.resume.name
    answers = {answer.requirement_id: answer for answer in Answer.objects.filter(application=application)}
    assert set(answers) == {item.pk for item in posting.requirements.all()}
    assert answers[required.pk].meets is False
    assert answers[required.pk].evidence == f"Evidence for {required.text}"
    assert application.knockouts == 1


def test_the_candidate_sees_submitted_never_the_verdict(client, posting, candidate):
    client.force_login(candidate)
    response = client.post(apply_url(posting), apply_data(posting, meets=False), follow=True)

    page = response.content.decode()
    assert "Your application is submitted" in page
    assert "Submitted — we have your application" in page
    for reviewer_words in ("knockout", "Required item not met", "Match score", "match_score", "flag"):
        assert reviewer_words not in page


def test_an_uploaded_resume_is_kept_on_the_profile_when_asked(client, posting, candidate):
    client.force_login(candidate)
    client.post(apply_url(posting), apply_data(posting))

    profile = CandidateProfile.objects.get(user=candidate)
    application = Application.objects.get(candidate=candidate)
    assert profile.resume_name == "Casey Candidate resume.pdf"
    # Two copies: changing the profile later never changes what was sent.
    assert profile.resume.name != application.resume.name


def test_the_resume_on_file_can_be_reused(client, posting, other_posting, candidate):
    client.force_login(candidate)
    client.post(apply_url(posting), apply_data(posting))

    page = client.get(apply_url(other_posting)).content.decode()
    assert "Use my resume on file: Casey Candidate resume.pdf" in page
    response = client.post(apply_url(other_posting), apply_data(other_posting, resume=None, resume_choice="on_file"))

    second = Application.objects.get(posting=other_posting, candidate=candidate)
    assert response.status_code == 302
    assert second.resume_name == "Casey Candidate resume.pdf"
    assert second.resume.read().startswith(b"%PDF-")


def test_choosing_upload_without_a_file_is_an_error_next_to_the_file_field(client, posting, other_posting, candidate):
    client.force_login(candidate)
    client.post(apply_url(posting), apply_data(posting))

    response = client.post(apply_url(other_posting), apply_data(other_posting, resume=None, resume_choice="upload"))

    assert response.status_code == 200
    assert "Choose your resume file (PDF or Word)." in response.content.decode()
    assert not Application.objects.filter(posting=other_posting).exists()


def test_an_invalid_form_keeps_everything_typed_and_asks_for_the_file_again(client, posting, candidate):
    client.force_login(candidate)
    first, second = posting.requirements.all()[:2]
    data = apply_data(posting, consent=None, cover_letter="Four years of neuro rehab & hand therapy.")
    data[f"meets_{second.pk}"] = "no"
    data[f"evidence_{first.pk}"] = "TX license 55512, expires 2027"
    del data[f"meets_{first.pk}"]

    response = client.post(apply_url(posting), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert "Answer yes or no." in page
    assert "We can only consider your application if you agree to this." in page
    assert "Four years of neuro rehab &amp; hand therapy." in page
    assert 'value="TX license 55512, expires 2027"' in page
    assert f'value="no" class="form-check-input" id="id_meets_{second.pk}_1" required checked' in page
    assert f'id="id_meets_{first.pk}_0" required aria-invalid="true"' in page
    assert '<option value="job_board" selected>' in page
    assert "Choose your resume file again." in page


def test_a_second_submit_shows_the_existing_application(client, posting, candidate):
    client.force_login(candidate)
    client.post(apply_url(posting), apply_data(posting))
    application = Application.objects.get()

    response = client.post(apply_url(posting), apply_data(posting), follow=True)

    assert response.redirect_chain[-1][0] == application.get_absolute_url()
    assert "You applied to this opening on" in response.content.decode()
    assert Application.objects.count() == 1


def test_visiting_the_form_again_after_applying_shows_the_application(client, application, candidate):
    client.force_login(candidate)
    response = client.get(apply_url(application.posting))
    assert response["Location"] == application.get_absolute_url()


def test_a_closed_posting_says_so_and_shows_no_form(client, posting, candidate):
    posting.close("filled")
    client.force_login(candidate)

    response = client.get(apply_url(posting))

    assert response.status_code == 410
    page = response.content.decode()
    assert "This opening is closed" in page
    assert '<form method="post" enctype' not in page
    assert client.post(apply_url(posting), apply_data(posting)).status_code == 410
    assert not Application.objects.exists()


def test_a_posting_past_its_closing_date_takes_no_applications(client, candidate):
    posting = PublishedPostingFactory()
    JobPosting.objects.filter(pk=posting.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(candidate)

    assert client.get(apply_url(posting)).status_code == 410


def test_a_posting_closing_while_the_form_is_open_refuses_the_submit(client, posting, candidate):
    client.force_login(candidate)
    client.get(apply_url(posting))
    posting.close("cancelled")

    response = client.post(apply_url(posting), apply_data(posting))

    assert response.status_code == 410
    assert not Application.objects.exists()


def test_a_draft_posting_is_not_found(client, candidate):
    draft = JobPostingFactory()
    client.force_login(candidate)
    assert client.get(apply_url(draft)).status_code == 404


def test_a_staff_account_is_refused_with_a_message(client, posting, manager):
    client.force_login(manager)

    response = client.post(apply_url(posting), apply_data(posting))

    assert response.status_code == 403
    assert "Staff accounts cannot apply" in response.content.decode()
    assert not Application.objects.exists()


def test_an_incomplete_profile_is_pointed_out_with_a_link_back(client, posting):
    newcomer = CandidateFactory(
        email="new.grad@example.com",
        profile__degree="",
        profile__nbcot_status="",
        profile__cpr_bls_expires_on=None,
        profile__licenses=[],
    )
    client.force_login(newcomer)

    page = client.get(apply_url(posting)).content.decode()

    # What reviewers will see as not given, each with what to add (the posting checks none of it itself).
    assert "Add your Texas OT license (or compact privilege) to your profile." in page
    assert "Add your NBCOT certification to your profile." in page
    assert "Add the expiry date of your CPR/BLS card to your profile." in page
    assert f'href="{reverse("applications:profile")}?next=/jobs/{posting.pk}/apply/"' in page


def test_a_candidate_without_any_profile_can_apply(client, posting):
    from tests.factories import UserFactory

    person = UserFactory(email="bare@example.com")
    client.force_login(person)

    response = client.post(apply_url(posting), apply_data(posting))

    application = Application.objects.get(candidate=person)
    assert response["Location"] == application.get_absolute_url()
    # Nothing on file is not known, never "expired" or "not active".
    assert application.flag_license_not_given and application.flag_nbcot_not_given and application.flag_cpr_not_given
    assert not (application.flag_no_state_license or application.flag_nbcot_not_active or application.flag_cpr_expired)


def test_an_uploaded_name_with_folders_is_stored_without_them(client, posting, candidate):
    client.force_login(candidate)
    client.post(apply_url(posting), apply_data(posting, resume=pdf_upload(name="../../etc/passwd.pdf")))

    application = Application.objects.get()
    assert application.resume_name == "passwd.pdf"
    assert ".." not in application.resume.name


def test_the_factory_application_matches_what_the_form_stores(application):
    # The cast's application has answers for every requirement, like a real one.
    assert application.answers.count() == application.posting.requirements.count()


def test_other_candidates_applying_do_not_block_each_other(client, posting, candidate, other_candidate):
    ApplicationFactory(posting=posting, candidate=other_candidate)
    client.force_login(candidate)

    response = client.post(apply_url(posting), apply_data(posting))

    assert response.status_code == 302
    assert Application.objects.filter(posting=posting).count() == 2


def test_a_resume_on_file_that_went_missing_asks_for_an_upload_instead_of_failing(
    client, posting, other_posting, candidate
):
    client.force_login(candidate)
    client.post(apply_url(posting), apply_data(posting))
    profile = CandidateProfile.objects.get(user=candidate)
    profile.resume.storage.delete(profile.resume.name)

    response = client.post(apply_url(other_posting), apply_data(other_posting, resume=None, resume_choice="on_file"))

    assert response.status_code == 200
    assert "We could not read the resume on your profile." in response.content.decode()
    assert not Application.objects.filter(posting=other_posting).exists()


@pytest.mark.parametrize("extra_requirements, licenses", [(0, 1), (12, 5)])
def test_the_form_runs_the_same_queries_however_many_requirements_and_licenses(
    client, extra_requirements, licenses, django_assert_num_queries
):
    posting = PublishedPostingFactory(
        requirements=[(f"Item {n}", "required" if n % 2 else "preferred") for n in range(extra_requirements)]
    )
    today = timezone.localdate()
    states = ["TX", "CA", "NY", "FL", "WA"][:licenses]
    candidate = CandidateFactory(
        profile__licenses=[(state, f"OT-{state}", today + datetime.timedelta(days=400)) for state in states]
    )
    client.force_login(candidate)

    # session, user, posting, an earlier application, profile, licenses, requirements
    # 8: the profile's specialties are read once for the checks.
    with django_assert_num_queries(8):
        response = client.get(apply_url(posting))

    assert response.status_code == 200
    assert len(response.context["form"].requirement_rows) == posting.requirements.count() >= extra_requirements
