"""The utm_source of the link a candidate came by is recorded with the application, for the sources report."""

import pytest

from applications.models import Application
from tests.applications.apply_helpers import apply_data
from tests.applications.test_apply import apply_url


def test_the_posting_page_passes_the_link_source_on_to_the_apply_form(client, posting):
    response = client.get(posting.get_absolute_url(), {"utm_source": "indeed"})

    assert f'href="{apply_url(posting)}?utm_source=indeed"' in response.content.decode()


def test_applying_from_a_tagged_link_records_its_source(client, posting, candidate):
    client.force_login(candidate)

    client.post(f"{apply_url(posting)}?utm_source=Indeed", apply_data(posting))

    assert Application.objects.get(candidate=candidate).utm_source == "indeed"


def test_applying_directly_records_no_link_source(client, posting, candidate):
    client.force_login(candidate)

    client.post(apply_url(posting), apply_data(posting))

    assert Application.objects.get(candidate=candidate).utm_source == ""


@pytest.mark.parametrize(
    "value, stored",
    [
        ("linkedin", "linkedin"),
        ("  Google_Jobs ", "google_jobs"),
        ("job-board.example", "job-board.example"),
        ("<script>", ""),
        ("a" * 41, ""),
        ("e-mail newsletter", ""),
        ("", ""),
    ],
)
def test_only_a_plain_source_name_is_kept(value, stored):
    assert Application.link_source(value) == stored
