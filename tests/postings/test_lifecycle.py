import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from postings.models import JobPosting, PostingError
from roles.models import Requirement
from tests.factories import JobPostingFactory, RequirementFactory


def test_publishing_copies_the_levels_requirements_plus_those_added_for_the_opening(catalog):
    posting = JobPostingFactory(
        level=catalog["senior-ot"], requirements=[("Texas OT license or eligibility", Requirement.Importance.REQUIRED)]
    )

    posting.publish()

    posting.refresh_from_db()
    texts = list(posting.requirements.values_list("text", flat=True))
    level_texts = list(catalog["senior-ot"].requirements.values_list("text", flat=True))
    assert texts == level_texts + ["Texas OT license or eligibility"]
    assert posting.status == JobPosting.Status.PUBLISHED
    assert posting.published_at is not None


def test_a_later_catalog_edit_does_not_change_a_published_posting(catalog):
    posting = JobPostingFactory(level=catalog["mid-level-ot"])
    posting.publish()
    before = list(posting.requirements.values_list("text", "importance"))

    item = catalog["mid-level-ot"].requirements.first()
    item.text = "Something else entirely"
    item.importance = Requirement.Importance.PREFERRED
    item.save()
    RequirementFactory(level=catalog["mid-level-ot"], text="A brand new requirement")

    assert list(posting.requirements.values_list("text", "importance")) == before


def test_publishing_copies_the_levels_interview_kit_which_later_edits_leave_alone(catalog):
    level = catalog["senior-ot"]
    posting = JobPostingFactory(level=level)

    posting.publish()
    level.interview_questions.filter(position=1).update(focus="Reworded", question="A new question?")

    kit = list(posting.interview_kit.values_list("focus", "source__position"))
    assert kit[0] == ("High-acuity cases", 1)
    assert len(kit) == level.interview_questions.count() == 5


def test_republishing_or_copying_again_keeps_the_kit_interviews_rated(catalog):
    posting = JobPostingFactory(level=catalog["lead-ot"])
    posting.publish()
    before = list(posting.interview_kit.values_list("pk", flat=True))
    posting.close("cancelled")
    posting.publish()

    assert posting.copy_interview_kit() == 0
    assert list(posting.interview_kit.values_list("pk", flat=True)) == before


def test_publishing_without_a_location_is_refused(catalog):
    posting = JobPostingFactory(level=catalog["entry-level-ot"], location=None)

    with pytest.raises(PostingError, match="Choose a location"):
        posting.publish()

    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.DRAFT
    assert not posting.requirements.exists()


def test_publishing_without_any_requirement_is_refused(db):
    posting = JobPostingFactory()  # its level has no requirements

    with pytest.raises(PostingError, match="at least one requirement"):
        posting.publish()


def test_salary_minimum_above_maximum_is_refused(db):
    posting = JobPostingFactory.build(salary_min=90000, salary_max=80000)
    with pytest.raises(ValidationError) as error:
        posting.clean()
    assert "salary_min" in error.value.message_dict


def test_closing_a_posting_records_why_and_when(posting):
    posting.close(JobPosting.CloseReason.FILLED)

    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.CLOSED
    assert posting.close_reason == "filled"
    assert posting.closed_at is not None
    with pytest.raises(PostingError):
        posting.close(JobPosting.CloseReason.CANCELLED)


def test_a_posting_past_its_closing_date_leaves_the_board(posting):
    assert JobPosting.objects.open().filter(pk=posting.pk).exists()
    later = timezone.now() + datetime.timedelta(days=46)
    assert not JobPosting.objects.open(now=later).filter(pk=posting.pk).exists()
    assert JobPosting.objects.expired(now=later).filter(pk=posting.pk).exists()


def test_reference_never_changes_with_the_title(posting):
    reference = posting.reference
    posting.title = "Senior OT — Neuro Rehab"
    posting.save()
    assert posting.reference == reference == f"OT-{posting.pk:06d}"


def test_moving_a_location_updates_the_postings_keyword_search(posting):
    posting.location.city = "San Marcos"
    posting.location.save()

    assert JobPosting.objects.search("marcos").filter(pk=posting.pk).exists()
    assert timezone.localdate() <= posting.closes_on
