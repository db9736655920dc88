"""The hiring team's offer pages: draft one for an applicant, then approve, send or withdraw it.

The rules live in offers.py; each action here calls it and shows its refusal
on the page (409 when the offer's state forbids it, 400 for bad input).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from applications.models import Application

from . import offers
from .access import application_for_reviewer, reviewer_required
from .offer_forms import DecisionForm, OfferForm, ReasonForm
from .offer_models import Offer
from .offers import OfferError


def _offer_for_reviewer(request, pk):
    return get_object_or_404(
        Offer.objects.filter(application__in=Application.objects.reviewable_by(request.user)).select_related(
            "application__candidate", "application__posting__location", "approver", "decided_by", "letter_template"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@reviewer_required
def draft_offer(request, pk):
    application = application_for_reviewer(request, pk)
    form = OfferForm(request.POST or None, posting=application.posting)
    if request.method == "POST" and form.is_valid():
        try:
            offer = offers.draft(application, by=request.user, **form.terms())
        except OfferError as error:
            form.add_error(None, error)
        else:
            note = f" It needs approval: {offer.approval_reason}." if offer.needs_approval else ""
            messages.success(request, f"Offer drafted.{note}")
            return redirect(offer)
    context = {"app": application, "posting": application.posting, "form": form}
    return render(request, "hiring/offer_form.html", context, status=400 if form.is_bound else 200)


ACTIONS = {"submit", "approve", "refuse", "send", "withdraw"}


@require_http_methods(["GET", "POST"])
@reviewer_required
def offer(request, pk):
    offer = _offer_for_reviewer(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    decision_form = DecisionForm(request.POST if action in ("approve", "refuse") else None)
    withdraw_form = ReasonForm(request.POST if action == "withdraw" else None)
    status = 200
    if action in ACTIONS:
        try:
            if action == "submit":
                offers.submit_for_approval(offer, by=request.user)
                done = "Sent for approval; the approvers are told."
            elif action in ("approve", "refuse"):
                decision_form.is_valid()
                note = decision_form.cleaned_data.get("note", "")
                offers.decide(offer, by=request.user, approve=action == "approve", note=note)
                done = "Offer approved." if action == "approve" else "Approval refused; the author is told."
            elif action == "send":
                offers.send(offer, by=request.user)
                done = "Offer sent to the candidate."
            elif withdraw_form.is_valid():
                offers.withdraw(offer, by=request.user, reason=withdraw_form.cleaned_data["reason"])
                done = "Offer withdrawn."
            else:
                raise OfferError("Say why the offer is withdrawn.", code="reason_required")
        except OfferError as error:
            messages.error(request, error.messages[0])
            status = 400 if error.code == "reason_required" else 409
        else:
            messages.success(request, done)
            return redirect(offer)
    context = {
        "offer": offer,
        "app": offer.application,
        "posting": offer.application.posting,
        "may_approve": offers.may_approve(request.user, offer),
        "decision_form": decision_form,
        "withdraw_form": withdraw_form,
        "letter_preview": offer.letter or _preview(offer),
    }
    return render(request, "hiring/offer.html", context, status=status)


def _preview(offer):
    try:
        return offers.render_letter(offer)
    except OfferError as error:
        return error.messages[0]
