"""The shared cache (CACHE_URL=redis://...): it works when Redis does, and the site keeps working when Redis does not."""

import logging
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from portal.settings import env_cache

PASSWORD = "correct horse battery"
ROOT = Path(__file__).resolve().parent.parent
# The Redis database these tests may flush (and the next one): other projects and test runs on the machine use theirs.
# Each parallel test worker (pytest-xdist's gw0, gw1, ...) takes the pair below the previous worker's.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
TEST_REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "14")) - 2 * _WORKER


def _redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def _closed_port():
    """A local port nothing listens on: a Redis that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": env_cache("CACHE_URL", f"redis://127.0.0.1:{_closed_port()}/0")}
    yield
    cache.close()


@pytest.fixture
def live_redis(settings):
    if not _redis_answers():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.CACHES = {"default": env_cache("CACHE_URL", f"redis://127.0.0.1:6379/{TEST_REDIS_DB}")}
    cache.clear()
    yield
    cache.clear()
    cache.close()


def test_with_redis_down_the_board_and_the_feeds_still_answer(client, redis_down, posting, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for url in ("/jobs/", "/jobs/?state=TX", "/jobs/feed/", "/sitemap.xml", posting.get_absolute_url()):
            response = client.get(url)
            assert response.status_code == 200, url
        indeed = client.get("/jobs/feed/indeed.xml")
        assert posting.reference.encode() in b"".join(indeed.streaming_content)

    assert posting.display_title in client.get("/jobs/").content.decode()
    assert "Cache unavailable (ConnectionError)" in caplog.text


def test_with_redis_down_people_still_sign_in_and_a_wrong_password_gets_the_usual_message(
    client, redis_down, candidate
):
    wrong = client.post("/account/sign-in/", {"username": candidate.email, "password": "wrong"})
    assert wrong.status_code == 200
    assert "do not match an account" in wrong.content.decode()

    right = client.post("/account/sign-in/", {"username": candidate.email, "password": PASSWORD})

    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(candidate.pk)


def test_with_redis_up_the_board_is_served_from_it(client, live_redis, posting, django_assert_num_queries):
    client.get("/jobs/")

    with django_assert_num_queries(1):  # the board's version; the page itself comes from Redis
        assert posting.display_title in client.get("/jobs/").content.decode()


def test_with_redis_up_failed_sign_ins_are_still_counted(client, live_redis, candidate):
    for _ in range(5):
        client.post("/account/sign-in/", {"username": candidate.email, "password": "wrong"})

    response = client.post("/account/sign-in/", {"username": candidate.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_with_a_redis_cache_url_every_process_shares_one_cache():
    if not _redis_answers():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    url = f"redis://127.0.0.1:6379/{TEST_REDIS_DB + 1}"
    key = f"test-shared-{os.getpid()}"

    def shell(command):
        env = {**os.environ, "CACHE_URL": url}
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    # Two processes, as two gunicorn workers are: what one writes, the other reads.
    shell(f"from django.core.cache import cache; cache.set({key!r}, 'failed sign-ins: 3', 60)")
    try:
        assert shell(f"from django.core.cache import cache; print(cache.get({key!r}))") == "failed sign-ins: 3"
    finally:
        shell(f"from django.core.cache import cache; cache.delete({key!r})")


def test_with_redis_down_thirty_wrong_passwords_still_lock_the_account(client, redis_down, candidate):
    """The limits never depended on the cache being there: Redis down, the sixth guess is refused, the right one too."""
    answers = [
        client.post("/account/sign-in/", {"username": candidate.email, "password": f"guess {n}"}).status_code
        for n in range(30)
    ]

    right = client.post("/account/sign-in/", {"username": candidate.email, "password": PASSWORD})

    assert answers[:5] == [200] * 5 and set(answers[5:]) == {429}
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.fixture
def small_redis(settings, tmp_path):
    """A Redis of its own with 2 MB and allkeys-lru, as a memory-capped production cache is: full, it evicts."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    port = _closed_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--maxmemory", "2mb"]
        + ["--maxmemory-policy", "allkeys-lru", "--save", "", "--appendonly", "no", "--daemonize", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    settings.CACHES = {"default": env_cache("CACHE_URL", f"redis://127.0.0.1:{port}/0")}
    try:
        yield cache
    finally:
        cache.close()
        server.terminate()
        server.wait(timeout=10)


def test_a_full_cache_evicts_no_lock_and_junk_query_parameters_add_no_board_pages(client, small_redis, candidate):
    for _ in range(5):
        client.post("/account/sign-in/", {"username": candidate.email, "password": "wrong"})
    # An anonymous visitor fills the cache: each unknown parameter used to make a new board page of its own.
    for _ in range(300):
        assert client.get("/jobs/", {"utm_source": secrets.token_hex(16), "ref": "x" * 2000}).status_code == 200

    right = client.post("/account/sign-in/", {"username": candidate.email, "password": PASSWORD})

    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    board_pages = list(small_redis._cache.get_client().scan_iter(match="*board:*:board:*"))
    assert len(board_pages) == 1


@pytest.fixture
def hung_redis(settings):
    """A Redis that accepts connections and never answers: what a wedged server or a black-holed route looks like."""
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []

    def accept_and_say_nothing():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    threading.Thread(target=accept_and_say_nothing, daemon=True).start()
    settings.CACHES = {"default": env_cache("CACHE_URL", f"redis://127.0.0.1:{listener.getsockname()[1]}/0")}
    yield accepted
    cache.close()
    listener.close()
    for connection in accepted:
        connection.close()


def test_a_hung_redis_costs_one_timeout_then_is_left_alone_for_a_few_seconds(client, hung_redis, posting):
    from portal import cache as forgiving

    started = time.monotonic()
    first = client.get("/jobs/")
    first_took = time.monotonic() - started
    for _ in range(10):
        assert posting.display_title in client.get("/jobs/").content.decode()

    assert first.status_code == 200
    assert first_took >= forgiving.TIMEOUT_SECONDS
    # Ten more pages, each with a read and a write to the cache, and not one more try of Redis.
    assert len(hung_redis) == 1

    forgiving._skip_until.clear()  # the breaker's few seconds are over
    client.get("/jobs/")
    assert len(hung_redis) == 2


def test_a_failed_sign_in_does_not_wait_for_a_hung_redis(client, hung_redis, candidate):
    started = time.monotonic()
    response = client.post("/account/sign-in/", {"username": candidate.email, "password": "wrong"})

    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert time.monotonic() - started < 2 and hung_redis == []
