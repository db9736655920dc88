"""`saved_job_ids`: the postings the signed-in candidate saved, for the Save buttons on every page."""

from django.utils.functional import SimpleLazyObject

from .models import SavedJob


def saved_jobs(request):
    """Lazy: the query runs only on a page that shows a Save button, once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {"saved_job_ids": frozenset()}
    return {
        "saved_job_ids": SimpleLazyObject(
            lambda: frozenset(SavedJob.objects.for_user(user).values_list("posting_id", flat=True))
        )
    }
