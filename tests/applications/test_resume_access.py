"""Who may download a resume: its owner and the staff who may review that application; 404 for anyone else."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import PDF_BYTES, HiringManagerFactory

pytestmark = pytest.mark.django_db


def resume_url(application):
    return reverse("applications:application_resume", args=[application.pk])


def download(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_the_url_is_the_one_the_workspace_links_to(application):
    assert resume_url(application) == f"/resumes/applications/{application.pk}/"


def test_the_owner_downloads_their_resume_as_an_attachment(client, application, candidate):
    response = download(client, candidate, resume_url(application))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="resume.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_another_candidate_gets_404(client, application, other_candidate):
    assert download(client, other_candidate, resume_url(application)).status_code == 404


def test_the_postings_hiring_manager_may_download(client, application, manager):
    assert download(client, manager, resume_url(application)).status_code == 200


def test_the_manager_of_another_posting_gets_404(client, application, other_manager):
    assert download(client, other_manager, resume_url(application)).status_code == 404


def test_a_recruiter_may_download_any_resume(client, application, recruiter):
    assert download(client, recruiter, resume_url(application)).status_code == 200


def test_an_admin_may_download(client, application, admin_user):
    assert download(client, admin_user, resume_url(application)).status_code == 200


def test_an_anonymous_visitor_is_sent_to_sign_in(client, application):
    response = download(client, None, resume_url(application))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={resume_url(application)}"


def test_a_manager_who_lost_staff_access_gets_404(client, application, manager):
    manager.is_staff = False
    manager.save()
    assert download(client, manager, resume_url(application)).status_code == 404


def test_staff_outside_the_hiring_groups_get_404(client, application, posting):
    clerk = HiringManagerFactory(email="clerk@example.com")
    clerk.groups.clear()
    posting.hiring_managers.add(clerk)
    assert download(client, clerk, resume_url(application)).status_code == 404


def test_an_unknown_application_is_404(client, candidate):
    assert download(client, candidate, "/resumes/applications/999999/").status_code == 404


def test_a_file_missing_from_storage_is_404_not_an_error(client, application, candidate):
    application.resume.storage.delete(application.resume.name)
    assert download(client, candidate, resume_url(application)).status_code == 404


def test_a_name_with_quotes_cannot_break_the_download_header(client, application, candidate):
    application.resume_name = 'cv"; filename="evil.html.pdf'
    application.save()
    response = download(client, candidate, resume_url(application))
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert 'filename="evil.html.pdf"' not in response["Content-Disposition"]


# --- The resume on the profile ----------------------------------------------------------------------


def test_a_candidate_downloads_the_resume_on_their_profile(client, candidate):
    profile = candidate.profile
    profile.resume.save("resume.pdf", ContentFile(PDF_BYTES), save=False)
    profile.resume_name = "Casey 2026.pdf"
    profile.save()

    response = download(client, candidate, reverse("applications:profile_resume"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Casey 2026.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_without_a_resume_on_file_the_profile_download_is_404(client, candidate):
    assert download(client, candidate, reverse("applications:profile_resume")).status_code == 404


def test_the_profile_download_only_ever_serves_ones_own_resume(client, candidate, other_candidate):
    profile = candidate.profile
    profile.resume.save("resume.pdf", ContentFile(PDF_BYTES), save=False)
    profile.save()
    assert download(client, other_candidate, reverse("applications:profile_resume")).status_code == 404
