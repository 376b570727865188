"""Bar charts of the statistics' tables: SVG for the dashboard (drawn here, on the server: no
script, no chart library, nothing from a CDN) and PNG for `make report` (matplotlib, which Rasa
already installs). A hidden count ("< 5") gets no bar, only its "< 5" beside the axis, so a chart
never shows more than its table."""

from html import escape
from typing import List, Sequence, Tuple

from bot.insight.statistics import Row, Table, chart_rows

TIME_TABLES = ("per_day", "per_week")
BAR = "#1d4f91"  # 8.6:1 on white
TEXT = "#1a1a1a"
GRID = "#767676"  # 4.5:1 on white: the axis is a graphical object people need to see
WIDTH = 720
LABEL_WIDTH = 300
MAX_LABEL_CHARS = 42


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _value(row: Row) -> int:
    return 0 if row.hidden or row.count is None else row.count


def _nice_max(largest: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if largest <= step * 4:
            return step * 4
    return ((largest // 10000) + 1) * 10000


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 13) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-family="system-ui, sans-serif" fill="{TEXT}">{escape(text)}</text>'
    )


def _svg(table: Table, height: float, parts: List[str], chart_id: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" class="chart" '
        f'role="img" aria-labelledby="{chart_id}-title" focusable="false">'
        f'<title id="{chart_id}-title">{escape(table.title)}</title>' + "".join(parts) + "</svg>"
    )


def horizontal_svg(table: Table, chart_id: str) -> str:
    """One bar per category, its value after it."""
    rows = chart_rows(table)
    row_height, top = 30, 8
    height = top * 2 + max(1, len(rows)) * row_height
    largest = max([_value(r) for r in rows] + [1])
    room = WIDTH - LABEL_WIDTH - 70
    parts = [f'<line x1="{LABEL_WIDTH}" y1="{top}" x2="{LABEL_WIDTH}" y2="{height - top}" stroke="{GRID}"/>']
    for i, row in enumerate(rows):
        y = top + i * row_height
        parts.append(_text(LABEL_WIDTH - 8, y + 19, _short(row.label), "end"))
        length = room * _value(row) / largest
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 5}" width="{length:.1f}" height="{row_height - 10}" fill="{BAR}"/>'
            )
        parts.append(_text(LABEL_WIDTH + length + 6, y + 19, row.shown))
    return _svg(table, height, parts, chart_id)


def _tick_labels(rows: Sequence[Row], table: Table) -> List[Tuple[int, str]]:
    """Which bars get a label under the axis: at most about 12, evenly spread."""
    every = max(1, -(-len(rows) // 12))
    labels = []
    for i, row in enumerate(rows):
        if i % every == 0:
            label = row.key[5:] if table.key == "per_day" else "w" + row.key.split("-W")[-1]
            labels.append((i, label))
    return labels


def vertical_svg(table: Table, chart_id: str) -> str:
    """Bars over time (days or weeks), with a value axis."""
    rows = chart_rows(table)
    height, left, right, top, bottom = 240, 48, 12, 12, 40
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    top_value = _nice_max(max([_value(r) for r in rows] + [1]))
    parts = []
    for n in range(5):
        value = top_value * n // 4
        y = top + plot_h - plot_h * n / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.5"/>'
        )
        parts.append(_text(left - 6, y + 4, str(value), "end", 12))
    slot = plot_w / max(1, len(rows))
    for i, row in enumerate(rows):
        value = _value(row)
        x = left + i * slot
        if value:
            bar_h = plot_h * value / top_value
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{top + plot_h - bar_h:.1f}" width="{max(1.0, slot * 0.7):.1f}" '
                f'height="{bar_h:.1f}" fill="{BAR}"/>'
            )
        elif row.hidden and len(rows) <= 40:
            parts.append(_text(x + slot / 2, top + plot_h - 4, row.shown, "middle", 10))
    for i, label in _tick_labels(rows, table):
        parts.append(_text(left + i * slot + slot / 2, height - bottom + 18, label, "middle", 12))
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="{GRID}"/>')
    return _svg(table, height, parts, chart_id)


def svg(table: Table, chart_id: str) -> str:
    return vertical_svg(table, chart_id) if table.key in TIME_TABLES else horizontal_svg(table, chart_id)


def png(table: Table, path: str) -> None:
    """The same chart as a PNG file, for the monthly report."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = chart_rows(table)
    values = [_value(r) for r in rows]
    if table.key in TIME_TABLES:
        figure, axes = plt.subplots(figsize=(9, 3.2))
        axes.bar(range(len(rows)), values, color=BAR)
        ticks = _tick_labels(rows, table)
        axes.set_xticks([i for i, _ in ticks], [label for _, label in ticks])
    else:
        figure, axes = plt.subplots(figsize=(9, 0.5 + 0.4 * max(1, len(rows))))
        positions = list(range(len(rows)))[::-1]
        axes.barh(positions, values, color=BAR)
        axes.set_yticks(positions, [_short(r.label) for r in rows])
        for position, row, value in zip(positions, rows, values, strict=True):
            axes.text(value, position, f" {row.shown}", va="center", fontsize=9)
    axes.set_title(table.title)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
