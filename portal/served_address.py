"""The address this process serves, for the default SITE_URL: `make run PORT=8101` links to :8101, not :8000.

Read from the command line before Django starts (settings need it), so it
imports nothing from Django: `manage.py runserver [addr:]port` (the
autoreloader's child sees the same arguments), else gunicorn's GUNICORN_BIND
(portal/gunicorn_conf.py), else Django's default 127.0.0.1:8000. An address
that listens everywhere (0.0.0.0, ::) is linked to as 127.0.0.1, which a
browser on this machine can open.
"""

import re

DEFAULT = ("127.0.0.1", "8000")
_ADDRPORT = re.compile(r"^(?:\[(?P<ipv6>[^\]]+)\]|(?P<host>[^:\[\]]+))?:?(?P<port>\d+)?$")


def default_site_url(argv, environ):
    host, port = DEFAULT
    if "runserver" in argv[1:2]:
        arguments = [arg for arg in argv[2:] if not arg.startswith("-")]
        if arguments:
            host, port = _split(arguments[0])
    elif environ.get("GUNICORN_BIND", "").strip():
        host, port = _split(environ["GUNICORN_BIND"].split(",")[0].strip())
    if host in ("0.0.0.0", "::", ""):
        host = DEFAULT[0]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _split(addrport):
    """'8101', '127.0.0.1:8101', '[::1]:8101', 'localhost' -> (host, port), defaults filling what is missing."""
    match = _ADDRPORT.match(addrport.removeprefix("http://"))
    if not match:
        return DEFAULT
    host = match["ipv6"] or match["host"]
    if host and host.isdigit() and not match["port"]:
        return DEFAULT[0], host  # a port alone
    return host or DEFAULT[0], match["port"] or DEFAULT[1]
