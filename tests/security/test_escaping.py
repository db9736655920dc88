"""What a candidate types is shown as text everywhere: their pages, the hiring workspace, the admin, emails, downloads.

One candidate fills every free-text field with markup through the real forms; every page that shows
those values must show them escaped, never as markup. (JSON-LD, the feeds and the CSV's formula
neutralisation have their own tests in tests/postings and tests/manage.)
"""

import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from applications.models import Application, StateLicense
from hiring.models import Note, Scorecard
from tests.applications.apply_helpers import apply_data, pdf_upload

NAME = 'Zoë <script>alert("name")</script>'
CITY = "<i>Austin</i>"
LICENSE = '<svg onload=alert("license")>'
EVIDENCE = '"><img src=x onerror=alert("evidence")>'
LETTER = '</textarea><script>alert("letter")</script>\nSecond line & more'
FILE_NAME = '"><svg onload=alert(1)>.pdf'
NOTE = "<b onmouseover=alert('note')>Call back</b>"
COMMENTS = "<iframe src=//evil.example></iframe>"
TYPED = [NAME, CITY, LICENSE, EVIDENCE, '<script>alert("letter")</script>', "onload=alert(1)>", NOTE, COMMENTS]


def _assert_shown_as_text(response, *must_show):
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    raw = [value for value in TYPED if value in page]
    assert not raw, f"{response.request['PATH_INFO']} shows typed markup unescaped: {raw}"
    for value in must_show:
        assert value in page, f"{response.request['PATH_INFO']} does not show {value!r}"
    return page


@pytest.fixture
def hostile(client, posting, candidate, manager, mailoutbox, django_capture_on_commit_callbacks):
    """`candidate` applies to `posting` with markup in every field a candidate types; a reviewer adds a note and a scorecard."""
    candidate.full_name = NAME
    candidate.save()
    profile = candidate.profile
    profile.city = CITY
    profile.save()
    StateLicense.objects.filter(profile=profile).update(number=LICENSE)
    client.force_login(candidate)
    data = apply_data(posting, cover_letter=LETTER, resume=pdf_upload(FILE_NAME))
    data.update({key: EVIDENCE for key in data if key.startswith("evidence_")})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:apply", args=[posting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get(candidate=candidate)
    Note.objects.create(application=application, author=manager, body=NOTE)
    Scorecard.objects.create(application=application, reviewer=manager, recommendation="yes", comments=COMMENTS)
    client.logout()
    return application


def test_the_candidates_own_pages_show_what_they_typed_as_text(client, hostile, candidate):
    client.force_login(candidate)

    _assert_shown_as_text(client.get(reverse("applications:application_list")), escape(EVIDENCE))
    detail = _assert_shown_as_text(client.get(hostile.get_absolute_url()), "&lt;/textarea&gt;&lt;script&gt;")
    assert "Second line &amp; more" in detail
    _assert_shown_as_text(client.get(reverse("applications:profile")), "&lt;i&gt;Austin&lt;/i&gt;")


def test_an_apply_form_shown_again_keeps_typed_markup_inside_its_fields(client, other_posting, other_candidate):
    client.force_login(other_candidate)
    data = apply_data(other_posting, cover_letter=LETTER, consent=None)
    data.update({key: EVIDENCE for key in data if key.startswith("evidence_")})

    response = client.post(reverse("applications:apply", args=[other_posting.pk]), data)

    page = _assert_shown_as_text(response)
    assert "&quot;&gt;&lt;img src=x onerror=alert(&quot;evidence&quot;)&gt;" in page
    assert "&lt;/textarea&gt;&lt;script&gt;" in page
    assert not Application.objects.filter(candidate=other_candidate).exists()


def test_the_hiring_workspace_shows_candidates_and_reviewers_text_as_text(client, hostile, manager, posting):
    client.force_login(manager)

    _assert_shown_as_text(client.get(reverse("hiring:dashboard")))
    _assert_shown_as_text(client.get(reverse("hiring:pipeline", args=[posting.pk])), "Zoë &lt;script&gt;")
    _assert_shown_as_text(client.get(reverse("hiring:pipeline", args=[posting.pk]), {"q": NAME}), "Zoë &lt;script&gt;")
    page = _assert_shown_as_text(
        client.get(reverse("hiring:applicant", args=[hostile.pk])),
        "&lt;b onmouseover=alert(&#x27;note&#x27;)&gt;",
        "&lt;iframe src=//evil.example&gt;",
        "&lt;svg onload=alert(&quot;license&quot;)&gt;",
    )
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;.pdf" in page  # the resume's file name


def test_the_back_office_shows_what_candidates_typed_as_text(client, hostile, admin_user, candidate):
    client.force_login(admin_user)

    for url in (
        reverse("admin:applications_application_changelist"),
        reverse("admin:applications_application_change", args=[hostile.pk]),
        reverse("admin:applications_candidateprofile_changelist"),
        reverse("admin:applications_candidateprofile_change", args=[candidate.profile.pk]),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[candidate.pk]),
        reverse("admin:applications_outgoingemail_changelist"),
    ):
        _assert_shown_as_text(client.get(url))


def test_emails_are_plain_text_carrying_what_was_typed_verbatim(hostile, mailoutbox):
    assert len(mailoutbox) == 2  # the confirmation and the hiring manager's notice
    for message in mailoutbox:
        # Plain text only: no HTML part a mail client could render the name or the answers in.
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        assert "\n" not in message.subject and "\r" not in message.subject
        # Verbatim, not HTML-escaped: "&lt;" in a plain-text email would be garbage to the reader.
        assert NAME in message.subject + message.body
        assert "&lt;" not in message.body and "&quot;" not in message.body and "&amp;" not in message.body
    confirmation = next(message for message in mailoutbox if message.to == [hostile.candidate.email])
    assert EVIDENCE in confirmation.body


def test_a_resume_download_name_cannot_break_out_of_its_header(client, hostile, manager):
    client.force_login(manager)

    response = client.get(reverse("applications:application_resume", args=[hostile.pk]))

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert '\\"&gt;' not in disposition and "\r" not in disposition and "\n" not in disposition
    assert disposition.split("; ", 1)[1] == 'filename="\\"><svg onload=alert(1)>.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_data_export_is_a_json_download_never_a_page(client, hostile, candidate):
    client.force_login(candidate)

    response = client.get(reverse("applications:data_export"))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    assert data["account"]["full_name"] == NAME
    assert data["applications"][0]["cover_letter"] == LETTER.strip()


def test_the_job_board_shows_rejected_filter_values_as_text(client, posting):
    response = client.get(
        reverse("postings:board"),
        {"role": '<script>alert("role")</script>', "state": "<b>", "q": '"><script>alert("q")</script>', "sort": "<i>"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    for raw in ('<script>alert("role")</script>', '"><script>alert("q")</script>', "<b>", "<i>"):
        assert raw not in page
    assert "&lt;script&gt;alert(&quot;role&quot;)&lt;/script&gt;" in page
