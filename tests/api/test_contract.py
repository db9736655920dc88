"""Contract tests: schemathesis generates requests from the running app's OpenAPI document and checks every answer.

No 5xx, and every answer's status, headers, content type and body match what
the document says, for the public board and for the integrations' side (with a
key that has every scope). Bounded to a few examples per operation so the suite
stays fast; `CONTRACT_EXAMPLES=200` runs a deeper pass.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import ApplicationFactory

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "12"))


# Read from the app as it serves it (no database needed for the document itself).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def _keep_the_test_connection():
    """The app is called as WSGI, not through Django's test client: like the client, keep Django from closing
    the database connection after each request (it would end the test's transaction on PostgreSQL)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def key_headers(db, catalog, posting, manager, make_key, _keep_the_test_connection):
    """Something to find: a posting with an applicant; and a key with every scope."""
    ApplicationFactory(posting=posting)
    _, secret = make_key()
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_answer_matches_the_document(case, key_headers):
    headers = key_headers if case.operation.path.startswith("/api/v1/manage/") else {}
    # Not "positive data acceptance": a level or setting slug the catalog does not hold, or a posting the
    # admin's form refuses, is well-formed by the document and still rightly refused (422, with the field).
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
