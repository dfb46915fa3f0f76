"""Server-rendered horizontal bar charts (SVG), drawn from the same rows as their tables.

The SVG is an image with a text alternative; the table beside it carries the
numbers for screen readers and for copying. Colours come from dashboard.css
classes (``series-0`` …), so the page needs no inline style.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format

WIDTH = 480
LABEL_WIDTH = 170
VALUE_SPACE = 60
BAR_HEIGHT = 14
ROW_GAP = 12


@dataclass
class Bar:
    series: int
    x: int
    y: int
    width: float
    height: int
    value_text: str
    text_x: float
    text_y: int


@dataclass
class Chart:
    title: str
    series: list[str]
    height: int = 0
    labels: list[tuple[str, int]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    width: int = WIDTH
    label_x: int = LABEL_WIDTH - 8

    @property
    def is_empty(self) -> bool:
        return not any(bar.width for bar in self.bars)


def bar_chart(*, title: str, series: list[str],
              rows: list[tuple[str, list[float | int | None]]], suffix: str = "",
              max_value: float | None = None) -> Chart:
    """One group of bars per row, one bar per series; ``None`` values draw no bar."""
    chart = Chart(title=title, series=series)
    values = [v for _label, row in rows for v in row if v is not None]
    top = max_value or max(values, default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_SPACE
    y = ROW_GAP
    for label, row in rows:
        group_height = len(series) * BAR_HEIGHT
        chart.labels.append((label, y + group_height // 2 + 5))
        for index, value in enumerate(row):
            width = round(span * (value or 0) / top, 1)
            text = "—" if value is None else number_format(value, use_l10n=True) + suffix
            bar_y = y + index * BAR_HEIGHT
            chart.bars.append(Bar(series=index, x=LABEL_WIDTH, y=bar_y, width=width,
                                  height=BAR_HEIGHT - 2, value_text=text,
                                  text_x=LABEL_WIDTH + width + 6, text_y=bar_y + BAR_HEIGHT - 3))
        y += group_height + ROW_GAP
    chart.height = y
    return chart
