"""Running the site under gunicorn on 127.0.0.1, against the current database, for bench and loadtest."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def database_url():
    """The URL of the database this process uses (for a test database too), for a child process."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def production_env(**extra):
    """Production settings on loopback: DEBUG off, a throwaway key, plain HTTP allowed."""
    static_root = Path(settings.BASE_DIR) / "bench-results" / "static"
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "SECRET_KEY": "loopback-only-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        # The board's cache is measured per worker, as it was before a shared one was required.
        "ALLOW_PER_PROCESS_CACHE": "1",
        **extra,
    }


@contextmanager
def gunicorn(env, workers=2, threads=1):
    """Serve the site under gunicorn on a free loopback port; yields (base URL, master pid)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], env=env, check=True, cwd=settings.BASE_DIR
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            settings.WSGI_APPLICATION.replace(".application", ":application"),
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}", server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def worker_rss_mb(master_pid):
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
            if rss:
                sizes.append(round(int(rss.group(1)) / 1024, 1))
    return sizes
