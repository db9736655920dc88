"""Keeping what people type out of the logs: passwords, license and NBCOT numbers, resumes, letters.

Two layers, both wired in settings.py:

- `RedactSensitiveData`, a filter on every log handler. A log line or traceback
  never repeats a value the request posted in a sensitive field (the record of a
  failed request carries the request), nor the values a database quotes in its
  error details, nor a password-reset token from a URL.
- `RedactingExceptionReporterFilter`, for the error reports Django builds (the
  report mailed to ADMINS, the DEBUG page): besides the fields a view marks with
  `sensitive_post_parameters`, every field whose name says it is a secret or a
  credential is hidden.
"""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

REDACTED = "[redacted]"

# Field names whose values are never logged: passwords and tokens, credential numbers (licenses, NBCOT),
# and what a candidate writes about themselves (cover letter, evidence lines, the resume).
SENSITIVE_FIELD = re.compile(r"pass|secret|token|number|licen|nbcot|resume|cover_letter|evidence|phone", re.I)
# Shorter values ("on", "1", "TX") would blank out ordinary words of the log line and identify no one.
MIN_SECRET_LENGTH = 3

_PATTERNS = [
    # PostgreSQL quotes the offending row in its error details: "Key (number)=(TX-123) already exists."
    (re.compile(r"(Key \(.*?\)=).*$", re.M), r"\1(" + REDACTED + ")"),
    (re.compile(r"(Failing row contains ).*$", re.M), r"\1(" + REDACTED + ")"),
    (re.compile(r'(invalid input (?:syntax|value) for [^:]*: )".*?"', re.M), r"\1" + REDACTED),
    # Reset links in request lines: /account/password-reset/<uid>/<token>/ (Django swaps the token for
    # "set-password" after the first visit, which gives nothing away).
    (re.compile(r"(/password-reset/[^/\s]+/)(?!set-password/)[^/\s?]+"), r"\1" + REDACTED),
    # Email confirmation links: /account/verify-email/<signed token>/.
    (re.compile(r"(/verify-email/)[^/\s?]+"), r"\1" + REDACTED),
    # A referee's one-time link: /references/<signed token>/.
    (re.compile(r"(/references/)(?!\d+/)[^/\s?]+"), r"\1" + REDACTED),
    # Passwords inside connection strings and query strings.
    (re.compile(r"(://[^:/@\s]+:)[^@\s/]+@"), r"\1" + REDACTED + "@"),
    (re.compile(r"((?:password|passwd|pwd)=)[^&\s'\"]+", re.I), r"\1" + REDACTED),
]


def posted_secrets(request):
    """The values `request` posted in sensitive fields, longest first (so no part of one is left behind)."""
    if request is None or getattr(request, "method", None) != "POST":
        return []
    if not (hasattr(request, "_post") or hasattr(request, "_body")):
        # Never read from the network to write a log line (a 413 is logged before its 40 MB body is read, and
        # must stay so): a body nobody read was never parsed, so none of its values can be in the record.
        return []
    try:
        post = request.POST
    except Exception:  # an unreadable body: nothing was parsed, so nothing of it can be in the message
        return []
    values = {
        value
        for key in post
        if SENSITIVE_FIELD.search(key)
        for value in post.getlist(key)
        if isinstance(value, str) and len(value.strip()) >= MIN_SECRET_LENGTH
    }
    return sorted(values, key=len, reverse=True)


def scrub(text, secrets=()):
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSensitiveData(logging.Filter):
    """Rewrite each record (message, traceback, stack) without secrets; never drops a record."""

    def filter(self, record):
        secrets = posted_secrets(getattr(record, "request", None))
        try:
            message = record.getMessage()
        except Exception:  # a malformed logging call: keep its template, never its arguments, and never raise here
            message = str(record.msg)
        record.msg, record.args = scrub(message, secrets), None
        if record.exc_info and not record.exc_text:
            # Formatted here so the handler's formatter reuses the scrubbed text instead of the raw exception.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, secrets)
        return True


class RedactingExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, also hiding every POST field named like a secret or a credential."""

    def _sensitive(self, request, multivaluedict):
        marked = getattr(request, "sensitive_post_parameters", [])
        if marked == "__ALL__":
            return marked
        return list(marked) + [key for key in multivaluedict if SENSITIVE_FIELD.search(key)]

    def get_cleansed_multivaluedict(self, request, multivaluedict):
        sensitive = self._sensitive(request, multivaluedict)
        if self.is_active(request) and sensitive:
            return self._cleanse_multivaluedict(multivaluedict, sensitive)
        return multivaluedict

    def get_post_parameters(self, request):
        if request is None:
            return {}
        sensitive = self._sensitive(request, request.POST)
        if self.is_active(request) and sensitive:
            return self._cleanse_multivaluedict(request.POST, sensitive)
        return request.POST
