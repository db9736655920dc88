"""Postings for integrations: list, create drafts, update, publish, close. The admin's rules and errors.

Every operation is limited to the postings the key covers (ApiKey.postings());
any other id is 404, so ids reveal nothing.
"""

from django.db import transaction
from ninja import Field, Query, Router, Schema, Status

from postings.models import JobPosting, Location, PostingError, PostingRequirement

from . import auth, documents, problems
from .forms import PostingWriteForm, RequirementForm, api_values, form_data
from .models import KeyEvent
from .problems import Problem, ProblemSchema
from .schemas import CloseIn, LocationOut, ManagedPosting, ManagedPostingPage, PostingCreateIn, PostingIn

router = Router(tags=["Postings (integrations)"])

AUTH_ERRORS = {401: ProblemSchema, 403: ProblemSchema, 429: ProblemSchema}
MAX_PAGE_SIZE = 100
CLOSE_REASONS = (JobPosting.CloseReason.FILLED, JobPosting.CloseReason.CANCELLED)


class PostingListFilters(Schema):
    status: JobPosting.Status | None = None
    cursor: int | None = Field(None, ge=1, description="next_cursor of the previous page.")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


def _managed(key):
    return key.postings().with_page_data().prefetch_related("hiring_managers")


def _posting(request, posting_id):
    posting = _managed(request.auth).filter(pk=posting_id).first()
    if posting is None:
        raise problems.not_found("No such posting.")
    return posting


@router.get(
    "/postings",
    response={200: ManagedPostingPage, 422: ProblemSchema, **AUTH_ERRORS},
    auth=auth.POSTINGS_READ,
    url_name="manage_postings",
    operation_id="listManagedPostings",
    summary="Every posting the key covers, drafts and closed ones too",
)
def list_postings(request, filters: Query[PostingListFilters]):
    """Newest first (by id); `next_cursor` leads to the next page."""
    postings = _managed(request.auth).order_by("-pk")
    if filters.status:
        postings = postings.filter(status=filters.status)
    if filters.cursor:
        postings = postings.filter(pk__lt=filters.cursor)
    return documents.cursor_page(
        postings, filters.page_size, lambda posting: str(posting.pk), documents.managed_posting
    )


@router.get(
    "/postings/{int:posting_id}",
    response={200: ManagedPosting, 404: ProblemSchema, **AUTH_ERRORS},
    auth=auth.POSTINGS_READ,
    url_name="manage_posting",
    operation_id="getManagedPosting",
    summary="One posting, in any state",
)
def get_posting(request, posting_id: int):
    return documents.managed_posting(_posting(request, posting_id))


def _check_managers(key, form):
    """A key limited to some hiring managers may only give its postings to them, so it keeps seeing them."""
    allowed = {user.pk for user in key.hiring_managers.all()}
    if not allowed:
        return
    chosen = form.cleaned_data.get("hiring_managers")
    if not chosen or not {user.pk for user in chosen} <= allowed:
        raise Problem(
            422,
            "invalid",
            "This key may only assign its own hiring managers.",
            errors=[
                {
                    "name": "hiring_managers",
                    "detail": "Choose one or more of: "
                    + ", ".join(sorted(user.email for user in key.hiring_managers.all()))
                    + ".",
                    "code": "outside_key",
                }
            ],
        )


def _requirement_forms(items):
    forms = [RequirementForm(item.model_dump()) for item in items]
    errors = [
        {"name": f"requirements.{index}.{error['name']}", "detail": error["detail"], "code": error["code"]}
        for index, form in enumerate(forms)
        if not form.is_valid()
        for error in problems.form_errors(form)
    ]
    if errors:
        raise Problem(422, "invalid", "Some requirements were not accepted: see errors.", errors=errors)
    return forms


def _replace_requirements(posting, forms):
    """The requirements added for this opening become these (a draft's: the level's are copied on publishing)."""
    posting.requirements.filter(source__isnull=True).delete()
    for position, form in enumerate(forms, start=100):
        PostingRequirement.objects.create(posting=posting, position=position, **form.cleaned_data)


