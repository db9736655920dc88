"""`manage.py bench --small`: the benchmark anyone can run keeps working. Its timings are never asserted here."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from demo.management.commands.bench import REPORT_SLUGS

ROOT = Path(__file__).resolve().parents[2]

KEY_PAGES = {
    "floor",
    "base_html",
    "home",
    "home_cold",
    "roles",
    "roles_cold",
    "role_cold",
    "board",
    "board_filtered",
    "search",
    "board_cold",
    "board_cold_middle",
    "board_cold_last",
    "board_mix_cold",
    "board_filtered_cold",
    "board_salary_cold",
    "board_near_cold",
    "board_nearest_cold",
    "search_cold",
    "board_after_edit",
    "search_after_edit",
    "posting",
    "sitemap",
    "feed_rss",
    "feed_indeed",
    "apply_form",
    "candidate_area",
    "manage",
    "pipeline",
    "pipeline_middle",
    "pipeline_last",
    "manage_last",
    "posting_mix",
    "pipeline_score",
    "pipeline_flag",
    "applicant",
    "csv_big",
    "api_postings",
    "api_postings_cold",
    "api_postings_filtered_cold",
    "api_posting_cold",
    "api_applications",
    "api_applications_last",
    "api_managed_postings",
    "api_managed_postings_last",
    "api_locations",
    "api_roles",
    "interview",
    "candidate_interview",
    "schedule_interview",
    "offer",
    "application_verification",
    "expiring_credentials",
    "expiring_credentials_last",
    "verification_audit",
    "verification_audit_last",
    "reference_list",
    "alert_create",
    "alert_list",
    "saved_jobs",
    *(f"report_{slug}{who}" for slug in REPORT_SLUGS for who in ("", "_all")),
}


def test_a_small_benchmark_measures_every_key_page_within_the_query_limit(tmp_path):
    output = tmp_path / "bench.json"
    # SQLite in a file beside the output, whatever database the suite runs on: --small works anywhere.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench",
            "--small",
            "--no-gunicorn",
            "--requests",
            "3",
            "--warmup",
            "1",
            "--output",
            str(output),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(output.read_text())
    assert report["pages"].keys() >= KEY_PAGES
    # The bench's target: at most 12 queries for every page.
    assert {name: page["queries"] for name, page in report["pages"].items() if page["queries"] > 12} == {}
    pages = report["pages"]
    # Every list at its last page runs the queries of its first: paging costs the same at any depth.
    deeper = {name: pages[name]["queries"] for name in pages if name.endswith("_last")}
    assert deeper == {name: pages[name.removesuffix("_last")]["queries"] for name in deeper}
    # The cold rows ask query strings nobody asked before, and the floor is a plain response with no query.
    assert pages["board_mix_cold"]["distinct_urls"] > 3
    # A cold page makes its cards (none kept by the board's index); the first visit after an edit also rebuilds the
    # index: the open postings, the levels, the settings.
    assert pages["board_after_edit"]["queries"] == pages["board_cold"]["queries"] + 3
    # So does the first search after one (on PostgreSQL it reads the open postings' words too: two more queries).
    assert pages["search_after_edit"]["queries"] == pages["search_cold"]["queries"] + 3
    assert pages["floor"]["queries"] == 0
    assert report["load_average"]["cores"] >= 1
    assert report["pages"]["csv_big"]["rows"] == report["dataset"]["big"]
    assert report["machine"]["cores"] >= 1 and report["database"]["vendor"] == "sqlite"
    assert all(target["met"] for target in report["targets"] if "queries" in target["target"])
    run = report["alert_run"]
    assert run["alerts"] == report["dataset"]["alerts"] and run["emails"] > 0
    assert run["emails_queued"] == run["emails"]
    # The daily credential expiry job, over every candidate: a notice told for each credential in its window.
    expiry_run = report["expiry_run"]
    assert expiry_run["candidates"] >= report["dataset"]["candidates"] and expiry_run["credentials_told"] > 0
    assert expiry_run["emails"] >= expiry_run["credentials_told"] and expiry_run["queries"] <= 12


def test_a_run_taken_on_a_machine_busier_than_its_cores_is_not_recorded(tmp_path):
    from django.core.management.base import CommandError

    from demo.management.commands.bench import Command

    out = tmp_path / "run.json"
    busy = {"load_average": {"cores": 2, "highest": 5.8, "other_work_cores": 3.1, "busy": True}}

    with pytest.raises(
        CommandError, match="load average reached 5.8 on 2 cores and other work than the bench's took up to 3.1 cores"
    ):
        Command()._record(busy, out, small=False)
    assert not out.exists()

    quiet = {"load_average": {"cores": 2, "highest": 0.4, "other_work_cores": 0.0, "busy": False}}
    Command()._record(quiet, out, small=False)
    assert json.loads(out.read_text()) == quiet


def test_only_times_the_rows_asked_for_and_the_floor_they_are_divided_by():
    from demo.management.commands.bench import Command

    command = Command()
    command.only = ["report_*", "expiry_run"]

    assert [name for name in ("floor", "board", "report_funnel_all", "expiry_run") if command.wanted(name)] == [
        "floor",
        "report_funnel_all",
        "expiry_run",
    ]
    assert Command().wanted("board")  # without --only, every row


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="reads the processes' CPU time from Linux's /proc")
def test_cpu_taken_by_a_process_outside_the_bench_counts_as_other_work(tmp_path):
    from demo.management.commands.bench import _cpu_seconds_of_others

    busy = tmp_path / "busy.py"
    busy.write_text("import time\nend = time.monotonic() + 3\nwhile time.monotonic() < end:\n    pass\n")
    before = _cpu_seconds_of_others("test_bench_db")
    # The middle process exits at once, so the busy loop is reparented away from this process: someone else's work.
    subprocess.run(
        [sys.executable, "-c", f"import subprocess, sys; subprocess.Popen([sys.executable, {str(busy)!r}])"],
        check=True,
    )
    time.sleep(1.5)
    assert _cpu_seconds_of_others("test_bench_db") - before >= 0.3


def test_the_bench_waits_for_the_load_left_by_what_ran_before_to_fall(monkeypatch):
    from demo.management.commands import bench

    readings = iter([3.6, 3.1, 2.4, 1.9, 1.2])
    monkeypatch.setattr(bench.os, "getloadavg", lambda: (next(readings), 0.0, 0.0))
    monkeypatch.setattr(bench.time, "sleep", lambda seconds: None)
    watch = bench.LoadWatch()
    watch.cores = 2

    assert watch.settle(poll_seconds=5) == 15  # three polls above 2, the fourth at 1.9
    monkeypatch.setattr(bench.os, "getloadavg", lambda: (9.0, 0.0, 0.0))
    assert watch.settle(limit_seconds=20, poll_seconds=5) == 20  # gives up: the run is then refused as busy


def _fake_process(proc, pid, parent, title, utime=0, cutime=0):
    entry = proc / str(pid)
    entry.mkdir()
    # pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    entry.joinpath("stat").write_text(f"{pid} (postgres) S {parent} 1 1 0 -1 0 0 0 0 0 {utime} 0 {cutime} 0 20 0\n")
    entry.joinpath("cmdline").write_bytes(title.replace(" ", "\0").encode())


def test_parallel_workers_reaped_by_the_postmaster_are_the_bench_s_work_and_others_children_are_not(tmp_path):
    from demo.management.commands.bench import _cpu_seconds_of_others

    proc = tmp_path / "proc"
    proc.mkdir()
    (proc / "stat").write_text("cpu 0 0 0 0\n")
    ticks = os.sysconf("SC_CLK_TCK")
    # The postmaster: its own time is someone else's, its reaped children's (the bench's parallel workers) is not.
    _fake_process(proc, 100, 1, "/usr/lib/postgresql/15/bin/postgres -D main", utime=ticks, cutime=50 * ticks)
    _fake_process(proc, 101, 100, "postgres: 15/main: postgres test_bench_db 127.0.0.1(5432) idle", utime=9 * ticks)
    # A shell that ran someone's build: its reaped children count.
    _fake_process(proc, 200, 1, "bash", utime=ticks, cutime=3 * ticks)

    assert _cpu_seconds_of_others("test_bench_db", proc=proc) == 1 + 1 + 3


@pytest.mark.django_db(transaction=True)  # the bench's connection is closed and made again, outside any transaction
def test_the_bench_measures_each_in_process_request_on_one_core():
    from django.db import connection

    from demo.management.commands.bench import Command

    if connection.vendor != "postgresql":
        pytest.skip("parallel query is PostgreSQL's")
    options = dict(connection.settings_dict.get("OPTIONS", {}))
    try:
        Command()._one_core_a_query()
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            assert cursor.fetchone()[0] == "0"
    finally:
        connection.settings_dict["OPTIONS"] = options
        connection.close()
