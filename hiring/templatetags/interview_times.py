"""Times of interviews as read at the posting's location; static/js/viewer-zone.js adds the viewer's own."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from ..interviews import local_label

register = template.Library()


@register.filter
def at_location(moment, zone):
    """`<time>` with the time in `zone` (the posting's); the script adds the viewer's time when their zone differs."""
    if not moment:
        return ""
    return format_html(
        '<time datetime="{}" class="zoned-time">{}</time>',
        timezone.localtime(moment, zone).isoformat(),
        local_label(moment, zone),
    )
