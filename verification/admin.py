"""The back office of verification: entries, overrides and references read-only; each posting's hire policy edited.

Entries and overrides are an audit trail, so nothing here adds, changes or
deletes them; they are recorded on the verification page. Staff who are not
superusers see only what belongs to applications they may review.
"""

from django.contrib import admin

from applications.models import Application
from postings.models import JobPosting

from .models import ExpiryNotice, HireOverride, HirePolicy, Reference, VerificationEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


class ReviewableOnly:
    """Rows of applications the person may review (their postings' for a hiring manager)."""

    application_path = "application"

    def get_queryset(self, request):
        reviewable = Application.objects.reviewable_by(request.user).values("pk")
        return super().get_queryset(request).filter(**{f"{self.application_path}__in": reviewable})


@admin.register(VerificationEntry)
class VerificationEntryAdmin(ReviewableOnly, ReadOnlyAdmin):
    list_display = [
        "application",
        "credential",
        "state",
        "result",
        "source",
        "expires_on",
        "verified_by",
        "verified_at",
    ]
    list_filter = ["result", "source", "credential", "verified_at"]
    list_select_related = ["application__candidate", "application__posting", "verified_by"]
    search_fields = ["application__candidate__email", "reference_number", "number"]
    date_hierarchy = "verified_at"


@admin.register(HireOverride)
class HireOverrideAdmin(ReviewableOnly, ReadOnlyAdmin):
    list_display = ["application", "by", "at", "reason"]
    list_filter = ["at"]
    list_select_related = ["application__candidate", "application__posting", "by"]


@admin.register(Reference)
class ReferenceAdmin(ReadOnlyAdmin):
    list_display = ["name", "candidate", "relationship", "answered_relationship", "requested_at", "answered_at"]
    list_filter = ["relationship", "answered_relationship", "would_rehire", "answered_at"]
    list_select_related = ["candidate"]
    search_fields = ["candidate__email", "name", "email"]
    exclude = ["link_key"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "link_key"]

    def get_queryset(self, request):
        candidates = Application.objects.reviewable_by(request.user).values("candidate")
        return super().get_queryset(request).filter(candidate__in=candidates)


@admin.register(HirePolicy)
class HirePolicyAdmin(admin.ModelAdmin):
    list_display = ["posting", "references_required"]
    list_filter = ["references_required"]
    autocomplete_fields = ["posting"]
    list_select_related = ["posting"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(posting__in=JobPosting.objects.managed_by(request.user))


@admin.register(ExpiryNotice)
class ExpiryNoticeAdmin(ReadOnlyAdmin):
    list_display = ["profile", "credential", "state", "expires_on", "threshold", "sent_at"]
    list_filter = ["credential", "threshold", "sent_at"]
    list_select_related = ["profile__user"]

    def get_queryset(self, request):
        candidates = Application.objects.reviewable_by(request.user).values("candidate")
        return super().get_queryset(request).filter(profile__user__in=candidates)
