"""
Settings for the OT Staffing Portal, read from environment variables.

Development needs none of them: DEBUG defaults on, the database is a SQLite
file in the project and mail goes to the console. Production sets DEBUG=0,
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; a bad or missing value stops the
process at start-up rather than misbehaving later.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from portal.served_address import default_site_url

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no, not {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Reverse proxies in front of gunicorn (e.g. 1 for nginx): sign-in limits per address read the client's
# address from X-Forwarded-For through that many proxies (accounts/throttle.py).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("TRUSTED_PROXIES counts proxies: 0 or more.")
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"CSRF_TRUSTED_ORIGINS entries need a scheme: {origin!r}.")

# The public address of the site, used in feeds, sitemaps, JSON-LD and emails
# where no request is at hand (tasks, management commands). By default the address
# this process serves (runserver's port, GUNICORN_BIND), so `make run PORT=8101` links to :8101.
SITE_URL = (os.environ.get("SITE_URL") or default_site_url(sys.argv, os.environ)).rstrip("/")

# Webhooks (api/): endpoints must use https when DEBUG is off, and are never sent to a private, loopback or
# link-local address. WEBHOOK_ALLOW_PRIVATE_NETWORKS=1 lets development send to a receiver on this machine.
WEBHOOK_REQUIRE_HTTPS = env_bool("WEBHOOK_REQUIRE_HTTPS", not DEBUG)
WEBHOOK_ALLOW_PRIVATE_NETWORKS = env_bool("WEBHOOK_ALLOW_PRIVATE_NETWORKS", False)
if WEBHOOK_ALLOW_PRIVATE_NETWORKS and not DEBUG:
    raise ImproperlyConfigured(
        "WEBHOOK_ALLOW_PRIVATE_NETWORKS is for development only: it cannot be on when DEBUG is off."
    )
# The name authenticator apps show beside the six-digit code.
OTP_TOTP_ISSUER = f"{os.environ.get('ORGANIZATION_NAME', 'Riverbend Health')} OT Careers"

# Days a posting's applications are kept after it closes; `manage.py apply_retention` deletes older ones.
RETENTION_DAYS = env_int("RETENTION_DAYS", 730)
# Offers above this yearly pay (hourly pay counted over 2,080 hours) need a recruiter's approval; 0 for no ceiling.
OFFER_APPROVAL_CEILING = env_int("OFFER_APPROVAL_CEILING", 150000)

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    # django-ninja: the API (api/); listed for its vendored Swagger UI files, served by the docs page.
    "ninja",
    # Two-factor sign-in (accounts/two_factor.py): authenticator apps and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "roles",
    "postings",
    "applications",
    "verification",
    "hiring",
    "alerts",
    "api",
    "demo",
    "portal",
]

MIDDLEWARE = [
    # First of all: the request's id (X-Request-ID from a trusted proxy, or a new one), on its log lines and response.
    "portal.request_id.RequestIdMiddleware",
    # /healthz and /readyz for the load balancer, answered before host checks, HTTPS redirects and sessions.
    "portal.health.HealthCheckMiddleware",
    # Then: a body too large to use is refused from its Content-Length, before anything reads it.
    "portal.request_limits.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # DEBUG: the site's own 404 page instead of Django's list of URL patterns (tracebacks stay for 500s).
    "portal.debug_pages.SiteNotFoundPageMiddleware",
    # /api/: CORS on the public job board, problem details instead of HTML error pages.
    "api.middleware.ApiMiddleware",
]

# The site's URLs. `manage.py bench` serves them behind one extra bare page (demo/bench_urls.py) through
# gunicorn; never set BENCH_URLS in production.
SITE_URLCONF = "portal.urls"
ROOT_URLCONF = "demo.bench_urls" if env_bool("BENCH_URLS", False) else SITE_URLCONF
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "alerts.context_processors.saved_jobs",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        # A database restart must not turn the next requests into errors.
        conn_health_checks=True,
    )
}
# Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator(), which the Indeed feed and the
# pipeline CSV stream with) is lost between transactions: InvalidCursorName. 1 there: rows are fetched client-side.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS", False)
# A PostgreSQL read replica (streaming replication of the primary): the public pages' anonymous reads go there,
# everything else stays on the primary (portal/replica.py). REPLICA_STICKY_SECONDS: how long after sending a form a
# visitor's reads stay on the primary, so what they did shows at once (longer than the replica's usual lag).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
REPLICA_STICKY_SECONDS = env_int("REPLICA_STICKY_SECONDS", 10)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
        ),
        "DISABLE_SERVER_SIDE_CURSORS": DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"],
        # Tests read the replica's alias from the primary's test database: no second test database to build.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["portal.replica.ReplicaRouter"]
    # After the sign-in is known: a signed-in person's reads never go to the replica.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("accounts.middleware.PrivatePagesMiddleware"), "portal.replica.ReplicaReadsMiddleware"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; wait instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's, reading the reviewer groups with the account (one query fewer on every staff page).
    "accounts.backends.AccountBackend",
    # Only for sessions signed in before the one above existed, so a deploy signs nobody out.
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
# Each person lands where they work: the workspace for reviewers, their applications for candidates.
LOGIN_REDIRECT_URL = "portal:signed_in"
# A new account's first stop: the profile, to add credentials.
SIGNUP_REDIRECT_URL = "applications:profile"
LOGOUT_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True
# One date format site-wide: portal/formats/en/formats.py.
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded resumes live here; nothing under it is served by URL: downloads go
# through views that check who is asking.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))


def env_storage(name):
    """The private file storage (resumes, and any other upload a person sends): a local folder or an S3 bucket.

    Unset: MEDIA_ROOT on this machine's disk, which suits one server. `s3://bucket/optional/prefix` puts every
    file in an S3-compatible bucket that all app servers share (AWS_S3_ENDPOINT_URL for one that is not AWS).
    Objects are written private (the bucket's own ACL, never a public-read one) and encrypted at rest; the site
    never hands out their URLs: downloads stream through the views that check who asks.
    """
    url = os.environ.get(name, "").strip()
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if url.startswith("file:///"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": url[7:]}}
    if url.startswith("s3://") and url[5:].split("/", 1)[0]:
        bucket, _, prefix = url[5:].partition("/")
        kms_key = os.environ.get("AWS_S3_KMS_KEY_ID", "")
        encryption = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key} if kms_key else {}
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "location": prefix.strip("/"),
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                # Unset: boto3 finds credentials itself (an instance role, ~/.aws, its own variables).
                "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
                "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
                # No ACL is sent: objects stay as private as the bucket (block public access on it).
                "default_acl": None,
                "object_parameters": {"ServerSideEncryption": "AES256", **encryption},
                # Stored names are random already; an existing object is never replaced.
                "file_overwrite": False,
                # url() is never used by the site; if it ever were, it would be signed and short-lived.
                "querystring_auth": True,
                "querystring_expire": 60,
                "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            },
        }
    raise ImproperlyConfigured(f"{name} must be empty (MEDIA_ROOT), file:///absolute/path or s3://bucket, not {url!r}.")


STORAGES = {
    # Private: every upload (resumes, later verification evidence) is stored here and read only by views that
    # check who asks. Nothing public belongs in it.
    "default": env_storage("STORAGE_URL"),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The largest request the site takes: a 5 MB resume and the form around it (portal/request_limits.py).
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 6 * 1024 * 1024)
# Uploads stay in memory up to that size: no temporary file, so a worker killed mid-upload leaves none behind.
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
# Seconds a request's body may take to arrive under gunicorn (wsgi.py); a stalled client loses its request.
REQUEST_BODY_SECONDS = env_int("REQUEST_BODY_SECONDS", 20)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: the console in development unless EMAIL_HOST is set; always SMTP in production.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OT Careers <careers@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_host = os.environ.get("EMAIL_HOST", "" if DEBUG else "localhost")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 25 if _email_host == "localhost" else 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", _email_host != "localhost"),
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
        if _email_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}

# Emails go out through Django's tasks framework. Development and tests run
# them in-process; production sets TASKS_BACKEND=database and runs
# `manage.py db_worker`, so a mail server outage only delays them.
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate")
if _tasks_backend not in {"immediate", "database"}:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
TASKS = {
    "default": {
        "BACKEND": (
            # Django's and django-tasks-db's backends, with the request id carried into each task's run.
            "portal.tasks.DatabaseBackend" if _tasks_backend == "database" else "portal.tasks.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}

# The employer shown on every page, in JSON-LD and in the aggregator feed.
HIRING_ORGANIZATION = {
    "name": os.environ.get("ORGANIZATION_NAME", "Riverbend Health"),
    "url": os.environ.get("ORGANIZATION_URL", SITE_URL),
    "logo": os.environ.get("ORGANIZATION_LOGO", f"{SITE_URL}/static/img/logo.svg"),
    # Its headcount, for pay-transparency laws that start at a size (postings/pay_transparency.py); None: every law applies.
    "employees": env_int("ORGANIZATION_EMPLOYEES", None),
}

# Security headers. Pages use no inline script or style: scripts carry the
# per-request nonce, so the policy can stay strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No page script reads the CSRF cookie (forms carry the token), so scripts may not read it either.
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Log lines: plain text (the default, for a terminal) or JSON, one object per line (LOG_FORMAT=json, for a collector
# gathering several servers' logs); either way each record carries the request's id (portal/request_id.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower() or "text"
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}.")
LOG_FILTERS = ["request_id", "redact"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "portal.request_id.RequestIdFilter"},
        # No log line repeats a password, license number, resume or letter (see portal/log_redaction.py).
        "redact": {"()": "portal.log_redaction.RedactSensitiveData"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "json": {"()": "portal.json_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": LOG_FILTERS,
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "django.server",
            "filters": LOG_FILTERS,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # SQL with its parameters (DEBUG) would hold everything people typed.
        "django.db.backends": {"level": "INFO"},
        # Django's own handlers would print its records a second time, unfiltered: they go through ours.
        "django": {"handlers": [], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
# Error reports (mailed to ADMINS, the DEBUG page) hide every field named like a secret or a credential.
DEFAULT_EXCEPTION_REPORTER_FILTER = "portal.log_redaction.RedactingExceptionReporterFilter"


# Cache: the job board's filters and results, its feeds and sitemap (postings/caching.py) and the sign-in
# limits (accounts/throttle.py). By default each worker process keeps its own in memory; the board's
# version lives in the database, so a change still shows at once in every worker. CACHE_URL shares one
# cache: redis://host:6379/0 or file:///var/cache/ot-portal (one machine).
def env_cache(name, default):
    url = os.environ.get(name, "").strip() or default
    scheme = url.split("://", 1)[0]
    if scheme == "locmem":
        # About 500 board pages of ~30 KB each at most, so a worker stays small whatever is asked of it.
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 500}}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "portal.cache.ForgivingRedisCache", "LOCATION": url}
    if scheme == "file" and url.startswith("file:///"):
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": url[len("file://") :]}
    raise ImproperlyConfigured(
        f"{name} must be locmem://, dummy://, redis://host:port/db or file:///absolute/path, not {url!r}."
    )


CACHES = {"default": env_cache("CACHE_URL", "locmem://")}
# In production the cache is shared (Redis) unless the install says it runs one process: a cache of each worker's
# own keeps a copy of every board page per worker, and anything that ever counts or locks through the cache would
# count per worker, letting N times as much through (the sign-in limits live in the database for that reason).
ALLOW_PER_PROCESS_CACHE = env_bool("ALLOW_PER_PROCESS_CACHE", False)
if not DEBUG and CACHES["default"]["BACKEND"].endswith("LocMemCache") and not ALLOW_PER_PROCESS_CACHE:
    raise ImproperlyConfigured(
        "With DEBUG off the cache must be shared by every process: set CACHE_URL=redis://host:6379/0 "
        "(or ALLOW_PER_PROCESS_CACHE=1 for an install that runs a single process)."
    )
