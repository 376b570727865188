"""`make report`: the dashboard's figures for a period written to a folder, for a monthly
report: report.md (every table), cijfers.csv and a PNG chart per table (bot/insight/charts.py).
Reads the tracker store of TRACKER_DB_URL (bot/store/database.py), read-only.

    python -m bot.insight.report                      # last month
    python -m bot.insight.report --maand 2026-11
    python -m bot.insight.report --van 2026-11-01 --tot 2026-11-23 --map results/report
"""

import argparse
import datetime
import sys
from pathlib import Path
from typing import List, Optional

from bot import knowledge
from bot.insight import charts, statistics, store
from bot.insight.statistics import Period, Statistics
from bot.store import database

DEFAULT_FOLDER = Path("results") / "report"


def last_month(today: datetime.date) -> Period:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return Period(end.replace(day=1), end)


def month(text: str) -> Period:
    start = datetime.date.fromisoformat(text + "-01")
    following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return Period(start, following - datetime.timedelta(days=1))


def markdown(figures: Statistics, images: List[str]) -> str:
    texts = knowledge.insight()["report"]
    period = figures.period
    lines = [
        f"# {texts['title']}",
        "",
        texts["period"].format(
            start=period.start.isoformat(),
            end=period.end.isoformat(),
            conversations=statistics.shown_count(figures.conversations),
        ),
        "",
        texts["rule"],
        "",
    ]
    for table in figures.tables:
        label, value = table.heading
        lines += [f"## {table.title}", "", table.about, ""]
        image = f"{table.key}.png"
        if image in images:
            lines += [f"![{texts['chart']}: {table.title}]({image})", ""]
        lines += [f"| {label} | {value} |", "|---|---|"]
        lines += [f"| {row.label} | {row.shown} |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


def write(figures: Statistics, folder: Path) -> List[Path]:
    """Writes the report's files into `folder` and returns them."""
    folder.mkdir(parents=True, exist_ok=True)
    images = []
    for table in figures.tables:
        if table.charted and table.rows:
            charts.png(table, str(folder / f"{table.key}.png"))
            images.append(f"{table.key}.png")
    (folder / "cijfers.csv").write_text(statistics.csv_text(figures), encoding="utf-8")
    (folder / "report.md").write_text(markdown(figures, images), encoding="utf-8")
    return [folder / name for name in ("report.md", "cijfers.csv", *images)]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--maand", help="a month, YYYY-MM (default: last month)")
    parser.add_argument("--van", help="first day, YYYY-MM-DD (with --tot)")
    parser.add_argument("--tot", help="last day, YYYY-MM-DD (with --van)")
    parser.add_argument("--map", type=Path, default=None, help=f"folder (default: {DEFAULT_FOLDER}/<van>_<tot>)")
    parser.add_argument("--database", default=None, help="an SQLAlchemy URL (default: TRACKER_DB_URL)")
    args = parser.parse_args(argv)
    try:
        if args.van or args.tot:
            period = Period(datetime.date.fromisoformat(args.van), datetime.date.fromisoformat(args.tot))
        elif args.maand:
            period = month(args.maand)
        else:
            period = last_month(datetime.datetime.now(statistics.TIMEZONE).date())
    except (TypeError, ValueError):
        parser.error("use --maand YYYY-MM, or --van YYYY-MM-DD with --tot YYYY-MM-DD")
    if period.end < period.start:
        parser.error("--tot is before --van")
    engine = database.make_engine(database.database_url(args.database))
    try:
        figures = statistics.compute(store.conversations(engine, period), period)
    finally:
        engine.dispose()
    folder = args.map or DEFAULT_FOLDER / f"{period.start.isoformat()}_{period.end.isoformat()}"
    texts = knowledge.insight()["report"]
    print(
        texts["period"].format(
            start=period.start.isoformat(),
            end=period.end.isoformat(),
            conversations=statistics.shown_count(figures.conversations),
        )
    )
    for path in write(figures, folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
