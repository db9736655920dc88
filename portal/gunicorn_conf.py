"""gunicorn's settings for the site: `gunicorn -c portal/gunicorn_conf.py portal.wsgi`.

Threads (gthread) so that a few slow or stalled clients hold a thread each,
not a whole worker; gunicorn hands a connection to a thread only once data
has arrived, and the body of a request must arrive within
REQUEST_BODY_SECONDS (portal/request_limits.py). Behind nginx, which reads
each request whole before passing it on, slow clients never reach gunicorn at
all: see the README's Production section.

The access log goes through the same redaction as every other log line
(portal/log_redaction.py): reset and confirmation links carry secrets in
their paths. Logging is a dictConfig, so a JSON formatter can replace
"plain" without touching the filters.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this has gone wrong; gunicorn restarts the worker.
timeout = 30
graceful_timeout = 30
# Seconds an idle kept-alive connection is held open (nginx keeps its own pool of them).
keepalive = 5
# Request line, header count and header size: generous for browsers, tight for abuse.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = "-"
errorlog = "-"
# gunicorn's default line, with the request's id (the response's X-Request-ID, portal/request_id.py) at the end.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
# LOG_FORMAT=json: JSON lines here too, as in the site's own logs (settings.LOGGING).
_formatter = "json" if os.environ.get("LOG_FORMAT", "").strip().lower() == "json" else "plain"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    # The id first: the redaction then formats the record, and its arguments (where the id is) are gone.
    "filters": {
        "request_id": {"()": "portal.request_id.RequestIdFilter"},
        "redact": {"()": "portal.log_redaction.RedactSensitiveData"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s"},
        "json": {"()": "portal.json_log.JsonFormatter"},
    },
    "handlers": {
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id", "redact"],
            "formatter": _formatter,
        },
        "error": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id", "redact"],
            "formatter": _formatter,
        },
    },
    # gunicorn's defaults name a root logger; Django configures its own loggers in each worker.
    "root": {"handlers": ["error"], "level": "WARNING"},
    "loggers": {
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
    },
}
