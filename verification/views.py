"""The pages of verification: the reviewers' record of an application, evidence downloads and the override.

Reviewers (`accounts.decorators.reviewer_required`) see only applications
`Application.objects.reviewable_by` gives them; anyone else gets 404. The
referee's and the candidate's pages are in references_views.py, the
recruiters' lists in reports.py.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import reviewer_required
from applications.models import Application
from applications.uploads import resume_response

from . import gate
from .credentials import required_credentials
from .forms import OverrideForm, VerificationForm
from .models import Reference, VerificationEntry, VerificationError


def application_for_reviewer(request, pk):
    return get_object_or_404(
        Application.objects.reviewable_by(request.user).select_related(
            "candidate", "candidate__profile", "posting", "posting__location"
        ),
        pk=pk,
    )


def _render(request, application, *, form=None, override_form=None, status=200):
    requirements = list(application.posting.requirements.all())
    required = required_credentials(application, requirements)
    history = list(
        VerificationEntry.objects.filter(application=application)
        .select_related("verified_by")
        .order_by("-verified_at", "-pk")
    )
    superseded = {entry.supersedes_id for entry in history}
    current = [entry for entry in history if entry.pk not in superseded]
    readiness = gate.readiness(application, requirements=requirements, entries=current)
    context = {
        "app": application,
        "posting": application.posting,
        "readiness": readiness,
        "history": history,
        "superseded": superseded,
        "form": form or VerificationForm(application=application, required=required),
        "references": Reference.objects.filter(candidate=application.candidate_id),
        "may_override": request.user.is_superuser and not readiness.ready,
        "override_form": override_form or OverrideForm(),
    }
    return render(request, "verification/application_verification.html", context, status=status)


@require_http_methods(["GET", "POST"])
@reviewer_required
def application_verification(request, pk):
    """What the hire needs verified, every check so far, and the form to record one (POST)."""
    application = application_for_reviewer(request, pk)
    if request.method == "GET":
        return _render(request, application)
    form = VerificationForm(request.POST, request.FILES, application=application)
    if form.is_valid():
        try:
            entry = VerificationEntry.record(
                application, by=request.user, evidence=form.cleaned_data["evidence_file"], **form.entry_fields()
            )
        except VerificationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{entry.credential_label}: {entry.get_result_display()} recorded.")
            return redirect(reverse("verification:application_verification", args=[application.pk]) + "#checks")
    return _render(request, application, form=form, status=400)


@require_POST
@reviewer_required
def override(request, pk):
    """An administrator lets the hire go ahead without what is missing (others: 404)."""
    application = application_for_reviewer(request, pk)
    if not request.user.is_superuser:
        raise Http404("No such page.")
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            gate.record_override(application, by=request.user, reason=form.cleaned_data["reason"])
        except VerificationError as error:
            form.add_error("reason", error)
        else:
            messages.warning(request, "Override recorded: this application may be hired without the missing checks.")
            return redirect("verification:application_verification", pk=application.pk)
    return _render(request, application, override_form=form, status=400)


@require_GET
@reviewer_required
def evidence(request, pk):
    """An entry's evidence file, as a download, for reviewers of its application."""
    reviewable = Application.objects.reviewable_by(request.user).values("pk")
    entry = get_object_or_404(VerificationEntry.objects.filter(application__in=reviewable), pk=pk)
    return resume_response(entry.evidence, entry.evidence_name)
