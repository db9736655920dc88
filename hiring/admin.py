"""The back office of hiring: applications with their history and notes, and the email texts of moves."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from applications.models import Application, StageChange

from .models import EmailTemplate, Note, RejectionReason


class FlagFilter(admin.SimpleListFilter):
    """The reviewers' flags, one at a time (the same conditions as the pipeline's flag filter)."""

    title = "flag"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return Application.FLAG_CHOICES

    def queryset(self, request, queryset):
        if self.value() in Application.FLAGS:
            return queryset.with_flag(self.value())
        return queryset


class ReadOnlyInline(admin.TabularInline):
    """Rows shown as they were written, never added, edited or deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StageChangeInline(ReadOnlyInline):
    """The history is written by moves only (Application.move_to), so it cannot be edited here."""

    model = StageChange
    fields = ("at", "from_stage", "to_stage", "by", "reason")


class NoteInline(ReadOnlyInline):
    """Notes already written: kept as their author wrote them."""

    model = Note
    fields = ("created_at", "author", "body")


class AddNoteInline(admin.StackedInline):
    """One empty note to add; it is signed with the admin's name on save."""

    model = Note
    fields = ("body",)
    extra = 1
    can_delete = False
    verbose_name = "new internal note"
    verbose_name_plural = "add an internal note (never shown to the candidate)"

    def get_queryset(self, request):
        return super().get_queryset(request).none()


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-mostly: stages change in the hiring workspace, where every move is recorded."""

    list_display = ("candidate_name", "posting", "stage", "match_score", "knockouts", "submitted_at")
    list_filter = ("stage", "posting__level", FlagFilter, "source", "submitted_at")
    list_select_related = ("candidate", "posting", "posting__level")
    search_fields = ("candidate__email", "candidate__full_name", "posting__title")
    date_hierarchy = "submitted_at"
    ordering = ("-submitted_at",)
    inlines = [StageChangeInline, NoteInline, AddNoteInline]
    fieldsets = (
        (None, {"fields": ("candidate", "posting", "stage", "stage_changed_at", "submitted_at", "source")}),
        ("What the candidate sent", {"fields": ("resume_name", "cover_letter", "consented_at")}),
        (
            "What reviewers see",
            {
                "fields": (
                    "match_score",
                    "knockouts",
                    "years_experience",
                    "years_leadership",
                    "flag_no_state_license",
                    "flag_license_expires_before_start",
                    "flag_nbcot_not_active",
                    "flag_cpr_expired",
                    "flag_experience_below_minimum",
                )
            },
        ),
    )

    def get_queryset(self, request):
        # Hiring managers may reach the admin: they see the applications of their postings only.
        return super().get_queryset(request).reviewable_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request):
        # Applications come from candidates through the apply form, never from the back office.
        return False

    def save_formset(self, request, form, formset, change):
        notes = formset.save(commit=False)
        for note in notes:
            if isinstance(note, Note) and note.pk is None and note.body.strip():
                note.author = request.user
                note.created_at = timezone.now()
                note.save()
        formset.save_m2m()

    def save_model(self, request, obj, form, change):
        # Every field is read-only: saving only adds notes (save_formset).
        pass

    @admin.display(description="Candidate", ordering="candidate__full_name")
    def candidate_name(self, application):
        return application.candidate.get_full_name()


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ("kind", "name", "subject", "send_automatically", "delay_hours")
    list_editable = ("send_automatically", "delay_hours")
    fields = ("kind", "name", "subject", "body", "send_automatically", "delay_hours", "preview")

    def get_readonly_fields(self, request, obj=None):
        # The standard email of each kind was made by a migration and the code looks it up by kind and empty name.
        if obj is None:
            return ("preview",)
        return ("kind", "name", "preview") if not obj.name else ("kind", "preview")

    def get_changeform_initial_data(self, request):
        return {"kind": EmailTemplate.Kind.REJECTION, **super().get_changeform_initial_data(request)}

    def has_delete_permission(self, request, obj=None):
        # Another version of the rejection email may go (unless a reason still uses it); a standard one never.
        return obj is not None and bool(obj.name) and super().has_delete_permission(request, obj)

    @admin.display(description="Preview")
    def preview(self, template):
        """A link to the saved text as the newest applicant would read it (save first to see a change)."""
        newest = Application.objects.order_by("-submitted_at", "-pk").values_list("pk", flat=True).first()
        if template.pk is None or newest is None:
            return "Save, then preview it with a real application."
        url = reverse("hiring:email_preview", args=[newest]) + f"?template={template.pk}"
        return format_html('<a href="{}">Preview the saved text with the newest application</a>', url)


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ("label", "email_template", "is_active", "position", "times_used")
    list_editable = ("is_active", "position")
    list_select_related = ("email_template",)
    fields = ("label", "slug", "email_template", "is_active", "position")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(times_used=Count("rejections"))

    def get_readonly_fields(self, request, obj=None):
        # Reports and code know a reason by its slug: once saved, it stays.
        return ("slug",) if obj is not None else ()

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ("label",)} if obj is None else {}

    def has_delete_permission(self, request, obj=None):
        # A reason rejections were made with stays for the reports: untick "offered" instead.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not obj.rejections.exists())

    @admin.display(description="Rejections", ordering="times_used")
    def times_used(self, reason):
        return reason.times_used
