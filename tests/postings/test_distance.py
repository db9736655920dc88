"""Near me: locations get coordinates from their ZIP code, the board finds postings within N miles of a place."""

import pytest
from django.db import connection

from postings import geo
from postings.models import JobPosting, Location
from tests.factories import LocationFactory, PublishedPostingFactory

BOARD = "/jobs/"

# Great-circle distances between the ZIP codes' points in the zipcodes data, in miles, checked against
# published city-to-city figures (Austin–Dallas about 182, New York–Los Angeles about 2,445,
# Chicago–Boston about 850, Honolulu–Anchorage about 2,780).
KNOWN_PAIRS = [
    ("78701", "75201", 182.6),
    ("10001", "90012", 2445.4),
    ("60601", "02108", 847.4),
    ("96813", "99501", 2783.9),
    ("78701", "78701", 0.0),
]


def titles(response):
    return [card["title"] for card in response.context["cards"]]


@pytest.mark.parametrize(("first", "second", "miles"), KNOWN_PAIRS)
def test_known_zip_pairs_are_the_known_distance_apart_in_python_and_in_the_database(db, first, second, miles):
    a, b = geo.zip_place(first), geo.zip_place(second)
    location = LocationFactory(zip_code=second)

    in_python = geo.miles_between(a.latitude, a.longitude, b.latitude, b.longitude)
    in_sql = (
        Location.objects.filter(pk=location.pk)
        .annotate(miles=geo.great_circle_miles(a.latitude, a.longitude))
        .values_list("miles", flat=True)
        .get()
    )

    assert in_python == pytest.approx(miles, abs=0.1)
    assert in_sql == pytest.approx(in_python, abs=1e-6)


def test_a_new_location_gets_coordinates_and_time_zone_from_its_zip_code(db):
    location = LocationFactory(city="Honolulu", state="HI", zip_code="96813")

    location.refresh_from_db()
    assert (location.latitude, location.longitude) == (21.3179, -157.8521)
    assert location.time_zone == "Pacific/Honolulu"


def test_an_admin_correction_stays_until_the_zip_code_changes(db):
    location = LocationFactory(zip_code="78701")
    location = Location.objects.get(pk=location.pk)
    location.latitude, location.longitude, location.time_zone = 30.5, -97.9, "America/Denver"
    location.save()

    location = Location.objects.get(pk=location.pk)
    location.facility_name = "Renamed"
    location.save()
    location.refresh_from_db()
    assert (location.latitude, location.longitude, location.time_zone) == (30.5, -97.9, "America/Denver")

    location.zip_code = "10001"
    location.save()
    location.refresh_from_db()
    assert (round(location.latitude), location.time_zone) == (41, "America/New_York")


def test_a_zip_code_the_data_does_not_know_leaves_the_coordinates_empty(db):
    location = LocationFactory(zip_code="00001")
    location.refresh_from_db()
    assert location.latitude is None and location.time_zone == ""


def test_a_bad_time_zone_is_refused_with_its_name(db):
    location = LocationFactory()
    location.time_zone = "Mars/Olympus"
    with pytest.raises(Exception, match="Mars/Olympus"):
        location.full_clean()


@pytest.fixture
def texas(catalog):
    """Austin (78701), Round Rock (about 17 miles north), San Antonio (about 74 miles) and Dallas (about 182)."""
    return {
        "austin": PublishedPostingFactory(
            title="OT Austin", location=LocationFactory(city="Austin", zip_code="78701"), level=catalog["senior-ot"]
        ),
        "round_rock": PublishedPostingFactory(
            title="OT Round Rock", location=LocationFactory(city="Round Rock", zip_code="78664")
        ),
        "san_antonio": PublishedPostingFactory(
            title="OT San Antonio", location=LocationFactory(city="San Antonio", zip_code="78205")
        ),
        "dallas": PublishedPostingFactory(title="OT Dallas", location=LocationFactory(city="Dallas", zip_code="75201")),
    }


def test_the_board_lists_postings_within_the_radius_of_a_zip_code(client, texas):
    assert set(titles(client.get(BOARD, {"near": "78701", "miles": "25"}))) == {"OT Austin", "OT Round Rock"}
    assert set(titles(client.get(BOARD, {"near": "78701", "miles": "100"}))) == {
        "OT Austin",
        "OT Round Rock",
        "OT San Antonio",
    }
    assert len(titles(client.get(BOARD, {"near": "78701", "miles": "250"}))) == 4


def test_a_place_without_radius_searches_25_miles_and_says_so(client, texas):
    response = client.get(BOARD, {"near": "Austin, TX"})

    assert set(titles(response)) == {"OT Austin", "OT Round Rock"}
    assert "within 25 miles of Austin, TX" in response.content.decode()


def test_sort_by_distance_puts_the_nearest_first_and_cards_say_how_far(client, texas):
    response = client.get(BOARD, {"near": "78664", "miles": "100", "sort": "distance"})

    assert titles(response) == ["OT Round Rock", "OT Austin", "OT San Antonio"]
    distances = [card["distance"] for card in response.context["cards"]]
    assert distances[0] == "under a mile away"
    assert distances[1] == "17 miles away"


