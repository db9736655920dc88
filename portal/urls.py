from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from . import health, views

portal_patterns = (
    [
        path("", views.home, name="home"),
        # The footer's pages: short, plain and true of this site (templates/portal/<name>.html).
        path("privacy/", views.site_page, {"name": "privacy"}, name="privacy"),
        path("terms/", views.site_page, {"name": "terms"}, name="terms"),
        path("accessibility/", views.site_page, {"name": "accessibility"}, name="accessibility"),
        path("contact/", views.site_page, {"name": "contact"}, name="contact"),
        path("signed-in/", views.signed_in, name="signed_in"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("roles/", include("roles.urls")),
    path("jobs/", include("postings.urls")),
    path("", include("applications.urls")),
    path("", include("alerts.urls")),
    path("manage/", include("hiring.urls")),
    path("", include("verification.urls")),
    path("account/", include("accounts.urls")),
    path("account/", include("hiring.candidate_urls")),
    # The API (versioned under /api/v1/) and its documentation at /api/docs.
    path("api/", include("api.urls")),
    # Email templates moved from the applications app to hiring: old admin bookmarks still arrive.
    re_path(
        r"^admin/applications/emailtemplate/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/hiring/emailtemplate/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    # For the load balancer; answered by portal.health.HealthCheckMiddleware before the URLs are looked at.
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
]

# The database down answers a branded 503 with Retry-After, any other failure a branded 500.
handler500 = "portal.views.server_error"