def _save(request, data, payload, instance=None):
    key = request.auth
    form = PostingWriteForm(data, instance=instance)
    if not form.is_valid():
        raise problems.invalid(form)
    _check_managers(key, form)
    requirements = None
    if payload.requirements is not None:
        if instance is not None and instance.published_at is not None:
            raise Problem(
                409,
                "requirements_fixed",
                "This posting has been published: its requirements are fixed, as applicants answered them.",
            )
        requirements = _requirement_forms(payload.requirements)
    with transaction.atomic():
        posting = form.save()
        if requirements is not None:
            _replace_requirements(posting, requirements)
        action = KeyEvent.Action.POSTING_UPDATED if instance else KeyEvent.Action.POSTING_CREATED
        auth.log_event(request, action, posting=posting)
    return _posting(request, posting.pk)


@router.post(
    "/postings",
    response={201: ManagedPosting, 422: ProblemSchema, **AUTH_ERRORS},
    auth=auth.POSTINGS_WRITE,
    url_name="manage_postings_create",
    operation_id="createPosting",
    summary="Create a draft posting",
)
def create_posting(request, payload: PostingCreateIn):
    """A draft, checked as the admin checks one. A key limited to some hiring managers assigns them by default."""
    data = api_values(payload)
    managers = request.auth.hiring_managers.all()
    if managers and "hiring_managers" not in data:
        data["hiring_managers"] = [user.email for user in managers]
    data.setdefault("show_salary", True)
    data.setdefault("openings", 1)
    data.setdefault("employment_type", JobPosting.EmploymentType.FULL_TIME)
    data.setdefault("work_mode", JobPosting.WorkMode.ON_SITE)
    data.setdefault("salary_unit", JobPosting.SalaryUnit.YEAR)
    return Status(201, documents.managed_posting(_save(request, data, payload)))


@router.patch(
    "/postings/{int:posting_id}",
    response={200: ManagedPosting, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, **AUTH_ERRORS},
    auth=auth.POSTINGS_WRITE,
    url_name="manage_posting_update",
    operation_id="updatePosting",
    summary="Change some of a posting's fields",
)
def update_posting(request, posting_id: int, payload: PostingIn):
    """Only the fields sent change. Requirements may change while the posting is a draft."""
    posting = _posting(request, posting_id)
    data = form_data(posting) | api_values(payload)
    return documents.managed_posting(_save(request, data, payload, instance=posting))


def _lifecycle(request, posting_id, change, action):
    posting = _posting(request, posting_id)
    try:
        change(posting)
    except PostingError as error:
        status = 422 if error.code == "bad_reason" else 409
        raise Problem(status, error.code, " ".join(error.messages)) from None
    auth.log_event(request, action, posting=posting)
    return documents.managed_posting(_posting(request, posting_id))


@router.post(
    "/postings/{int:posting_id}/publish",
    response={200: ManagedPosting, 404: ProblemSchema, 409: ProblemSchema, **AUTH_ERRORS},
    auth=auth.POSTINGS_WRITE,
    url_name="manage_posting_publish",
    operation_id="publishPosting",
    summary="Publish a posting",
)
def publish_posting(request, posting_id: int):
    """Copies the level's requirements next to those added for the opening; from then on they are fixed.

    Refused (409, `cannot_publish`, with the reasons) without a location or any requirement, past the
    closing date, when already published, or without a shown pay range where a pay-transparency law applies
    (the reason names the law).
    """
    return _lifecycle(request, posting_id, lambda posting: posting.publish(), KeyEvent.Action.POSTING_PUBLISHED)


@router.post(
    "/postings/{int:posting_id}/close",
    response={200: ManagedPosting, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, **AUTH_ERRORS},
    auth=auth.POSTINGS_WRITE,
    url_name="manage_posting_close",
    operation_id="closePosting",
    summary="Close a posting as filled or cancelled",
)
def close_posting(request, posting_id: int, payload: CloseIn):
    _posting(request, posting_id)  # an outsider learns nothing from the reason's check
    if payload.reason not in CLOSE_REASONS:
        raise Problem(
            422,
            "bad_reason",
            "Close a posting as filled or cancelled.",
            errors=[{"name": "reason", "detail": "Choose filled or cancelled.", "code": "invalid_choice"}],
        )
    return _lifecycle(
        request, posting_id, lambda posting: posting.close(payload.reason), KeyEvent.Action.POSTING_CLOSED
    )


@router.get(
    "/locations",
    response={200: list[LocationOut], **AUTH_ERRORS},
    auth=auth.POSTINGS_READ,
    url_name="manage_locations",
    operation_id="listLocations",
    summary="The facilities a posting can be at",
)
def list_locations(request):
    return list(Location.objects.all().values("id", "facility_name", "street", "city", "state", "zip_code"))
