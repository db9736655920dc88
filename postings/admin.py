import re

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from accounts.models import hiring_manager_choices

from . import pay, pay_transparency
from .models import (
    CareSetting,
    JobPosting,
    Location,
    PayTransparencyRule,
    PostingError,
    PostingInterviewQuestion,
    PostingRequirement,
)

# Staff quote references as "OT-000123"; admin search finds the posting by them.
REFERENCE = re.compile(r"^OT-?0*(\d{1,12})$", re.IGNORECASE)


@admin.register(CareSetting)
class CareSettingAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("facility_name", "street", "city", "state", "zip_code")
    list_filter = ("state",)
    # Also what the posting form's location autocomplete searches.
    search_fields = ("facility_name", "city", "street", "zip_code")


@admin.register(PayTransparencyRule)
class PayTransparencyRuleAdmin(admin.ModelAdmin):
    """Where a posting must show its pay range: publishing there without one is refused, naming the law.

    Add a rule when a state or city passes such a law; a date in the future takes effect by itself that day.
    """

    list_display = ("law", "state", "city", "in_force_from", "min_employees")
    list_filter = ("state",)
    search_fields = ("law", "state", "city")
    fields = ("state", "city", "law", "in_force_from", "min_employees", "source")


class PostingRequirementInline(admin.TabularInline):
    """Requirements added for this opening; once published, the full snapshot, read-only.

    Applicants answer these rows, so nothing about them may change after the
    posting goes live (see PostingRequirement).
    """

    model = PostingRequirement
    fields = (
        "position",
        "text",
        "kind",
        "importance",
        "check_kind",
        "min_years",
        "min_leadership_years",
        "specialties",
        "is_knockout",
        "origin",
    )
    readonly_fields = ("origin",)
    extra = 0

    def _snapshot_taken(self, posting):
        return posting is not None and posting.published_at is not None

    def get_verbose_name_plural(self):
        return "requirements"

    # A posting's requirements are part of the posting: whoever may edit the posting may edit them
    # (recruiters hold the posting permissions, not separate ones for this table).
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("postings.view_jobposting") or request.user.has_perm("postings.change_jobposting")

    def has_add_permission(self, request, obj=None):
        return not self._snapshot_taken(obj) and request.user.has_perm("postings.change_jobposting")

    def has_change_permission(self, request, obj=None):
        return not self._snapshot_taken(obj) and request.user.has_perm("postings.change_jobposting")

    def has_delete_permission(self, request, obj=None):
        return not self._snapshot_taken(obj) and request.user.has_perm("postings.change_jobposting")

    @admin.display(description="From")
    def origin(self, item):
        if item.pk is None:
            return "Added for this opening"
        return "Added for this opening" if item.is_added_for_opening else "The level (copied on publishing)"


class PostingInterviewKitInline(PostingRequirementInline):
    """The kit interviewers rate, copied from the level on publishing: shown, never edited here.

    Scorecards hold ratings of these rows; the level's kit is edited under Role levels.
    """

    model = PostingInterviewQuestion
    fields = ("position", "focus", "question")
    readonly_fields = fields

    def _snapshot_taken(self, posting):
        return True

    def get_verbose_name_plural(self):
        return "interview kit (copied from the level on publishing)"


