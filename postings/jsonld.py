"""schema.org JobPosting structured data for Google for Jobs.

Google reads the JSON-LD block on each open posting's page. Required: title,
description, datePosted, hiringOrganization, jobLocation; the recommended
properties are added wherever the posting has the data for them.
"""

import datetime
import html
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

# SOC code and title of the occupation (O*NET-SOC 2019), which Google matches jobs on.
OCCUPATIONAL_CATEGORY = "29-1122.00 Occupational Therapists"

# The same escapes Django's json_script uses: "<", ">" and "&" as \u escapes, so
# no text ("</script>", "<!--") can end or confuse the script element. Line and
# paragraph separators are escaped too; older JavaScript parsers choke on them.
# Applied with str.replace: str.translate with a dict costs about a millisecond on a posting's JSON.
_ESCAPES = [
    ("<", "\\u003C"),
    (">", "\\u003E"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
]


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def _number(amount):
    """Decimal pay as a JSON number: 45.5 stays 45.5, 85000.00 becomes 85000."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def items_html(heading, texts):
    """<h3>heading</h3><ul><li>…</li></ul> with every text escaped; "" for no texts.

    Plain joins rather than format_html(): the Indeed feed writes thousands of these per request.
    """
    if not texts:
        return ""
    return f"<h3>{heading}</h3><ul>{''.join(f'<li>{html.escape(text)}</li>' for text in texts)}</ul>"


def description_html(posting, responsibilities, required, preferred):
    """The posting's description as the HTML Google allows (<p>, <ul>, <li>, <h3>), every text escaped."""
    return "".join(
        [
            linebreaks(posting.description, autoescape=True),
            remote_note_html(posting),
            items_html("Responsibilities", [item.text for item in responsibilities]),
            items_html("Required", [item.text for item in required]),
            items_html("Preferred", [item.text for item in preferred]),
        ]
    )


def remote_note_html(posting):
    """A telehealth posting says it is fully remote in its description, as Google asks of remote jobs."""
    if not posting.is_telehealth:
        return ""
    state = html.escape(posting.location.state_name)
    return f"<p>This is a fully remote telehealth position, with patients in {state}: a {state} OT license is required.</p>"


def job_posting_data(posting, responsibilities, required, preferred):
    """The JobPosting object as a dict; the posting must be published and have its location loaded."""
    organization = settings.HIRING_ORGANIZATION
    location = posting.location
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.display_title,
        "description": description_html(posting, responsibilities, required, preferred),
        "datePosted": timezone.localtime(posting.published_at).date().isoformat(),
        "employmentType": posting.google_employment_type,
        "hiringOrganization": {
            "@type": "Organization",
            "name": organization["name"],
            "sameAs": organization["url"],
            "url": organization["url"],
            "logo": organization["logo"],
        },
        "jobLocation": {
            "@type": "Place",
            "name": location.facility_name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": location.street,
                "addressLocality": location.city,
                "addressRegion": location.state,
                "postalCode": location.zip_code,
                "addressCountry": "US",
            },
        },
        "directApply": True,
        "url": absolute_url(posting.get_absolute_url()),
        "identifier": {"@type": "PropertyValue", "name": organization["name"], "value": posting.reference},
        "occupationalCategory": OCCUPATIONAL_CATEGORY,
        # Every OT level needs the entry-level master's or doctorate in OT.
        "educationRequirements": {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "postgraduate degree",
        },
        "totalJobOpenings": posting.openings,
    }
    if posting.closes_on:
        # Applications are taken through the whole closing day, in the location's time zone.
        last_moment = posting.closing_moment() - datetime.timedelta(seconds=1)
        data["validThrough"] = last_moment.isoformat()
    if posting.schedule:
        data["workHours"] = posting.schedule
    if posting.start_date:
        data["jobStartDate"] = posting.start_date.isoformat()
    years = posting.level.min_years_experience
    if years > 0:
        data["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": years * 12,
        }
    salary = salary_data(posting)
    if salary:
        data["baseSalary"] = salary
    data.update(remote_data(posting))
    return data


def remote_data(posting):
    """For telehealth: TELECOMMUTE, and the state where patients are as where applicants may work from.

    Google counts a job as remote only when it is fully remote (so hybrid
    postings keep their jobLocation alone), and wants the description to say
    so. An OT practises where the patient is, so the state is the location's:
    the license needed is that state's.
    """
    if not posting.is_telehealth:
        return {}
    state = posting.location.state_name
    return {
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": {"@type": "State", "name": state},
    }


def salary_data(posting):
    """baseSalary as a MonetaryAmount, or None when the posting keeps its pay internal or has none."""
    if not posting.salary_label:
        return None
    unit = "HOUR" if posting.salary_unit == posting.SalaryUnit.HOUR else "YEAR"
    value = {"@type": "QuantitativeValue", "unitText": unit}
    low, high = posting.salary_min, posting.salary_max
    if low is not None and high is not None and low != high:
        value.update(minValue=_number(low), maxValue=_number(high))
    else:
        value["value"] = _number(high if high is not None else low)
    return {"@type": "MonetaryAmount", "currency": "USD", "value": value}


def script_text(data):
    """JSON for inside <script type="application/ld+json">: parses as the same data, cannot close the tag."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in _ESCAPES:
        text = text.replace(character, escaped)
    return mark_safe(text)
