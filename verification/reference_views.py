"""References: the candidate's list of referees (their area) and the referee's form (a signed link, no account).

The candidate sees whom they named and whether each answered, never the
answers; reviewers see those on the applicant and verification pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import Application

from . import references
from .forms import RefereeForm, ReferenceAnswerForm
from .models import HirePolicy, Reference, VerificationError


def _render_list(request, form=None, status=200):
    open_applications = Application.objects.for_candidate(request.user).filter(stage__in=Application.OPEN_STAGES)
    context = {
        "references": Reference.objects.filter(candidate=request.user),
        "form": form or RefereeForm(),
        "asking": HirePolicy.objects.filter(posting__applications__in=open_applications, references_required__gt=0)
        .select_related("posting")
        .order_by("posting__title"),
        "max_referees": references.MAX_REFEREES,
    }
    return render(request, "verification/reference_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def reference_list(request):
    """My referees and whether each answered; POST names a new one, who is emailed the link."""
    if request.method == "GET":
        return _render_list(request)
    form = RefereeForm(request.POST)
    if form.is_valid():
        try:
            reference = references.name_referee(request.user, form)
        except VerificationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"We emailed {reference.name} a link to give their reference.")
            return redirect("verification:reference_list")
    return _render_list(request, form=form, status=400)


def _own_reference(request, pk):
    return get_object_or_404(Reference.objects.filter(candidate=request.user), pk=pk)


@require_POST
@login_required
def reference_resend(request, pk):
    reference = _own_reference(request, pk)
    try:
        references.send_again(reference)
    except VerificationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"We emailed {reference.name} a new link; the earlier one no longer works.")
    return redirect("verification:reference_list")


@require_POST
@login_required
def reference_remove(request, pk):
    reference = _own_reference(request, pk)
    try:
        references.remove_referee(reference)
    except VerificationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{reference.name} is no longer on your list; their link no longer works.")
    return redirect("verification:reference_list")


@never_cache
@require_http_methods(["GET", "POST"])
def reference_answer(request, token):
    """The referee's form. A used, expired, replaced or forged link answers a page saying so."""
    try:
        reference = references.reference_for_link(token)
    except references.LinkProblem as error:
        return _link_problem(request, error)
    form = ReferenceAnswerForm(request.POST or None, instance=reference)
    if request.method == "POST" and form.is_valid():
        try:
            references.save_answers(reference, form)
        except references.LinkProblem as error:
            return _link_problem(request, error)
        return render(request, "verification/reference_thanks.html", {"reference": reference})
    status = 400 if form.errors else 200
    return render(request, "verification/reference_answer.html", {"reference": reference, "form": form}, status=status)


def _link_problem(request, error):
    status = 400 if error.code == "invalid" else 410
    return render(request, "verification/reference_link_problem.html", {"error": error}, status=status)
