"""The candidate's interviews and offers in their own area: on each application's page, and a line in the list.

Registered with applications.sections (HiringConfig.ready()), since applications
may not import hiring. Only what the candidate's own pages already show is read
here: the interview's kind, status and time, the offer's status and dates, and
the signed links to those pages (`interviews.candidate_path`,
`offers.candidate_path`). Scorecards, notes, drafts and offers not yet sent are
never read.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from . import interviews, offers
from .interview_models import Interview
from .offer_models import Offer
from .templatetags.interview_times import at_location

Status = Interview.Status


def _with_links(rows, application, path):
    """The rows with their application (already loaded: its posting's zone) and their signed link."""
    for row in rows:
        row.application = application
        row.link = path(row)
    return rows


def application_page(request, application):
    """The application's interviews and the offers sent, for its page: two queries."""
    found = _with_links(
        list(Interview.objects.for_candidate(request.user).filter(application=application).order_by("created_at")),
        application,
        interviews.candidate_path,
    )
    sent = _with_links(
        list(Offer.objects.for_candidate(request.user).filter(application=application).order_by("sent_at")),
        application,
        offers.candidate_path,
    )
    if not found and not sent:
        return ""
    return render_to_string(
        "hiring/candidate_application.html",
        {"interviews": found, "offers": sent, "zone": application.posting.zone},
        request=request,
    )


def _most_telling(interview):
    """A booked interview says more than one waiting for its time; of two booked, the sooner."""
    return (0, interview.starts_at, interview.pk) if interview.is_scheduled else (1, interview.pk)


def application_lines(request, applications):
    """{application pk: one line} for the list: an offer to answer first, else the next booked interview, else a
    time to choose. Two queries for the whole page."""
    by_pk = {application.pk: application for application in applications}
    lines = {}
    waiting = (
        Offer.objects.for_candidate(request.user)
        .filter(application__in=by_pk, status=Offer.Status.SENT)
        .only("pk", "application_id", "expires_on")
    )
    for offer in waiting:
        offer.application = by_pk[offer.application_id]
        if not offer.is_expired():
            lines[offer.application_id] = format_html(
                '<a href="{}">Offer waiting for your answer</a>', offers.candidate_path(offer)
            )
    pending = (
        Interview.objects.for_candidate(request.user)
        .filter(application__in=by_pk.keys() - lines.keys(), status__in=[Status.PROPOSED, Status.SCHEDULED])
        .exclude(status=Status.SCHEDULED, ends_at__lte=timezone.now())
        .only("pk", "application_id", "status", "starts_at")
    )
    for interview in sorted(pending, key=_most_telling):
        if interview.application_id in lines:
            continue
        path = interviews.candidate_path(interview)
        if interview.is_scheduled:
            when = at_location(interview.starts_at, by_pk[interview.application_id].posting.zone)
            lines[interview.application_id] = format_html('<a href="{}">Interview booked</a> {}', path, when)
        else:
            lines[interview.application_id] = format_html('<a href="{}">Interview: choose a time</a>', path)
    return lines
