"""Who may see what in the hiring workspace: one helper per access rule, used by every view.

A reviewer is active staff in the Hiring managers or Recruiters group, or a
superuser (`User.is_reviewer`). Hiring managers see the postings they are
assigned to; recruiters and superusers see every posting
(`User.sees_every_posting`, through `JobPosting.objects.managed_by`). Anyone
else gets 404 for every page here, so ids reveal nothing; anonymous visitors
are sent to sign in.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.decorators import reviewer_required  # noqa: F401  (moved to accounts; the views import it from here)
from applications.models import Application
from postings.models import JobPosting

from .models import BulkMove, PostingVisit


def _postings_for_reviewer(user):
    return JobPosting.objects.managed_by(user).select_related("level", "location")


def posting_for_reviewer(request, pk):
    return get_object_or_404(_postings_for_reviewer(request.user), pk=pk)


def posting_for_pipeline(request, pk):
    """The posting, as for any reviewer, with `last_seen` (when this person last opened its pipeline) and their
    latest bulk move on it (BulkMove.last_undoable_of), in the one query."""
    postings = _postings_for_reviewer(request.user).annotate(
        last_seen=PostingVisit.objects.last_seen(request.user),
        **BulkMove.objects.latest_on_each_posting(request.user),
    )
    return get_object_or_404(postings, pk=pk)


def posting_for_recruiter(request, pk):
    """Only those who see every posting choose a posting's hiring managers."""
    if not request.user.sees_every_posting:
        raise Http404("No such posting.")
    return posting_for_reviewer(request, pk)


def application_for_reviewer(request, pk, *, lists=None):
    """The application, if the person may review it; `lists` adds to the query (applicant.with_page_lists)."""
    applications = (
        Application.objects.reviewable_by(request.user)
        .select_related("candidate", "candidate__profile", "posting", "posting__location", "posting__level")
        .with_specialty_names()
    )
    return get_object_or_404(lists(applications) if lists else applications, pk=pk)


def interview_for_reviewer(request, pk):
    """An interview of an application the person may review; 404 for anyone else."""
    from .interview_models import Interview

    return get_object_or_404(
        Interview.objects.filter(application__in=Application.objects.reviewable_by(request.user)).select_related(
            "application__candidate", "application__posting__location", "application__posting__level"
        ),
        pk=pk,
    )
