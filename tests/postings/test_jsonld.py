import datetime
import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from postings.models import JobPosting
from tests.factories import LocationFactory, PublishedPostingFactory

SCRIPT = re.compile(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', re.S)


def job_posting_json(response):
    scripts = SCRIPT.findall(response.content.decode())
    assert len(scripts) == 1, "expected exactly one JSON-LD block"
    nonce, text = scripts[0]
    return nonce, json.loads(text)


@pytest.fixture
def posting_with_everything(catalog, settings):
    settings.SITE_URL = "https://jobs.example.org"
    settings.HIRING_ORGANIZATION = {
        "name": "Riverbend Health",
        "url": "https://www.riverbend.example",
        "logo": "https://jobs.example.org/static/img/logo.svg",
    }
    return PublishedPostingFactory(
        level=catalog["senior-ot"],
        title="Senior Occupational Therapist",
        location=LocationFactory(
            facility_name="Riverbend Medical Center", street="400 Main St", city="Austin", state="TX", zip_code="78701"
        ),
        employment_type=JobPosting.EmploymentType.PER_DIEM,
        salary_min=Decimal("45.50"),
        salary_max=Decimal("58"),
        salary_unit=JobPosting.SalaryUnit.HOUR,
        closes_on=datetime.date(2099, 6, 30),
        description="Acute care.\nWeekends rotate.",
    )


def test_open_posting_carries_every_required_google_property(client, posting_with_everything):
    posting = posting_with_everything

    _, data = job_posting_json(client.get(posting.get_absolute_url()))

    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Senior Occupational Therapist"
    assert data["description"].startswith("<p>Acute care.<br>Weekends rotate.</p>")
    assert data["datePosted"] == timezone.localtime(posting.published_at).date().isoformat()
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Riverbend Health",
        "sameAs": "https://www.riverbend.example",
        "url": "https://www.riverbend.example",
        "logo": "https://jobs.example.org/static/img/logo.svg",
    }
    assert data["jobLocation"]["@type"] == "Place"
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "400 Main St",
        "addressLocality": "Austin",
        "addressRegion": "TX",
        "postalCode": "78701",
        "addressCountry": "US",
    }


def test_script_tag_carries_the_pages_csp_nonce(client, posting_with_everything):
    response = client.get(posting_with_everything.get_absolute_url())

    nonce, _ = job_posting_json(response)
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


def test_open_posting_carries_the_recommended_properties(client, posting_with_everything, catalog):
    posting = posting_with_everything

    _, data = job_posting_json(client.get(posting.get_absolute_url()))

    assert data["validThrough"].startswith("2099-06-30T23:59:59")
    assert data["employmentType"] == "PER_DIEM"
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 45.5, "maxValue": 58, "unitText": "HOUR"},
    }
    assert data["directApply"] is True
    assert data["identifier"] == {"@type": "PropertyValue", "name": "Riverbend Health", "value": posting.reference}
    assert data["educationRequirements"] == {
        "@type": "EducationalOccupationalCredential",
        "credentialCategory": "postgraduate degree",
    }
    assert data["experienceRequirements"] == {
        "@type": "OccupationalExperienceRequirements",
        "monthsOfExperience": catalog["senior-ot"].min_years_experience * 12,
    }
    assert data["occupationalCategory"] == "29-1122.00 Occupational Therapists"
    assert data["url"] == f"https://jobs.example.org{posting.get_absolute_url()}"


@pytest.mark.parametrize(
    ("choice", "google"),
    [
        ("full_time", "FULL_TIME"),
        ("part_time", "PART_TIME"),
        ("per_diem", "PER_DIEM"),
        ("contract", "CONTRACTOR"),
        ("travel", "CONTRACTOR"),
        ("temporary", "TEMPORARY"),
    ],
)
def test_employment_type_uses_googles_values(client, catalog, choice, google):
    posting = PublishedPostingFactory(level=catalog["mid-level-ot"], employment_type=choice)
    _, data = job_posting_json(client.get(posting.get_absolute_url()))
    assert data["employmentType"] == google


