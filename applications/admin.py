"""The back office of the candidate side: profiles, specialties, the compact's member states and the outbox.

Applications themselves are reviewed in the hiring app's admin (hiring/admin.py).
"""

from django.contrib import admin
from django.utils import timezone

from .models import CandidateProfile, CompactMemberState, OutgoingEmail, Specialty, StateLicense


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ("kind", "to", "subject", "send_after", "sent_at", "cancelled_at", "attempts")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter), "send_after")
    search_fields = ("to", "subject")
    date_hierarchy = "send_after"
    list_select_related = ("application",)
    readonly_fields = (
        "application",
        "kind",
        "to",
        "subject",
        "body",
        "send_after",
        "sent_at",
        "attempts",
        "last_error",
        "created_at",
    )
    fields = readonly_fields + ("cancelled_at",)
    actions = ["cancel_unsent"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Cancel the selected emails that are not sent yet")
    def cancel_unsent(self, request, queryset):
        cancelled = queryset.filter(sent_at__isnull=True, cancelled_at__isnull=True).update(cancelled_at=timezone.now())
        self.message_user(request, f"{cancelled} email(s) cancelled.")


class StateLicenseInline(admin.TabularInline):
    model = StateLicense
    fields = ("state", "kind", "number", "expires_on")
    extra = 0


@admin.register(CandidateProfile)
class CandidateProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "city", "state", "degree", "years_experience", "nbcot_status", "updated_at")
    list_filter = ("degree", "nbcot_status", "state", "specialties")
    list_select_related = ("user",)
    search_fields = ("user__email", "user__full_name", "nbcot_number", "licenses__number")
    filter_horizontal = ("specialties",)
    readonly_fields = ("user", "resume_name", "resume_uploaded_at", "updated_at")
    exclude = ("resume",)
    inlines = [StateLicenseInline]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(CompactMemberState)
class CompactMemberStateAdmin(admin.ModelAdmin):
    """The OT Licensure Compact as screening reads it: add a state when it enacts the compact, and the day
    privileges start once the commission announces it (otcompact.org)."""

    list_display = ("state", "enacted_on", "privileges_from")
    list_editable = ("enacted_on", "privileges_from")
    search_fields = ("state",)
    actions = ["set_privileges_from_today"]

    @admin.action(description="Privileges count from today in the selected states")
    def set_privileges_from_today(self, request, queryset):
        changed = queryset.update(privileges_from=timezone.localdate())
        self.message_user(request, f"{changed} state(s) now count compact privileges from today.")
