"""The hiring workspace (/manage/): postings, their pipelines and each applicant.

Every view goes through one helper of access.py for what it shows; see there
who may see what. The pages' contents are built in dashboard.py, pipeline.py
and applicant.py; changes go through moves.py and the models.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.models import Application, StageError
from applications.uploads import PDF, resume_response
from postings.models import PostingError

from . import dashboard as dashboard_page
from . import export, moves
from .access import (
    application_for_reviewer,
    posting_for_pipeline,
    posting_for_recruiter,
    posting_for_reviewer,
    reviewer_required,
)
from .applicant import applicant_context, with_page_lists
from .emails import render_candidate_email
from .forms import (
    BulkMoveForm,
    FillPostingForm,
    HiringManagersForm,
    MoveForm,
    NoteForm,
    SavedViewForm,
    ScorecardForm,
)
from .models import BulkMove, EmailTemplate, Note, SavedView, Scorecard
from .neighbours import neighbours
from .pipeline import filtered_applicants, list_query, pipeline_context
from .reports import REPORTS
from .reports.filters import ReportFilters
from .resume import kind_of

# --- Dashboard --------------------------------------------------------------------------------------


@require_GET
@reviewer_required
def dashboard(request):
    postings = dashboard_page.DashboardPostings(request.user)
    page = Paginator(postings, dashboard_page.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "postings": dashboard_page.attach_dashboard_counts(page.object_list),
        "stages": Application.Stage,
        "upcoming_interviews": dashboard_page.upcoming_interviews(request.user),
    }
    return render(request, "hiring/dashboard.html", context)


# --- Pipeline ---------------------------------------------------------------------------------------


@require_GET
@reviewer_required
def pipeline(request, pk):
    posting = posting_for_pipeline(request, pk)
    return render(request, "hiring/pipeline.html", pipeline_context(request.user, posting, request.GET))


@require_GET
@reviewer_required
def pipeline_csv(request, pk):
    posting = posting_for_reviewer(request, pk)
    _, applicants = filtered_applicants(request.GET, posting)
    response = StreamingHttpResponse(
        export.csv_text(export.applicant_csv_rows(applicants)), content_type="text/csv; charset=utf-8"
    )
    filename = f"{posting.reference}-applicants-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@reviewer_required
def bulk_move(request, pk):
    """Move the ticked applicants. The form posts here with the list's query string, so the
    filters survive; a GET (a link followed on a re-shown page) lands back on the pipeline."""
    posting = posting_for_pipeline(request, pk)
    form = BulkMoveForm(request.POST or None, posting=posting)
    if request.method == "POST" and not form.is_valid():
        context = pipeline_context(request.user, posting, request.GET, bulk_form=form)
        return render(request, "hiring/pipeline.html", context, status=400)
    if request.method == "POST":
        result = moves.bulk_move(
            form.cleaned_data["selected"],
            form.cleaned_data["stage"],
            by=request.user,
            posting=posting,
            reason=form.cleaned_data["reason"],
            rejection_reason=form.cleaned_data["rejection_reason"],
            email=form.cleaned_data["email"],
        )
        # One line for the whole move, and one naming those who could not be moved: not a banner each.
        (messages.success if result.moved else messages.info)(request, result.summary())
        if result.refused:
            names = "; ".join(f"{app.candidate.get_full_name()}: {message}" for app, message in result.refused)
            messages.warning(request, f"Not moved: {names}")
    return redirect(_pipeline_url(posting, request.GET))


@require_POST
@reviewer_required
def undo_bulk_move(request, pk):
    """Take back my last bulk move on this pipeline (the one the pipeline offers to undo)."""
    posting = posting_for_pipeline(request, pk)
    last = BulkMove.objects.last_undoable(request.user, posting)
    if last is None or str(last.pk) != request.POST.get("bulk_move"):
        messages.info(request, "There is no bulk move of yours to undo here any more.")
        return redirect(_pipeline_url(posting, request.GET))
    try:
        result = moves.undo_bulk_move(last, by=request.user)
    except StageError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, f"Undone: {result.summary()}")
    return redirect(_pipeline_url(posting, request.GET))


@require_POST
@reviewer_required
def save_view(request, pk):
    """Save the pipeline's current filters (its query string comes along) as one of my views."""
    posting = posting_for_pipeline(request, pk)
    filter_form, _ = filtered_applicants(request.GET, posting)
    form = SavedViewForm(request.POST, owner=request.user, query=filter_form.saved_query())
    if not form.is_valid():
        context = pipeline_context(request.user, posting, request.GET, view_form=form)
        return render(request, "hiring/pipeline.html", context, status=400)
    view, created = form.save()
    messages.success(request, f"Saved the view “{view.name}”." if created else f"Updated the view “{view.name}”.")
    return redirect(_pipeline_url(posting, QueryDict(view.query)))


