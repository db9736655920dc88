"""The candidate's side of interviews (and offers): pages reached from a signed link in their email.

A link works only for the candidate of its application, signed in, and only
until it expires; anyone else, or a link altered or too old, gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import interviews, offers, pdf
from .interview_forms import CancelForm, OtherTimesForm, PickTimeForm
from .interview_models import Interview
from .interviews import InterviewError
from .offer_forms import ReasonForm
from .offer_models import Offer
from .offers import OfferError


def _interview_for_candidate(request, token):
    pk = interviews.interview_from_link(token)
    if pk is None:
        raise Http404("This link is not valid or has expired.")
    return get_object_or_404(
        Interview.objects.for_candidate(request.user).select_related(
            "application__posting__location", "application__posting__level"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview(request, token):
    interview = _interview_for_candidate(request, token)
    posting = interview.application.posting
    zone = posting.zone
    action = request.POST.get("action") if request.method == "POST" else None
    slots = interviews.available_slots(interview) if interview.is_awaiting_candidate else []
    pick_form = PickTimeForm(
        request.POST if action == "pick" else None, slots=slots, zone_label=lambda m: interviews.local_label(m, zone)
    )
    other_form = OtherTimesForm(request.POST if action == "other_times" else None)
    cancel_form = CancelForm(request.POST if action == "cancel" else None)
    forms = {"pick": pick_form, "other_times": other_form, "cancel": cancel_form}
    form = forms.get(action)
    if form is not None and form.is_valid():
        try:
            if action == "pick":
                interviews.book(
                    interview, pick_form.slots[form.cleaned_data["slot"]].starts_at, by=request.user, by_candidate=True
                )
                messages.success(request, "Your interview is booked. An invite is on its way to your email.")
            elif action == "other_times":
                interviews.ask_other_times(interview, message=form.cleaned_data["message"])
                messages.success(request, "We have told the hiring team; they will propose other times.")
            else:
                interviews.cancel(interview, by=request.user, reason=form.cleaned_data["reason"], by_candidate=True)
                messages.success(request, "The interview is cancelled; the hiring team is told.")
        except InterviewError as error:
            form.add_error(None, error)
        else:
            return redirect(request.path)
    with timezone.override(zone):
        context = {
            "interview": interview,
            "posting": posting,
            "zone": zone,
            "pick_form": pick_form,
            "other_form": other_form,
            "cancel_form": cancel_form,
        }
        return render(request, "hiring/candidate_interview.html", context, status=400 if form is not None else 200)


def _offer_for_candidate(request, token):
    pk = offers.offer_from_link(token)
    if pk is None:
        raise Http404("This link is not valid or has expired.")
    return get_object_or_404(
        Offer.objects.for_candidate(request.user).select_related("application__posting__location"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer(request, token):
    offer = _offer_for_candidate(request, token)
    action = request.POST.get("action") if request.method == "POST" else None
    decline_form = ReasonForm(request.POST if action == "decline" else None)
    decline_form.fields["reason"].label = "Or decline it: why? (the hiring team reads this)"
    status = 200
    if action in ("accept", "decline"):
        try:
            if action == "accept":
                offers.accept(offer, by=request.user)
                messages.success(request, "You accepted the offer. Welcome aboard: the hiring team will be in touch.")
            elif decline_form.is_valid():
                offers.decline(offer, by=request.user, reason=decline_form.cleaned_data["reason"])
                messages.success(request, "You declined the offer. Thank you for telling us why.")
            else:
                raise OfferError("Tell us why, in a few words.", code="reason_required")
        except OfferError as error:
            if action == "decline":
                decline_form.add_error(None, error)
            else:
                messages.error(request, error.messages[0])
            status = 400
        else:
            return redirect(request.path)
    offer.refresh_from_db()
    context = {"offer": offer, "posting": offer.application.posting, "decline_form": decline_form, "token": token}
    return render(request, "hiring/candidate_offer.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def offer_letter_pdf(request, token):
    offer = _offer_for_candidate(request, token)
    response = HttpResponse(pdf.text_pdf(offer.letter, title=f"Offer: {offer.application.posting.display_title}"))
    response["Content-Type"] = "application/pdf"
    response["Content-Disposition"] = f'attachment; filename="offer-{offer.application.posting.reference}.pdf"'
    return response
