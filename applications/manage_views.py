"""The hiring workspace (/manage/): postings, their pipelines and each applicant.

Who may see what: a reviewer is active staff in the Hiring managers or
Recruiters group, or a superuser. Managers see the postings they are assigned
to; recruiters and superusers see every posting. Anyone else (candidates,
other staff) gets 404 for every page here, so ids reveal nothing; anonymous
visitors are sent to sign in.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from postings.models import JobPosting, PostingError

from . import pipeline
from .manage_forms import (
    AssignManagersForm,
    BulkMoveForm,
    FillPostingForm,
    MoveForm,
    NoteForm,
    PipelineFilterForm,
    ScorecardForm,
)
from .models import Answer, Application, Note, Scorecard, StageChange, StageError

PIPELINE_PAGE_SIZE = 25
DASHBOARD_PAGE_SIZE = 30


def reviewer_required(view):
    """Signed in (else the sign-in page) and a reviewer (else 404, so nothing here is revealed)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_reviewer:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _posting_for_reviewer(request, pk):
    return get_object_or_404(JobPosting.objects.managed_by(request.user).select_related("level", "location"), pk=pk)


def _posting_for_recruiter(request, pk):
    if not (request.user.is_superuser or request.user.is_recruiter):
        raise Http404("No such posting.")
    return _posting_for_reviewer(request, pk)


def _application_for_reviewer(request, pk):
    return get_object_or_404(
        Application.objects.reviewable_by(request.user)
        .select_related("candidate", "candidate__profile", "posting", "posting__location", "posting__level")
        .with_specialty_names(),
        pk=pk,
    )


# --- Dashboard --------------------------------------------------------------------------------------


