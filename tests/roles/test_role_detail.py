import re

from django.urls import reverse


def test_level_page_has_its_title_in_the_h1_and_every_item(client, catalog):
    lead = catalog["lead-ot"]

    response = client.get(lead.get_absolute_url())

    html = response.content.decode()
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["Lead Occupational Therapist"]
    for item in list(lead.responsibilities.all()) + list(lead.requirements.all()):
        assert item.text in html
    assert "6+ years leading" not in html  # the page says "2+ years leading" for Lead
    assert "2+ years leading" in html


def test_unknown_level_is_404(client, catalog):
    assert client.get(reverse("roles:role_detail", args=["astronaut"])).status_code == 404


def test_level_page_runs_a_fixed_number_of_queries(client, catalog, django_assert_num_queries):
    # the level, its responsibilities, its requirements, the ladder, the board's version, its open postings
    # (test_role_openings.py)
    with django_assert_num_queries(6):
        client.get(catalog["entry-level-ot"].get_absolute_url())
