"""Resumes in the storage STORAGE_URL names: a folder on this machine's disk, or an S3 bucket every server shares.

The same journeys run against both, the bucket being a real S3 HTTP endpoint on loopback (moto's server):
what one request stores, another reads back; downloads keep their access checks and stream through the site.
"""

import urllib.request
from urllib.error import HTTPError

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from applications.models import Application, CandidateProfile
from tests.applications.apply_helpers import apply_data
from tests.applications.test_apply_emails import stored_files
from tests.factories import PDF_BYTES
from tests.object_storage import local_storage, s3_client, s3_endpoint, s3_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["local", "s3"])
def shared_storage(request, settings, monkeypatch, tmp_path):
    """The site's default storage as STORAGE_URL makes it; the bucket's name for S3."""
    if request.param == "s3":
        config, bucket = s3_storage(monkeypatch)
    else:
        config, bucket = local_storage(monkeypatch, tmp_path), None
    settings.STORAGES = {**settings.STORAGES, "default": config}
    return bucket


@pytest.fixture
def bucket(settings, monkeypatch):
    config, name = s3_storage(monkeypatch)
    settings.STORAGES = {**settings.STORAGES, "default": config}
    return name


def apply(client, posting, candidate, django_capture_on_commit_callbacks, **overrides):
    client.force_login(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:apply", args=[posting.pk]), apply_data(posting, **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(posting=posting, candidate=candidate)


def download(client, user, application):
    client.force_login(user)
    return client.get(reverse("applications:application_resume", args=[application.pk]))


def test_a_resume_sent_with_an_application_is_downloaded_by_the_recruiter(
    client, shared_storage, posting, candidate, recruiter, django_capture_on_commit_callbacks
):
    application = apply(client, posting, candidate, django_capture_on_commit_callbacks)

    response = download(client, recruiter, application)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="Casey Candidate resume.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert len(stored_files()) == 2  # the application's copy and the profile's


def test_the_resume_on_file_is_used_for_the_next_application(
    client, shared_storage, posting, other_posting, candidate, django_capture_on_commit_callbacks
):
    apply(client, posting, candidate, django_capture_on_commit_callbacks)

    second = apply(
        client, other_posting, candidate, django_capture_on_commit_callbacks, resume=None, resume_choice="on_file"
    )

    assert second.resume_name == "Casey Candidate resume.pdf"
    assert second.resume.read() == PDF_BYTES
    assert len(stored_files()) == 3


def test_outsiders_get_404_whatever_the_storage(
    client, shared_storage, posting, candidate, other_candidate, other_manager, django_capture_on_commit_callbacks
):
    application = apply(client, posting, candidate, django_capture_on_commit_callbacks)

    assert download(client, other_candidate, application).status_code == 404
    assert download(client, other_manager, application).status_code == 404


def test_a_file_gone_from_storage_is_a_404_not_an_error(
    client, shared_storage, posting, candidate, recruiter, django_capture_on_commit_callbacks
):
    application = apply(client, posting, candidate, django_capture_on_commit_callbacks)
    default_storage.delete(application.resume.name)

    assert download(client, recruiter, application).status_code == 404


def test_deleting_the_account_removes_its_files_from_storage(
    client, shared_storage, posting, candidate, django_capture_on_commit_callbacks
):
    apply(client, posting, candidate, django_capture_on_commit_callbacks)
    assert len(stored_files()) == 2

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:delete_account"), {"password": "correct horse battery"})

    assert not CandidateProfile.objects.exists()
    assert stored_files() == set()


def test_objects_in_the_bucket_are_encrypted_and_never_public(
    client, bucket, posting, candidate, django_capture_on_commit_callbacks
):
    application = apply(client, posting, candidate, django_capture_on_commit_callbacks)
    key = f"private/{application.resume.name}"

    head = s3_client().head_object(Bucket=bucket, Key=key)
    assert head["ServerSideEncryption"] == "AES256"
    with pytest.raises(HTTPError) as refused:
        urllib.request.urlopen(f"{s3_endpoint()}/{bucket}/{key}", timeout=5)
    assert refused.value.code == 403
    grants = s3_client().get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee")) for grant in grants)


def test_the_download_streams_through_the_site_and_no_page_names_the_bucket(
    client, bucket, posting, candidate, manager, django_capture_on_commit_callbacks
):
    application = apply(client, posting, candidate, django_capture_on_commit_callbacks)

    response = download(client, manager, application)
    applicant_page = client.get(reverse("hiring:applicant", args=[application.pk])).content.decode()

    assert response.status_code == 200 and response.streaming
    assert "Location" not in response
    assert bucket not in applicant_page and s3_endpoint() not in applicant_page
    assert reverse("applications:application_resume", args=[application.pk]) in applicant_page
