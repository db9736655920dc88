"""Applications for integrations: a posting's applicants, one application, moves, the resume.

Reading any of them needs `applications:read`: it is the scope for candidates'
personal data. A move needs `applications:write` and answers with the stage
only. Notes and scorecards are the hiring team's and never leave the workspace.
Moves go through hiring.moves.move, so they lock, refuse and email exactly as
the workspace's do.
"""

import base64
import binascii
import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.http import Http404
from ninja import Field, Query, Router, Schema

from applications.models import Answer, Application, StageChange, StageError
from applications.uploads import resume_response
from hiring import moves
from hiring.forms import MoveForm, PipelineFilterForm

from . import auth, documents, problems
from .models import KeyEvent
from .problems import Problem, ProblemSchema
from .schemas import ApplicationDetail, ApplicationPage, MoveIn, MoveOut

router = Router(tags=["Applications (integrations)"])

AUTH_ERRORS = {401: ProblemSchema, 403: ProblemSchema, 429: ProblemSchema}
MAX_PAGE_SIZE = 100


class ApplicationFilters(Schema):
    stage: str | None = Field(None, description="A stage, or `open` for every stage still in progress.")
    flag: str | None = Field(None, description="A flag key (see `flags[].key`), or `none` for unflagged ones.")
    q: str | None = Field(None, max_length=100, description="Words in the candidate's name or email.")
    updated_since: datetime.datetime | None = Field(
        None, description="Only applications submitted or moved at this moment or later (ISO 8601, with a zone)."
    )
    cursor: str | None = Field(None, max_length=100, description="next_cursor of the previous page.")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


def _encode_cursor(application):
    return base64.urlsafe_b64encode(f"{application.stage_changed_at.isoformat()}|{application.pk}".encode()).decode()


def _decode_cursor(cursor):
    try:
        moment, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return datetime.datetime.fromisoformat(moment), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Problem(
            422,
            "invalid",
            "The cursor was not accepted.",
            errors=[{"name": "cursor", "detail": "Pass next_cursor as it came.", "code": "invalid"}],
        ) from None


def _posting(request, posting_id):
    posting = request.auth.postings().filter(pk=posting_id).only("pk").first()
    if posting is None:
        raise problems.not_found("No such posting.")
    return posting


def _application(request, pk, queryset=None):
    application = (queryset if queryset is not None else request.auth.applications()).filter(pk=pk).first()
    if application is None:
        raise problems.not_found("No such application.")
    return application


@router.get(
    "/postings/{int:posting_id}/applications",
    response={200: ApplicationPage, 404: ProblemSchema, 422: ProblemSchema, **AUTH_ERRORS},
    auth=auth.APPLICATIONS_READ,
    url_name="manage_applications",
    operation_id="listApplications",
    summary="A posting's applicants, in the order they last changed",
)
def list_applications(request, posting_id: int, filters: Query[ApplicationFilters]):
    """Oldest change first, so a sync that keeps `next_cursor` (or the last `stage_changed_at` as
    `updated_since`) sees every later submission and move. Stage and flag filters are the pipeline's."""
    posting = _posting(request, posting_id)
    # Every stage unless one is asked for (the pipeline page opens on the open ones instead).
    form = PipelineFilterForm(
        {"stage": filters.stage or Application.ALL, "flag": filters.flag or "", "q": filters.q or ""}
    )
    if not form.is_valid():
        raise problems.invalid(form)
    applications = posting.applications.in_pipeline(**form.filters()).with_pipeline_data()
    if filters.updated_since:
        applications = applications.changed_since(filters.updated_since)
    if filters.cursor:
        moment, pk = _decode_cursor(filters.cursor)
        # The >= alone is what the index can seek to; the OR after it only drops the rows of that moment up to
        # pk. Without it the OR is a filter, and the last page read every applicant before it.
        applications = applications.filter(
            Q(stage_changed_at__gte=moment) & (Q(stage_changed_at__gt=moment) | Q(pk__gt=pk))
        )
    return documents.cursor_page(
        applications.order_by("stage_changed_at", "pk"),
        filters.page_size,
        _encode_cursor,
        documents.application_summary,
    )


