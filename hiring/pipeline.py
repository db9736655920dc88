"""The pipeline page: one posting's applicants, filtered and a page at a time, with its stage tabs."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from applications.models import Application

from . import moves
from .forms import BulkMoveForm, FillPostingForm, PipelineFilterForm, SavedViewForm
from .models import BulkMove, PostingVisit, SavedView

PAGE_SIZE = 25


class DeferredJoinPaginator(Paginator):
    """Pages that cost the same at any depth: the page's ids first, then only those rows.

    OFFSET over the full row (applicant, profile and posting joined) makes PostgreSQL
    build and sort every row before the page; at 20,000 applicants the last page
    took a hundred times the first. Here the offset runs over the posting's index
    alone (id in it, so no row is read) inside a subquery, and the joins run for
    the 25 rows it returns. Still one query, and page numbers stay shareable.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


def filtered_applicants(params, posting):
    """(the filter form, the posting's applicants as the query string `params` filters and sorts them)."""
    filter_form = PipelineFilterForm(params)
    return filter_form, posting.applications.with_pipeline_data().in_pipeline(**filter_form.filters())


def known_count(filters, stage_counts):
    """How many applicants the pipeline's filters match, when the stage counts already say (else None).

    Filtering by stage alone (or by none) needs no COUNT query of its own.
    """
    if filters.keys() - {"stage", "sort"}:
        return None
    stage = filters.get("stage")
    if not stage or stage == Application.ALL:
        return stage_counts.total
    if stage == Application.OPEN:
        return stage_counts.open
    return stage_counts.get(stage, 0)


def time_labels(moment):
    """(ISO 8601, "Nov 27, 2026") in the site's time zone, for a <time> element in a table row.

    What the template's |date:"c" and |date:"M j, Y" give, made in Python: through
    the template filters, two dates a row cost as much as the rest of the row.
    """
    local = timezone.localtime(moment)
    return local.isoformat(), f"{local:%b} {local.day}, {local.year}"


def list_query(params):
    """The pipeline's query string without its page: what its rows pass on to the applicant page."""
    query = params.copy()
    query.pop("page", None)
    return query.urlencode()


def _applicant_path(query):
    """A function pk → the applicant page's address with the list's query string, reversing once for the page."""
    mark = 900000001
    head, tail = reverse("hiring:applicant", args=[mark]).split(str(mark), 1)
    tail += f"?{query}" if query else ""
    return lambda pk: f"{head}{pk}{tail}"


def _mark_rows(applications, *, ticked, previous_visit, query):
    """Each row's markup (`row_html`), made in Python, and whether it is ticked or new.

    Through the template, a row's dozen cells (a lookup, an escape and an {% if %} each) were most of the
    page's rendering time at 25 rows; made here, the page's table costs what one cell did.
    """
    path = _applicant_path(query)
    stage_labels = dict(Application.Stage.choices)
    for application in applications:
        token = f"{application.pk}:{application.stage}"
        application.is_ticked = token in ticked
        application.is_new = previous_visit is not None and application.submitted_at > previous_visit
        application.row_html = _row_html(application, token, path(application.pk), stage_labels[application.stage])
    return applications


NEW_BADGE = ' <span class="badge text-bg-primary new-badge">New</span>'
NO_FLAGS = (
    '<span class="text-secondary-strong small" aria-hidden="true">—</span><span class="visually-hidden">No flags</span>'
)
BAND_NOTES = {0: "knockout", 1: "to confirm"}


