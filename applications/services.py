"""Candidate workflows that span several models: applying, the profile's resume, export, account deletion."""

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format

from postings.models import JobPosting

from .emails import queue_templated_email
from .models import Answer, Application, CandidateProfile, OutgoingEmail, StageChange, refresh_report_rows
from .screening import SCREENED_FIELDS, AnswerInput, compact_states, screen
from .signals import application_submitted, candidate_data_requested

logger = logging.getLogger(__name__)


class ApplyError(ValidationError):
    """An application that cannot be taken: the posting closed, or a staff account tried to apply."""


class AlreadyApplied(Exception):
    """The candidate already applied to this posting; `application` is the one on file."""

    def __init__(self, application):
        super().__init__(f"Already applied: application {application.pk}")
        self.application = application


# --- Files ------------------------------------------------------------------------------------------


def _delete_files_on_commit(storage, names):
    for name in names:
        if name:
            transaction.on_commit(partial(_delete_quietly, storage, name))


def _delete_quietly(storage, name):
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not delete stored resume %s", name, exc_info=True)


def replace_profile_resume(profile, checked, now=None):
    """Store `checked` (an uploads.CheckedResume) as the profile's resume; the old file goes after commit."""
    old_name = profile.resume.name
    checked.file.seek(0)
    profile.resume.save(checked.storage_name, checked.file, save=False)
    profile.resume_name = checked.name
    profile.resume_uploaded_at = now or timezone.now()
    profile.save(update_fields=["resume", "resume_name", "resume_uploaded_at", "updated_at"])
    _delete_files_on_commit(profile.resume.storage, [old_name])


def remove_profile_resume(profile):
    old_name = profile.resume.name
    profile.resume = ""
    profile.resume_name = ""
    profile.resume_uploaded_at = None
    profile.save(update_fields=["resume", "resume_name", "resume_uploaded_at", "updated_at"])
    _delete_files_on_commit(profile.resume.storage, [old_name])


# --- Applying ---------------------------------------------------------------------------------------


def check_can_apply(posting, candidate):
    """Refuse what no answer on the form can change: a closed posting, a staff account, an address not confirmed
    yet, a second application.

    Raises ApplyError (code "closed", "staff" or "unverified") or AlreadyApplied. The apply
    page asks before it shows the form; submit_application asks again, on the
    posting as it is when the answers arrive. Returns the candidate's withdrawn
    application to this posting, if any: applying again (while the posting is
    open) brings that same application back.
    """
    if not posting.is_open:
        raise ApplyError("This opening has closed and no longer takes applications.", code="closed")
    if candidate.is_staff:
        raise ApplyError(
            "Staff accounts cannot apply to openings. Use a personal candidate account to apply.", code="staff"
        )
    if not candidate.email_verified:
        raise ApplyError(
            f"Confirm your email address before you apply: open the link we sent to {candidate.email}.",
            code="unverified",
        )
    existing = Application.objects.for_candidate(candidate).filter(posting=posting).first()
    if existing and existing.stage != Application.Stage.WITHDRAWN:
        raise AlreadyApplied(existing)
    return existing