@require_POST
@reviewer_required
def delete_view(request, pk, view_pk):
    """Delete one of my saved views; another reviewer's is not found."""
    posting = posting_for_reviewer(request, pk)
    view = get_object_or_404(SavedView.objects.owned_by(request.user), pk=view_pk)
    view.delete()
    messages.success(request, f"Deleted the view “{view.name}”.")
    return redirect(_pipeline_url(posting, request.GET))


def _pipeline_url(posting, params):
    url = reverse("hiring:pipeline", args=[posting.pk])
    return f"{url}?{params.urlencode()}" if params else url


@require_http_methods(["GET", "POST"])
@reviewer_required
def hiring_managers(request, pk):
    """Recruiters choose the posting's hiring managers on a page of its own.

    A health system has hundreds of hiring managers: listed on the pipeline,
    they would cost every visit to it far more than its applicants do.
    """
    posting = posting_for_recruiter(request, pk)
    initial = {"hiring_managers": list(posting.hiring_managers.all())} if request.method == "GET" else None
    form = HiringManagersForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["hiring_managers"]
        posting.hiring_managers.set(chosen)
        messages.success(request, f"Hiring managers of this posting: {', '.join(map(str, chosen)) or 'nobody'}.")
        return redirect("hiring:pipeline", pk=posting.pk)
    context = {"posting": posting, "form": form, "people": form.people()}
    return render(request, "hiring/hiring_managers.html", context, status=400 if form.is_bound else 200)


@require_POST
@reviewer_required
def fill_posting(request, pk):
    """Close a posting as filled, once its hires reach its openings; optionally tell those still open."""
    posting = posting_for_reviewer(request, pk)
    form = FillPostingForm(request.POST)
    form.is_valid()  # a lone checkbox: always valid, unticked means False
    notify_open = form.cleaned_data["notify_open"]
    try:
        notified = moves.fill_posting(posting, by=request.user, notify_open=notify_open)
    except PostingError as error:
        messages.error(request, " ".join(error.messages))
    else:
        told = f" {notified} applicant(s) still open were told and their applications closed." if notify_open else ""
        messages.success(request, f"The posting is closed as filled.{told}")
    return redirect("hiring:pipeline", pk=posting.pk)


# --- Reports ----------------------------------------------------------------------------------------


@require_GET
@reviewer_required
def reports(request):
    return render(request, "hiring/reports/index.html", {"reports": REPORTS.values()})


def _report_kind(slug):
    try:
        return REPORTS[slug]
    except KeyError:
        raise Http404("No such report.") from None


@require_GET
@reviewer_required
def report(request, slug):
    """One report over the postings this person may review, filtered by the GET parameters (shareable)."""
    kind = _report_kind(slug)
    filters = ReportFilters(request.GET, user=request.user)
    valid = filters.is_valid()  # nothing given is valid too: the last 90 days, every posting I may see
    context = {
        "kind": kind,
        "reports": REPORTS.values(),
        "filters": filters,
        "fields": filters.fields_for(kind),
        "report": kind.build(filters) if valid else None,
        "query": filters.querystring(),
    }
    return render(request, "hiring/reports/report.html", context, status=200 if valid else 400)


