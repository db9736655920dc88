"""The candidate side: applying, the candidate area, the profile, resume downloads, export and deletion."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from accounts.views import allowed_next, safe_next
from postings.models import JobPosting

from . import candidate_checks, screening, sections, services, uploads
from .forms import ApplicationForm, DeleteAccountForm, LicenseFormSet, ProfileForm
from .models import Answer, Application, CandidateProfile, StageChange, StageError

APPLICATIONS_PER_PAGE = 20


# --- Access helpers ---------------------------------------------------------------------------------


def _own_application(request, pk):
    """The signed-in candidate's application, or 404 for anyone else's."""
    return get_object_or_404(
        Application.objects.for_candidate(request.user)
        .as_candidate_sees()
        .select_related("posting", "posting__location"),
        pk=pk,
    )


def _profile_for(user, specialties=False):
    related = ("licenses", "specialties") if specialties else ("licenses",)
    profile, _ = CandidateProfile.objects.prefetch_related(*related).get_or_create(user=user)
    return profile


# --- Applying ---------------------------------------------------------------------------------------


# Answers' evidence, the cover letter and the profile hold license numbers: kept out of error reports.
@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    posting = get_object_or_404(
        JobPosting.objects.exclude(status=JobPosting.Status.DRAFT)
        .select_related("level", "location", "setting")
        .prefetch_related("requirements"),
        pk=pk,
    )
    try:
        # Asked before the form is built, so a refused visit creates no profile.
        withdrawn = services.check_can_apply(posting, request.user)
        profile = _profile_for(request.user, specialties=True)
        form = ApplicationForm(
            request.POST or None, request.FILES or None, requirements=posting.requirements.all(), profile=profile
        )
        if request.method == "POST" and form.is_valid():
            # The link's utm_source stays in the address through sign-in and the form's own POST.
            application = services.submit_application(
                posting=posting,
                candidate=request.user,
                utm_source=request.GET.get("utm_source", ""),
                **form.submission(),
            )
            again = " again" if withdrawn else ""
            messages.success(
                request, f"Your application is submitted{again}. We emailed a confirmation to {request.user.email}."
            )
            return redirect(application)
    except services.AlreadyApplied as already:
        return _show_existing(request, already.application)
    except services.ApplyError as error:
        if error.code in APPLY_REFUSALS:
            return _refuse(request, posting, error)
        form.add_error(None, error)  # what the form cannot check (an answer missing, no resume on file)
    checks = screening.screen(posting=posting, profile=profile, today=timezone.localdate())
    return render(
        request,
        "applications/apply.html",
        {"posting": posting, "form": form, "profile": profile, "checks": checks, "withdrawn": withdrawn},
    )


# ApplyError codes that end the visit, with the page and status each answers; any other is shown on the form.
APPLY_REFUSALS = {
    "closed": ("applications/apply_closed.html", 410),
    "staff": ("applications/apply_refused.html", 403),
    "unverified": ("applications/apply_unverified.html", 403),
}


def _refuse(request, posting, error):
    template, status = APPLY_REFUSALS[error.code]
    if error.code == "staff":
        messages.error(request, error.messages[0])
    return render(request, template, {"posting": posting}, status=status)


def _show_existing(request, application):
    when = date_format(timezone.localtime(application.submitted_at))
    messages.info(request, f"You applied to this opening on {when}. Here is your application.")
    return redirect(application)


# --- The candidate area -----------------------------------------------------------------------------


@login_required
@require_GET
def application_list(request):
    applications = (
        Application.objects.for_candidate(request.user)
        .as_candidate_sees()
        .select_related("posting", "posting__location")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("requirement")))
    )
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    # What the apps above add under each one (hiring: a time to choose, an offer to answer), once for the page.
    lines = sections.list_lines(request, shown)
    rows = [(application, lines.get(application.pk, [])) for application in shown]
    return render(request, "applications/application_list.html", {"page_obj": page, "rows": rows})


@login_required
@require_GET
def application_detail(request, pk):
    application = _own_application(request, pk)
    answers = application.answers.select_related("requirement")
    # The candidate's timeline: when and what, in their words; reviewers' reasons stay internal.
    # A rejection appears once its email has gone out (Application.candidate_stage).
    timeline = [
        (change.at, Application.CANDIDATE_STATUS[change.to_stage])
        for change in StageChange.objects.filter(application=application).only("at", "to_stage")
        if change.to_stage != application.stage or application.candidate_stage == application.stage
    ]
    return render(
        request,
        "applications/application_detail.html",
        {
            "application": application,
            "posting": application.posting,
            "answers": answers,
            "timeline": timeline,
            # What the apps above add (hiring: the interviews and the offers sent).
            "sections": sections.render_page(request, application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    application = _own_application(request, pk)
    if not application.is_open:
        # Worded for every closed stage alike: a rejection whose email waits must not show through here.
        messages.info(request, "This application can no longer be withdrawn.")
        return redirect(application)
    if request.method == "POST":
        try:
            application.withdraw(by=request.user)
        except StageError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"You withdrew your application for {application.posting.display_title}.")
        return redirect(application)
    return render(request, "applications/application_withdraw.html", {"application": application})


# --- Profile and credentials ------------------------------------------------------------------------


@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    profile = _profile_for(request.user, specialties=True)
    # Screened before the form is bound: a form that does not validate leaves its values on the instance.
    applications = candidate_checks.open_applications(request.user, profile, timezone.localdate())
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile, user=request.user)
    licenses = LicenseFormSet(request.POST or None, instance=profile, prefix="licenses")
    if request.method == "POST":
        # Validate both before saving either, so every error shows at once.
        form_ok, licenses_ok = form.is_valid(), licenses.is_valid()
        if form_ok and licenses_ok:
            with transaction.atomic():
                form.save()
                licenses.save()
            saved = CandidateProfile.objects.prefetch_related("licenses").get(pk=profile.pk)
            expired = screening.expired_credentials(saved, timezone.localdate())
            if expired:
                # Saved as typed, but never silently: reviewers will see these as expired.
                messages.warning(
                    request,
                    "Your profile is saved, but "
                    + " ".join(expired)
                    + " Reviewers see it as expired: renew it, or correct the date if it has been renewed.",
                )
            else:
                messages.success(request, "Your profile is saved.")
            return redirect(safe_next(request, "applications:profile"))
    return render(
        request,
        "applications/profile.html",
        {
            "form": form,
            "licenses": licenses,
            "profile": profile,
            "next": allowed_next(request),
            "applications": applications,
        },
    )


@login_required
@require_GET
def profile_resume(request):
    profile = CandidateProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise Http404("No resume on file.")
    return uploads.resume_response(profile.resume, profile.resume_name)


@login_required
@require_GET
def application_resume(request, pk):
    """The resume sent with an application: for its candidate, and for staff who may review that application."""
    user = request.user
    application = Application.objects.filter(pk=pk).only("pk", "candidate_id", "resume", "resume_name").first()
    allowed = application is not None and (
        application.candidate_id == user.pk
        or (user.is_reviewer and Application.objects.reviewable_by(user).filter(pk=pk).exists())
    )
    if not allowed:
        raise Http404("No such resume.")
    return uploads.resume_response(application.resume, application.resume_name)


# --- Your data --------------------------------------------------------------------------------------


@sensitive_variables()
@login_required
@require_GET
@never_cache
def data_export(request):
    data = services.candidate_data(request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="my-ot-careers-data-{timezone.localdate():%Y-%m-%d}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@sensitive_post_parameters("password")
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and not user.is_staff and form.is_valid():
        try:
            services.delete_candidate_account(user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, "Your account, profile, applications and resumes are deleted.")
            return redirect(settings.LOGOUT_REDIRECT_URL)
    counts = {
        "applications": Application.objects.for_candidate(user).count(),
        "open": Application.objects.for_candidate(user).open().count(),
    }
    return render(request, "applications/delete_account.html", {"form": form, "counts": counts})
