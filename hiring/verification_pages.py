"""The workspace's verification lists: credentials expiring soon (recruiters) and the audit record of hires.

The data comes from verification (expiry.py, audit.py); these views add the
workspace's access rules, paging and CSV. Expiring credentials: recruiters and
admins only (they see every posting); the audit: any reviewer, for the hires
they may review.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from postings.models import JobPosting
from postings.states import US_STATES
from verification import audit, expiry

from . import export
from .access import reviewer_required

PAGE_SIZE = 50
# Hires a page of the audit record: with every credential and check of each, a page is long already.
AUDIT_PAGE_SIZE = 25
CSV_HEADER = ["Name", "Email", "Credential", "State", "Number", "Expires", "Days left"]


class ExpiringFilters(forms.Form):
    state = forms.ChoiceField(label="State", required=False, choices=[("", "Every state")] + list(US_STATES))
    kind = forms.ChoiceField(label="Credential", required=False, choices=[("", "Every credential")] + expiry.KINDS)


class AuditFilters(forms.Form):
    application = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    hired_from = forms.DateField(label="Hired from", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hired_until = forms.DateField(label="until", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("hired_from"), cleaned.get("hired_until")
        if start and end and end < start:
            self.add_error("hired_until", ValidationError("This comes before the first day.", code="before_start"))
        return cleaned


def _recruiter(request):
    if not request.user.sees_every_posting:
        raise Http404("No such page.")


def _expiring_filters(request):
    _recruiter(request)
    filters = ExpiringFilters(request.GET)
    filters.is_valid()  # an unknown state or kind is dropped, never a 500
    return filters, {"state": filters.cleaned_data.get("state", ""), "kind": filters.cleaned_data.get("kind", "")}


@require_GET
@reviewer_required
def expiring_credentials(request):
    filters, chosen = _expiring_filters(request)
    # A page link holds its position in the list (after or before a credential), not a page number.
    page = expiry.expiring_page(
        **chosen, after=request.GET.get("after", ""), before=request.GET.get("before", ""), size=PAGE_SIZE
    )
    today = timezone.localdate()
    query = request.GET.copy()
    for position in ("after", "before", "page"):
        query.pop(position, None)
    context = {
        "filters": filters,
        "page": page,
        "items": [(item, item.days_left(today)) for item in page.items],
        "query": query.urlencode(),
        "horizon": expiry.HORIZON,
        "counted": expiry.COUNTED,
    }
    return render(request, "hiring/expiring_credentials.html", context)


@require_GET
@reviewer_required
def expiring_credentials_csv(request):
    _, chosen = _expiring_filters(request)
    rows = expiry.expiring(**chosen)
    today = timezone.localdate()

    def lines():
        yield CSV_HEADER
        for row in rows.iterator(chunk_size=2000):
            item = expiry.Expiring.from_row(row)
            yield [
                export.csv_safe(item.name or item.email),
                export.csv_safe(item.email),
                item.label,
                item.state,
                export.csv_safe(item.number),
                item.expires_on.isoformat(),
                item.days_left(today),
            ]

    response = StreamingHttpResponse(export.csv_text(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="expiring-credentials-{today:%Y-%m-%d}.csv"'
    return response


def _audit(request):
    filters = AuditFilters(request.GET)
    if not filters.is_valid():
        return filters, None
    chosen = filters.cleaned_data
    hired = audit.hires(
        JobPosting.objects.managed_by(request.user),
        application_id=chosen["application"],
        start=chosen["hired_from"],
        end=chosen["hired_until"],
    )
    return filters, hired


@require_GET
@reviewer_required
def verification_audit(request):
    """The printable audit record: each hire, its credentials and every check, AUDIT_PAGE_SIZE hires a page.

    Newest hire first, read by position ("Newer" / "Older" links carry the hire a page starts beyond).

    The CSV has every hire of the filters at once; a page is what a surveyor prints.
    """
    filters, hired = _audit(request)
    page = None
    if hired is not None:
        page = audit.hires_page(
            hired, after=request.GET.get("after", ""), before=request.GET.get("before", ""), size=AUDIT_PAGE_SIZE
        )
    query = request.GET.copy()
    for name in ("page", "after", "before"):
        query.pop(name, None)
    context = {
        "filters": filters,
        "page": page,
        "records": audit.records(page.changes) if page is not None else [],
        "query": query.urlencode(),
        "one": bool(filters.is_valid() and filters.cleaned_data["application"]),
    }
    return render(request, "hiring/verification_audit.html", context, status=200 if hired is not None else 400)


@require_GET
@reviewer_required
def verification_audit_csv(request):
    filters, hired = _audit(request)
    if hired is None:
        return verification_audit(request)
    rows = audit.csv_rows(audit.records(hired), safe=export.csv_safe, zone=timezone.get_current_timezone())
    response = StreamingHttpResponse(export.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="verification-audit-{timezone.localdate():%Y-%m-%d}.csv"'
    return response
