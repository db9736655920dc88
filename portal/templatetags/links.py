from django import template

from portal.links import fixed_url as _fixed_url

register = template.Library()


@register.simple_tag
def fixed_url(viewname):
    """{% fixed_url 'postings:board' %}: {% url %} for an address with no arguments, reversed once per process."""
    return _fixed_url(viewname)
