"""The public job-board API: open postings, a posting, the levels. No key; cached like the board.

What every caller sees alike is built once per board version (postings/caching.py):
a request for it runs the one query that reads the version token, and a caller
that sends the ETag or date it has gets 304 without a body.
"""

import hashlib
import json
import math
import re
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from ninja import Field, Query, Router, Schema
from pydantic import create_model

from postings import board_index, caching
from postings.cards import CARD_FIELDS
from postings.forms import BoardFilterForm
from postings.models import BoardVersion, JobPosting
from roles.models import RoleLevel

from . import documents, problems
from .problems import ProblemSchema
from .schemas import PostingDetail, PostingPage, RoleDetail, RoleSummary

router = Router(tags=["Job board (public)"])

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Clients and caches between may keep an answer this long, then ask again with its ETag.
MAX_AGE_SECONDS = 60

ERRORS = {404: ProblemSchema, 410: ProblemSchema, 422: ProblemSchema}


def _filter_parameters():
    """The board's parameters as query parameters, read from BoardFilterForm: a filter added there comes along.

    Numbers are declared as numbers and text with its length; which values a filter
    accepts (levels, settings, states) the form decides, with the board's own rules.
    """
    fields = {}
    for name, field in BoardFilterForm.base_fields.items():
        description = str(field.help_text or field.label or name)
        if isinstance(field, forms.IntegerField):
            fields[name] = (int | None, Field(None, ge=field.min_value, description=description))
        else:
            fields[name] = (
                str | None,
                Field(None, max_length=getattr(field, "max_length", None), description=description),
            )
    fields["page_size"] = (int, Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="At most 100."))
    return create_model("PostingFilters", __base__=Schema, **fields)


PostingFilters = _filter_parameters()


def _document(build):
    """{body, etag, last_modified} of `build()`'s data: what is cached and answered."""
    body = json.dumps(build(), cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    changed_at = BoardVersion.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    # Open postings also change at midnight, when those past their closing date leave the board.
    last_modified = max(filter(None, [changed_at, documents.midnight_today()]))
    return {"body": body, "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"', "last_modified": last_modified}


def _answer(request, name, build, variant="", token=None):
    """`build()`'s data as JSON, cached under the board's version (`token` when the caller has read it already)."""
    prefix = caching.board_prefix(token)
    document = caching.cached(f"api:{name}", lambda: _document(build), variant=variant, prefix=prefix)
    # Whole seconds: HTTP dates have no fraction, so If-Modified-Since compares equal to what it was sent.
    last_modified = int(document["last_modified"].timestamp())
    response = HttpResponse(document["body"], content_type="application/json")
    response["ETag"] = document["etag"]
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    conditional = get_conditional_response(
        request, etag=document["etag"], last_modified=last_modified, response=response
    )
    return conditional or response


@router.get(
    "/postings",
    response={200: PostingPage, 304: None, 422: ProblemSchema},
    url_name="postings",
    operation_id="listPostings",
    summary="Open postings, with the board's filters",
)
def list_postings(request, filters: Query[PostingFilters]):
    """The open postings, filtered and ordered as on the job board (`/jobs/`), a page at a time.

    Newest first, or by `sort` (`salary`; with keywords and no sort, best match first). Every filter's
    counts come with each page (`facets`), so a careers site can show them as the board does.
    """
    query = request.GET.copy()
    query.pop("page_size", None)
    size = filters.page_size
    token = BoardVersion.current()
    return _answer(
        request,
        "postings",
        lambda: _postings_page(query, size, token),
        variant=f"{query.urlencode()}&{size}",
        token=token,
    )


def _postings_page(query, size, token):
    """One query whatever the data, the page's postings, from the board's index (postings/board_index.py) under
    `token`, the board's version: the index is built once per version in each process (three queries then);
    keywords add one.
    """
    index = board_index.current(token)
    form = BoardFilterForm(query, **index.options)
    if not form.is_valid():
        raise problems.Problem(422, "invalid", "Some parameters were not accepted: see errors.", errors=_errors(form))
    selection = form.selection(index)
    counts, total = selection.facet_counts()
    facets = form.named_counts(counts)
    pages = max(1, math.ceil(total / size))
    page = form.page_number
    start = (page - 1) * size
    pks = selection.rows(start, start + size) if start < total else []
    postings = JobPosting.objects.with_card_data().only(*CARD_FIELDS, *documents.SUMMARY_FIELDS).in_order_of(pks)
    path = JobPosting.path_maker()

    def link(number):
        params = {**form.active, "page": number, "page_size": size}
        return f"{settings.SITE_URL}/api/v1/postings?{urlencode(params)}"

    return {
        "count": total,
        "page": page,
        "page_size": size,
        "pages": pages,
        "next": link(page + 1) if page < pages else None,
        "previous": link(min(page - 1, pages)) if page > 1 else None,
        "facets": facets,
        "results": [documents.posting_summary(posting, path, form.place) for posting in postings],
    }


# The board's messages end by saying what it shows instead ("…: showing every level.", "Showing every location.").
BOARD_FALLBACK = re.compile(r"(:\s*|\s+)[Ss]howing [^.]*\.$")


def _errors(form):
    """The board's messages say what it shows instead; the API shows nothing instead, so it says only why."""
    errors = problems.form_errors(form)
    for error in errors:
        if error["code"] == "invalid_choice":
            label = form.fields[error["name"]].label.lower()
            error["detail"] = f"“{form.data.get(error['name'])}” is not a {label} the board knows."
        else:
            error["detail"] = BOARD_FALLBACK.sub(".", error["detail"]).replace("..", ".")
    return errors


@router.get(
    "/postings/{int:posting_id}",
    response={200: PostingDetail, 304: None, **ERRORS},
    url_name="posting",
    operation_id="getPosting",
    summary="One posting, with its requirements",
)
def get_posting(request, posting_id: int):
    """Everything the posting's page shows. A closed or expired posting answers 410; a draft, 404."""
    return _answer(request, "posting", lambda: _posting(posting_id), variant=str(posting_id))


def _posting(posting_id):
    """Three queries: the posting, its requirements, its level's duties (only the first for a refusal)."""
    posting = JobPosting.objects.public().with_page_data().filter(pk=posting_id).first()
    if posting is None:
        raise problems.not_found("No such posting.")
    if not posting.is_open:
        raise problems.Problem(410, "closed", "This posting is closed: it no longer takes applications.")
    return documents.posting_detail(posting)


@router.get(
    "/roles",
    response={200: list[RoleSummary], 304: None},
    url_name="roles",
    operation_id="listRoles",
    summary="The career levels",
)
def list_roles(request):
    """The OT career ladder, first rung first."""
    return _answer(request, "roles", lambda: [documents.role_summary(level) for level in RoleLevel.objects.on_ladder()])


@router.get(
    "/roles/{slug:slug}",
    response={200: RoleDetail, 304: None, 404: ProblemSchema},
    url_name="role",
    operation_id="getRole",
    summary="One career level, with its duties and requirements",
)
def get_role(request, slug: str):
    return _answer(request, "role", lambda: _role(slug), variant=slug)


def _role(slug):
    level = RoleLevel.objects.with_items().filter(slug=slug).first()
    if level is None:
        raise problems.not_found("No such level.")
    return documents.role_detail(level)
