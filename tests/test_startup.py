import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What a gunicorn worker does first: import the WSGI application. Then how many objects full collections walk.
WORKER = """
import gc
import portal.wsgi
import postings.views
walked = gc.get_objects()
print(gc.get_freeze_count(), len(walked), any(thing is postings.views.board for thing in walked))
"""


def test_a_serving_worker_leaves_what_it_loaded_at_start_out_of_every_full_collection():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "ALLOWED_HOSTS": "jobs.example.org"}
    result = subprocess.run([sys.executable, "-c", WORKER], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    frozen, walked, view_walked = result.stdout.split()
    assert int(frozen) > 50_000  # the modules, settings and URLconf
    assert int(walked) < int(frozen) / 20
    assert view_walked == "False"  # a view named by the URLconf is frozen with it
