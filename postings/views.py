import re

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, QueryDict
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.views.decorators.http import require_safe

from . import board_index, caching, jsonld, panels
from . import cards as posting_cards
from .forms import BoardFilterForm
from .models import BoardVersion, JobPosting

POSTINGS_PER_PAGE = 20

# Where the page around the cached board puts what depends on the visitor (includes/board_actions.html, the
# card_actions tag of alerts): the cached HTML carries these markers, never the visitor's content.
BOARD_SLOT = "<!--visitor-slot:board-->"
_SLOTS = re.compile(r"<!--visitor-slot:(board|\d+)-->")
# A posting's whole page as a visitor with no session sees it is the same for all of them but for the script nonce
# and the CSRF token (of the Save job form): cached with these in their place, filled in per request.
NONCE_SLOT = "visitor-slot-nonce-7d1c"
CSRF_SLOT = "visitor-slot-csrf-7d1c"
# The board's page is cached whole the same way under its accepted filters, whatever order the URL gave them in; the
# Save buttons come back to the URL as it was asked, so that goes in per request too.
PATH_SLOT = "visitor-slot-path-7d1c"


class _CountedPaginator(Paginator):
    """A Paginator told its count, over anything with rows(start, stop): the facet counts have summed it already."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.count = count

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        return self._get_page(self.object_list.rows(start, start + self.per_page), number, self)


@require_safe
def board(request):
    """The public job board: open postings, filtered by GET parameters, with a count per filter value.

    The filters and results are the same for every visitor, so they are cached
    (see caching.py) under the filters the form accepted, never under the raw
    query string: unknown parameters (`?utm_source=...`) share the entry of the
    board without them, and a search with a value the form refused is built for
    its visitor and not stored, so nobody can grow the cache at will. What was
    left out is said per request, around the board.

    For a visitor with no session whose whole search was accepted, the page
    around the board is cached too, with slots for the nonce, the CSRF token
    and the address the Save buttons come back to: such a visit reads the
    board's version and two cache entries.
    """
    token = BoardVersion.current()
    prefix = caching.board_prefix(token)
    index = board_index.current(token)
    form = BoardFilterForm(request.GET, **index.options)
    form.is_valid()  # Invalid parameters are dropped and listed in form.problems; the rest apply.
    # A visitor with no session whose search was accepted whole sees the page every such visitor sees.
    shared = _without_session(request) and not form.errors
    if shared:
        page = caching.lookup("board-page", form.canonical_query(), prefix=prefix)
        if page is not None:
            return _filled(request, page, 200)
    if form.errors:
        # What was typed but not accepted stays in its box for the one who typed it: built for this request alone,
        # never cached (a cached board shows only what it was built from).
        board = _render_board(request.GET, index)
    else:
        canonical = form.canonical_query()
        accepted = QueryDict(canonical)
        board = caching.cached(
            "board",
            # Built over the accepted search: this request's form is that one's when the request asked nothing else.
            lambda: _render_board(accepted, index, form if accepted == request.GET else None),
            variant=canonical,
            prefix=prefix,
            # A page past the last shows the last: stored under its own number only, so page numbers add no entries.
            keep=lambda built: built["page_number"] == form.page_number,
        )
    problems = form.problems
    if form.page_number > board["page_number"] and board["total"]:
        problems.append(f"There is no page {form.page_number}: showing page {board['page_number']}, the last.")
    # Keyword results and URLs with parameters we ignored are not pages to index.
    noindex = bool(problems or form.active.get("q"))
    context = {**board, "problems": problems, "noindex": noindex}
    if shared and not problems:
        html = render_to_string(
            "postings/board.html",
            {**context, "csp_nonce": NONCE_SLOT, "csrf_token": CSRF_SLOT, "return_path": PATH_SLOT},
            request,
        )
        caching.store("board-page", html, form.canonical_query(), prefix=prefix)
        return _filled(request, html, 200)
    return render(request, "postings/board.html", context)


def _board_parts(html, cards):
    """The cached HTML cut at its visitor slots: [(html, slot)], a slot being "board", a card or None (the end)."""
    by_pk = {str(card["pk"]): card for card in cards}
    pieces = _SLOTS.split(html)
    parts = []
    for index in range(0, len(pieces), 2):
        name = pieces[index + 1] if index + 1 < len(pieces) else None
        parts.append((pieces[index], "board" if name == "board" else by_pk.get(name)))
    return parts


def _render_board(data, index, form=None):
    """The filters and results as HTML, plus what the page around them needs; `form`: the form over `data`, if made.

    Cached, it is built from the accepted filters alone, so the HTML is the
    same whatever else the first visitor's URL held. The counts, the page and
    its cards come from the board's index (board_index.py): a query for the
    cards it shows first, and one for the keywords if there are any.
    """
    if form is None:
        form = BoardFilterForm(data, **index.options)
        form.is_valid()
    selection = form.selection(index)
    counts, total = selection.facet_counts()
    form.show_counts(form.named_counts(counts))
    page = _results_page(form, selection, total)
    cards = page.object_list
    context = {
        "form": form,
        "selects": form.selects(),
        "place_selects": form.selects(["miles"]),
        "page_obj": page,
        "cards": cards,
        "query": form.querystring(),
        "chosen_filters": form.chosen_filters(),
        "ways_out": form.results_without_each_filter() if not total else [],
        "board_slot": BOARD_SLOT,
    }
    return {
        # Rendered without the request: nothing personal may enter the shared cache. The page around
        # it fills the slots per visitor (see _board_parts).
        "board_parts": _board_parts(render_to_string("postings/board_main.html", context), cards),
        # The accepted search, for what the page around the board offers to do with it (an alert).
        "criteria": form.criteria,
        "query": form.querystring(),
        "total": total,
        "page_number": page.number,
    }


def _results_page(form, selection, total):
    """The page of results asked for, as its cards; the last page when asked past it."""
    page = _CountedPaginator(selection, POSTINGS_PER_PAGE, count=total).get_page(form.page_number)
    page.object_list = selection.cards(page.object_list)
    return page


def _posting_for_public(request, pk, queryset):
    """A posting anyone may see: published or closed. Drafts are 404, except to staff who manage them."""
    posting = get_object_or_404(queryset, pk=pk)
    if posting.status == JobPosting.Status.DRAFT:
        user = request.user
        if not (user.is_authenticated and user.is_staff and JobPosting.objects.managed_by(user).filter(pk=pk).exists()):
            raise Http404("No posting matches the given query.")
    return posting


def _without_session(request):
    """Whether nothing in this request makes its page personal: no session (nobody signed in, no saved jobs) and no
    messages waiting to be shown."""
    return not (request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name})


def _same_for_every_visitor(request):
    """Whether this request sees an open posting's page as every first-time visitor does: no session and no query
    string (the apply link would carry its utm_source)."""
    return not request.GET and _without_session(request)


def _filled(request, page, status):
    """The cached page with this request's nonce, CSRF token and address in their slots (the first two set their
    headers)."""
    html = (
        page.replace(NONCE_SLOT, str(get_nonce(request)))
        .replace(CSRF_SLOT, get_token(request))
        .replace(PATH_SLOT, escape(request.get_full_path()))
    )
    response = HttpResponse(html, status=status)
    patch_vary_headers(response, ["Cookie"])  # a signed-in visitor's page differs
    return response


@require_safe
def posting_detail(request, pk, slug):
    """A posting's page. Closed or expired: 410 Gone with similar open postings; drafts: a staff preview.

    A posting's whole page, as a visitor without a session sees it, is cached under the board's version
    (with slots for the nonce and the CSRF token), so their visit reads the version only. For others the part
    every visitor sees alike (description, duties, requirements, JSON-LD) is cached, and the rest (what this
    visitor may do, the apply link with its utm_source, the frame) is rendered per request.
    """
    shared = _same_for_every_visitor(request)
    prefix = caching.board_prefix() if shared else None
    if shared:
        page = caching.lookup("posting-page", str(pk), prefix=prefix)
        if page and page["slug"] == slug:
            return _filled(request, page["html"], page["status"])
    # The card's data only: the requirements and duties are read when the body is built (with_page_data's rest).
    posting = _posting_for_public(request, pk, JobPosting.objects.with_card_data())
    if slug != (posting.slug or "opening"):  # the same fallback get_absolute_url uses, so no redirect loop
        return redirect(posting, permanent=True)
    closed = posting.is_closed_to_candidates
    preview = posting.status == JobPosting.Status.DRAFT
    if closed or preview:
        shown = _posting_body(posting)
    else:
        shown = caching.cached("posting-body", lambda: _posting_body(posting), variant=str(posting.pk), prefix=prefix)
    context = {
        "posting": posting,
        "level": posting.level,
        "location": posting.location,
        "body": shown["body"],
        "closed": closed,
        "preview": preview,
        # What the apps above show this visitor (a candidate's checks): only where they may still apply.
        "visitor_panels": panels.render(request, posting) if posting.is_open and not preview else [],
        "canonical_url": jsonld.absolute_url(posting.get_absolute_url()),
        "similar": posting_cards.listed(posting.similar_open_postings()) if closed else [],
        "jsonld": shown["jsonld"] if posting.is_open else None,
    }
    status = 410 if closed else 200
    if shared and not preview:
        html = render_to_string(
            "postings/posting_detail.html", {**context, "csp_nonce": NONCE_SLOT, "csrf_token": CSRF_SLOT}, request
        )
        caching.store("posting-page", {"slug": slug, "html": html, "status": status}, str(pk), prefix=prefix)
        return _filled(request, html, status)
    return render(request, "postings/posting_detail.html", context, status=status)


def _posting_body(posting):
    """{"body": the description, duties and requirements as HTML, "jsonld": the JobPosting data}: no request."""
    prefetch_related_objects([posting], "requirements", "level__responsibilities")
    required, preferred = posting.required_and_preferred()
    responsibilities = list(posting.level.responsibilities.all())
    context = {
        "posting": posting,
        "level": posting.level,
        "required": required,
        "preferred": preferred,
        "responsibilities": responsibilities,
    }
    data = jsonld.job_posting_data(posting, responsibilities, required, preferred) if posting.is_open else None
    return {
        "body": render_to_string("postings/_posting_body.html", context),
        "jsonld": jsonld.script_text(data) if data else None,
    }


@require_safe
def posting_redirect(request, pk):
    """/jobs/<pk>/: people shorten links; send them to the posting's full address."""
    return redirect(_posting_for_public(request, pk, JobPosting.objects.only("slug", "status")), permanent=True)
