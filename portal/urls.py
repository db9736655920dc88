from django.contrib import admin
from django.urls import include, path

from accounts.forms import AdminSignInForm
from postings.feeds import sitemap_xml

from . import views

admin.site.site_header = "OT Staffing Portal — back office"
admin.site.site_title = "OT Staffing admin"
admin.site.index_title = "Catalog, postings and people"
# The admin's sign-in counts failures with the site's sign-in (accounts/throttle.py).
admin.site.login_form = AdminSignInForm

portal_patterns = (
    [
        path("", views.home, name="home"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("roles/", include("roles.urls")),
    path("jobs/", include("postings.urls")),
    path("", include("applications.urls")),
    path("manage/", include("applications.manage_urls")),
    path("account/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
]
