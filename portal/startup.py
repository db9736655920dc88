"""What a serving process does once, after Django is set up and before its first request: tune the collector.

Python's full garbage collection walks every object the process holds. The modules, settings, URLconf and
views a worker loads at start are most of them (about 150,000 objects) and live as long as the worker, yet
each full collection walked them all again: a pause of 70 to 100 ms in whichever request set it off, one
request in twenty on a page that makes many objects (the API's lists of fifty postings). Moved to the
collector's permanent generation (gc.freeze), they are never walked; what requests make is still collected.

A request makes 2,000 to 9,000 objects (more for the API's lists). Collected every 700 allocations (Python's
default), the ones a request still holds were walked several times before it ended and promoted on the way;
every 10,000, most requests end between two collections and reference counting frees their objects unwalked.
Measured on the national dataset (demo bench, docs/performance.md): the collector's time per cold board
request from 1.1 to 0.4 ms, and no pause above 8 ms where full collections had taken 70 to 100.
"""

import gc

from django.urls import get_resolver

YOUNG_COLLECTION_EVERY = 10_000  # allocations between two collections of the youngest generation


def tune_garbage_collection():
    get_resolver().check()  # imports every URLconf and the views they name, so those are frozen too
    gc.collect()  # nothing that is already garbage goes into the permanent generation
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, oldest)
