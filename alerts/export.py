"""What the candidate's data download (applications.services.candidate_data) holds of alerts and saved jobs."""

from .models import JobAlert, SavedJob


def _iso(moment):
    return moment.isoformat() if moment else None


def alerts_and_saved_jobs(sender, user, **kwargs):
    """Receiver of applications.signals.candidate_data_requested: two sections of the export."""
    return {
        "job_alerts": [
            {
                "name": alert.name,
                "search": alert.summary,
                "criteria": alert.criteria,
                "frequency": alert.get_frequency_display(),
                "email": alert.email,
                "created_at": _iso(alert.created_at),
                "last_sent_at": _iso(alert.last_sent_at),
                "emails_sent": alert.emails_sent,
            }
            for alert in JobAlert.objects.for_user(user)
        ],
        "saved_jobs": [
            {
                "posting": saved.posting.display_title,
                "reference": saved.posting.reference,
                "saved_at": _iso(saved.saved_at),
                "still_open": saved.posting.is_open,
            }
            for saved in SavedJob.objects.for_user(user).for_list()
        ],
    }
