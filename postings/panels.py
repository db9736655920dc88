"""What the apps above postings show on an open posting's page for the one visiting it.

postings imports none of them (README.md, "Layout"), so they register here
instead: `register(panel)` in their AppConfig.ready(), a panel being a function
(request, posting) → HTML, or "" when it has nothing for this visitor. The page
shows each after the posting's requirements. A panel may read the posting's
level, location and `requirements.all()` (already loaded) and must cost a fixed
number of queries whatever the data.

The posting page is cached whole on the server only for visitors with no session
(postings.views.posting_detail), to whom every panel shows nothing, and a signed-in
visitor's page is sent `private, no-store` (accounts.middleware), so what a panel
shows one visitor reaches nobody else.
"""

_panels = []


def register(panel):
    """Add `panel` (idempotent, as ready() may run more than once in tests)."""
    if panel not in _panels:
        _panels.append(panel)
    return panel


def render(request, posting):
    """Each registered panel's HTML for this visitor, leaving out the empty ones."""
    return [html for html in (panel(request, posting) for panel in _panels) if html]
