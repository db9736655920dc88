"""The footer's pages (privacy, terms, accessibility, contact), the consent linking privacy, and the wording
fixed across the site: one date format, one label for the closing date, a/an, no "None" for no flags."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from demo.data import with_article
from tests.factories import ApplicationFactory, PublishedPostingFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["privacy", "terms", "accessibility", "contact"])
def test_every_page_links_the_footer_pages_which_exist(client, db, name):
    page = client.get("/").content.decode()
    footer = page[page.index("<footer") :]
    assert f'href="{reverse(f"portal:{name}")}"' in footer
    response = client.get(reverse(f"portal:{name}"))
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_the_contact_page_gives_the_address_mail_comes_from(client, db, settings):
    settings.DEFAULT_FROM_EMAIL = "OT Careers <jobs@riverbend.example>"
    assert 'href="mailto:jobs@riverbend.example"' in client.get("/contact/").content.decode()


def test_the_privacy_page_says_how_long_applications_are_kept(client, db, settings):
    settings.RETENTION_DAYS = 400
    assert "400 days after it closes" in client.get("/privacy/").content.decode()


def test_the_apply_forms_consent_and_the_sign_up_link_the_privacy_page(client, candidate, posting):
    assert 'href="/privacy/"' in client.get("/account/sign-up/").content.decode()
    client.force_login(candidate)
    other = PublishedPostingFactory(level=posting.level)
    page = client.get(reverse("applications:apply", args=[other.pk])).content.decode()
    consent = page[page.index('id="consent-heading"') :][:2000]
    assert 'href="/privacy/"' in consent


def test_staff_see_why_they_cannot_apply_instead_of_an_apply_button(client, recruiter, posting):
    client.force_login(recruiter)
    page = client.get(posting.get_absolute_url()).content.decode()
    assert "Apply for this position" not in page
    assert "staff account, which cannot apply" in page


def test_candidates_still_see_the_apply_button(client, candidate, posting):
    client.force_login(candidate)
    assert "Apply for this position" in client.get(posting.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("words", "expected"),
    [("Entry-Level OT", "an Entry-Level OT"), ("Senior OT", "a Senior OT"), ("orthopedic", "an orthopedic")],
)
def test_demo_descriptions_use_a_or_an(words, expected):
    assert with_article(words) == expected


def test_one_date_format_site_wide():
    """Templates write dates with the site's format (`|date`, DATETIME_FORMAT), never a day format of their own."""
    own = re.compile(r"""\|date:["'](?!c["']|Y-m-d["']|Y["']|DATE_FORMAT|DATETIME_FORMAT|SHORT_DATE_FORMAT|M Y["'])""")
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for folder in ("templates", "postings/templates")
        for path in (ROOT / folder).rglob("*.*")
        if path.suffix in (".html", ".txt")
        for match in own.finditer(path.read_text())
    ]
    assert offenders == []


def test_dates_read_the_same_on_the_card_and_the_posting_page(client, posting):
    page = client.get(posting.get_absolute_url()).content.decode()
    card = client.get("/jobs/").content.decode()
    closes = posting.closes_on
    shown = f"{closes:%b} {closes.day}, {closes.year}"
    assert shown in page and shown in card
    assert page.count("Apply by") >= 1 and "Applications close" not in page


def test_no_flags_is_not_written_none_in_the_pipeline(client, manager, posting):
    ApplicationFactory(posting=posting)
    client.force_login(manager)
    page = client.get(reverse("hiring:pipeline", args=[posting.pk])).content.decode()
    assert ">None<" not in page
