"""What the API says about postings, levels and applications, as plain dicts (the shapes of schemas.py).

Built from the same model fields, querysets and texts the site's pages use
(cards.salary_label, Application.flags), so the API never tells a different story.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from postings.models import JobPosting

# What a posting summary reads: the card's columns and the two slugs the filters take.
SUMMARY_FIELDS = ["level__slug", "setting__slug"]


def _site(path):
    return settings.SITE_URL + path


def _number(amount):
    return None if amount is None else float(amount)


def posting_summary(posting, path=None, place=None):
    """`place`: the geo.Place a search was made around, for each posting's distance from it."""
    location = posting.location
    salary = None
    if posting.show_salary and (posting.salary_min is not None or posting.salary_max is not None):
        salary = {
            "min": _number(posting.salary_min),
            "max": _number(posting.salary_max),
            "unit": posting.salary_unit,
            "label": posting.salary_label,
        }
    return {
        "id": posting.pk,
        "reference": posting.reference,
        "title": posting.display_title,
        "url": _site(path(posting.pk, posting.slug) if path else posting.get_absolute_url()),
        "level": {
            "slug": posting.level.slug,
            "title": posting.level.title,
            "short_title": posting.level.short_title,
        },
        "setting": {"slug": posting.setting.slug, "name": posting.setting.name},
        "location": (
            {"facility_name": location.facility_name, "city": location.city, "state": location.state}
            if location
            else None
        ),
        "employment_type": posting.employment_type,
        "work_mode": posting.work_mode,
        "distance_miles": (
            round(place.miles_to(location.latitude, location.longitude), 1)
            if place is not None and location is not None and location.latitude is not None
            else None
        ),
        "salary": salary,
        "published_at": posting.published_at,
        "closes_on": posting.closes_on,
    }


def posting_detail(posting):
    """Everything the posting page shows: read it with JobPosting.objects.with_page_data()."""
    location = posting.location
    required, preferred = posting.required_and_preferred()
    return posting_summary(posting) | {
        "status": "open" if posting.is_open else ("draft" if posting.status == JobPosting.Status.DRAFT else "closed"),
        "schedule": posting.schedule,
        "openings": posting.openings,
        "start_date": posting.start_date,
        "description": posting.description,
        "address": (
            {
                "facility_name": location.facility_name,
                "street": location.street,
                "city": location.city,
                "state": location.state,
                "zip_code": location.zip_code,
            }
            if location
            else None
        ),
        "responsibilities": [item.text for item in posting.level.responsibilities.all()],
        "requirements": [
            {"text": item.text, "kind": item.kind, "importance": item.importance} for item in [*required, *preferred]
        ],
    }


def managed_posting(posting):
    """A posting as an integration sees it: the public detail plus its lifecycle and hiring team."""
    return posting_detail(posting) | {
        "status": posting.status,
        "close_reason": posting.close_reason,
        "closed_at": posting.closed_at,
        "hiring_managers": sorted(user.email for user in posting.hiring_managers.all()),
        "created_at": posting.created_at,
        "updated_at": posting.updated_at,
    }


def role_summary(level):
    return {
        "slug": level.slug,
        "title": level.title,
        "short_title": level.short_title,
        "rank": level.rank,
        "min_years_experience": level.min_years_experience,
        "max_years_experience": level.max_years_experience,
        "min_years_leadership": level.min_years_leadership,
        "url": _site(level.get_absolute_url()),
    }


def role_detail(level):
    """Read with RoleLevel.objects.with_items()."""
    return role_summary(level) | {
        "overview": level.overview,
        "responsibilities": [item.text for item in level.responsibilities.all()],
        "requirements": [
            {"text": item.text, "kind": item.kind, "importance": item.importance} for item in level.requirements.all()
        ],
    }


def application_summary(application):
    """Read with with_pipeline_data(): the candidate and their profile come in the same query."""
    candidate = application.candidate
    profile = getattr(candidate, "profile", None)
    flags = dict(zip(application.flag_keys, application.flags))
    return {
        "id": application.pk,
        "posting_id": application.posting_id,
        "stage": application.stage,
        "stage_changed_at": application.stage_changed_at,
        "submitted_at": application.submitted_at,
        "source": application.source,
        "candidate": {
            "name": candidate.get_full_name(),
            "email": candidate.email,
            "phone": profile.phone if profile else "",
            "city": profile.city if profile else "",
            "state": profile.state if profile else "",
        },
        "match_score": application.match_score,
        "knockouts": application.knockouts,
        "flags": [{"key": key, "label": label} for key, label in flags.items()],
        "years_experience": application.years_experience,
        "years_leadership": application.years_leadership,
    }


def history_entry(change):
    return {
        "from_stage": change.from_stage,
        "to_stage": change.to_stage,
        "at": change.at,
        "by": change.by.get_full_name() if change.by_id else None,
        "reason": change.reason,
    }


def application_detail(application, answers, history):
    """Never the reviewers' notes or scorecards: those stay in the workspace."""
    return application_summary(application) | {
        "cover_letter": application.cover_letter,
        "resume_name": application.resume_name,
        "answers": [
            {
                "requirement": answer.requirement.text,
                "importance": answer.requirement.importance,
                "meets": answer.meets,
                "evidence": answer.evidence,
            }
            for answer in answers
        ],
        "history": [history_entry(change) for change in history],
    }


def cursor_page(rows, size, cursor_of, shape):
    """{next_cursor, results}: up to `size` of `rows` (ordered, sliceable), reading one more to know if more follow."""
    page = list(rows[: size + 1])
    more = len(page) > size
    page = page[:size]
    return {"next_cursor": cursor_of(page[-1]) if more else None, "results": [shape(row) for row in page]}


def midnight_today():
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
