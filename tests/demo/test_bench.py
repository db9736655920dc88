"""`manage.py bench --small`: the benchmark anyone can run keeps working. Its timings are never asserted here."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

KEY_PAGES = {
    "bare",
    "board",
    "board_filtered",
    "search",
    "board_cold",
    "board_filtered_cold",
    "board_salary_cold",
    "board_near_cold",
    "board_nearest_cold",
    "search_cold",
    "posting",
    "sitemap",
    "feed_rss",
    "feed_indeed",
    "apply_form",
    "candidate_area",
    "manage",
    "pipeline",
    "pipeline_score",
    "pipeline_flag",
    "applicant",
    "csv_5000",
    "api_postings",
    "api_postings_cold",
    "api_postings_filtered_cold",
    "api_posting_cold",
    "api_applications",
}


def test_a_small_benchmark_measures_every_key_page_within_the_query_limit(tmp_path):
    output = tmp_path / "bench.json"
    # SQLite in a file beside the output, whatever database the suite runs on: --small works anywhere.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}

    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--small", "--no-gunicorn", "--requests", "3", "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(output.read_text())
    assert report["pages"].keys() >= KEY_PAGES
    over = {name: page["queries"] for name, page in report["pages"].items() if page["queries"] > 12}
    assert not over
    assert report["pages"]["csv_5000"]["rows"] == report["dataset"]["big"]
    assert report["machine"]["cores"] >= 1 and report["database"]["vendor"] == "sqlite"
    assert all(target["met"] for target in report["targets"] if "queries" in target["target"])
    run = report["alert_run"]
    assert run["alerts"] == report["dataset"]["alerts"] and run["emails"] > 0
    assert run["emails_queued"] == run["emails"]
