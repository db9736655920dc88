"""Save buttons for postings, written in Python: the board shows one per card, twenty a page, on every view.

As an include each button ran its own URL, CSRF and path tags: half the time of a cached board page. Here the
request's CSRF field and return path are made once per request and each button is one format_html.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portal.markup import escape

register = template.Library()

SAVED = (
    '<form method="post" action="{action}" class="d-inline">{field}<input type="hidden" name="next" value="{here}">\n'
    '  <button type="submit" class="btn btn-secondary {classes}" aria-pressed="true" aria-label="Saved: {label}">'
    "Saved</button>\n</form>"
)
NOT_SAVED = (
    '<form method="post" action="{action}" class="d-inline">{field}<input type="hidden" name="next" value="{here}">\n'
    '  <button type="submit" class="btn btn-outline-secondary {classes}" aria-pressed="false" aria-label="Save {label}">'
    "{text}</button>\n</form>"
)
# Stands for the posting's id in the save and unsave addresses, reversed once per request.
_PK_MARK = "900000001"


def _per_request(context):
    """(the CSRF field, the path to come back to, {view: (address before the id, after it)}), escaped: the same for
    every button of the request."""
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
        here = escape(context.get("return_path") or request.get_full_path())
        actions = {
            name: tuple(escape(part) for part in reverse(f"alerts:{name}", args=[_PK_MARK]).split(_PK_MARK, 1))
            for name in ("save_job", "unsave_job")
        }
        request._save_button_parts = (field, here, actions)
        return request._save_button_parts


@register.simple_tag(takes_context=True)
def save_button(context, pk, label, classes="", text="Save"):
    """Save or un-save one posting: a form posting to alerts and coming back here; `label` names it for screen readers.

    `saved_job_ids` comes from alerts.context_processors.
    """
    field, here, actions = _per_request(context)
    saved = pk in context.get("saved_job_ids", ())
    head, tail = actions["unsave_job" if saved else "save_job"]
    return mark_safe(
        (SAVED if saved else NOT_SAVED).format(
            action=f"{head}{int(pk)}{tail}",
            field=field,
            here=here,
            classes=escape(classes),
            label=escape(label),
            text=escape(text),
        )
    )


@register.simple_tag(takes_context=True)
def card_actions(context, card):
    """What a visitor can do from a posting's card on the board (`card` from JobPosting.card()): save it.

    Rendered per request into the cached board. Staff have no saved jobs.
    """
    if context["user"].is_staff:
        return ""
    return mark_safe(
        f'<div class="posting-card-actions mt-2">{save_button(context, card["pk"], card["title"], "btn-sm")}</div>'
    )
