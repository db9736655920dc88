"""The addresses every page links to (the header's, the footer's), reversed once per process, not on every page.

A page's frame named about fifteen of them, and reverse() walks the URL
patterns each time: a third of the time a plain page took to render.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def fixed_url(viewname):
    """reverse(viewname), for a URL that takes no arguments: remembered under the script prefix and the URLconf."""
    return _reversed(viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=256)
def _reversed(viewname, script_prefix, urlconf):
    return reverse(viewname, urlconf=urlconf)