def submit_application(
    *,
    posting,
    candidate,
    answers,
    source,
    resume=None,
    reuse_profile_resume=False,
    keep_on_profile=False,
    cover_letter="",
    utm_source="",
    now=None,
):
    """Take one application: answers, screening flags, the resume copy and the two emails, all or nothing.

    `answers` is a list of screening.AnswerInput covering every requirement
    of the posting that is asked (the others are checked against the
    profile); `resume` an uploads.CheckedResume, or
    `reuse_profile_resume=True` to copy the resume on file. The application keeps its own copy of the
    file, so a later change on the profile never alters what was sent.

    After a withdrawal the same row comes back (one application per candidate
    and posting stays the rule): its answers, resume, screening and letter are
    replaced, its first submission date and stage history kept, with one more
    move, withdrawn to submitted, "Applied again". Raises AlreadyApplied (with
    the existing application) when the candidate applied before and has not
    withdrawn, also when two submits race: the database constraint, or the
    withdrawn row's lock, decides. Raises ApplyError when check_can_apply refuses, an answer is
    missing or the profile misses a hard knockout (code "hard_knockout"). Files written before a rollback are removed again.
    """
    now = now or timezone.now()
    written = []
    storage = Application._meta.get_field("resume").storage
    try:
        with transaction.atomic():
            posting = (
                JobPosting.objects.select_related("level", "location")
                .prefetch_related("requirements")
                .get(pk=posting.pk)
            )
            check_can_apply(posting, candidate)
            profile, _ = CandidateProfile.objects.prefetch_related("licenses", "specialties").get_or_create(
                user=candidate
            )
            asked = {item.pk for item in posting.requirements.all() if not item.is_checked}
            given = {answer.requirement_id: answer for answer in answers}
            if set(given) != asked:
                raise ApplyError("Answer every requirement of this opening.", code="answers_incomplete")
            result = screen(posting=posting, profile=profile, answers=given, today=timezone.localtime(now).date())
            if result.hard_knockouts:
                raise ApplyError(
                    "This opening requires what your profile does not show: "
                    + "; ".join(item.advice or item.requirement.text for item in result.hard_knockouts),
                    code="hard_knockout",
                )

            # Locked: of two submits after one withdrawal, the second waits, then finds no withdrawn row and
            # loses to the constraint, as any second submit does.
            withdrawn = (
                Application.objects.select_for_update()
                .filter(posting=posting, candidate=candidate, stage=Application.Stage.WITHDRAWN)
                .first()
            )
            application = withdrawn or Application(posting=posting, candidate=candidate, submitted_at=now)
            earlier_resume = application.resume.name if withdrawn else ""
            fields = {
                "stage": Application.Stage.SUBMITTED,
                "stage_changed_at": now,
                "cover_letter": cover_letter.strip(),
                "source": source,
                "utm_source": Application.link_source(utm_source),
                "consented_at": now,
                **result.fields(),
            }
            for name, value in fields.items():
                setattr(application, name, value)
            if reuse_profile_resume:
                if not profile.resume:
                    raise ApplyError(
                        "There is no resume on your profile. Upload one with this application.", code="no_resume"
                    )
                try:
                    with profile.resume.open("rb") as on_file:
                        content = ContentFile(on_file.read())
                except OSError:
                    logger.exception("Resume on file %s of profile %s cannot be read", profile.resume.name, profile.pk)
                    raise ApplyError(
                        "We could not read the resume on your profile. Upload your resume with this application instead.",
                        code="no_resume",
                    ) from None
                extension = profile.resume.name.rsplit(".", 1)[-1]
                application.resume.save(f"resume.{extension}", content, save=False)
                application.resume_name = profile.resume_name
            else:
                resume.file.seek(0)
                application.resume.save(resume.storage_name, resume.file, save=False)
                application.resume_name = resume.name
            written.append(application.resume.name)

            if withdrawn:
                _bring_back(application, by=candidate, now=now)
                _delete_files_on_commit(storage, [earlier_resume])
            else:
                try:
                    # A savepoint: when a simultaneous submit won, the outer
                    # transaction stays usable to look up the winner.
                    with transaction.atomic():
                        application.save()
                except IntegrityError:
                    winner = Application.objects.filter(posting=posting, candidate=candidate).first()
                    if winner is None:
                        raise
                    raise AlreadyApplied(winner) from None

            Answer.objects.bulk_create(
                Answer(
                    application=application,
                    requirement=item.requirement,
                    meets=item.is_met,
                    outcome=item.outcome,
                    reason=item.reason,
                    evidence=item.evidence,
                )
                for item in result.items
            )
            # The reports' rows, in the same transaction: a new applicant, or one back after withdrawing.
            refresh_report_rows([application.pk])
            if resume is not None and keep_on_profile:
                replace_profile_resume(profile, resume, now=now)
                written.append(profile.resume.name)
            _queue_confirmation(application)
    except BaseException:
        for name in written:
            _delete_quietly(storage, name)
        raise
    return application


