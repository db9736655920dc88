"""Real servers started by the tests on loopback: a free port, and gunicorn run with the shipped config."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """A loopback port nothing listens on (for a server to start on, or to stand for one that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port, process, log_path, seconds=30):
    """Wait for `process` to accept connections on `port`; fail the test with its log if it dies or never does."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"the server on port {port} did not start:\n{Path(log_path).read_text()}")
            time.sleep(0.1)


def start_gunicorn(env, log_path):
    """gunicorn serving the site with portal/gunicorn_conf.py (GUNICORN_BIND in `env`), its output in `log_path`."""
    port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn_conf.py", "portal.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    wait_until_listening(port, server, log_path)
    return server
