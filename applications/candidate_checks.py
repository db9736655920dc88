"""The screening as the candidate sees it, before and after applying: on a posting's page and on their profile.

The apply form shows the same checks (views.apply). Only outcomes and what to
fix are shown, never the band or the score, which are for reviewers. Everything
here costs a fixed number of queries: the profile with its licenses and
specialties, and the compact's member states only when a privilege is on file.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from . import screening
from .models import Application
from .profiles import CandidateProfile


def _is_candidate(user):
    return user.is_authenticated and not user.is_staff


def posting_panel(request, posting):
    """The signed-in candidate's checks for an open posting, as HTML for its page ("" for anyone else).

    Registered with postings.panels (ApplicationsConfig.ready()): the posting page
    belongs to postings, which knows nothing of profiles. A visitor without a
    profile yet sees every check as not given, with what to add; none is created.
    """
    if not _is_candidate(request.user):
        return ""
    profile = CandidateProfile.objects.prefetch_related("licenses", "specialties").filter(user=request.user).first()
    checks = screening.screen(posting=posting, profile=profile, today=timezone.localdate())
    return render_to_string(
        "applications/_checks.html", {"checks": checks, "on_posting_page": True, "posting": posting}, request=request
    )


def open_applications(user, profile, today):
    """[(application, Screening)] for each application the candidate still sees as open, newest first.

    Three queries whatever their number (the applications with their postings,
    the postings' requirements, the compact's states when a privilege is on
    file); `profile` comes with its licenses and specialties loaded. A rejection
    not yet told (Application.candidate_stage) still shows as open, as elsewhere.
    """
    applications = [
        application
        for application in Application.objects.for_candidate(user)
        .filter(stage__in=[*Application.OPEN_STAGES, Application.Stage.REJECTED])
        .as_candidate_sees()
        .select_related("posting__level", "posting__location")
        .prefetch_related("posting__requirements")
        .order_by("-submitted_at", "-pk")
        if application.candidate_stage in Application.OPEN_STAGES
    ]
    if not applications:
        return []
    compact = screening.compact_states() if any(lic.is_privilege for lic in profile.licenses.all()) else {}
    return [
        (application, screening.screen(posting=application.posting, profile=profile, today=today, compact=compact))
        for application in applications
    ]
