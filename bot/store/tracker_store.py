"""Rasa's SQL tracker store, configured by one database URL.

TRACKER_DB_URL: an SQLAlchemy URL. The default is an SQLite file (var/tracker.db);
production uses PostgreSQL, e.g. postgresql://user:password@host:5432/wegwijzer.
"""
import os
from pathlib import Path
from typing import Any, Optional, Text

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot import rasa_speedups

# Every Rasa server of ours loads this store (endpoints.yml), so this is where the server-side
# speed-ups go in; see bot/rasa_speedups.py for what they change and why.
rasa_speedups.install()

DEFAULT_URL = "sqlite:///var/tracker.db"


def tracker_db_url(url: Optional[Text] = None) -> Text:
    return url or os.environ.get("TRACKER_DB_URL") or DEFAULT_URL


def _sqlite_write_ahead_log(connection: Any, _record: Any) -> None:
    """Write-ahead log without a disk sync on every commit (the embedded SQLite default).

    Rasa commits at least once per turn, and each commit waited for the disk (about 8% of the
    server's busy time in `make bench`). With WAL and synchronous=NORMAL a commit survives a
    crash of the bot; only a power failure or OS crash may lose the last turns. Readers (the chat
    history) no longer wait for writers. PostgreSQL, the production database, is not affected.
    """
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class UrlSQLTrackerStore(SQLTrackerStore):
    """endpoints.yml: `tracker_store: {type: bot.store.tracker_store.UrlSQLTrackerStore}`."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[Text] = None,
        url: Optional[Text] = None,
        **kwargs: Any,
    ) -> None:
        db_url = tracker_db_url(url or host)
        parsed = make_url(db_url)
        if parsed.drivername.startswith("sqlite") and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLTrackerStore takes a complete URL through `host` when it contains "://".
        kwargs.pop("dialect", None)
        super().__init__(domain=domain, host=db_url, dialect=parsed.drivername, **kwargs)
        if parsed.drivername.startswith("sqlite"):
            self._keep_sqlite_connections(db_url)

    def _keep_sqlite_connections(self, db_url: Text) -> None:
        """An engine that keeps its SQLite connections open between turns.

        SQLAlchemy 1.4 opens and closes a new connection for every SQLite session, and in WAL
        mode the last close also checkpoints the log: closing was the hottest frame of the server
        in `make bench` (5% of busy samples, and 2% more for the PRAGMAs of each new connection).
        A pool keeps them open; a connection is still used by one session at a time, so sharing
        it between threads is safe.
        """
        self.engine.dispose()
        self.engine = create_engine(db_url, poolclass=QueuePool, connect_args={"check_same_thread": False})
        event.listen(self.engine, "connect", _sqlite_write_ahead_log)
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def delete_conversation(self, sender_id: Text) -> int:
        """Removes every stored event of one conversation; returns how many."""
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        return deleted

    async def delete_idle_conversations(self, idle_since: float) -> int:
        """Removes conversations whose last event is older than `idle_since` (a Unix time)."""
        events = self.SQLEvent
        with self.session_scope() as session:
            idle = (
                session.query(events.sender_id)
                .group_by(events.sender_id)
                .having(func.max(events.timestamp) < idle_since)
                .subquery()
            )
            deleted = (
                session.query(events)
                .filter(events.sender_id.in_(select(idle.c.sender_id)))
                .delete(synchronize_session=False)
            )
            session.commit()
        return deleted


def primary_store(tracker_store: TrackerStore) -> TrackerStore:
    """The configured store behind Rasa's FailSafeTrackerStore wrapper."""
    return getattr(tracker_store, "_tracker_store", tracker_store)


async def delete_conversation(tracker_store: TrackerStore, sender_id: Text) -> int:
    """Deletes one conversation from the SQL store (and Rasa's in-memory fallback)."""
    deleted = 0
    for store in (primary_store(tracker_store), getattr(tracker_store, "_fallback_tracker_store", None)):
        if isinstance(store, UrlSQLTrackerStore):
            deleted += await store.delete_conversation(sender_id)
        elif isinstance(store, InMemoryTrackerStore):
            deleted += 1 if store.store.pop(sender_id, None) is not None else 0
    return deleted
