"""Save buttons for postings, written in Python: the board shows one per card, twenty a page, on every view.

As an include each button ran its own URL, CSRF and path tags: half the time of a cached board page. Here the
request's CSRF field and return path are made once per request and each button is one format_html.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()

SAVED = (
    '<form method="post" action="{}" class="d-inline">{}<input type="hidden" name="next" value="{}">\n'
    '  <button type="submit" class="btn btn-secondary {}" aria-pressed="true" aria-label="Saved: {}">Saved</button>\n'
    "</form>"
)
NOT_SAVED = (
    '<form method="post" action="{}" class="d-inline">{}<input type="hidden" name="next" value="{}">\n'
    '  <button type="submit" class="btn btn-outline-secondary {}" aria-pressed="false" aria-label="Save {}">{}</button>\n'
    "</form>"
)


def _per_request(context):
    """(the CSRF field, the path to come back to): the same for every button of the request."""
    request = context["request"]
    try:
        return request._save_button_parts
    except AttributeError:
        token = context.get("csrf_token")
        field = (
            format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
            if token and token != "NOTPROVIDED"
            else ""
        )
        # A page cached for every visitor (postings.views) names a slot that each request fills with its own address.
        request._save_button_parts = (field, context.get("return_path") or request.get_full_path())
        return request._save_button_parts


@register.simple_tag(takes_context=True)
def save_button(context, pk, label, classes="", text="Save"):
    """Save or un-save one posting: a form posting to alerts and coming back here; `label` names it for screen readers.

    `saved_job_ids` comes from alerts.context_processors.
    """
    field, here = _per_request(context)
    if pk in context.get("saved_job_ids", ()):
        return format_html(SAVED, reverse("alerts:unsave_job", args=[pk]), field, here, classes, label)
    return format_html(NOT_SAVED, reverse("alerts:save_job", args=[pk]), field, here, classes, label, text)


@register.simple_tag(takes_context=True)
def card_actions(context, card):
    """What a visitor can do from a posting's card on the board (`card` from JobPosting.card()): save it.

    Rendered per request into the cached board. Staff have no saved jobs.
    """
    if context["user"].is_staff:
        return ""
    button = save_button(context, card["pk"], card["title"], "btn-sm")
    return format_html('<div class="posting-card-actions mt-2">{}</div>', button)
