from hypothesis import given
from hypothesis import strategies as st

from postings import bitmasks


def positions_of(value, values):
    return [position for position, each in enumerate(values) if each == value]


@given(st.lists(st.sampled_from(["TX", "CO", "NY", None, 3, "full_time"]), max_size=300))
def test_a_column_s_masks_hold_each_value_s_postings(values):
    masks = bitmasks.masks_by_value(values)

    assert set(masks) == set(values)
    for value, bits in masks.items():
        assert bits == bitmasks.mask(positions_of(value, values), len(values))
        assert bitmasks.set_bits(bits, len(values), 0, len(values)) == positions_of(value, values)


def test_a_column_of_more_values_than_a_byte_holds_is_masked_too():
    values = [n % 300 for n in range(900)]

    masks = bitmasks.masks_by_value(values)

    assert len(masks) == 300
    assert masks[299] == bitmasks.mask([299, 599, 899], 900)


def test_an_empty_column_has_no_masks():
    assert bitmasks.masks_by_value([]) == {}