def test_yearly_salary_and_a_single_figure(client, catalog):
    posting = PublishedPostingFactory(
        level=catalog["mid-level-ot"], salary_min=Decimal("90000"), salary_max=Decimal("90000")
    )
    _, data = job_posting_json(client.get(posting.get_absolute_url()))
    assert data["baseSalary"]["value"] == {"@type": "QuantitativeValue", "value": 90000, "unitText": "YEAR"}


def test_hidden_salary_is_left_out(client, catalog):
    posting = PublishedPostingFactory(level=catalog["mid-level-ot"], show_salary=False)
    _, data = job_posting_json(client.get(posting.get_absolute_url()))
    assert "baseSalary" not in data


def test_no_experience_requirement_for_new_graduates_and_no_valid_through_without_a_closing_date(client, catalog):
    posting = PublishedPostingFactory(level=catalog["entry-level-ot"], closes_on=None)
    assert catalog["entry-level-ot"].min_years_experience == 0

    _, data = job_posting_json(client.get(posting.get_absolute_url()))

    assert "experienceRequirements" not in data
    assert "validThrough" not in data


def test_description_lists_responsibilities_and_requirements_as_html(client, posting_with_everything, catalog):
    _, data = job_posting_json(client.get(posting_with_everything.get_absolute_url()))

    description = data["description"]
    assert "<h3>Responsibilities</h3><ul><li>" in description
    assert f"<li>{catalog['senior-ot'].responsibilities.first().text}</li>" in description
    assert "<h3>Required</h3>" in description


def test_script_breaking_text_cannot_escape_the_json_ld_block(client, catalog):
    evil = '</script><script>alert("x")</script><!-- & -->'
    posting = PublishedPostingFactory(
        level=catalog["mid-level-ot"],
        title=f"OT {evil}",
        description=f"Great team. {evil}",
        location=LocationFactory(facility_name=f"Clinic {evil}", city="Austin"),
    )

    response = client.get(posting.get_absolute_url())

    page = response.content.decode()
    block = page[page.index('<script type="application/ld+json"') :]
    block = block[: block.index("</script>")]
    assert "<script>" not in block and "</" not in block.split(">", 1)[1]
    _, data = job_posting_json(response)
    assert data["title"] == f"OT {evil}"  # the text survives intact once parsed
    assert data["jobLocation"]["name"] == f"Clinic {evil}"
    # HTML in the description is escaped as text, so it cannot become markup either.
    assert "&lt;/script&gt;" in data["description"]
    assert '<script>alert("x")' not in page


@pytest.mark.parametrize("state", ["closed", "expired"])
def test_closed_or_expired_postings_carry_no_json_ld(client, catalog, state):
    posting = PublishedPostingFactory(level=catalog["mid-level-ot"])
    if state == "closed":
        posting.close("filled")
    else:
        JobPosting.objects.filter(pk=posting.pk).update(closes_on=datetime.date(2000, 1, 1))
    assert "application/ld+json" not in client.get(posting.get_absolute_url()).content.decode()


# --- Telehealth and hybrid ------------------------------------------------------------------------


def test_a_telehealth_posting_is_marked_remote_for_the_state_where_patients_are(client, catalog):
    posting = PublishedPostingFactory(
        level=catalog["senior-ot"],
        work_mode=JobPosting.WorkMode.TELEHEALTH,
        location=LocationFactory(city="Denver", state="CO", zip_code="80202"),
    )

    _, data = job_posting_json(client.get(posting.get_absolute_url()))

    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "State", "name": "Colorado"}
    # Google asks remote jobs to say so in their description; the employer's place stays as jobLocation.
    assert "fully remote telehealth position, with patients in Colorado" in data["description"]
    assert data["jobLocation"]["address"]["addressRegion"] == "CO"


@pytest.mark.parametrize("mode", [JobPosting.WorkMode.ON_SITE, JobPosting.WorkMode.HYBRID])
def test_on_site_and_hybrid_postings_are_not_marked_remote(client, catalog, mode):
    # Google: TELECOMMUTE is for jobs done remotely all the time, never for partly remote ones.
    posting = PublishedPostingFactory(level=catalog["senior-ot"], work_mode=mode)

    _, data = job_posting_json(client.get(posting.get_absolute_url()))

    assert "jobLocationType" not in data
    assert "applicantLocationRequirements" not in data
    assert "remote" not in data["description"]
