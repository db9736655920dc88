"""What the candidate's data download holds of the hiring side: their interview times (never scorecards or notes)."""

from django.utils import timezone

from .interview_models import Interview
from .offer_models import Offer


def _iso(moment, zone):
    """In the zone of the posting's location, as the candidate was shown it."""
    return timezone.localtime(moment, zone).isoformat() if moment else None


def interviews_and_offers(sender, user, **kwargs):
    """Receiver of applications.signals.candidate_data_requested: the candidate's own interviews and offers."""
    interviews = (
        Interview.objects.for_candidate(user).select_related("application__posting__location").order_by("created_at")
    )
    return {
        "interviews": [
            {
                "posting": interview.application.posting.display_title,
                "reference": interview.application.posting.reference,
                "kind": interview.get_kind_display(),
                "status": interview.get_status_display(),
                "starts_at": _iso(interview.starts_at, interview.application.posting.zone),
                "minutes": interview.duration_minutes,
                "proposed_times": [
                    _iso(slot.starts_at, interview.application.posting.zone) for slot in interview.slots.all()
                ],
                "your_message": interview.candidate_message,
                "cancel_reason": interview.cancel_reason,
            }
            for interview in interviews.prefetch_related("slots")
        ],
        "offers": [
            {
                **offer.terms(),
                "status": offer.get_status_display(),
                "sent_at": _iso(offer.sent_at, offer.application.posting.zone),
                "answered_at": _iso(offer.answered_at, offer.application.posting.zone),
                "your_decline_reason": offer.decline_reason,
            }
            for offer in Offer.objects.for_candidate(user).select_related("application__posting__location")
        ],
    }
