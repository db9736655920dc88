"""Any input to a public form or a list's query string gets a page or a clear error, never a 500.

Hypothesis throws text with unicode, control characters and NUL bytes, very long strings and numbers far
out of range at sign-up, sign-in, password reset, the application form, the profile with its licenses, the
job board and the pipeline's filters. The board's own fuzz (tests/postings/test_board.py) covers short
text in every parameter; here, long values, numbers and repeated parameters are added.
"""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from applications.forms import ProfileForm
from tests.factories import ApplicationFactory, CandidateFactory

# Every answer a person may get: a page, a refusal with a message, a lock-out, a redirect.
ACCEPTABLE = {200, 301, 302, 400, 409, 410, 429}

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

TRICKY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\r\n",
        "\u202e\u0000\ufeff",
        "0",
        "-1",
        "1e309",
        "NaN",
        "9" * 40,
        "2026-02-30",
        "99999-12-31",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "'; DROP TABLE applications_application; --",
        "%s%s%n",
        "ä" * 300,
        "😀" * 100,
    ]
)
LONG = st.builds(lambda text, times: text * times, st.text(min_size=1, max_size=3), st.integers(500, 20_000))
NUMBERS = st.integers(min_value=-(10**30), max_value=10**30).map(str)
JUNK = st.one_of(st.text(max_size=60), TRICKY, LONG, NUMBERS)


def _fresh_client(user=None):
    """A new client, with the throttles' counts gone: a lock-out from the last example is no finding."""
    cache.clear()
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _assert_page(response):
    assert response.status_code in ACCEPTABLE, response.status_code


# --- Accounts -------------------------------------------------------------------------------------


@FUZZ
@given(full_name=JUNK, email=JUNK, password1=JUNK, password2=JUNK, next_url=JUNK)
def test_sign_up_answers_any_input(db, full_name, email, password1, password2, next_url):
    data = {"full_name": full_name, "email": email, "password1": password1, "password2": password2, "next": next_url}
    _assert_page(_fresh_client().post(reverse("accounts:signup"), data))


@FUZZ
@given(username=JUNK, password=JUNK, next_url=JUNK)
# Found here: a username of any length went to the database (SQLite: "LIKE pattern too complex").
@example(username="00\x80" * 12501, password="0", next_url="")
def test_sign_in_answers_any_input(candidate, username, password, next_url):
    data = {"username": username, "password": password, "next": next_url}
    _assert_page(_fresh_client().post(reverse("accounts:login"), data))


@FUZZ
@given(email=st.one_of(JUNK, st.emails()))
def test_password_reset_answers_any_input(candidate, email):
    _assert_page(_fresh_client().post(reverse("accounts:password_reset"), {"email": email}))


# --- The candidate's forms ------------------------------------------------------------------------


def _uploadable(name):
    """Any generated file name as an upload can carry it: its last path part, as Django's multipart parser keeps
    it (a part with none, such as "a/" or "..", never reaches a form; the test client cannot even build it)."""
    kept = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return kept if kept not in {"", ".", ".."} else "resume"


@FUZZ
@given(
    meets=st.lists(st.one_of(st.sampled_from(["yes", "no"]), JUNK), min_size=2, max_size=2),
    evidence=st.lists(JUNK, min_size=2, max_size=2),
    cover_letter=JUNK,
    source=st.one_of(st.sampled_from(["job_board", "referral"]), JUNK),
    consent=st.one_of(st.just("on"), JUNK),
    resume_choice=JUNK,
    resume=st.one_of(st.none(), st.tuples(st.text(max_size=80), st.binary(max_size=300))),
)
def test_application_form_answers_any_input(
    candidate, posting, meets, evidence, cover_letter, source, consent, resume_choice, resume
):
    data = {"cover_letter": cover_letter, "source": source, "consent": consent, "resume_choice": resume_choice}
    for requirement, answer, line in zip(posting.requirements.order_by("pk"), meets, evidence):
        data[f"meets_{requirement.pk}"] = answer
        data[f"evidence_{requirement.pk}"] = line
    if resume is not None:
        name, content = resume
        data["resume"] = SimpleUploadedFile(_uploadable(name), content, content_type="application/pdf")
    client = _fresh_client(candidate)

    _assert_page(client.post(reverse("applications:apply", args=[posting.pk]), data))


# Every field of the profile form, so a field added to it is fuzzed too; "next" is where saving returns to.
PROFILE_FIELDS = [*ProfileForm.base_fields, "next"]
LICENSE_FIELDS = ["state", "number", "expires_on", "id", "DELETE"]


@FUZZ
@given(
    fields=st.fixed_dictionaries({}, optional=dict.fromkeys(PROFILE_FIELDS, JUNK)),
    management=st.fixed_dictionaries(
        {
            "TOTAL_FORMS": st.one_of(st.sampled_from(["0", "1", "2"]), JUNK),
            "INITIAL_FORMS": st.sampled_from(["0", "1"]),
        },
        optional=dict.fromkeys(("MIN_NUM_FORMS", "MAX_NUM_FORMS"), JUNK),
    ),
    licenses=st.lists(st.fixed_dictionaries({}, optional=dict.fromkeys(LICENSE_FIELDS, JUNK)), max_size=3),
)
# Found here: a specialty id beyond 64 bits went to the database (SQLite: OverflowError).
@example(fields={"specialties": str(2**63)}, management={"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}, licenses=[])
def test_profile_with_licenses_answers_any_input(candidate, fields, management, licenses):
    data = dict(fields)
    data.update({f"licenses-{name}": value for name, value in management.items()})
    for index, license in enumerate(licenses):
        data.update({f"licenses-{index}-{name}": value for name, value in license.items()})
    client = _fresh_client(candidate)

    _assert_page(client.post(reverse("applications:profile"), data))


# --- Lists and their query strings ----------------------------------------------------------------

BOARD_PARAMETERS = ["role", "setting", "state", "type", "q", "sort", "page"]


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(BOARD_PARAMETERS),
        st.one_of(LONG, NUMBERS, TRICKY, st.lists(st.text(max_size=20), min_size=2, max_size=3)),
        max_size=7,
    )
)
def test_board_answers_long_numeric_and_repeated_parameters(posting, params):
    _assert_page(_fresh_client().get(reverse("postings:board"), params))


PIPELINE_PARAMETERS = ["q", "stage", "flag", "sort", "page"]


@pytest.fixture
def pipeline(posting, manager):
    """Thirty applicants (two pages) on the manager's posting."""
    for n in range(30):
        ApplicationFactory(posting=posting, candidate=CandidateFactory(email=f"applicant{n}@example.com"))
    return posting


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(PIPELINE_PARAMETERS),
        st.one_of(JUNK, st.lists(st.text(max_size=20), min_size=2, max_size=3)),
        max_size=5,
    )
)
def test_pipeline_filters_answer_any_input(pipeline, manager, params):
    client = _fresh_client(manager)

    _assert_page(client.get(reverse("hiring:pipeline", args=[pipeline.pk]), params))
    _assert_page(client.get(reverse("hiring:pipeline_csv", args=[pipeline.pk]), params))
