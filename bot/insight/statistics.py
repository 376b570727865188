"""Anonymous statistics over the conversations of a period: tables of counts, without any
message text, gemeente or conversation id. Every count from 1 to SMALL - 1 is shown as "< 5"
(knowledge/insight.yml) and a percentage built on such a count is not shown, so nobody can be
singled out. The dashboard (bot/channels/beheer.py), its CSV and `make report` show these same
tables."""

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

from bot import knowledge
from bot.dialogue.facts import ROLE_EMPLOYER
from bot.insight.conversation import NO_ROLE, ROLES, STAGES, Conversation

# The organisations that run the bot are Dutch: a day is a day in the Netherlands.
TIMEZONE = ZoneInfo("Europe/Amsterdam")
SMALL = 5
# The order of the tables on the dashboard, in the CSV and in the report.
TABLES = (
    "per_day",
    "per_week",
    "roles",
    "guide",
    "referrals",
    "regions",
    "understanding",
    "fallbacks",
    "human_route",
    "crisis",
    "feedback",
)
# Tables whose rows are counts of one kind, drawn as a bar chart beside the table.
CHARTED = ("per_day", "per_week", "roles", "guide", "referrals", "regions", "fallbacks", "feedback")


def texts() -> Dict:
    return knowledge.insight()


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in Dutch time."""

    start: datetime.date
    end: datetime.date

    @property
    def start_time(self) -> float:
        return datetime.datetime.combine(self.start, datetime.time(), TIMEZONE).timestamp()

    @property
    def end_time(self) -> float:
        after = self.end + datetime.timedelta(days=1)
        return datetime.datetime.combine(after, datetime.time(), TIMEZONE).timestamp()

    def days(self) -> List[datetime.date]:
        return [self.start + datetime.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def contains(self, timestamp: Optional[float]) -> bool:
        return timestamp is not None and self.start_time <= timestamp < self.end_time


def day_of(timestamp: float) -> datetime.date:
    return datetime.datetime.fromtimestamp(timestamp, TIMEZONE).date()


def week_of(day: datetime.date) -> Tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def shown_count(count: int) -> str:
    return texts()["small_count"] if 0 < count < SMALL else str(count)


def shown_rate(part: int, whole: int) -> str:
    """A percentage, unless its part or whole is a count that is not shown."""
    if whole == 0 or 0 < part < SMALL or whole < SMALL:
        return texts()["rate_hidden"]
    return f"{100 * part / whole:.0f}%"


@dataclass(frozen=True)
class Row:
    key: str  # stable, for the CSV and tests: a day, a week, a role, a referral target
    label: str  # Dutch, for people
    count: Optional[int]  # None for a percentage row
    shown: str  # what the table shows: the count, "< 5", a percentage or "niet getoond"

    @property
    def hidden(self) -> bool:
        """Whether the value is not shown (a small count, or a percentage built on one)."""
        return self.shown in (texts()["small_count"], texts()["rate_hidden"])


def count_row(key: str, label: str, count: int) -> Row:
    return Row(key, label, count, shown_count(count))


def rate_row(key: str, label: str, part: int, whole: int) -> Row:
    return Row(key, label, None, shown_rate(part, whole))


@dataclass(frozen=True)
class Table:
    key: str
    rows: List[Row]

    @property
    def title(self) -> str:
        return texts()["tables"][self.key]["title"]

    @property
    def heading(self) -> Tuple[str, str]:
        table = texts()["tables"][self.key]
        return table["label"], table["value"]

    @property
    def about(self) -> str:
        return texts()["tables"][self.key]["about"]

    @property
    def charted(self) -> bool:
        return self.key in CHARTED


@dataclass
class Statistics:
    period: Period
    conversations: int
    tables: List[Table] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def shown(self, table: str, row: str) -> str:
        return next(r.shown for r in self.table(table).rows if r.key == row)


def _week_label(year: int, week: int) -> str:
    return texts()["week"].format(week=week, year=year)


def compute(conversations: Iterable[Conversation], period: Period) -> Statistics:
    """The statistics of the conversations that began in the period (their first message)."""
    chosen = [c for c in conversations if period.contains(c.started)]
    labels = texts()["labels"]
    per_day = Counter(day_of(c.started) for c in chosen if c.started is not None)
    per_week = Counter(week_of(day) for day in per_day.elements())
    weeks = sorted({week_of(day) for day in period.days()})

    roles = Counter(c.role or NO_ROLE for c in chosen)
    guided = [c for c in chosen if c.role in ROLES and c.role != ROLE_EMPLOYER]
    referrals = Counter(target for c in chosen for target in c.referrals)
    regions = Counter(region for c in chosen for region in c.regions)
    turns = sum(len(c.counted_turns) for c in chosen)
    missed = sum(c.not_understood_turns for c in chosen)
    missed_in = [c.not_understood_turns for c in chosen]
    any_missed = sum(1 for n in missed_in if n)
    feedback = Counter(f["score"] for c in chosen for f in c.feedback)
    rated = feedback["up"] + feedback["down"]
    referral_labels = texts()["referrals"]

    tables = [
        Table("per_day", [count_row(d.isoformat(), d.isoformat(), per_day[d]) for d in period.days()]),
        Table("per_week", [count_row(f"{y}-W{w:02d}", _week_label(y, w), per_week[(y, w)]) for y, w in weeks]),
        Table("roles", [count_row(r, labels["roles"][r], roles[r]) for r in (*ROLES, NO_ROLE)]),
        Table(
            "guide",
            [count_row(s, labels["stages"][s], sum(1 for c in guided if s in c.stages)) for s in STAGES],
        ),
        Table(
            "referrals",
            [
                count_row(key, referral_labels.get(key, key), count)
                for key, count in sorted(referrals.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
        ),
        Table(
            "regions",
            [count_row(r, r, n) for r, n in sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))],
        ),
        Table(
            "understanding",
            [
                count_row("turns", labels["understanding"]["turns"], turns),
                count_row("turns_not_understood", labels["understanding"]["turns_not_understood"], missed),
                rate_row("turn_rate", labels["understanding"]["turn_rate"], missed, turns),
                count_row(
                    "conversations_not_understood", labels["understanding"]["conversations_not_understood"], any_missed
                ),
                rate_row("conversation_rate", labels["understanding"]["conversation_rate"], any_missed, len(chosen)),
            ],
        ),
        Table(
            "fallbacks",
            [
                count_row("zero", labels["fallbacks"]["zero"], sum(1 for n in missed_in if n == 0)),
                count_row("one", labels["fallbacks"]["one"], sum(1 for n in missed_in if n == 1)),
                count_row("more", labels["fallbacks"]["more"], sum(1 for n in missed_in if n > 1)),
            ],
        ),
        Table(
            "human_route",
            [
                count_row(
                    "conversations", labels["human_route"]["conversations"], sum(1 for c in chosen if c.human_route)
                ),
                count_row("requests", labels["human_route"]["requests"], sum(c.human_route for c in chosen)),
            ],
        ),
        Table(
            "crisis",
            [
                count_row(
                    "conversations", labels["crisis"]["conversations"], sum(1 for c in chosen if c.crisis_replies)
                ),
                count_row("replies", labels["crisis"]["replies"], sum(c.crisis_replies for c in chosen)),
            ],
        ),
        Table(
            "feedback",
            [
                count_row("up", labels["feedback"]["up"], feedback["up"]),
                count_row("down", labels["feedback"]["down"], feedback["down"]),
                rate_row("score", labels["feedback"]["score"], feedback["up"], rated),
            ],
        ),
    ]
    return Statistics(period=period, conversations=len(chosen), tables=tables)


CSV_HEADER = ("tabel", "sleutel", "omschrijving", "waarde")


def csv_text(statistics: Statistics) -> str:
    """Every table as rows (table, key, label, shown value): the same "< 5" rule as the page.
    Cells that a spreadsheet would run as a formula are prefixed with a quote."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for table in statistics.tables:
        for row in table.rows:
            writer.writerow([_cell(table.key), _cell(row.key), _cell(row.label), _cell(row.shown)])
    return out.getvalue()


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def chart_rows(table: Table) -> Sequence[Row]:
    return [r for r in table.rows if r.count is not None]