class JobPostingAdminForm(forms.ModelForm):
    class Meta:
        model = JobPosting
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what is shown
        help_texts = {
            "hiring_managers": "Staff who review this posting's applicants. Only active staff in the Hiring managers "
            "group can be chosen.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "hiring_managers" in self.fields:
            # The field's limit_choices_to, also for forms that declare the field themselves (the API's).
            self.fields["hiring_managers"].queryset = get_user_model().objects.filter(hiring_manager_choices())

    def clean_start_date(self):
        start_date = self.cleaned_data.get("start_date")
        # Only a newly set date is checked: a posting that has been open a while has a start date behind it.
        if start_date and "start_date" in self.changed_data and start_date < timezone.localdate():
            raise forms.ValidationError(
                "The start date cannot be in the past: leave it empty for “as soon as possible”.",
                code="start_in_past",
            )
        return start_date

    def clean_closes_on(self):
        closes_on = self.cleaned_data.get("closes_on")
        published_at = self.instance.published_at
        if closes_on and published_at and closes_on < timezone.localtime(published_at).date():
            raise forms.ValidationError(
                "The closing date must be after the publishing date (%(published)s).",
                code="closes_before_published",
                params={"published": date_format(timezone.localtime(published_at))},
            )
        # Only a newly set date is checked: an expired posting can still be edited without re-dating it.
        if closes_on and "closes_on" in self.changed_data and closes_on < timezone.localdate():
            raise forms.ValidationError(
                "The closing date cannot be in the past: candidates would find the posting already closed.",
                code="closes_in_past",
            )
        return closes_on


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    form = JobPostingAdminForm
    # Fits a 1280 px screen beside the admin's sidebars: the reference and the level under the title (both
    # short), the other columns kept to a line each (static/css/admin_postings.css).
    list_display = (
        "display_title",
        "setting",
        "city_state",
        "status_label",
        "openings",
        "closing_date",
        "applicant_count",
    )
    list_display_links = ("display_title",)
    list_filter = ("status", "level", "setting", "location__state", "employment_type")
    search_fields = ("title", "description", "location__facility_name", "location__city")
    search_help_text = "Title, description, facility, city, or a reference such as OT-000123."
    date_hierarchy = "published_at"
    list_select_related = ("level", "setting", "location")
    autocomplete_fields = ("location", "hiring_managers")
    readonly_fields = ("reference", "status", "close_reason", "published_at", "closed_at", "public_page", "pay_law")
    inlines = [PostingRequirementInline, PostingInterviewKitInline]
    actions = [
        "publish_selected",
        "duplicate_selected",
        "close_as_filled",
        "close_as_cancelled",
        "copy_interview_kit",
    ]
    fieldsets = (
        (None, {"fields": ("level", "title", "setting", "location", "employment_type", "schedule")}),
        ("The opening", {"fields": ("openings", "start_date", "assignment_weeks", "description")}),
        (
            "Pay",
            {
                "fields": (("salary_min", "salary_max", "salary_unit"), "show_salary", "pay_law"),
                "description": "Shown on the board, in Google for Jobs and in the Indeed feed unless hidden.",
            },
        ),
        (
            "Publishing",
            {
                "fields": (
                    "closes_on",
                    "status",
                    "close_reason",
                    "published_at",
                    "closed_at",
                    "reference",
                    "public_page",
                ),
                "description": "Publishing copies the level's requirements into the posting; "
                "from then on its requirements are fixed. A posting leaves the board after its closing date.",
            },
        ),
        ("Hiring team", {"fields": ("hiring_managers",)}),
    )

    def get_queryset(self, request):
        # Hiring managers may view postings here, but only their own (recruiters and admins: all).
        postings = super().get_queryset(request).managed_by(request.user)
        return postings.annotate(applicant_count=Count("applications"))

    def get_search_results(self, request, queryset, search_term):
        # `queryset` is already narrowed to what this person may see (get_queryset): a reference only finds those.
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        reference = REFERENCE.match(search_term.strip())
        if reference:
            found |= queryset.filter(pk=int(reference.group(1)))
        return found, may_have_duplicates

    class Media:
        css = {"all": ["css/admin_postings.css"]}

    def changelist_view(self, request, extra_context=None):
        # The list needs the width: without the admin's navigation sidebar (the breadcrumbs still lead
        # everywhere), titles, status, closing date and applicants fit on a 1280 px screen.
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})

    @admin.display(description="Title", ordering="title")
    def display_title(self, posting):
        return format_html(
            '{}<span class="posting-list-meta">{} · {}</span>',
            posting.display_title,
            posting.reference,
            posting.level.short_title,
        )

    @admin.display(description="Closing date", ordering="closes_on")
    def closing_date(self, posting):
        return date_format(posting.closes_on) if posting.closes_on else "—"

    @admin.display(description="City", ordering="location__city")
    def city_state(self, posting):
        return posting.location.city_state if posting.location_id else "—"

    @admin.display(description="Status", ordering="status")
    def status_label(self, posting):
        if posting.status == JobPosting.Status.CLOSED:
            return f"Closed ({posting.get_close_reason_display().lower()})" if posting.close_reason else "Closed"
        if posting.status == JobPosting.Status.PUBLISHED and not posting.is_open:
            return "Published, past closing date"
        return posting.get_status_display()

    @admin.display(description="Applicants", ordering="applicant_count")
    def applicant_count(self, posting):
        return posting.applicant_count

    @admin.display(description="Pay-range law")
    def pay_law(self, posting):
        """Said before publishing, so nobody learns of the law only from a refusal."""
        if posting.pk is None or posting.location_id is None:
            return "Depends on the location: saved with one, this says whether a law there requires a pay range."
        rules = list(pay_transparency.rules_at(posting.location, posting.today()))
        if not rules:
            return f"No pay-range law applies in {posting.location.city_state}: showing pay is up to you."
        laws = "; ".join(str(rule) for rule in rules)
        return f"{laws}: the posting must show its pay range (minimum and maximum, pay shown) to be published."

    @admin.display(description="Public page")
    def public_page(self, posting):
        if posting.pk is None:
            return "Not public until published."
        if posting.status == JobPosting.Status.DRAFT:
            # The posting's own page: to staff who manage it, a draft shows as a marked preview (postings.views).
            return format_html(
                'Not public until published. <a href="{}" target="_blank">Preview the public page</a>',
                posting.get_absolute_url(),
            )
        return format_html('<a href="{}">{}</a>', posting.get_absolute_url(), posting.get_absolute_url())

    # --- lifecycle: bulk actions and the buttons on the change page --------------------------------

    def _publish(self, request, posting):
        try:
            posting.publish()
        except PostingError as error:
            self.message_user(
                request,
                f"“{posting}” ({posting.reference}) was not published: {' '.join(error.messages)}",
                messages.ERROR,
            )
            return False
        return True

    def _close(self, request, posting, reason):
        try:
            posting.close(reason)
        except PostingError as error:
            self.message_user(
                request, f"“{posting}” ({posting.reference}) was not closed: {' '.join(error.messages)}", messages.ERROR
            )
            return False
        return True

    def _report(self, request, done, verb):
        if done:
            names = ", ".join(f"“{posting}” ({posting.reference})" for posting in done)
            self.message_user(
                request, f"{verb} {len(done)} posting{'s' if len(done) != 1 else ''}: {names}.", messages.SUCCESS
            )

    @admin.action(description="Publish selected postings", permissions=["change"])
    def publish_selected(self, request, queryset):
        done = [posting for posting in queryset.select_related("level", "location") if self._publish(request, posting)]
        self._report(request, done, "Published")

    @admin.action(description="Duplicate selected postings as drafts", permissions=["add"])
    def duplicate_selected(self, request, queryset):
        """Same level, new location: one copy, opened to be changed; several, listed as drafts."""
        copies = [posting.duplicate() for posting in queryset.prefetch_related("requirements", "hiring_managers")]
        self._report(request, copies, "Made draft copies of")
        if len(copies) == 1:
            self.message_user(
                request, "Change what differs (the location, say), then save and publish it.", messages.INFO
            )
            return HttpResponseRedirect(reverse("admin:postings_jobposting_change", args=[copies[0].pk]))
        return None

    @admin.action(
        description="Copy the level's interview kit into selected postings that have none", permissions=["change"]
    )
    def copy_interview_kit(self, request, queryset):
        """For postings published before their level had a kit; a posting with a kit keeps it."""
        done = [
            posting
            for posting in queryset.exclude(published_at=None).select_related("level")
            if posting.copy_interview_kit()
        ]
        self._report(request, done, "Copied the interview kit into")
        if not done:
            self.message_user(request, "None needed one: each has its kit, or is not published yet.", messages.INFO)

    @admin.action(description="Close selected postings: filled", permissions=["change"])
    def close_as_filled(self, request, queryset):
        done = [posting for posting in queryset.select_related("level") if self._close(request, posting, "filled")]
        self._report(request, done, "Closed as filled")

    @admin.action(description="Close selected postings: cancelled", permissions=["change"])
    def close_as_cancelled(self, request, queryset):
        done = [posting for posting in queryset.select_related("level") if self._close(request, posting, "cancelled")]
        self._report(request, done, "Closed as cancelled")

    def _lifecycle_buttons(self, request, posting):
        """ "Save and publish" / "Save and close" on the change page.

        Runs after the form and its inlines are saved, so requirements added in
        the same submit count towards publishing.
        """
        wanted = next(
            (name for name in ("_publish", "_close_filled", "_close_cancelled") if name in request.POST), None
        )
        if wanted is None:
            return None
        self.message_user(request, f"Changes to “{posting}” were saved.", messages.SUCCESS)
        if wanted == "_publish":
            if self._publish(request, posting):
                self.message_user(request, f"“{posting}” is published: {posting.get_absolute_url()}", messages.SUCCESS)
        else:
            reason = wanted.removeprefix("_close_")
            if self._close(request, posting, reason):
                self.message_user(request, f"“{posting}” is closed ({reason}).", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:postings_jobposting_change", args=[posting.pk]))

    def _warn_unusual(self, request, posting):
        for note in pay.unusual_values(posting, timezone.localdate()):
            self.message_user(request, note, messages.WARNING)

    def _say_draft(self, request, posting):
        self.message_user(
            request,
            format_html(
                "“{}” was saved as a draft: nobody can see it or apply until it is published. "
                "Publish it with “Save and publish” below, or first "
                '<a href="{}" target="_blank">preview the public page</a>.',
                posting,
                posting.get_absolute_url(),
            ),
            messages.WARNING,
        )

    def response_change(self, request, obj):
        self._warn_unusual(request, obj)
        response = self._lifecycle_buttons(request, obj)
        if response is None and obj.status == JobPosting.Status.DRAFT:
            self._say_draft(request, obj)
        return response or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self._warn_unusual(request, obj)
        response = self._lifecycle_buttons(request, obj)
        if response is None and "_popup" not in request.POST and "_addanother" not in request.POST:
            # Not Django's "added successfully": a new posting is a draft nobody sees, and it stays on its page,
            # where the publish button is.
            self._say_draft(request, obj)
            return HttpResponseRedirect(reverse("admin:postings_jobposting_change", args=[obj.pk]))
        return response or super().response_add(request, obj, post_url_continue)
