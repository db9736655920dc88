"""Real infrastructure started by the tests on loopback: a private PostgreSQL primary with a streaming replica, and
PgBouncer in transaction mode in front of the primary.

The machine's shared PostgreSQL allows no replication connections, so the tests make their own cluster: `initdb`
into a temporary folder, start it on a free loopback port, copy the (already migrated) test database into it,
`pg_basebackup -R` a replica from it and start that on another port. Servers refuse to run as root: as root the
tests run them as the `postgres` user. Without the server binaries (Debian's postgresql package) or without a
PostgreSQL test database to copy, the tests are skipped, saying which; PgBouncer (Debian's pgbouncer) likewise.
"""

import glob
import os
import shutil
import subprocess
import tempfile
import textwrap
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.servers import free_port, wait_until_listening

SERVER_USER = "postgres"


def _bin_dir():
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2])):
        if all(Path(candidate, tool).exists() for tool in ("initdb", "pg_ctl", "pg_basebackup")):
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_basebackup") else None


def _as_server_user(command):
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _run(command, **kwargs):
    result = subprocess.run(_as_server_user(command), capture_output=True, text=True, timeout=120, **kwargs)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def skip_unless_postgres_infra():
    if connection.vendor != "postgresql":
        pytest.skip("copies the PostgreSQL test database: run with DATABASE_URL=postgres://...")
    if _bin_dir() is None:
        pytest.skip("needs PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup): apt-get install postgresql")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("as root the servers run as the postgres user, which needs runuser")


class Cluster:
    """One PostgreSQL server of the tests' own, on a loopback port, in `folder`."""

    def __init__(self, bin_dir, folder, port):
        self.bin_dir, self.folder, self.port = bin_dir, folder, port

    def url(self, database="ot_portal"):
        return f"postgres://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def start(self):
        options = (
            f"-p {self.port} -k {self.folder.parent} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off -c shared_buffers=16MB"
        )
        _run(
            [
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.folder),
                "-l",
                f"{self.folder}.log",
                "-w",
                "-o",
                options,
                "start",
            ]
        )

    def stop(self):
        subprocess.run(
            _as_server_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.folder), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            timeout=60,
        )


def _wait_for_standby(url):
    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(url, connect_timeout=2) as standby:
                if standby.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                    return
        except psycopg.OperationalError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("the replica did not start")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def primary_and_replica(django_db_setup):
    """{"primary": url, "replica": url}: the migrated test database on a private primary, streamed to a replica."""
    skip_unless_postgres_infra()
    bin_dir = _bin_dir()
    base = Path(tempfile.mkdtemp(prefix="ot-portal-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, SERVER_USER)
    primary = Cluster(bin_dir, base / "primary", free_port())
    replica = Cluster(bin_dir, base / "replica", free_port())
    try:
        _run([str(bin_dir / "initdb"), "-D", str(primary.folder), "-U", SERVER_USER, "--auth=trust", "-E", "UTF8",
              "--locale=C", "--no-sync"])  # fmt: skip
        primary.start()
        test_db = connection.settings_dict
        source = (
            f"postgres://{test_db['USER']}:{test_db['PASSWORD']}@{test_db['HOST']}:{test_db['PORT']}/{test_db['NAME']}"
        )
        with psycopg.connect(primary.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE ot_portal")
        dump = subprocess.run(
            [str(bin_dir / "pg_dump"), "--format=custom", "--no-owner", "--no-acl", source],
            capture_output=True,
            timeout=120,
            check=True,
        )
        subprocess.run(
            [str(bin_dir / "pg_restore"), "--no-owner", "--no-acl", "--exit-on-error", "-d", primary.url()],
            input=dump.stdout,
            capture_output=True,
            timeout=120,
            check=True,
        )
        with psycopg.connect(primary.url("postgres"), autocommit=True) as admin:
            # Kept as restored, for a test that needs a database of its own (pgbouncer's `fresh_database`).
            admin.execute("CREATE DATABASE ot_portal_pristine TEMPLATE ot_portal")
        _run([str(bin_dir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", SERVER_USER,
              "-D", str(replica.folder), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast"])  # fmt: skip
        replica.start()
        _wait_for_standby(replica.url())
        yield {"primary": primary.url(), "replica": replica.url(), "port": primary.port}
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pgbouncer(primary_and_replica):
    """PgBouncer in transaction mode in front of the private primary: `pgbouncer(name)` makes a fresh database and
    answers its URL through PgBouncer.

    Two server connections at most, so two clients that overlap share them as a busy site's would.
    """
    binary = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)
    if binary is None:
        pytest.skip("needs PgBouncer: apt-get install pgbouncer")
    folder = Path(tempfile.mkdtemp(prefix="ot-portal-pgbouncer-"))
    port, primary_port = free_port(), primary_and_replica["port"]
    config = folder / "pgbouncer.ini"
    config.write_text(
        textwrap.dedent(
            f"""
            [databases]
            * = host=127.0.0.1 port={primary_port} user={SERVER_USER}
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = any
            pool_mode = transaction
            default_pool_size = 2
            max_client_conn = 50
            """
        )
    )
    if os.geteuid() == 0:
        shutil.chown(folder, SERVER_USER)
        shutil.chown(config, SERVER_USER)
    log_path = folder / "pgbouncer.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(_as_server_user([binary, str(config)]), stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_listening(port, server, log_path)

        def fresh_database(name):
            """A new copy of the migrated test database on the primary, and its URL through PgBouncer."""
            with psycopg.connect(
                primary_and_replica["primary"].rsplit("/", 1)[0] + "/postgres", autocommit=True
            ) as admin:
                admin.execute(f"CREATE DATABASE {name} TEMPLATE ot_portal_pristine")
            return f"postgres://{SERVER_USER}@127.0.0.1:{port}/{name}"

        yield fresh_database
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
