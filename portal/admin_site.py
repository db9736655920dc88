"""The back office's site: every model admin answers only the filters it offers, and "view on site" checks who asks.

Django's admin trusts its staff more than this site may: any staff account can
filter a list by any lookup on the model's own fields (`?cover_letter__regex=`),
and its "view on site" shortcut (/admin/r/<content type>/<id>/) redirects any
staff account to any object's page. Hiring managers are staff who may see only
their own postings, so this site

- lets a list be filtered only by its `list_filter`s and `date_hierarchy`
  (anything else is Django's 400 "not allowed"), refuses NUL bytes, and turns a
  lookup the database cannot run (an overflowing year) into the admin's
  "incorrect lookup" answer instead of a 500;
- follows "view on site" only to an object the model admin's own queryset holds
  for this person (else 404, the same as an id that does not exist);
- signs staff in like the site's sign-in does: the same limits, then the code
  of their second factor (accounts/two_factor.py) before they are signed in.

Every model admin gets these rules where it is registered (`register`), so a
new one, or one from a library, cannot forget them.
"""

from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse

from accounts.forms import AdminSignInForm
from accounts.views import SignInView

# Every parameter a field's list filter may use (Django's FieldListFilter classes), after the field's path.
FIELD_FILTER_SUFFIXES = ("__exact", "__isnull", "__isempty", "__gte", "__lt")
DATE_HIERARCHY_SUFFIXES = ("__year", "__month", "__day")


def _has_nul(params):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in params.lists())


class CheckedChangeList(ChangeList):
    """A change list whose hostile query strings get the admin's "incorrect lookup" answer, never a 500."""

    def __init__(self, request, *args, **kwargs):
        # PostgreSQL refuses NUL in any text it is given: in a filter or the search box it would fail the query.
        if _has_nul(request.GET):
            raise IncorrectLookupParameters("NUL byte in the query string")
        super().__init__(request, *args, **kwargs)

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:  # ?submitted_at__year=99999999999999999999
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        # Requests run in autocommit (no ATOMIC_REQUESTS): a query the database refused leaves nothing to undo.
        try:
            return super().get_results(request)
        except (DatabaseError, ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class OfferedLookupsOnly:
    """Mixed into every model admin of the site: filtering by what the list offers and nothing else."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def offered_lookups(self, request):
        """The query parameters this list's filters and date drill-down read."""
        keys = set()
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                keys.add(item.parameter_name)
                continue
            field_path = item[0] if isinstance(item, (list, tuple)) else item
            if not isinstance(field_path, str):  # a Field object given directly
                field_path = field_path.name
            keys.update(field_path + suffix for suffix in ("", *FIELD_FILTER_SUFFIXES))
            field = get_fields_from_path(self.model, field_path)[-1]
            if field.is_relation and field.target_field is not None:
                keys.add(f"{field_path}__{field.target_field.name}__exact")
        if self.date_hierarchy:
            keys.update(self.date_hierarchy + suffix for suffix in DATE_HIERARCHY_SUFFIXES)
        return keys

    def lookup_allowed(self, lookup, value, request):
        if not super().lookup_allowed(lookup, value, request):
            return False
        # Raw-id pop-ups pass the limit_choices_to of the field they fill: Django's own check allows those.
        popup_lookups = {
            key
            for fk_lookup in self.model._meta.related_fkey_lookups
            if isinstance(fk_lookup, dict)
            for key in fk_lookup
        }
        return lookup in self.offered_lookups(request) or lookup in popup_lookups


class PortalAdminSite(admin.AdminSite):
    site_header = "OT Staffing Portal — back office"
    site_title = "OT Staffing admin"
    index_title = "Catalog, postings and people"
    # The admin's sign-in counts failures with the site's sign-in (accounts/throttle.py).
    login_form = AdminSignInForm

    def login(self, request, extra_context=None):
        """Django's admin sign-in page, with the site's two steps (SignInView) instead of Django's one."""
        redirect_url = SignInView().get_redirect_url(request) or reverse("admin:index", current_app=self.name)
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(redirect_url)
        context = {
            **self.each_context(request),
            "title": "Log in",
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
            REDIRECT_FIELD_NAME: redirect_url,
            **(extra_context or {}),
        }
        request.current_app = self.name
        return SignInView.as_view(
            extra_context=context,
            authentication_form=self.login_form,
            template_name="admin/login.html",
            # Signed in but not staff: the admin says so on its page, rather than sending them round in a loop.
            redirect_authenticated_user=False,
        )(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, OfferedLookupsOnly):
            admin_class = type(
                admin_class.__name__,
                (OfferedLookupsOnly, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        urls = super().get_urls()
        checked = path(
            "r/<path:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"
        )
        return [checked if getattr(url, "name", None) == "view_on_site" else url for url in urls]

    def view_on_site(self, request, content_type_id, object_id):
        """ "View on site", for an object this person may see in the admin; 404 otherwise, whether or not it exists."""
        content_type = ContentType.objects.filter(pk=content_type_id).first() if content_type_id.isdigit() else None
        model = content_type.model_class() if content_type else None
        model_admin = self._registry.get(model)
        if (
            model_admin is None
            or not model_admin.view_on_site
            or not model_admin.has_view_or_change_permission(request)
        ):
            raise Http404("No such object.")
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValidationError, ValueError, OverflowError):
            obj = None
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404("No such object.")
        if callable(model_admin.view_on_site):
            return HttpResponseRedirect(model_admin.view_on_site(obj))
        if not hasattr(obj, "get_absolute_url"):
            raise Http404("No page on the site.")
        return HttpResponseRedirect(obj.get_absolute_url())
