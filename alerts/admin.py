from django.contrib import admin

from .models import JobAlert, SavedJob


@admin.register(JobAlert)
class JobAlertAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "frequency", "summary", "confirmed_at", "last_sent_at", "emails_sent")
    list_filter = ("frequency", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "name", "summary")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    readonly_fields = (
        "criteria",
        "summary",
        "place_label",
        "latitude",
        "longitude",
        "created_at",
        "confirmed_at",
        "checked_through",
        "due_at",
        "last_sent_at",
        "emails_sent",
    )
    fieldsets = (
        (None, {"fields": ("name", "user", "email", "frequency")}),
        ("Search", {"fields": ("summary", "criteria", "place_label", "latitude", "longitude")}),
        (
            "Sending",
            {"fields": ("created_at", "confirmed_at", "checked_through", "due_at", "last_sent_at", "emails_sent")},
        ),
    )


@admin.register(SavedJob)
class SavedJobAdmin(admin.ModelAdmin):
    list_display = ("user", "posting", "saved_at")
    search_fields = ("user__email",)
    list_select_related = ("user", "posting")
    autocomplete_fields = ("user", "posting")
