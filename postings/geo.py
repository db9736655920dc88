"""Where places are: US ZIP codes and cities to coordinates, and the great-circle distance between two points.

The data ships inside the `zipcodes` package (every US ZIP code with its
latitude, longitude, city, state and IANA time zone): nothing is downloaded
at run time. The package loads its data on its first lookup in a process
(about a quarter of a second); a ZIP lookup then takes about a millisecond,
and a state's cities are indexed on the first search of a city there.

Distances are great-circle ("as the crow flies") distances on a sphere of the
Earth's mean radius, in miles: one formula, written once for Python
(`miles_between`) and once as a database expression (`great_circle_miles`),
so the board (SQL) and the alerts (Python) agree on what is "within 25 miles".
"""

import functools
import math
import re
from dataclasses import dataclass

import zipcodes
from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

from .states import US_STATES

EARTH_RADIUS_MILES = 3958.8
# Miles per degree of latitude (and of longitude at the equator).
MILES_PER_DEGREE = math.pi * EARTH_RADIUS_MILES / 180

ZIP_PATTERN = re.compile(r"^(\d{5})(?:-\d{4})?$")
_STATE_CODES = {code for code, _ in US_STATES}
_STATE_BY_NAME = {name.lower(): code for code, name in US_STATES}
# How people write city names, and how the USPS list spells them.
_CITY_WORDS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "port"}


@dataclass(frozen=True)
class Place:
    """A point people search around: a ZIP code or a city, with its coordinates."""

    label: str
    latitude: float
    longitude: float
    time_zone: str = ""
    state: str = ""

    def miles_to(self, latitude, longitude):
        return miles_between(self.latitude, self.longitude, latitude, longitude)


def miles_between(lat1, lng1, lat2, lng2):
    """Great-circle distance in miles (haversine), the same formula as great_circle_miles()."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = math.radians(lat2 - lat1) / 2
    half_dlambda = math.radians(lng2 - lng1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def great_circle_miles(latitude, longitude, lat_field="latitude", lng_field="longitude"):
    """The distance in miles from (latitude, longitude) to the row's point, as a database expression.

    Haversine, as miles_between(): PostgreSQL computes it natively, SQLite
    through the math functions Django registers on each connection.
    """
    lat0, lng0 = Value(math.radians(latitude)), Value(math.radians(longitude))
    lat, lng = Radians(F(lat_field)), Radians(F(lng_field))
    a = Power(Sin((lat - lat0) / Value(2.0)), 2) + Cos(lat0) * Cos(lat) * Power(Sin((lng - lng0) / Value(2.0)), 2)
    return Value(2 * EARTH_RADIUS_MILES) * ASin(Sqrt(a), output_field=FloatField())


def bounding_box(place, miles):
    """(south, north, west, east) in degrees: every point within `miles` of `place` lies inside.

    The box lets an index on latitude and longitude find the candidates; the
    great-circle distance then decides. West may exceed east across the
    180th meridian (the Aleutians): see JobPostingQuerySet.near().
    """
    dlat = miles / MILES_PER_DEGREE
    south, north = max(-90.0, place.latitude - dlat), min(90.0, place.latitude + dlat)
    # A degree of longitude shrinks towards the poles; at the box's widest latitude it is shortest.
    widest = max(abs(south), abs(north))
    if widest >= 89.0:
        return south, north, -180.0, 180.0
    dlng = miles / (MILES_PER_DEGREE * math.cos(math.radians(widest)))
    if dlng >= 180:
        return south, north, -180.0, 180.0
    west, east = place.longitude - dlng, place.longitude + dlng
    if west < -180:
        west += 360
    if east > 180:
        east -= 360
    return south, north, west, east


def _city_key(city):
    words = re.sub(r"[^a-z0-9 ]+", " ", city.lower().replace("'", "")).split()
    return " ".join(_CITY_WORDS.get(word, word) for word in words)


def _place(row, label):
    return Place(
        label=label,
        latitude=float(row["lat"]),
        longitude=float(row["long"]),
        time_zone=row["timezone"] or "",
        state=row["state"],
    )


@functools.lru_cache(maxsize=4096)
def zip_place(zip_code):
    """The Place of a ZIP code (ZIP+4 allowed), or None when the data has no such code."""
    match = ZIP_PATTERN.match((zip_code or "").strip())
    if not match:
        return None
    rows = [row for row in zipcodes.matching(match.group(1)) if row["lat"] and row["long"]]
    if not rows:
        return None
    return _place(rows[0], f"{rows[0]['zip_code']} ({rows[0]['city']}, {rows[0]['state']})")


@functools.cache
def _cities(state):
    """{city key: Place} for one state, built on its first search from that state's ZIP codes (a few ms)."""
    points = {}
    for row in zipcodes.filter_by(state=state):
        if not row["lat"] or not row["long"]:
            continue
        # A city's point is the centre of its street-delivery ZIP codes; post-office boxes and
        # single-building codes count only where a town has nothing else.
        weight = 2 if row["zip_code_type"] == "STANDARD" else 1
        for city in [row["city"], *row["acceptable_cities"]]:
            entry = points.setdefault(_city_key(city), {"name": city, "rows": {}})
            entry["rows"].setdefault(weight, []).append(row)
    cities = {}
    for key, entry in points.items():
        rows = entry["rows"][max(entry["rows"])]
        cities[key] = Place(
            label=f"{entry['name']}, {state}",
            latitude=round(sum(float(row["lat"]) for row in rows) / len(rows), 4),
            longitude=round(sum(float(row["long"]) for row in rows) / len(rows), 4),
            time_zone=rows[0]["timezone"] or "",
            state=state,
        )
    return cities


def city_place(city, state):
    """The Place of a city in a state (a code or a name), or None."""
    state = state.strip()
    code = state.upper() if state.upper() in _STATE_CODES else _STATE_BY_NAME.get(state.lower())
    if not code:
        return None
    return _cities(code).get(_city_key(city))


class PlaceNotFound(ValueError):
    """What someone typed names no ZIP code or city we know; the message says which, in their words."""


def find_place(text):
    """A ZIP code ("78701", "78701-1234") or a city and state ("Austin, TX", "Saint Louis Missouri").

    Raises PlaceNotFound with a message for the page.
    """
    text = " ".join(text.split())
    if re.fullmatch(r"[\d-]+", text):
        place = zip_place(text)
        if place is None:
            raise PlaceNotFound(f"We could not find the ZIP code “{text}”.")
        return place
    city, state = _split_city_state(text)
    place = city_place(city, state) if city and state else None
    if place is None:
        if not (city and state):
            raise PlaceNotFound(f"“{text}” is not a ZIP code or a city with its state, such as “Austin, TX”.")
        raise PlaceNotFound(f"We could not find the city “{text}”.")
    return place


def _split_city_state(text):
    """("Austin", "TX") from "Austin, TX", "Austin TX" or "Austin, Texas"; (text, "") when no state is given."""
    if "," in text:
        city, _, state = text.rpartition(",")
        return city.strip(), state.strip()
    words = text.split()
    # The longest ending that names a state: "New York" before "York".
    for size in (3, 2, 1):
        if len(words) > size:
            ending = " ".join(words[-size:])
            if ending.upper() in _STATE_CODES or ending.lower() in _STATE_BY_NAME:
                return " ".join(words[:-size]), ending
    return text, ""
