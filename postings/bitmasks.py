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