@require_GET
@reviewer_required
def report_csv(request, slug):
    kind = _report_kind(slug)
    filters = ReportFilters(request.GET, user=request.user)
    if not filters.is_valid():
        return redirect(f"{reverse('hiring:report', args=[slug])}?{request.GET.urlencode()}")
    rows = kind.build(filters).csv_rows(filters.described())
    response = StreamingHttpResponse(export.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="report-{slug}-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


# --- One applicant ----------------------------------------------------------------------------------


def _render_applicant(request, application, *, status=200, **forms):
    context = applicant_context(request.user, application, **forms)
    previous, following = neighbours(application, request.GET)
    context.update(previous=previous, next=following, list_query=list_query(request.GET))
    return render(request, "hiring/applicant.html", context, status=status)


def _applicant_url(pk, params, anchor=""):
    """The applicant page, still in the order and filter of the pipeline the reviewer came from."""
    query = list_query(params)
    return reverse("hiring:applicant", args=[pk]) + (f"?{query}" if query else "") + anchor


@require_GET
@reviewer_required
def applicant(request, pk):
    lists = functools.partial(with_page_lists, user=request.user)
    return _render_applicant(request, application_for_reviewer(request, pk, lists=lists))


@require_POST
@reviewer_required
def move(request, pk):
    application = application_for_reviewer(request, pk)
    form = MoveForm(request.POST, application=application)
    if not form.is_valid():
        return _render_applicant(request, application, move_form=form, status=400)
    try:
        moves.move(
            application,
            form.cleaned_data["stage"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            rejection_reason=form.cleaned_data["rejection_reason"],
            expected_stage=form.cleaned_data["expected_stage"],
            email=form.cleaned_data["email"],
        )
    except StageError as error:
        return _refused_move(request, application, form, error)
    messages.success(request, f"{application.candidate.get_full_name()} moved to {application.get_stage_display()}.")
    if request.POST.get("then") == "next":
        _, following = neighbours(application, request.GET)
        if following is not None:
            return redirect(_applicant_url(following.pk, request.GET))
    return redirect(_applicant_url(application.pk, request.GET))


def _refused_move(request, application, form, error):
    """One answer for each reason Application.move_to refuses a move (`error.code`)."""
    if error.code == "withdrawn":
        messages.error(request, error.messages[0])
        return redirect(_applicant_url(application.pk, request.GET))
    if error.code == "stale":
        application.refresh_from_db()
        return _stale_move(request, application)
    form.add_error(None, error)
    return _render_applicant(request, application, move_form=form, status=400)


def _stale_move(request, application):
    """Someone moved the application since the page was shown: show its stage now and keep what was typed."""
    message = (
        f"Someone else moved this application to {application.get_stage_display()} meanwhile, so your move "
        "was not made. Reload the page to see its current stage, then choose again."
    )
    if not application.allowed_moves():
        # Moved to a final stage meanwhile: nothing left to choose, so show the page as it now is.
        messages.error(request, message)
        return _render_applicant(request, application, status=409)
    data = request.POST.copy()
    data["expected_stage"] = application.stage
    form = MoveForm(data, application=application)
    form.is_valid()
    form.add_error(None, message)
    return _render_applicant(request, application, move_form=form, status=409)


@require_GET
@reviewer_required
@xframe_options_sameorigin
@csp_override({**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]})
def resume(request, pk):
    """A PDF resume inline, for the frame of the applicant page only (this site's pages may frame it, no other).

    Word files are shown as text on the page (resume.py) and only ever downloaded.
    """
    application = application_for_reviewer(request, pk)
    if kind_of(application.resume) != PDF:
        raise Http404("Only a PDF resume is shown in the page.")
    response = resume_response(application.resume, application.resume_name)
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline", 1)
    return response


@require_GET
@reviewer_required
def email_preview(request, pk):
    """An email of a move as this applicant would get it: `?template=<id>`, the standard rejection by default."""
    application = application_for_reviewer(request, pk)
    templates = list(EmailTemplate.objects.all())
    chosen = request.GET.get("template", "")
    template = next((t for t in templates if str(t.pk) == chosen), None) or next(
        (t for t in templates if t.kind == EmailTemplate.Kind.REJECTION and not t.name), None
    )
    context = {"app": application, "posting": application.posting, "templates": templates, "template": template}
    if template is not None:
        try:
            context["subject"], context["body"] = render_candidate_email(application, template)
        except TemplateSyntaxError:
            context["broken"] = True
    return render(request, "hiring/email_preview.html", context)


@require_POST
@reviewer_required
def add_note(request, pk):
    application = application_for_reviewer(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_applicant(request, application, note_form=form, status=400)
    Note.objects.create(application=application, author=request.user, body=form.cleaned_data["body"])
    messages.success(request, "Note added.")
    return redirect(_applicant_url(application.pk, request.GET, "#notes"))


@require_POST
@reviewer_required
def scorecard(request, pk):
    application = application_for_reviewer(request, pk)
    required, _ = application.posting.required_and_preferred()
    mine = Scorecard.objects.filter(application=application, reviewer=request.user).first()
    form = ScorecardForm(request.POST, requirements=required, scorecard=mine)
    if not form.is_valid():
        return _render_applicant(request, application, scorecard_form=form, status=400)
    Scorecard.objects.save_for(
        application,
        request.user,
        recommendation=form.cleaned_data["recommendation"],
        comments=form.cleaned_data["comments"],
        ratings=form.ratings(),
    )
    messages.success(request, "Your scorecard is saved." if mine is None else "Your scorecard is updated.")
    return redirect(_applicant_url(application.pk, request.GET, "#scorecards"))
