import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env_overrides, *args):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process; production never has it.
    unset = {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "CACHE_URL",
        "ALLOW_PER_PROCESS_CACHE",
    }
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check_without_any_issue():
    result = _check(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 30 + "a-real-long-random-production-key",
            "ALLOWED_HOSTS": "jobs.example.org",
            "CACHE_URL": "redis://127.0.0.1:6379/0",
        },
        "--deploy",
        "--fail-level",
        "DEBUG",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _check({"DEBUG": "0", "ALLOWED_HOSTS": "jobs.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "jobs.example.org"}


def test_production_refuses_to_start_with_a_cache_of_each_process_its_own():
    for cache_url in ({}, {"CACHE_URL": "locmem://"}):
        result = _check({**PRODUCTION, **cache_url})
        assert result.returncode != 0
        assert "With DEBUG off the cache must be shared by every process" in result.stderr


def test_a_single_process_install_may_say_so_and_keep_its_own_cache():
    assert _check({**PRODUCTION, "ALLOW_PER_PROCESS_CACHE": "1"}).returncode == 0
    assert _check({**PRODUCTION, "CACHE_URL": "redis://127.0.0.1:6379/0"}).returncode == 0


def test_server_side_cursors_can_be_turned_off_for_a_transaction_mode_pooler():
    show = [
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(connection.settings_dict['DISABLE_SERVER_SIDE_CURSORS'])",
    ]
    env = {k: v for k, v in os.environ.items() if k != "DISABLE_SERVER_SIDE_CURSORS"}
    for value, shown in (({}, "False"), ({"DISABLE_SERVER_SIDE_CURSORS": "1"}, "True")):
        result = subprocess.run(
            [sys.executable, "manage.py", *show], cwd=ROOT, env={**env, **value}, capture_output=True, text=True
        )
        assert result.stdout.strip() == shown, result.stderr


def test_a_bad_boolean_fails_loudly():
    result = _check({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_a_cache_url_the_site_cannot_use_fails_loudly():
    result = _check({"CACHE_URL": "memcached://cache:11211"})
    assert result.returncode != 0
    assert "CACHE_URL must be locmem://" in result.stderr


def test_a_storage_url_the_site_cannot_use_fails_loudly():
    result = _check({"STORAGE_URL": "ftp://files.example.org/resumes"})
    assert result.returncode != 0
    assert "STORAGE_URL must be empty (MEDIA_ROOT), file:///absolute/path or s3://bucket" in result.stderr


def test_a_log_format_the_site_cannot_write_fails_loudly():
    result = _check({"LOG_FORMAT": "xml"})
    assert result.returncode != 0
    assert "LOG_FORMAT must be 'text' or 'json'" in result.stderr


def test_a_shared_file_cache_can_be_chosen(tmp_path):
    result = _check({"CACHE_URL": f"file://{tmp_path}"})
    assert result.returncode == 0, result.stderr


def _settings_read():
    """Every environment variable portal/settings.py reads, by its name."""
    import re

    source = (ROOT / "portal" / "settings.py").read_text()
    return set(
        re.findall(r'(?:os\.environ\.get|env_bool|env_int|env_list|env_cache|env_storage)\(\s*"([A-Z0-9_]+)"', source)
    )


def test_env_example_lists_every_setting_the_settings_read_and_the_readme_documents():
    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    read = _settings_read()
    readme = (ROOT / "README.md").read_text()
    documented = {name for name in read if f"`{name}`" in readme}

    assert len(read) > 20
    assert read - listed == set(), "add these to .env.example"
    assert listed - read == set(), "these are in .env.example but settings.py never reads them"
    assert documented <= listed
