"""The hiring team's interview pages: book one for an applicant, then see, move or cancel it.

Every page is rendered in the zone of the posting's location (times typed and
shown there); `interviews.py` holds the rules, these views call it and show
its refusals on the form, keeping what was typed.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import interviews, kits
from .access import application_for_reviewer, interview_for_reviewer, reviewer_required
from .interview_forms import CancelForm, InterviewForm, InterviewScorecardForm, RescheduleForm
from .interviews import InterviewError


@require_http_methods(["GET", "POST"])
@reviewer_required
def schedule_interview(request, pk):
    application = application_for_reviewer(request, pk)
    posting = application.posting
    with timezone.override(posting.zone):
        form = InterviewForm(request.POST or None, posting=posting)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                interview = interviews.propose(
                    application,
                    by=request.user,
                    kind=data["kind"],
                    duration_minutes=data["duration_minutes"],
                    interviewers=list(data["interviewers"]),
                    times=data["times"],
                    details=data["details"],
                )
            except InterviewError as error:
                form.add_error(None, error)
            else:
                done = "booked; the invites are sent" if interview.is_scheduled else "proposed to the candidate"
                messages.success(request, f"Interview {done}.")
                return redirect("hiring:interview", pk=interview.pk)
        context = {"app": application, "posting": posting, "form": form}
        return render(request, "hiring/schedule_interview.html", context, status=400 if form.is_bound else 200)


def _interview_page(request, interview, *, reschedule_form=None, cancel_form=None, scorecard_form=None, status=200):
    posting = interview.application.posting
    kit, scorecards = kits.scorecards_for(interview, request.user)
    mine = next((card for card in scorecards if card.interviewer_id == request.user.pk), None)
    try:
        kits.check_may_score(interview, request.user)
    except InterviewError as error:
        cannot_score = error.message
    else:
        cannot_score = ""
    with timezone.override(posting.zone):
        context = {
            "interview": interview,
            "app": interview.application,
            "posting": posting,
            "zone": posting.zone,
            "panelists": list(interview.panelists.select_related("interviewer")),
            "slots": list(interview.slots.all()),
            "free_slots": {slot.pk for slot in interviews.available_slots(interview)},
            "reschedule_form": reschedule_form or RescheduleForm(),
            "cancel_form": cancel_form or CancelForm(),
            "kit": kit,
            "scorecards": [card for card in scorecards if card.is_visible],
            "hidden_scorecards": sum(not card.is_visible for card in scorecards),
            "my_scorecard": mine,
            "cannot_score": cannot_score,
            "scorecard_form": scorecard_form or InterviewScorecardForm(questions=kit, scorecard=mine),
        }
        return render(request, "hiring/interview.html", context, status=status)


@require_GET
@reviewer_required
def interview(request, pk):
    return _interview_page(request, interview_for_reviewer(request, pk))


@require_POST
@reviewer_required
def reschedule_interview(request, pk):
    interview = interview_for_reviewer(request, pk)
    with timezone.override(interview.application.posting.zone):
        form = RescheduleForm(request.POST)
        if form.is_valid():
            try:
                interview = interviews.reschedule(interview, by=request.user, times=form.cleaned_data["times"])
            except InterviewError as error:
                form.add_error(None, error)
            else:
                done = "moved; the updated invites are sent" if interview.is_scheduled else "proposed to the candidate"
                messages.success(request, f"New time {done}.")
                return redirect("hiring:interview", pk=interview.pk)
    return _interview_page(request, interview, reschedule_form=form, status=400)


@require_POST
@reviewer_required
def cancel_interview(request, pk):
    interview = interview_for_reviewer(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            interviews.cancel(interview, by=request.user, reason=form.cleaned_data["reason"])
        except InterviewError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Interview cancelled; everyone is told.")
            return redirect("hiring:interview", pk=interview.pk)
    return _interview_page(request, interview, cancel_form=form, status=400)


@require_POST
@reviewer_required
def interview_scorecard(request, pk):
    """An interviewer submits (or updates) their scorecard; anyone else who may see the interview is told why not."""
    interview = interview_for_reviewer(request, pk)
    kit = kits.kit_of(interview)
    form = InterviewScorecardForm(request.POST, questions=kit)
    if form.is_valid():
        try:
            _, created = kits.submit_scorecard(
                interview,
                request.user,
                recommendation=form.cleaned_data["recommendation"],
                comments=form.cleaned_data["comments"],
                ratings=form.ratings(),
            )
        except InterviewError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your scorecard is submitted." if created else "Your scorecard is updated.")
            return redirect(f"{interview.get_absolute_url()}#scorecards")
    return _interview_page(request, interview, scorecard_form=form, status=400)
