"""The back office of the API: keys (shown once), webhook endpoints, and each delivery with its attempts."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils import timezone

from . import outbound, tasks
from .models import ApiKey, KeyEvent, WebhookAttempt, WebhookDelivery, WebhookEndpoint


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=ApiKey.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Give only what the integration needs; candidates' personal data needs applications:read.",
    )

    class Meta:
        model = ApiKey
        fields = ["name", "scopes", "hiring_managers", "requests_per_minute"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "hiring_managers" in self.fields:
            self.fields["hiring_managers"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)


class KeyEventInline(admin.TabularInline):
    model = KeyEvent
    fields = ("at", "action", "posting", "application", "address")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = "what the key did (latest first)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("posting", "application")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ("name", "key_prefix", "scope_list", "status", "last_used_at", "created_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "key_prefix")
    readonly_fields = ("key_prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    autocomplete_fields = ("hiring_managers",)
    actions = ["revoke_selected"]
    inlines = [KeyEventInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # a new key has done nothing yet

    def get_fieldsets(self, request, obj=None):
        main = (None, {"fields": ("name", "scopes", "hiring_managers", "requests_per_minute")})
        if obj is None:
            return (main,)
        return (main, ("Use", {"fields": ("key_prefix", "created_by", "created_at", "last_used_at", "revoked_at")}))

    @admin.display(description="Scopes")
    def scope_list(self, key):
        return ", ".join(key.scopes)

    @admin.display(description="Status", ordering="revoked_at")
    def status(self, key):
        return f"Revoked {timezone.localtime(key.revoked_at):%Y-%m-%d}" if key.revoked_at else "Active"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            # Kept on the request only: the response shows it once and it is never stored.
            request._new_api_key = obj.set_new_secret()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The key, shown once on a page of its own (never in a message, which may sit in a cookie)."""
        response = TemplateResponse(
            request,
            "admin/api/apikey/created.html",
            {**self.admin_site.each_context(request), "key": obj, "secret": request._new_api_key, "opts": self.opts},
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke selected keys", permissions=["change"])
    def revoke_selected(self, request, queryset):
        revoked = 0
        for key in queryset.filter(revoked_at__isnull=True):
            key.revoke()
            revoked += 1
        self.message_user(request, f"Revoked {revoked} key(s): they are refused from now on.", messages.SUCCESS)


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(choices=WebhookEndpoint.Event.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "is_active"]

    def clean_url(self):
        """Checked now for a clear message; checked again at every send, when the name is resolved anew."""
        url = self.cleaned_data["url"]
        try:
            outbound.safe_addresses(url)
        except outbound.UnsafeURL as error:
            raise forms.ValidationError(str(error), code="unsafe_url") from None
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ("name", "url", "event_list", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    readonly_fields = ("secret", "created_at")

    @admin.display(description="Events")
    def event_list(self, endpoint):
        return ", ".join(endpoint.events)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ("at", "status_code", "error", "duration_ms")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "created_at", "status_label", "attempts", "last_status", "next_attempt_at")
    list_filter = ("event", "endpoint", ("delivered_at", admin.EmptyFieldListFilter))
    list_select_related = ("endpoint",)
    date_hierarchy = "created_at"
    fields = (
        "endpoint",
        "event",
        "payload",
        "created_at",
        "attempts",
        "last_status",
        "next_attempt_at",
        "delivered_at",
        "gave_up_at",
    )
    readonly_fields = fields
    inlines = [WebhookAttemptInline]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Status")
    def status_label(self, delivery):
        return delivery.status_label

    @admin.action(description="Send again", permissions=["change"])
    def send_again(self, request, queryset):
        deliveries = list(queryset)
        for delivery in deliveries:
            tasks.send_again(delivery)
        self.message_user(request, f"{len(deliveries)} delivery(ies) queued to be sent again.", messages.SUCCESS)
