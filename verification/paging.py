"""Paging by position rather than by OFFSET, shared by the verification lists (the audit's hires, expiring credentials).

A page link carries the position of the row it starts after (`after`) or ends before (`before`); the list reads size
+ 1 rows from there in that direction, the one more saying whether a page follows.
"""


def direction(after, before, parse):
    """(backwards, position) for a request's two links: a valid `before` alone reads backwards; neither valid, page one."""
    backwards = bool(parse(before)) and not parse(after)
    return backwards, parse(before if backwards else after)


def page_ends(rows, size, *, backwards, position, position_of):
    """(the page in reading order, the position of the page before it or "", of the page after it or "").

    `rows`: up to size + 1 rows read from `position` in the walk's direction (reversed when `backwards`). Going
    forwards there is a page before unless this is the first; backwards, a page after (where the reader came from).
    """
    more, rows = len(rows) > size, list(rows[:size])
    if backwards:
        rows.reverse()
    if not rows:
        return rows, "", ""
    has_before = more if backwards else bool(position)
    has_after = True if backwards else more
    return rows, position_of(rows[0]) if has_before else "", position_of(rows[-1]) if has_after else ""
