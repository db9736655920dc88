"""Bar charts as SVG, drawn on the server: no script, nothing fetched, nothing the CSP has to allow.

One kind of chart serves every report: horizontal bars, one row per category, each row's name written above
its bars, so long names (a posting, a source) fit on a phone and nothing is rotated. A row may hold several
bars (one per series: applicants, interviews, hires); the series differ in lightness and in outline, so the
chart reads the same printed in grey, and every bar carries its value as text. An axis with ticks, gridlines
and its title runs under the rows. The page shows the table of the same numbers beside each chart; the SVG
itself is `role="img"` with its title and a line pointing to the table.

Colours and sizes are SVG presentation attributes, not `style`, which the Content Security Policy refuses.
"""

import dataclasses
import math
import textwrap

from django.utils.html import escape
from django.utils.safestring import mark_safe

# The drawing's own units: the page scales it to its width (static/css/site.css caps it at 30rem), so
# 400 wide keeps 16-unit text at about 13 px on a 390 px phone and under 20 px on a desktop.
WIDTH = 400
LEFT, RIGHT = 8, 84  # room for the value written after the longest bar
FONT = 16
LABEL_HEIGHT = 22
BAR_HEIGHT = 18
BAR_GAP = 4
ROW_GAP = 12
AXIS_HEIGHT = 44
TITLE_CHARACTERS = 40
# Dark to light, each with a dark outline: told apart by lightness alone, in colour or in grey.
SERIES_FILLS = ("#1b4965", "#5fa8d3", "#e0ecf4")
OUTLINE = "#1b2a33"
TEXT = "#212529"
GRID = "#adb5bd"


@dataclasses.dataclass
class Series:
    name: str
    values: list  # one number (or None for "no figure") per row
    unit: str = ""  # written after each value: "%", " days"


@dataclasses.dataclass
class BarChart:
    """A titled chart: `rows` name the categories, each of `series` gives one value per row."""

    title: str
    rows: list
    series: list
    axis_title: str
    chart_id: str = "chart"

    @property
    def is_empty(self):
        return not self.rows or all(value in (None, 0) for series in self.series for value in series.values)

    def svg(self):
        return mark_safe(_draw(self))


def nice_ticks(top, count=4):
    """Round tick values from 0 to at least `top`: 0, 5, 10, 15, 20 rather than 0, 4.3, 8.6, ..."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks, value = [], 0
    while value < top + step / 2:
        ticks.append(value)
        if value >= top:
            break
        value += step
    return [int(tick) if float(tick).is_integer() else round(tick, 2) for tick in ticks]


def format_value(value, unit=""):
    if value is None:
        return "no figure"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{text}{unit}"


def _draw(chart):
    series = chart.series
    bars_per_row = len(series)
    legend_height = bars_per_row * LABEL_HEIGHT + 8 if bars_per_row > 1 else 0
    # The title wraps: no SVG text does, and a phone has room for about 40 characters a line.
    title_lines = textwrap.wrap(chart.title, TITLE_CHARACTERS) or [""]
    title_height = LABEL_HEIGHT * len(title_lines) + 8
    row_height = LABEL_HEIGHT + bars_per_row * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    top = title_height + legend_height
    plot_height = max(len(chart.rows), 1) * row_height
    height = top + plot_height + AXIS_HEIGHT
    values = [value for s in series for value in s.values if value is not None]
    ticks = nice_ticks(max(values, default=0))
    scale = (WIDTH - LEFT - RIGHT) / ticks[-1]
    title_id, desc_id = f"{chart.chart_id}-title", f"{chart.chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="system-ui, sans-serif" font-size="{FONT}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">Bar chart; the table below gives the same numbers.</desc>',
    ]
    parts += [
        f'<text x="{LEFT}" y="{18 + number * LABEL_HEIGHT}" font-weight="700" font-size="{FONT + 1}" fill="{TEXT}">'
        f"{escape(line)}</text>"
        for number, line in enumerate(title_lines)
    ]
    if bars_per_row > 1:
        for index, one in enumerate(series):  # one a line: any number of names fits the width
            y = title_height + index * LABEL_HEIGHT
            parts.append(
                f'<rect x="{LEFT}" y="{y + 2}" width="14" height="14" fill="{SERIES_FILLS[index]}" stroke="{OUTLINE}"/>'
            )
            parts.append(f'<text x="{LEFT + 20}" y="{y + 14}" fill="{TEXT}">{escape(one.name)}</text>')
    # Gridlines and ticks first, so bars and their values are drawn over them.
    axis_y = top + plot_height
    for tick in ticks:
        x = LEFT + tick * scale
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{axis_y}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" font-size="{FONT - 2}" fill="{TEXT}">'
            f"{escape(format_value(tick))}</text>"
        )
    parts.append(f'<line x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" stroke="{OUTLINE}"/>')
    parts.append(
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{axis_y + 36}" text-anchor="middle" fill="{TEXT}">'
        f"{escape(chart.axis_title)}</text>"
    )
    for row_index, name in enumerate(chart.rows):
        y = top + row_index * row_height
        parts.append(f'<text x="{LEFT}" y="{y + LABEL_HEIGHT - 5}" fill="{TEXT}">{escape(_short(name))}</text>')
        for index, one in enumerate(series):
            value = one.values[row_index]
            bar_y = y + LABEL_HEIGHT + index * (BAR_HEIGHT + BAR_GAP)
            length = max(value or 0, 0) * scale  # a negative figure (bad dates) draws no bar, its value still written
            if length:
                parts.append(
                    f'<rect x="{LEFT}" y="{bar_y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                    f'fill="{SERIES_FILLS[index]}" stroke="{OUTLINE}" stroke-width="1"/>'
                )
            parts.append(
                f'<text x="{LEFT + length + 4:.1f}" y="{bar_y + BAR_HEIGHT - 3}" font-size="{FONT - 1}" '
                f'fill="{TEXT}">{escape(format_value(value, one.unit))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _short(name, most=52):
    name = str(name)
    return name if len(name) <= most else name[: most - 1] + "…"
