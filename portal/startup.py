"""What a serving process does once, after Django is set up and before its first request.

Python's full garbage collection walks every object the process holds. The modules, settings, URLconf and
views a worker loads at start are most of them (about 150,000 objects) and live as long as the worker, yet
each full collection walked them all again: a pause of 70 to 150 ms in whichever request set it off, one
request in twenty on a page that makes many objects (the API's lists of fifty postings). Moved to the
collector's permanent generation (gc.freeze), they are never walked; what requests make is still collected.

The young generations keep Python's thresholds: collected every 10,000 allocations instead of 700, the
pipeline's collections paused it for up to 28 ms each (docs/performance.md, "The collector").
"""

import gc

from django.urls import get_resolver


def freeze_startup_objects():
    get_resolver().check()  # imports every URLconf and the views they name, so those are frozen too
    gc.collect()  # nothing that is already garbage goes into the permanent generation
    gc.freeze()
