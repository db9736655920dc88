"""What the apps above applications show in the candidate's own area about each of their applications.

applications imports none of them (README.md, "Layout"), so they register here, as
postings.panels lets applications add to the posting page: `register(page=, lines=)`
in their AppConfig.ready(), with two functions:

- `page(request, application)` → HTML shown on the application's page, or "";
- `lines(request, applications)` → {application pk: HTML}, one short line under each
  application of the list that has something for the candidate (a time to choose,
  an offer to answer), none for the others.

Both are handed only the signed-in candidate's own applications (the views read
them through `for_candidate`), with their posting and its location loaded, and
must cost a fixed number of queries whatever the data: `lines` is called once
for the whole page, never per application.
"""

_pages = []
_lines = []


def register(*, page, lines):
    """Add a section (idempotent, as ready() may run more than once in tests)."""
    if page not in _pages:
        _pages.append(page)
    if lines not in _lines:
        _lines.append(lines)


def render_page(request, application):
    """Each registered section's HTML for this application, leaving out the empty ones."""
    return [html for html in (page(request, application) for page in _pages) if html]


def list_lines(request, applications):
    """{application pk: [HTML, ...]}: every section's line for each application of the page that has one."""
    found = {}
    if not applications:
        return found
    for lines in _lines:
        for pk, html in lines(request, applications).items():
            found.setdefault(pk, []).append(html)
    return found