def test_an_unknown_zip_code_is_named_and_every_location_shown(client, texas):
    response = client.get(BOARD, {"near": "00000", "miles": "25", "q": ""})

    assert response.status_code == 200
    assert "We could not find the ZIP code “00000”. Showing every location." in response.context["problems"]
    assert len(titles(response)) == 4
    assert 'value="00000"' in response.content.decode()  # what they typed stays in the box


@pytest.mark.parametrize(
    ("near", "message"),
    [
        ("Atlantis, TX", "We could not find the city “Atlantis, TX”."),
        ("Austin", "“Austin” is not a ZIP code or a city with its state"),
        ("x" * 150, "A place is a ZIP code or a city and state"),
    ],
)
def test_a_place_that_cannot_be_found_is_named_never_a_500(client, texas, near, message):
    response = client.get(BOARD, {"near": near})

    assert response.status_code == 200
    assert any(message in problem for problem in response.context["problems"])


def test_sorting_by_distance_without_a_place_says_why_it_is_ignored(client, texas):
    response = client.get(BOARD, {"sort": "distance"})
    assert response.context["problems"] == ["Sorting by distance needs a place: showing the default order."]


def test_a_radius_without_a_place_is_ignored_quietly(client, texas):
    # The radius select is always submitted with the form.
    response = client.get(BOARD, {"miles": "25", "near": ""})
    assert response.context["problems"] == []
    assert len(titles(response)) == 4


def test_removing_the_place_filter_keeps_the_others(client, texas):
    response = client.get(BOARD, {"near": "78701", "miles": "50", "role": "senior-ot", "sort": "distance"})
    chips = {label: rest for label, _value, rest in response.context["chosen_filters"]}
    assert chips["Near"] == "role=senior-ot"


def test_facet_counts_follow_the_distance_filter(client, texas):
    response = client.get(BOARD, {"near": "78701", "miles": "25"})
    assert response.context["page_obj"].paginator.count == 2
    assert "Senior OT (1)" in response.content.decode()


def test_a_search_across_the_180th_meridian_finds_both_sides(db, catalog):
    # Adak (99546) lies at 176.6° W; Shemya's air station (99500's Aleutian neighbour, 174° E) is west of 180°.
    adak = Location.objects.create(
        facility_name="Adak Clinic", street="1 Main", city="Adak", state="AK", zip_code="99546"
    )
    across = Location.objects.create(
        facility_name="Far West Clinic", street="2 Main", city="Attu", state="AK", zip_code="99999"
    )
    Location.objects.filter(pk=across.pk).update(latitude=52.0, longitude=179.8)
    PublishedPostingFactory(title="OT Adak", location=adak)
    PublishedPostingFactory(title="OT Far West", location=across)
    place = geo.zip_place("99546")

    found = set(JobPosting.objects.open().near(place, 250).values_list("title", flat=True))

    assert found == {"OT Adak", "OT Far West"}


@pytest.mark.parametrize("params", [{"near": "78701", "miles": "50"}, {"near": "Austin, TX", "sort": "distance"}])
def test_the_board_near_a_place_runs_the_same_five_queries(client, catalog, params, django_assert_num_queries):
    for n in range(3):
        PublishedPostingFactory(location=LocationFactory(zip_code="78664"), title=f"Near {n}")
    with django_assert_num_queries(5):
        client.get(BOARD, params)
    for n in range(30):
        PublishedPostingFactory(location=LocationFactory(zip_code="78205" if n % 2 else "78664"), title=f"Far {n}")
    with django_assert_num_queries(5):
        response = client.get(BOARD, params)
    assert response.status_code == 200


@pytest.mark.postgres_only
def test_postgres_serves_the_distance_filter_from_the_coordinates_index(catalog):
    # A staffing platform's size: many facilities across the country, a few thousand open postings.
    locations = Location.objects.bulk_create(
        [
            Location(
                facility_name=f"Clinic {n}",
                street=f"{n} Main",
                city="Somewhere",
                state="TX",
                zip_code="75001",
                latitude=25 + (n % 250) * 0.1,
                longitude=-125 + (n // 250) * 0.3,
            )
            for n in range(40_000)
        ]
    )
    template = PublishedPostingFactory()
    JobPosting.objects.bulk_create(
        [
            JobPosting(
                level=template.level,
                setting=template.setting,
                location=locations[n * 13 % len(locations)],
                title=f"OT {n}",
                description="Rehab",
                status=JobPosting.Status.PUBLISHED,
                published_at=template.published_at,
            )
            for n in range(3_000)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE postings_location")
        cursor.execute("ANALYZE postings_jobposting")
    place = geo.zip_place("78701")

    counts_plan = JobPosting.objects.open().near(place, 25).order_by().values_list("level_id").explain()
    page_plan = JobPosting.objects.open().near(place, 25).for_cards().newest_first()[:20].explain()

    assert "location_coordinates_idx" in counts_plan
    assert "location_coordinates_idx" in page_plan
