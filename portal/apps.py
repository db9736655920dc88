from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Site"


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site's own AdminSite (portal/admin_site.py) as `admin.site`."""

    default = False  # named in INSTALLED_APPS; "portal" alone still means PortalConfig
    default_site = "portal.admin_site.PortalAdminSite"