def _bring_back(application, *, by, now):
    """Save a withdrawn application applied to again: the new answers replace the old, the history gains a line."""
    first_applied = date_format(timezone.localtime(application.submitted_at))
    application.save()
    application.answers.all().delete()
    StageChange.objects.create(
        application=application,
        from_stage=Application.Stage.WITHDRAWN,
        to_stage=Application.Stage.SUBMITTED,
        by=by,
        reason=f"Applied again after withdrawing (first applied {first_applied}).",
        at=now,
    )


def _queue_confirmation(application):
    """The candidate's confirmation; then `application_submitted`, on which the hiring team is told."""
    context = {
        "application": application,
        "posting": application.posting,
        "candidate_name": application.candidate.get_full_name(),
        "answers": list(application.answers.select_related("requirement")),
        "status_url": settings.SITE_URL + application.get_absolute_url(),
    }
    queue_templated_email(
        template_name="application_confirmation",
        kind=OutgoingEmail.Kind.CONFIRMATION,
        to=[application.candidate.email],
        context=context,
        application=application,
    )
    application_submitted.send(sender=Application, application=application)


# --- The candidate's own data -----------------------------------------------------------------------


def _date(value):
    return value.isoformat() if value else None


def candidate_data(user, now=None):
    """Everything the site holds about a candidate, as they may see it: no reviewer notes, scores or flags."""
    profile = CandidateProfile.objects.filter(user=user).prefetch_related("licenses", "specialties").first()
    applications = (
        Application.objects.for_candidate(user)
        .as_candidate_sees()
        .select_related("posting", "posting__location")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("requirement")),
            Prefetch("history", queryset=StageChange.objects.order_by("at", "pk")),
            Prefetch(
                "emails",
                queryset=OutgoingEmail.objects.filter(sent_at__isnull=False)
                .exclude(kind=OutgoingEmail.Kind.MANAGER_NOTICE)
                .order_by("sent_at"),
            ),
        )
    )
    status = Application.CANDIDATE_STATUS
    data = {
        "exported_at": (now or timezone.now()).isoformat(),
        "account": {"email": user.email, "full_name": user.full_name, "joined": user.date_joined.isoformat()},
        "profile": None,
        "applications": [],
    }
    if profile:
        data["profile"] = {
            "phone": profile.phone,
            "city": profile.city,
            "state": profile.state,
            "highest_ot_degree": profile.get_degree_display() if profile.degree else "",
            "years_experience": profile.years_experience,
            "years_leadership": profile.years_leadership,
            "specialties": [specialty.name for specialty in profile.specialties.all()],
            "nbcot": {
                "number": profile.nbcot_number,
                "status": profile.get_nbcot_status_display() if profile.nbcot_status else "",
                "expires_on": _date(profile.nbcot_expires_on),
            },
            "state_licenses": [
                {"state": lic.state, "number": lic.number, "expires_on": _date(lic.expires_on)}
                for lic in profile.licenses.all()
            ],
            "cpr_bls_expires_on": _date(profile.cpr_bls_expires_on),
            "resume_on_file": profile.resume_name or None,
        }
    data["other_emails_sent_to_you"] = [
        {"sent_at": email.sent_at.isoformat(), "subject": email.subject, "body": email.body}
        for email in OutgoingEmail.objects.to_candidate_outside_applications(user).filter(sent_at__isnull=False)
    ]
    for _receiver, sections in candidate_data_requested.send(sender=CandidateProfile, user=user):
        data.update(sections or {})
    for application in applications:
        data["applications"].append(
            {
                "posting": application.posting.display_title,
                "reference": application.posting.reference,
                "location": str(application.posting.location) if application.posting.location_id else "",
                "submitted_at": application.submitted_at.isoformat(),
                "status": application.candidate_status,
                "how_you_heard": application.get_source_display(),
                "consented_at": application.consented_at.isoformat(),
                "resume": application.resume_name,
                "cover_letter": application.cover_letter,
                "answers": [
                    {"requirement": answer.requirement.text, "meets": answer.meets, "evidence": answer.evidence}
                    for answer in application.answers.all()
                ],
                "history": [
                    {"at": change.at.isoformat(), "from": status[change.from_stage], "to": status[change.to_stage]}
                    for change in application.history.all()
                    # As on the site: a rejection is told once its email has gone out.
                    if change.to_stage != application.stage or application.candidate_stage == application.stage
                ],
                "emails_sent_to_you": [
                    {"sent_at": email.sent_at.isoformat(), "subject": email.subject, "body": email.body}
                    for email in application.emails.all()
                ],
            }
        )
    return data


