"""Sets of the board's postings as Python ints: bit i is the board index's posting i (board_index.py).

An int's AND, OR and bit count run in C over a thousand postings a machine word at a time; these helpers make
and read them without a Python step per bit where it can be helped.
"""


def mask(positions, size):
    """An int with the bits of `positions` set (bit 0 is the board's first posting)."""
    digits = bytearray(b"0" * size)
    for position in positions:
        digits[size - 1 - position] = 49  # "1"
    return int(digits, 2) if size else 0


def masks_by_value(values):
    """{value: an int with bit i set where values[i] is that value}, for a column of the board's postings.

    Each value becomes one byte, and each value's digits a translation of those bytes, in C: no Python step per
    posting and value, which made most of the time a board index took to build.
    """
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 255:
        return {value: mask([i for i, v in enumerate(values) if v == value], len(values)) for value in distinct}
    codes = bytes(map({value: code for code, value in enumerate(distinct)}.__getitem__, reversed(values)))
    found = {}
    for code, value in enumerate(distinct):
        digits = bytearray(b"0" * 256)
        digits[code] = 49  # "1"
        found[value] = int(codes.translate(digits), 2)
    return found


def flags(bits, size):
    """`bits` as a string of "0" and "1" whose character i is bit i: a bit test per posting without big-int work."""
    return format(bits, "b")[::-1].ljust(size, "0")


def set_bits(bits, size, start, stop):
    """The positions of the set bits of `bits` numbered `start` to `stop`, lowest first.

    The first one is found by counting ("1"s before a point, in C) and halving, so the last page costs what the
    first does.
    """
    shown = flags(bits, size)
    low, high = 0, size
    while low < high:  # the shortest prefix holding `start` + 1 set bits
        middle = (low + high) // 2
        if shown.count("1", 0, middle + 1) > start:
            high = middle
        else:
            low = middle + 1
    positions = []
    at = shown.find("1", low)
    while at != -1 and len(positions) < stop - start:
        positions.append(at)
        at = shown.find("1", at + 1)
    return positions
