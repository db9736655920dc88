"""Job alerts (made from a board search, managed in the candidate area, stopped by a link) and saved jobs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.throttle import Throttle, client_address, lockout_message
from accounts.views import safe_next
from applications.models import Application
from postings.forms import BoardFilterForm
from postings.models import JobPosting

from . import services, tokens
from .forms import AlertEditForm, AlertForm
from .models import AlertError, JobAlert, SavedJob

SAVED_JOBS_PER_PAGE = 20
# Alerts made without an account, per client address: each one emails a stranger's address.
ALERTS_PER_ADDRESS = Throttle("alert-signup-address", limit=10, window_seconds=60 * 60)


# --- Access helpers ---------------------------------------------------------------------------------


def _own_alert(request, pk):
    """The signed-in person's alert, or 404 for anyone else's."""
    return get_object_or_404(JobAlert.objects.for_user(request.user), pk=pk)


def _public_posting(pk):
    """A posting candidates can see (published or closed); drafts are 404."""
    return get_object_or_404(
        JobPosting.objects.exclude(status=JobPosting.Status.DRAFT).select_related("location"), pk=pk
    )


# --- Making an alert --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def alert_create(request):
    """A new alert for the board search in the query string (GET) or carried by the form (POST)."""
    query = request.POST.get("query", "") if request.method == "POST" else request.GET.urlencode()
    search = BoardFilterForm.from_query(QueryDict(query))
    search.is_valid()
    user = request.user if request.user.is_authenticated else None
    form = AlertForm(
        request.POST or None,
        user=user,
        initial={"name": services.summary(search)[:100], "query": search.querystring(without="sort")},
    )
    context = {"form": form, "search": search, "problems": search.problems, "summary": services.summary(search)}
    if request.method == "POST" and not search.problems:
        if user is None and ALERTS_PER_ADDRESS.blocked(client_address(request)):
            minutes = ALERTS_PER_ADDRESS.minutes_left(client_address(request))
            form.add_error(None, lockout_message(minutes))
            return render(request, "alerts/alert_create.html", context, status=429)
        if form.is_valid():
            try:
                alert = services.create_alert(
                    search=search,
                    name=form.cleaned_data["name"],
                    frequency=form.cleaned_data["frequency"],
                    user=user,
                    email=form.cleaned_data.get("email", ""),
                )
            except AlertError as error:
                form.add_error("email" if user is None else None, error.message)
            else:
                if user is not None:
                    messages.success(
                        request,
                        f"Your job alert “{alert.name}” is on: the first email comes with new matching positions.",
                    )
                    return redirect("alerts:alert_list")
                ALERTS_PER_ADDRESS.hit(client_address(request))
                messages.success(
                    request,
                    f"Almost done: we emailed a confirmation link to {alert.email}. "
                    "Your alert starts when you click it.",
                )
                return redirect(alert.board_url)
    return render(request, "alerts/alert_create.html", context)


@require_http_methods(["GET", "POST"])
def alert_confirm(request, token):
    """The double opt-in: the link from the confirmation email. A GET shows a button (mail scanners open links)."""
    alert = get_object_or_404(JobAlert, pk=tokens.confirmed_alert_pk(token) or 0)
    if request.method == "POST" and alert.confirm():
        messages.success(request, f"Your job alert “{alert.name}” is on.")
    elif request.method == "POST":
        messages.info(request, f"Your job alert “{alert.name}” was already confirmed.")
    if request.method == "POST":
        return redirect("alerts:alert_confirm", token=token)
    return render(request, "alerts/alert_confirm.html", {"alert": alert, "token": token})


@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" here, without a form of ours.
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    """Stop an alert from the link in its emails: a GET asks (scanners open links), a POST stops it at once."""
    pk = tokens.unsubscribed_alert_pk(token)
    if pk is None:
        raise Http404("No such alert.")
    alert = JobAlert.objects.filter(pk=pk).first()
    if request.method == "POST" and alert is not None:
        alert.delete()
        return render(request, "alerts/alert_unsubscribe.html", {"stopped": alert, "token": token})
    return render(request, "alerts/alert_unsubscribe.html", {"alert": alert, "token": token})


# --- The candidate's alerts -------------------------------------------------------------------------


@login_required
@require_GET
def alert_list(request):
    alerts = list(JobAlert.objects.for_user(request.user))
    return render(request, "alerts/alert_list.html", {"alerts": alerts, "limit": JobAlert.MAX_PER_ADDRESS})


@login_required
@require_http_methods(["GET", "POST"])
def alert_edit(request, pk):
    alert = _own_alert(request, pk)
    form = AlertEditForm(request.POST or None, instance=alert)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Your job alert “{alert.name}” is saved.")
        return redirect("alerts:alert_list")
    return render(request, "alerts/alert_edit.html", {"alert": alert, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def alert_delete(request, pk):
    alert = _own_alert(request, pk)
    if request.method == "POST":
        alert.delete()
        messages.success(request, f"Your job alert “{alert.name}” is deleted: no more emails for it.")
        return redirect("alerts:alert_list")
    return render(request, "alerts/alert_delete.html", {"alert": alert})


# --- Saved jobs -------------------------------------------------------------------------------------


@login_required
@require_GET
def saved_jobs(request):
    saved = SavedJob.objects.for_user(request.user).for_list()
    page = Paginator(saved, SAVED_JOBS_PER_PAGE).get_page(request.GET.get("page"))
    applied = set(
        Application.objects.for_candidate(request.user)
        .filter(posting__in=[item.posting_id for item in page.object_list])
        .values_list("posting_id", flat=True)
    )
    path = JobPosting.path_maker()
    items = [
        {
            "saved": item,
            "card": item.posting.card(path),
            "open": item.posting.is_open,
            "closed_reason": item.posting.get_close_reason_display(),
            "applied": item.posting_id in applied,
        }
        for item in page.object_list
    ]
    return render(request, "alerts/saved_jobs.html", {"page_obj": page, "items": items})


@login_required
@require_http_methods(["GET", "POST"])
def save_job(request, pk):
    """Save a posting: a POST from the board or the posting page; a GET (after signing in) asks first."""
    posting = _public_posting(pk)
    if request.method == "GET":
        return render(request, "alerts/save_job.html", {"posting": posting, "next": request.GET.get("next", "")})
    if not posting.is_open:
        messages.error(request, f"{posting.display_title} is no longer taking applications, so it was not saved.")
    else:
        SavedJob.objects.get_or_create(user=request.user, posting=posting)
        messages.success(request, f"Saved: {posting.display_title}. Find it under Saved jobs.")
    return redirect(safe_next(request, "alerts:saved_jobs"))


@login_required
@require_POST
def unsave_job(request, pk):
    deleted, _ = SavedJob.objects.for_user(request.user).filter(posting_id=pk).delete()
    if deleted:
        messages.success(request, "Removed from your saved jobs.")
    return redirect(safe_next(request, "alerts:saved_jobs"))