def delete_candidate_account(user):
    """Delete a candidate and everything hanging off them; their resume files leave storage after commit.

    Applications go with the account (with their answers, history, reviewers'
    notes, scorecards and stored emails), and so does what the apps above keep
    of the candidate through a foreign key to the user (job alerts, saved jobs);
    emails to the candidate's address outside any application (alerts) go too:
    see README.md, "Deleting an account".
    """
    if user.is_staff:
        raise ValidationError("Staff accounts are closed by an administrator, not deleted here.", code="staff")
    with transaction.atomic():
        profile = CandidateProfile.objects.filter(user=user).first()
        names = list(Application.objects.for_candidate(user).exclude(resume="").values_list("resume", flat=True))
        if profile and profile.resume:
            names.append(profile.resume.name)
        OutgoingEmail.objects.to_candidate_outside_applications(user).delete()
        user.delete()
        _delete_files_on_commit(Application._meta.get_field("resume").storage, names)
    return len(names)


# --- Screening again --------------------------------------------------------------------------------


RESCREEN_BATCH = 500


def rescreen(applications, today=None):
    """Screen `applications` (a queryset) again under today's rules and each candidate's profile as it is now.

    The yes/no answers stay as the candidate gave them; checked requirements,
    the flags, the band, the score and its reasons are written anew. In batches
    of RESCREEN_BATCH, each in its own transaction. Returns how many changed score or band.
    """
    today = today or timezone.localdate()
    compact = compact_states()
    fields = list(SCREENED_FIELDS)
    changed = 0
    ids = list(applications.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), RESCREEN_BATCH):
        with transaction.atomic():
            batch = list(
                Application.objects.filter(pk__in=ids[start : start + RESCREEN_BATCH])
                .select_related("posting__level", "posting__location")
                .prefetch_related(
                    "posting__requirements",
                    "answers",
                    Prefetch(
                        "candidate__profile",
                        queryset=CandidateProfile.objects.prefetch_related("licenses", "specialties"),
                    ),
                )
            )
            answer_rows = []
            for application in batch:
                stored = {answer.requirement_id: answer for answer in application.answers.all()}
                result = screen(
                    posting=application.posting,
                    profile=getattr(application.candidate, "profile", None),
                    answers={pk: AnswerInput(pk, answer.meets, answer.evidence) for pk, answer in stored.items()},
                    today=today,
                    compact=compact,
                )
                values = result.fields()
                changed += (application.match_score, application.screening_band) != (
                    values["match_score"],
                    values["screening_band"],
                )
                for name in fields:
                    setattr(application, name, values[name])
                for item in result.items:
                    answer = stored.get(item.requirement.pk)
                    if answer is not None and item.is_checked:
                        answer.meets, answer.outcome, answer.reason = item.is_met, item.outcome, item.reason
                        answer_rows.append(answer)
            Application.objects.bulk_update(batch, fields)
            Answer.objects.bulk_update(answer_rows, ["meets", "outcome", "reason"])
    return changed
