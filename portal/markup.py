"""Markup made in Python where a template would spend a node per item: the options of a select, a table's rows.

A template pays a variable lookup, an escape and an {% if %} per option or cell;
a board page has about eighty options and a pipeline page 25 rows of a dozen
cells, which made them most of their pages' rendering time. What is made here
is escaped as the template would escape it.
"""

import html

from django.utils.safestring import mark_safe


def escape(value):
    """`value` as text, escaped as django.utils.html.escape() escapes it (the same five characters), without its
    check for lazy strings: a board page escapes about 350 values, and that check was a third of its markup's time."""
    return html.escape(str(value))


def options(choices, chosen, disabled=()):
    """The <option> elements of `choices` ((value, label) pairs): the one whose value is `chosen` (a string) selected,
    those whose value is in `disabled` disabled unless chosen."""
    parts = []
    for value, label in choices:
        value = str(value)
        state = " selected" if value == chosen else " disabled" if value in disabled else ""
        parts.append(f'<option value="{escape(value)}"{state}>{escape(label)}</option>')
    return mark_safe("".join(parts))


def select(field, disabled=()):
    """A bound choice field as a template writes its <select>: name, id, label and options (its value chosen)."""
    return {
        "name": field.html_name,
        "id": field.id_for_label,
        "label": field.label,
        "options": options(field.field.choices, str(field.value() or field.initial or ""), disabled),
    }