@router.get(
    "/applications/{int:application_id}",
    response={200: ApplicationDetail, 404: ProblemSchema, **AUTH_ERRORS},
    auth=auth.APPLICATIONS_READ,
    url_name="manage_application",
    operation_id="getApplication",
    summary="One application with its answers and stage history",
)
def get_application(request, application_id: int):
    application = _application(
        request,
        application_id,
        request.auth.applications()
        .with_pipeline_data()
        .prefetch_related(
            Prefetch("answers", Answer.objects.select_related("requirement")),
            Prefetch("history", StageChange.objects.select_related("by")),
        ),
    )
    return documents.application_detail(application, application.answers.all(), application.history.all())


@router.get(
    "/applications/{int:application_id}/resume",
    response={200: bytes, 404: ProblemSchema, **AUTH_ERRORS},
    auth=auth.APPLICATIONS_READ,
    url_name="manage_application_resume",
    operation_id="getApplicationResume",
    summary="The resume sent with an application",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment (PDF, DOC or DOCX).",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_resume(request, application_id: int):
    """Each download is recorded against the key, as the candidate's personal data."""
    application = _application(
        request, application_id, request.auth.applications().only("pk", "posting_id", "resume", "resume_name")
    )
    try:
        response = resume_response(application.resume, application.resume_name)
    except Http404:
        raise problems.not_found("This application's resume file is missing.") from None
    auth.log_event(request, KeyEvent.Action.RESUME_DOWNLOADED, application=application)
    return response


def _reviewer(application, email):
    """The reviewer a move is recorded for: someone who may review this application in the workspace."""
    if not email:
        return None
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if (
        user is None
        or not user.is_reviewer
        or not Application.objects.reviewable_by(user).filter(pk=application.pk).exists()
    ):
        raise Problem(
            422,
            "invalid",
            "The move cannot be recorded for that person.",
            errors=[
                {
                    "name": "on_behalf_of",
                    "detail": "Give the email of a reviewer who may see this application.",
                    "code": "not_a_reviewer",
                }
            ],
        )
    return user


@router.post(
    "/applications/{int:application_id}/move",
    response={
        200: MoveOut,
        404: ProblemSchema,
        409: ProblemSchema,
        422: ProblemSchema,
        **AUTH_ERRORS,
    },
    auth=auth.APPLICATIONS_WRITE,
    url_name="manage_application_move",
    operation_id="moveApplication",
    summary="Move an application to another stage",
)
def move_application(request, application_id: int, payload: MoveIn):
    """The workspace's rules: forward to a later open stage (hired only from offer) or to rejected (with a
    reason); never a withdrawn one.
    `409` with `code` `stale` when it was moved since `expected_stage`, `invalid_move` for a move that
    makes no sense from where it is, `withdrawn` when the candidate withdrew. Interview, offer and
    rejection moves email the candidate as in the workspace (`email`: usual, now or none)."""
    application = _application(
        request, application_id, request.auth.applications().select_related("candidate", "posting")
    )
    by = _reviewer(application, payload.on_behalf_of)
    form = MoveForm(
        {
            "stage": payload.stage,
            "expected_stage": payload.expected_stage,
            "reason": payload.reason,
            "email": payload.email,
        },
        application=application,
        listed_reason_required=False,
    )
    if not form.is_valid():
        raise problems.invalid(form)
    try:
        change = moves.move(
            application,
            form.cleaned_data["stage"],
            by=by,
            reason=form.cleaned_data["reason"],
            expected_stage=form.cleaned_data["expected_stage"],
            email=form.cleaned_data["email"],
        )
    except StageError as error:
        raise Problem(409, error.code, " ".join(error.messages)) from None
    auth.log_event(request, KeyEvent.Action.APPLICATION_MOVED, application=application)
    return {
        "id": application.pk,
        "stage": application.stage,
        "stage_changed_at": application.stage_changed_at,
        "change": documents.history_entry(change),
    }