def _row_html(application, token, url, stage_label):
    """One applicant's <tr>: the checkbox, name and email, stage, match, flags, years, date applied."""
    name = escape(application.candidate.get_full_name())
    applied_iso, applied_on = time_labels(application.submitted_at)
    band = BAND_NOTES.get(application.screening_band)
    band_note = f'<span class="d-block small text-danger-emphasis">{band}</span>' if band else ""
    flags = "".join(f'<span class="badge flag-badge">{escape(label)}</span> ' for label in application.flags)
    flags = flags or NO_FLAGS
    knockouts = application.knockouts
    if knockouts:
        flags += (
            f'<span class="d-block small text-danger-emphasis">{knockouts} required item'
            f"{'s' if knockouts != 1 else ''} not met</span>"
        )
    years = application.years_experience
    return mark_safe(
        "<tr>"
        f'<td><input class="form-check-input" type="checkbox" name="selected" value="{token}" '
        f'id="select-{application.pk}"{" checked" if application.is_ticked else ""} aria-label="Select {name}"></td>'
        f'<th scope="row"><a href="{escape(url)}">{name}</a>{NEW_BADGE if application.is_new else ""}'
        f' <span class="d-block small text-secondary-strong">{escape(application.candidate.email)}</span></th>'
        f'<td data-label="Stage"><span class="badge pipeline-stage stage-{application.stage}">{stage_label}</span></td>'
        f'<td class="text-end" data-label="Match"><span class="fw-semibold">{application.match_score}</span>'
        f'<span class="visually-hidden"> out of 100</span>{band_note}</td>'
        f'<td data-label="Flags">{flags}</td>'
        f'<td class="text-end" data-label="Experience">{years} yr{"s" if years != 1 else ""}</td>'
        f'<td data-label="Applied"><time datetime="{applied_iso}">{applied_on}</time></td>'
        "</tr>"
    )


def saved_views(user, current_query):
    """My saved views, one query however many, each marked `is_current` when it is the list shown."""
    views = list(SavedView.objects.owned_by(user))
    for view in views:
        view.is_current = view.query == current_query
    return views


def pipeline_context(user, posting, params, *, bulk_form=None, view_form=None):
    """Everything templates/hiring/pipeline.html shows, and the visit recorded.

    `posting` comes from access.posting_for_pipeline, with `last_seen` (the
    previous visit), which marks the applicants who are new since then, and my
    latest bulk move, for its undo.
    """
    filter_form, queryset = filtered_applicants(params, posting)
    filters = filter_form.filters()
    stage_counts = posting.applications.stage_counts()
    paginator = DeferredJoinPaginator(queryset, PAGE_SIZE)
    known = known_count(filters, stage_counts)
    if known is not None:
        paginator.count = known  # a cached property: the stage counts spare a COUNT query
    page = paginator.get_page(params.get("page"))
    PostingVisit.objects.record(user, posting)
    bulk_form = bulk_form or BulkMoveForm(posting=posting)
    ticked = set(bulk_form.data.getlist("selected")) if bulk_form.is_bound else set()
    current_query = filter_form.saved_query()
    query = list_query(params)
    page.object_list = _mark_rows(list(page.object_list), ticked=ticked, previous_visit=posting.last_seen, query=query)
    context = {
        "posting": posting,
        "page_obj": page,
        "filter_form": filter_form,
        "bulk_form": bulk_form,
        "stage_tabs": [(stage, label, stage_counts.get(stage, 0)) for stage, label in Application.Stage.choices],
        "total": stage_counts.total,
        "hired": stage_counts.hired,
        "open_count": stage_counts.open,
        "offer_to_close": moves.offers_to_close(posting, stage_counts),
        "fill_form": FillPostingForm(),
        "previous_visit": posting.last_seen,
        "query": query,
        "last_bulk_move": BulkMove.last_undoable_of(posting, user),
        "page_query": params.urlencode(),
        "saved_views": saved_views(user, current_query),
        "view_form": view_form or SavedViewForm(owner=user, query=current_query),
        # The open stages are the default view, not a filter the person chose.
        "is_filtered": bool(filters.keys() - {"sort", "stage"}) or filters["stage"] != Application.OPEN,
        "stage": filters["stage"],
    }
    if user.sees_every_posting:
        context["hiring_managers"] = list(posting.hiring_managers.order_by("full_name", "email"))
    return context
