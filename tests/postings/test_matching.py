"""The in-memory matching of the job alerts finds exactly what the board finds for the same search."""

import itertools

import pytest
from django.http import QueryDict

from postings.forms import BoardFilterForm
from postings.matching import PostingIndex
from postings.models import CareSetting, JobPosting
from tests.factories import LocationFactory, PublishedPostingFactory

PLACES = ["78701", "78664", "80202", "Dallas, TX", ""]
KEYWORDS = ["", "stroke", "pediatric schools", "home"]


@pytest.fixture
def postings(catalog):
    rehab = CareSetting.objects.get(slug="inpatient-rehab")
    home = CareSetting.objects.get(slug="home-health")
    made = []
    for n, (zip_code, state, level, setting, mode, text) in enumerate(
        [
            ("78701", "TX", "senior-ot", rehab, "on_site", "Stroke rehabilitation unit"),
            ("78664", "TX", "entry-level-ot", home, "hybrid", "Home visits around Round Rock"),
            ("75201", "TX", "lead-ot", rehab, "telehealth", "Telehealth follow-up after stroke"),
            ("80202", "CO", "entry-level-ot", home, "on_site", "Pediatric schools and home visits"),
            ("78205", "TX", "senior-ot", home, "hybrid", "Pediatric outpatient clinic"),
        ]
    ):
        made.append(
            PublishedPostingFactory(
                title=f"Opening {n}",
                level=catalog[level],
                setting=setting,
                location=LocationFactory(state=state, zip_code=zip_code),
                work_mode=mode,
                description=text,
            )
        )
    return made


def test_alert_matching_agrees_with_the_board_on_every_search(postings):
    index = PostingIndex(JobPosting.objects.open())
    searches = []
    for role, state, mode, place, miles, q in itertools.product(
        ["", "senior-ot", "entry-level-ot"], ["", "TX", "CO"], ["", "hybrid"], PLACES, ["25", "250"], KEYWORDS
    ):
        data = QueryDict(mutable=True)
        data.update({"role": role, "state": state, "mode": mode, "near": place, "miles": miles, "q": q})
        form = BoardFilterForm.from_query(data)
        assert form.is_valid(), form.errors
        searches.append(form)
    index.load_keywords(form.criteria.get("q", "") for form in searches)

    disagreements = []
    for form in searches:
        on_board = sorted(form.apply(JobPosting.objects.open()).values_list("pk", flat=True))
        place = form.place
        in_memory = sorted(
            posting.pk
            for posting in index.matching(
                form.criteria,
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
            )
        )
        if on_board != in_memory:
            disagreements.append((form.criteria, on_board, in_memory))

    assert not disagreements
    assert any(len(index.matching(form.criteria)) == 1 for form in searches)  # the searches do narrow
