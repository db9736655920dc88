"""Logs and error reports never carry a password, a license or NBCOT number, or what a candidate wrote.

Read from the site's real log handlers (settings.LOGGING), during requests that fail.
"""

import io
import logging
import sys

import pytest
from django.db import IntegrityError
from django.test import RequestFactory
from django.views.debug import ExceptionReporter, get_default_exception_reporter_filter

from applications import forms as application_forms
from tests.factories import UserFactory

LICENSE_NUMBER = "OT-TX-9988776"
NBCOT_NUMBER = "NB5550123"
PASSWORD = "sunflower-Ledger-2026"


@pytest.fixture
def log_output():
    """Everything the site's handlers write, as production would see it."""
    handlers = [logging.getHandlerByName(name) for name in ("console", "django.server")]
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, previous):
        handler.setStream(old)


def _profile_post(number=LICENSE_NUMBER):
    return {
        "full_name": "Casey Candidate",
        "years_experience": "6",
        "years_leadership": "1",
        "nbcot_number": NBCOT_NUMBER,
        "nbcot_status": "active",
        "licenses-TOTAL_FORMS": "1",
        "licenses-INITIAL_FORMS": "0",
        "licenses-0-state": "NM",
        "licenses-0-number": number,
        "licenses-0-expires_on": "2029-01-31",
    }


def test_a_failing_profile_save_logs_the_error_without_the_license_or_nbcot_number(
    client, candidate, log_output, monkeypatch
):
    def database_refuses(self, commit=True):
        # What PostgreSQL says about a row it refuses: the values, quoted.
        raise IntegrityError(
            'duplicate key value violates unique constraint "one_license_per_state_per_profile"\n'
            f"DETAIL:  Key (profile_id, number)=(7, {LICENSE_NUMBER}) already exists."
        )

    monkeypatch.setattr(application_forms.LicenseFormSet, "save", database_refuses)
    client.force_login(candidate)
    client.raise_request_exception = False

    response = client.post("/account/profile/", _profile_post())

    assert response.status_code == 500
    logged = log_output.getvalue()
    assert "Internal Server Error: /account/profile/" in logged
    assert "IntegrityError" in logged and "Key (profile_id, number)=([redacted])" in logged
    assert LICENSE_NUMBER not in logged and NBCOT_NUMBER not in logged


def test_an_error_quoting_what_was_posted_is_logged_with_the_values_blanked(client, candidate, log_output, monkeypatch):
    def parser_fails(self, commit=True):
        raise ValueError(f"cannot store license {LICENSE_NUMBER} of profile with NBCOT {NBCOT_NUMBER}")

    monkeypatch.setattr(application_forms.LicenseFormSet, "save", parser_fails)
    client.force_login(candidate)
    client.raise_request_exception = False

    client.post("/account/profile/", _profile_post())

    logged = log_output.getvalue()
    assert "cannot store license [redacted] of profile with NBCOT [redacted]" in logged
    assert LICENSE_NUMBER not in logged and NBCOT_NUMBER not in logged


def test_a_failing_sign_in_never_logs_the_password(client, db, log_output, monkeypatch):
    UserFactory(email="ana@example.com")

    def backend_down(request=None, **credentials):
        raise ConnectionError(f"directory unreachable while checking {credentials['password']}")

    monkeypatch.setattr("django.contrib.auth.forms.authenticate", backend_down)
    client.raise_request_exception = False

    response = client.post("/account/sign-in/", {"username": "ana@example.com", "password": PASSWORD})

    assert response.status_code == 500
    logged = log_output.getvalue()
    assert "ConnectionError: directory unreachable while checking [redacted]" in logged
    assert PASSWORD not in logged


def test_reset_tokens_in_request_lines_are_blanked(log_output):
    logging.getLogger("django.server").info(
        '"GET /account/password-reset/MQ/cz8k2v-5f1e0c0d9a7b3e6f/ HTTP/1.1" 302 0', extra={"status_code": 302}
    )
    logging.getLogger("django.server").info('"GET /account/password-reset/MQ/set-password/ HTTP/1.1" 200 4120')

    logged = log_output.getvalue()
    assert "cz8k2v-5f1e0c0d9a7b3e6f" not in logged
    assert "/account/password-reset/MQ/[redacted]/" in logged
    assert "/account/password-reset/MQ/set-password/" in logged


def test_database_passwords_in_connection_errors_are_blanked(log_output):
    logging.getLogger("applications").error(
        "cannot reach postgres://portal:s3cret-db-pass@db.internal:5432/ot_portal (password=s3cret-db-pass)"
    )

    logged = log_output.getvalue()
    assert "s3cret-db-pass" not in logged
    assert "postgres://portal:[redacted]@db.internal:5432/ot_portal" in logged


def test_error_reports_hide_credential_fields_even_where_the_view_did_not_mark_them(settings):
    settings.DEBUG = False
    request = RequestFactory().post(
        "/account/profile/", _profile_post() | {"cover_letter": "My years at Riverbend", "city": "Austin"}
    )
    try:
        raise RuntimeError("something broke")
    except RuntimeError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()

    assert get_default_exception_reporter_filter().__class__.__name__ == "RedactingExceptionReporterFilter"
    for secret in (LICENSE_NUMBER, NBCOT_NUMBER, "My years at Riverbend"):
        assert secret not in report
    assert "Austin" in report  # ordinary fields stay, so the report still helps


def test_a_malformed_logging_call_is_written_without_its_arguments_and_never_raises(log_output):
    logging.getLogger("applications").warning("license %s of %s", LICENSE_NUMBER)  # one argument short

    logged = log_output.getvalue()
    assert "license %s of %s" in logged
    assert LICENSE_NUMBER not in logged