@require_GET
@reviewer_required
def dashboard(request):
    page = Paginator(pipeline.DashboardPostings(request.user), DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    postings = pipeline.attach_dashboard_counts(page.object_list)
    return render(
        request,
        "manage/dashboard.html",
        {"page_obj": page, "postings": postings, "stages": Application.Stage},
    )


# --- Pipeline ---------------------------------------------------------------------------------------


def _filtered_applicants(params, posting):
    filter_form = PipelineFilterForm(params)
    queryset = pipeline.filter_applicants(posting.applications.with_pipeline_data(), **filter_form.filters())
    return filter_form, queryset


def _posting_for_pipeline(request, pk):
    """The posting, as for any reviewer, with `last_seen`: when this person last opened its pipeline."""
    return get_object_or_404(
        JobPosting.objects.managed_by(request.user)
        .select_related("level", "location")
        .annotate(last_seen=pipeline.last_visit(request.user)),
        pk=pk,
    )


def _render_pipeline(request, posting, *, bulk_form=None, status=200):
    """`posting` comes from _posting_for_pipeline."""
    params = request.GET
    filter_form, queryset = _filtered_applicants(params, posting)
    stage_counts = posting.applications.stage_counts()
    paginator = Paginator(queryset, PIPELINE_PAGE_SIZE)
    known = pipeline.known_count(filter_form.filters(), stage_counts)
    if known is not None:
        paginator.count = known  # a cached property: the stage counts spare a COUNT query
    page = paginator.get_page(params.get("page"))
    previous_visit = posting.last_seen
    pipeline.record_visit(request.user, posting)
    query = params.copy()
    query.pop("page", None)
    bulk_form = bulk_form or BulkMoveForm(posting=posting)
    ticked = set(bulk_form.data.getlist("selected")) if bulk_form.is_bound else set()
    page.object_list = list(page.object_list)
    for application in page.object_list:
        application.select_token = f"{application.pk}:{application.stage}"
        application.is_ticked = application.select_token in ticked
        application.is_new = previous_visit is not None and application.submitted_at > previous_visit
        application.applied_iso, application.applied_on = pipeline.time_labels(application.submitted_at)
    context = {
        "posting": posting,
        "page_obj": page,
        "filter_form": filter_form,
        "bulk_form": bulk_form,
        "stage_tabs": [(stage, label, stage_counts.get(stage, 0)) for stage, label in Application.Stage.choices],
        "total": sum(stage_counts.values()),
        "hired": pipeline.hired_count(stage_counts),
        "open_count": sum(stage_counts.get(stage, 0) for stage in Application.OPEN_STAGES),
        "offer_to_close": pipeline.offers_to_close(posting, stage_counts),
        "fill_form": FillPostingForm(),
        "previous_visit": previous_visit,
        "query": query.urlencode(),
        "page_query": params.urlencode(),
        "is_filtered": bool(filter_form.filters().keys() - {"sort"}),
    }
    if request.user.is_superuser or request.user.is_recruiter:
        context["hiring_managers"] = list(posting.hiring_managers.order_by("full_name", "email"))
    return render(request, "manage/pipeline.html", context, status=status)


@require_GET
@reviewer_required
def pipeline_view(request, pk):
    posting = _posting_for_pipeline(request, pk)
    return _render_pipeline(request, posting)


@require_GET
@reviewer_required
def pipeline_csv(request, pk):
    posting = _posting_for_reviewer(request, pk)
    _, queryset = _filtered_applicants(request.GET, posting)
    lines = pipeline.csv_text(pipeline.applicant_csv_rows(queryset))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"{posting.reference}-applicants-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@reviewer_required
def bulk_move(request, pk):
    """Move the ticked applicants. The form posts here with the list's query string, so the
    filters survive; a GET (a link followed on a re-shown page) lands back on the pipeline."""
    posting = _posting_for_pipeline(request, pk)
    if request.method == "GET":
        return redirect(_pipeline_url(posting, request.GET))
    form = BulkMoveForm(request.POST, posting=posting)
    if not form.is_valid():
        return _render_pipeline(request, posting, bulk_form=form, status=400)
    stage = form.cleaned_data["stage"]
    result = pipeline.move_many(
        form.cleaned_data["selected"],
        stage,
        by=request.user,
        reason=form.cleaned_data["reason"],
        email=form.cleaned_data["email"],
    )
    label = Application.Stage(stage).label
    if result.moved:
        messages.success(request, f"Moved {len(result.moved)} applicant(s) to {label}.")
    for application, message in result.refused:
        messages.warning(request, f"{application.candidate.get_full_name()}: {message}")
    return redirect(_pipeline_url(posting, request.GET))


def _pipeline_url(posting, params):
    url = reverse("manage:pipeline", args=[posting.pk])
    return f"{url}?{params.urlencode()}" if params else url


@require_http_methods(["GET", "POST"])
@reviewer_required
def assign_managers(request, pk):
    """Recruiters choose the posting's hiring managers on a page of its own.

    A health system has hundreds of hiring managers: listed on the pipeline,
    they would cost every visit to it far more than its applicants do.
    """
    posting = _posting_for_recruiter(request, pk)
    if request.method == "POST":
        form = AssignManagersForm(request.POST)
        if form.is_valid():
            posting.hiring_managers.set(form.cleaned_data["hiring_managers"])
            names = ", ".join(str(user) for user in form.cleaned_data["hiring_managers"]) or "nobody"
            messages.success(request, f"Hiring managers of this posting: {names}.")
            return redirect("manage:pipeline", pk=posting.pk)
        status = 400
    else:
        form = AssignManagersForm(initial={"hiring_managers": list(posting.hiring_managers.all())})
        status = 200
    # Ids as text, as they come back in a re-shown POST.
    chosen = {str(value) for value in form["hiring_managers"].value() or []}
    people = form.fields["hiring_managers"].queryset.values_list("pk", "full_name", "email")
    context = {
        "posting": posting,
        "form": form,
        # (id, name, email or "", ticked): plain values, as there may be a thousand of them.
        "people": [(str(pk), name or email, email if name else "", str(pk) in chosen) for pk, name, email in people],
    }
    return render(request, "manage/hiring_managers.html", context, status=status)


@require_POST
@reviewer_required
def close_posting(request, pk):
    posting = _posting_for_reviewer(request, pk)
    stage_counts = posting.applications.stage_counts()
    if not pipeline.offers_to_close(posting, stage_counts):
        hired = pipeline.hired_count(stage_counts)
        if posting.status != JobPosting.Status.PUBLISHED:
            messages.error(request, "This posting is not published, so there is nothing to close here.")
        else:
            messages.error(
                request,
                f"Only {hired} of {posting.openings} opening(s) are filled; the posting stays open.",
            )
        return redirect("manage:pipeline", pk=posting.pk)
    form = FillPostingForm(request.POST)
    form.is_valid()  # a lone checkbox: always valid, unticked means False
    try:
        notified = pipeline.fill_posting(posting, by=request.user, notify_open=form.cleaned_data["notify_open"])
    except PostingError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = "The posting is closed as filled."
        if form.cleaned_data["notify_open"]:
            text += f" {notified} applicant(s) still open were told and their applications closed."
        messages.success(request, text)
    return redirect("manage:pipeline", pk=posting.pk)


# --- One applicant ----------------------------------------------------------------------------------


def _render_applicant(request, application, *, move_form=None, note_form=None, scorecard_form=None, status=200):
    posting = application.posting
    profile = pipeline.candidate_profile(application.candidate)
    if profile is not None:
        # Read once: the credential checks go through the licenses more than once.
        prefetch_related_objects([profile], "licenses")
    # Every requirement of a published posting is answered on applying, so the answers bring
    # the requirements along; a posting's requirements are read apart only for an unanswered one.
    answers = list(
        Answer.objects.filter(application=application)
        .select_related("requirement")
        .order_by("requirement__position", "requirement__pk")
    )
    requirements = [answer.requirement for answer in answers] or list(posting.requirements.all())
    required, preferred = pipeline.requirement_rows(requirements, answers)
    changes = list(StageChange.objects.filter(application=application).select_related("by"))
    scorecards = list(
        Scorecard.objects.filter(application=application)
        .select_related("reviewer")
        .with_ratings()
        .order_by("updated_at")
    )
    for card in scorecards:
        ratings = card.rating_by_requirement()
        card.rating_rows = [(item.text, ratings[item.pk]) for item in requirements if item.pk in ratings]
    my_scorecard = next((card for card in scorecards if card.reviewer_id == request.user.pk), None)
    required_items = [requirement for requirement, _ in required]
    other_applications = (
        Application.objects.reviewable_by(request.user)
        .filter(candidate=application.candidate)
        .exclude(pk=application.pk)
        .select_related("posting")
    )
    can_move = bool(application.allowed_moves())
    context = {
        "app": application,
        "posting": posting,
        "profile": profile,
        "credentials": pipeline.credential_checks(application, profile),
        "required_rows": required,
        "preferred_rows": preferred,
        "history": pipeline.stage_periods(application, changes),
        "hired_at": pipeline.hired_at(changes),
        "notes": Note.objects.filter(application=application).select_related("author"),
        "note_form": note_form or NoteForm(),
        "scorecards": scorecards,
        "my_scorecard": my_scorecard,
        "scorecard_form": scorecard_form or ScorecardForm(requirements=required_items, scorecard=my_scorecard),
        "other_applications": other_applications,
        "move_form": (move_form or MoveForm(application=application)) if can_move else None,
    }
    return render(request, "manage/applicant.html", context, status=status)


@require_GET
@reviewer_required
def applicant(request, pk):
    application = _application_for_reviewer(request, pk)
    return _render_applicant(request, application)


@require_POST
@reviewer_required
def move(request, pk):
    application = _application_for_reviewer(request, pk)
    if application.stage == Application.Stage.WITHDRAWN:
        messages.error(request, "The candidate withdrew this application; it can no longer be moved.")
        return redirect("manage:applicant", pk=application.pk)
    if request.POST.get("expected_stage") != application.stage:
        return _stale_move(request, application)
    form = MoveForm(request.POST, application=application)
    if not form.is_valid():
        return _render_applicant(request, application, move_form=form, status=400)
    try:
        pipeline.move_application(
            application,
            form.cleaned_data["stage"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_stage=form.cleaned_data["expected_stage"],
            email=form.cleaned_data["email"],
        )
    except StageError as error:
        if error.code == "stale":
            application.refresh_from_db()
            return _stale_move(request, application)
        form.add_error(None, error)
        return _render_applicant(request, application, move_form=form, status=400)
    messages.success(request, f"{application.candidate.get_full_name()} moved to {application.get_stage_display()}.")
    return redirect("manage:applicant", pk=application.pk)


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


@require_POST
@reviewer_required
def add_note(request, pk):
    application = _application_for_reviewer(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_applicant(request, application, note_form=form, status=400)
    Note.objects.create(application=application, author=request.user, body=form.cleaned_data["body"])
    messages.success(request, "Note added.")
    return redirect(reverse("manage:applicant", args=[application.pk]) + "#notes")


@require_http_methods(["POST"])
@reviewer_required
def scorecard(request, pk):
    application = _application_for_reviewer(request, pk)
    required, _ = application.posting.required_and_preferred()
    mine = Scorecard.objects.filter(application=application, reviewer=request.user).first()
    form = ScorecardForm(request.POST, requirements=required, scorecard=mine)
    if not form.is_valid():
        return _render_applicant(request, application, scorecard_form=form, status=400)
    pipeline.save_scorecard(
        application,
        request.user,
        recommendation=form.cleaned_data["recommendation"],
        comments=form.cleaned_data["comments"],
        ratings=form.ratings(),
    )
    messages.success(request, "Your scorecard is saved." if mine is None else "Your scorecard is updated.")
    return redirect(reverse("manage:applicant", args=[application.pk]) + "#scorecards")
