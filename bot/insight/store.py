"""Reading the stored conversations of a period from the tracker store's `events` table
(Rasa's SQLTrackerStore; SQLite or PostgreSQL through SQLAlchemy), one conversation at a time.
Read-only: nothing here writes, and a row that cannot be read is skipped."""

import json
from typing import Any, Dict, Iterator, List, Tuple

from sqlalchemy import column, inspect, select, table
from sqlalchemy.engine import Engine

from bot.insight import conversation
from bot.insight.conversation import Conversation
from bot.insight.statistics import Period

EVENTS = table("events", column("id"), column("sender_id"), column("type_name"), column("timestamp"), column("data"))
# Conversations read per query: bounded memory, few round trips.
BATCH = 200


def _events(data: Any) -> Dict[str, Any]:
    try:
        event = json.loads(data) if isinstance(data, str) else None
    except ValueError:
        return {}
    return event if isinstance(event, dict) else {}


def stored_conversations(engine: Engine, period: Period) -> Iterator[Tuple[str, List[Dict[str, Any]]]]:
    """(conversation id, its events in stored order) for every conversation with a message of
    the person in the period. The id stays inside the process: no output names it."""
    senders = (
        select(EVENTS.c.sender_id)
        .where(EVENTS.c.type_name == "user")
        .where(EVENTS.c.timestamp >= period.start_time)
        .where(EVENTS.c.timestamp < period.end_time)
        .distinct()
    )
    if not inspect(engine).has_table("events"):
        return  # a database the bot never wrote to (make report on a fresh machine)
    with engine.connect() as connection:
        ids = sorted(row[0] for row in connection.execute(senders))
        for first in range(0, len(ids), BATCH):
            batch = ids[first : first + BATCH]
            rows = connection.execute(
                select(EVENTS.c.sender_id, EVENTS.c.data)
                .where(EVENTS.c.sender_id.in_(batch))
                .order_by(EVENTS.c.sender_id, EVENTS.c.id)
            )
            current, events = None, []  # type: Any, List[Dict[str, Any]]
            for sender_id, data in rows:
                if sender_id != current:
                    if current is not None:
                        yield current, events
                    current, events = sender_id, []
                events.append(_events(data))
            if current is not None:
                yield current, events


def conversations(engine: Engine, period: Period) -> List[Conversation]:
    """The counts of every conversation with a message in the period (the statistics keep those
    that began in it)."""
    return [conversation.read(events) for _, events in stored_conversations(engine, period)]
