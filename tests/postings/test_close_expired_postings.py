import datetime

from django.core.management import call_command
from django.utils import timezone

from postings.models import JobPosting
from tests.factories import JobPostingFactory, PublishedPostingFactory


def past(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_published_postings_past_their_closing_date_are_closed_as_expired(catalog, capsys):
    expired = PublishedPostingFactory(level=catalog["senior-ot"])
    JobPosting.objects.filter(pk=expired.pk).update(closes_on=past(1))
    closing_today = PublishedPostingFactory(level=catalog["senior-ot"], closes_on=timezone.localdate())
    no_date = PublishedPostingFactory(level=catalog["senior-ot"], closes_on=None)
    old_draft = JobPostingFactory(level=catalog["senior-ot"])
    JobPosting.objects.filter(pk=old_draft.pk).update(closes_on=past(10))
    filled = PublishedPostingFactory(level=catalog["senior-ot"])
    filled.close("filled")
    JobPosting.objects.filter(pk=filled.pk).update(closes_on=past(3))

    call_command("close_expired_postings")

    expired.refresh_from_db()
    assert expired.status == JobPosting.Status.CLOSED
    assert expired.close_reason == "expired"
    assert expired.closed_at is not None
    for untouched, status in ((closing_today, "published"), (no_date, "published"), (old_draft, "draft")):
        untouched.refresh_from_db()
        assert untouched.status == status
    filled.refresh_from_db()
    assert filled.close_reason == "filled"
    assert f"Closed {expired.reference}" in capsys.readouterr().out


def test_dry_run_changes_nothing(catalog, capsys):
    expired = PublishedPostingFactory(level=catalog["senior-ot"])
    JobPosting.objects.filter(pk=expired.pk).update(closes_on=past(1))

    call_command("close_expired_postings", "--dry-run")

    expired.refresh_from_db()
    assert expired.status == JobPosting.Status.PUBLISHED
    assert f"Would close {expired.reference}" in capsys.readouterr().out
