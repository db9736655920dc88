"""A request that fails logs an error, and neither the log line nor the report mailed to admins
(Django's ExceptionReporter, as AdminEmailHandler builds it, text and HTML) carries a password or a
license number that was posted.

Each view taking them marks itself (sensitive_post_parameters, sensitive_variables), so the reports are
checked with Django's stock filter as well as the site's redacting one (tests/security/test_logging.py):
the marks alone must be enough."""

import html
import logging
import re
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from tests.applications.apply_helpers import apply_data

PASSWORD = "correct horse battery"  # the factories' password
NEW_PASSWORD = "Splint-and-sling-4471"
LICENSE = "OT-TX-88213"
NBCOT = "NB7735190"


class Boom(RuntimeError):
    pass


@pytest.fixture
def web():
    return Client(raise_request_exception=False)


def _error_report(caplog):
    """The log text plus the reports an AdminEmailHandler would send, with the site's filter and Django's own.

    The HTML report lists each frame's local variables, where sensitive_variables matters.
    """
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelno >= logging.ERROR]
    assert errors, "the failing request logged no error"
    record = errors[-1]
    reports = [caplog.text]
    for report_filter in (None, SafeExceptionReporterFilter()):
        if report_filter:
            record.request.exception_reporter_filter = report_filter
        reporter = ExceptionReporter(record.request, *record.exc_info, is_email=True)
        reports += [reporter.get_traceback_text(), html.unescape(reporter.get_traceback_html())]
    assert all("Boom" in report for report in reports[1:])  # the real reports, with the traceback
    return "\n".join(reports)


def _assert_clean(text, *secrets):
    for secret in secrets:
        assert secret not in text, f"{secret!r} reached the error report"


def test_a_failing_sign_in_logs_no_password(web, candidate, caplog):
    with mock.patch("django.contrib.auth.forms.authenticate", side_effect=Boom):
        response = web.post(reverse("accounts:login"), {"username": candidate.email, "password": PASSWORD})

    assert response.status_code == 500
    _assert_clean(_error_report(caplog), PASSWORD)


def test_a_failing_sign_up_logs_no_password(web, db, caplog):
    with mock.patch("accounts.models.User.set_password", side_effect=Boom):
        response = web.post(
            reverse("accounts:signup"),
            {
                "full_name": "Nia Newcomer",
                "email": "nia@example.com",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )

    assert response.status_code == 500
    _assert_clean(_error_report(caplog), NEW_PASSWORD)


def test_a_failing_password_change_logs_no_password(web, candidate, caplog):
    web.force_login(candidate)
    with mock.patch("accounts.models.User.set_password", side_effect=Boom):
        response = web.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

    assert response.status_code == 500
    _assert_clean(_error_report(caplog), PASSWORD, NEW_PASSWORD)


def test_a_failing_password_reset_logs_no_password(web, candidate, caplog):
    link = reverse(
        "accounts:password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(candidate.pk)), default_token_generator.make_token(candidate)],
    )
    set_url = web.get(link)["Location"]
    with mock.patch("accounts.models.User.set_password", side_effect=Boom):
        response = web.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 500
    _assert_clean(_error_report(caplog), NEW_PASSWORD)


def test_a_failing_account_deletion_logs_no_password(web, candidate, caplog):
    web.force_login(candidate)
    with mock.patch("accounts.models.User.check_password", side_effect=Boom):
        response = web.post(reverse("applications:delete_account"), {"password": PASSWORD})

    assert response.status_code == 500
    _assert_clean(_error_report(caplog), PASSWORD)


def test_a_failing_profile_save_logs_no_license_number(web, candidate, caplog):
    web.force_login(candidate)
    data = {
        "full_name": "Casey Candidate",
        "state": "TX",
        "years_experience": "4",
        "years_leadership": "0",
        "nbcot_number": NBCOT,
        "nbcot_status": "active",
        "licenses-TOTAL_FORMS": "1",
        "licenses-INITIAL_FORMS": "0",
        "licenses-MIN_NUM_FORMS": "0",
        "licenses-MAX_NUM_FORMS": "20",
        "licenses-0-state": "CO",
        "licenses-0-number": LICENSE,
        "licenses-0-expires_on": "2030-01-31",
    }
    with mock.patch("applications.models.StateLicense.save", side_effect=Boom):
        response = web.post(reverse("applications:profile"), data)

    assert response.status_code == 500
    _assert_clean(_error_report(caplog), LICENSE, NBCOT)


def test_a_failing_application_logs_no_license_number_from_answers_or_letter(web, candidate, posting, caplog):
    web.force_login(candidate)
    data = apply_data(posting, cover_letter=f"My Texas license {LICENSE} is current.")
    for key in [key for key in data if key.startswith("evidence_")]:
        data[key] = f"TX OT license {LICENSE}"
    # Raised deep in the workflow, so the service's own variables (letter, answers) are in the traceback.
    with mock.patch("applications.services.screen", side_effect=Boom):
        response = web.post(reverse("applications:apply", args=[posting.pk]), data)

    assert response.status_code == 500
    report = _error_report(caplog)
    _assert_clean(report, LICENSE)
    assert re.search(r"submit_application", report)  # the service's frame is there, its values hidden
