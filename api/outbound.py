"""Sending a webhook without letting its URL reach inside our network (server-side request forgery).

An endpoint's host is resolved when each delivery is sent, not only when the
admin saved it: a name that pointed at a public address yesterday can point at
127.0.0.1 or the cloud's metadata service today. Every address the name gives
must be public; the connection then goes to the address that was checked (the
name is kept for the Host header and the TLS certificate), so a second lookup
cannot swap it. Redirects are not followed.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

TIMEOUT_SECONDS = 10
# What is kept of a receiver's answer: enough to see an error message in the admin.
MAX_ANSWER_BYTES = 2048


class UnsafeURL(Exception):
    """The URL may not be sent to: its scheme, or an address that is private, loopback, link-local or reserved."""


@dataclass
class Answer:
    status_code: int | None
    error: str
    duration_ms: int


def check_scheme(url):
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise UnsafeURL("Webhook URLs start with https://.")
    if parts.scheme == "http" and settings.WEBHOOK_REQUIRE_HTTPS:
        raise UnsafeURL("Webhook URLs must use https.")
    if not parts.hostname:
        raise UnsafeURL("The URL has no host.")
    if parts.username or parts.password:
        raise UnsafeURL("Put no user name or password in the URL: deliveries are signed instead.")
    return parts


def is_public(address):
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def safe_addresses(url):
    """(parts of the URL, the addresses to connect to); raises UnsafeURL when any is not public."""
    parts = check_scheme(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeURL(f"The host {parts.hostname} cannot be resolved ({error}).") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS:
        refused = [address for address in addresses if not is_public(address)]
        if refused:
            raise UnsafeURL(
                f"{parts.hostname} resolves to {', '.join(refused)}: not a public address, so nothing is sent there."
            )
    return parts, port, addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the name, though the connection went to the address checked.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers):
    """POST `body` to `url` after checking where it goes; an Answer, never an exception."""
    started = time.monotonic()

    def took():
        return int((time.monotonic() - started) * 1000)

    try:
        parts, port, addresses = safe_addresses(url)
    except UnsafeURL as error:
        return Answer(None, f"Refused: {error}", took())
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    connection = connection_class(parts.hostname, port, addresses[0], timeout=TIMEOUT_SECONDS)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(MAX_ANSWER_BYTES)
        return Answer(response.status, "" if response.status < 300 else f"HTTP {response.status}", took())
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, f"{type(error).__name__}: {error}"[:300], took())
    finally:
        connection.close()
