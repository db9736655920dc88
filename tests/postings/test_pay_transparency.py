import datetime
import json
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from postings.models import JobPosting, PayTransparencyRule, PostingError
from tests.factories import JobPostingFactory, LocationFactory, PublishedPostingFactory

SCRIPT = re.compile(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', re.S)
SHOWN_PAY = re.compile(r'<div class="col posting-pay"><dt>Pay</dt><dd>(.*?)</dd>', re.S)


def denver(**fields):
    return LocationFactory(city="Denver", state="CO", zip_code="80204", **fields)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- The rules are data --------------------------------------------------------------------------------


def test_the_seeded_rules_cover_the_states_that_require_a_range_in_the_posting(db):
    states = set(PayTransparencyRule.objects.filter(city="").values_list("state", flat=True))

    assert states == {"CO", "CA", "WA", "NY", "HI", "DC", "MD", "IL", "MN", "NJ", "VT", "MA"}
    # Disclosure on request or at interview is not a rule about postings.
    assert not PayTransparencyRule.objects.filter(state__in=["CT", "RI", "NV"]).exists()


def test_a_rule_counts_from_its_own_date(db):
    massachusetts = PayTransparencyRule.objects.get(state="MA", city="")

    before = PayTransparencyRule.objects.in_force(
        state="MA", on=massachusetts.in_force_from - datetime.timedelta(days=1)
    )
    after = PayTransparencyRule.objects.in_force(state="MA", on=massachusetts.in_force_from)

    assert list(before) == [] and list(after) == [massachusetts]


def test_a_rule_counts_only_for_employers_of_its_size_once_the_size_is_known(db):
    on = datetime.date(2026, 1, 1)

    assert PayTransparencyRule.objects.in_force(state="HI", on=on, employees=49).count() == 0
    assert PayTransparencyRule.objects.in_force(state="HI", on=on, employees=50).count() == 1
    assert PayTransparencyRule.objects.in_force(state="HI", on=on).count() == 1  # size not configured: it applies


def test_a_city_rule_covers_that_city_only(db):
    on = datetime.date(2026, 1, 1)

    assert [rule.law for rule in PayTransparencyRule.objects.in_force(state="OH", city="cleveland", on=on)] == [
        "Cleveland Ordinance No. 104-2025"
    ]
    assert PayTransparencyRule.objects.in_force(state="OH", city="Columbus", on=on).count() == 0


# --- Publishing ----------------------------------------------------------------------------------------


def test_publishing_in_a_covered_state_with_hidden_pay_is_refused_naming_the_law(catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"], location=denver(), show_salary=False)

    with pytest.raises(PostingError) as refused:
        posting.publish()

    assert "Colorado requires a pay range in every job posting" in refused.value.messages[0]
    assert "Colorado Equal Pay for Equal Work Act" in refused.value.messages[0]
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.DRAFT


def test_publishing_in_a_covered_state_with_only_one_end_of_the_range_is_refused(catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"], location=denver(), salary_max=None)

    with pytest.raises(PostingError, match="enter the salary minimum and maximum"):
        posting.publish()


def test_publishing_in_a_covered_state_with_a_shown_range_goes_ahead(catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"], location=denver())

    posting.publish()

    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED


def test_publishing_with_hidden_pay_where_no_law_asks_for_a_range_goes_ahead(catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"], show_salary=False)  # Austin, TX

    posting.publish()

    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED


def test_a_rule_an_admin_adds_applies_to_the_next_publication(catalog):
    PayTransparencyRule.objects.create(state="TX", law="A Texas pay range law", in_force_from=datetime.date(2026, 1, 1))
    posting = JobPostingFactory(level=catalog["senior-ot"], show_salary=False)

    with pytest.raises(
        PostingError, match=r"Texas requires a pay range .*\(A Texas pay range law, since Jan 1, 2026\)"
    ):
        posting.publish()


def test_a_published_posting_in_a_covered_state_cannot_hide_its_range(catalog):
    posting = PublishedPostingFactory(level=catalog["senior-ot"], location=denver())

    posting.show_salary = False
    with pytest.raises(ValidationError) as refused:
        posting.full_clean()

    assert "Colorado Equal Pay for Equal Work Act" in " ".join(refused.value.message_dict["show_salary"])


def test_the_admins_publish_action_says_which_law_refused(admin_client, catalog):
    posting = JobPostingFactory(level=catalog["senior-ot"], title="Denver OT", location=denver(), show_salary=False)

    response = admin_client.post(
        reverse("admin:postings_jobposting_changelist"),
        {"action": "publish_selected", "_selected_action": [posting.pk]},
        follow=True,
    )

    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.DRAFT
    assert any(
        "“Denver OT”" in note and "was not published" in note and "Colorado Equal Pay for Equal Work Act" in note
        for note in messages_of(response)
    )


def test_admins_edit_the_rules_in_the_admin(admin_client, db):
    response = admin_client.post(
        reverse("admin:postings_paytransparencyrule_add"),
        {"state": "OR", "city": "", "law": "An Oregon pay law", "in_force_from": "2027-01-01", "min_employees": "1"},
    )

    assert response.status_code == 302
    assert PayTransparencyRule.objects.filter(state="OR", law="An Oregon pay law").exists()


# --- What the page shows is what Google reads -----------------------------------------------------------


def _money(amount, unit):
    return f"${amount:,.2f}" if unit == "HOUR" else f"${amount:,.0f}"


def _json_ld_pay(data):
    """baseSalary written out as the page writes pay: "$45.50–$58.00 per hour"; "" without one."""
    if "baseSalary" not in data:
        return ""
    value = data["baseSalary"]["value"]
    unit = value["unitText"]
    words = "per hour" if unit == "HOUR" else "per year"
    if "value" in value:
        return f"{_money(value['value'], unit)} {words}"
    return f"{_money(value['minValue'], unit)}–{_money(value['maxValue'], unit)} {words}"


@pytest.mark.parametrize(
    ("salary_min", "salary_max", "unit", "show"),
    [
        (Decimal("45.50"), Decimal("58"), JobPosting.SalaryUnit.HOUR, True),
        (Decimal("92000"), Decimal("108000"), JobPosting.SalaryUnit.YEAR, True),
        (Decimal("90000"), Decimal("90000"), JobPosting.SalaryUnit.YEAR, True),
        (Decimal("85000"), None, JobPosting.SalaryUnit.YEAR, True),
        (None, Decimal("52.25"), JobPosting.SalaryUnit.HOUR, True),
        (Decimal("78000"), Decimal("92000"), JobPosting.SalaryUnit.YEAR, False),
    ],
)
def test_the_json_ld_base_salary_equals_the_pay_the_page_shows(client, catalog, salary_min, salary_max, unit, show):
    posting = PublishedPostingFactory(
        level=catalog["senior-ot"], salary_min=salary_min, salary_max=salary_max, salary_unit=unit, show_salary=show
    )

    page = client.get(posting.get_absolute_url()).content.decode()

    shown = SHOWN_PAY.search(page).group(1)
    data = json.loads(SCRIPT.search(page).group(1))
    assert _json_ld_pay(data) == ("" if shown == "Discussed at interview" else shown)
    assert (shown == "Discussed at interview") == (not show)


def test_the_posting_form_says_which_pay_law_applies_before_publishing(admin_client, catalog):
    covered = JobPostingFactory(level=catalog["senior-ot"], location=denver())
    uncovered = JobPostingFactory(level=catalog["senior-ot"])  # Austin, TX

    covered_page = admin_client.get(reverse("admin:postings_jobposting_change", args=[covered.pk])).content.decode()
    uncovered_page = admin_client.get(reverse("admin:postings_jobposting_change", args=[uncovered.pk])).content.decode()

    assert "Colorado Equal Pay for Equal Work Act (Colorado): the posting must show its pay range" in covered_page
    assert "No pay-range law applies in Austin, TX" in uncovered_page
