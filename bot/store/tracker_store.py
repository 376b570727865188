"""Rasa's SQL tracker store on the one database URL (bot/store/database.py), made strict.

endpoints.yml: `tracker_store: {type: bot.store.tracker_store.UrlSQLTrackerStore}`.

Differences from Rasa's SQLTrackerStore:
- a database error is an error of the turn, never `sys.exit` (Rasa's session_scope exits the
  server on a ValueError, e.g. a NUL in a PostgreSQL string) and never a silent fall-back to
  memory (bot/startup.py makes Rasa's FailSafeTrackerStore pass errors on);
- a database that blinks is bridged: pre-ping and retries with back-off (database.with_retry);
- the website chat's issued session ids live in the same database (bot/store/sessions.py);
- deleting a conversation removes its events for good (SQLite: secure_delete and a WAL
  checkpoint);
- a turn that ends with the erase mark ("wis dit gesprek", confirmed; bot/privacy.py) is not
  saved: the conversation is deleted instead, by the same code as the website's "Gesprek
  wissen", under the same per-conversation lock as the turn;
- a turn whose bot messages carry an intake mark (bot/intake.py) stores or deletes that intake
  record (bot/store/intakes.py) before the turn is saved; the bot's own tables are migrated
  with Alembic when the store starts.
"""

import contextlib
import functools
import json
import time
from typing import Any, Dict, Generator, Iterable, List, Optional, Text

import sqlalchemy
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore, ensure_schema_exists
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot import intake, privacy
from bot.store import database, intakes, sessions
from bot.store.database import SessionGone, database_url, with_retry


class UrlSQLTrackerStore(SQLTrackerStore):
    engine: Engine  # ours (bot/store/database.py), in place of the one Rasa's __init__ made

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[Text] = None,
        url: Optional[Text] = None,
        **kwargs: Any,
    ) -> None:
        from bot import startup

        startup.install()  # the Rasa server's start-up hook (no-op when done already)
        db_url = database_url(url or host)
        if database.is_sqlite(db_url):
            database.prepare_sqlite_file(db_url)  # 0600 before anything else creates it
        # SQLTrackerStore takes a complete URL through `host` when it contains "://"; it waits
        # for the database and creates its table. Then our engine takes over.
        kwargs.pop("dialect", None)
        with database.schema_lock(db_url):  # replicas starting together take turns
            super().__init__(domain=domain, host=db_url, dialect=make_url(db_url).drivername, **kwargs)
            self.engine.dispose()
            self.engine = database.make_engine(db_url)
            self.sessionmaker = sessionmaker(bind=self.engine)
            sessions.create_table(self.engine)
            intakes.migrate(self.engine)

    @contextlib.contextmanager
    def session_scope(self) -> Generator[Session, None, None]:
        """Rasa's session scope without its `except ValueError: print_error_and_exit`: a bad
        value is an error of one request, not the end of the server."""
        session = self.sessionmaker()
        try:
            try:
                ensure_schema_exists(session)
            except ValueError as missing:
                raise RuntimeError(f"PostgreSQL schema '{missing}' (POSTGRESQL_SCHEMA) does not exist") from None
            yield session
        finally:
            session.close()

    # Every database operation goes through with_retry: a blink of the database is bridged,
    # a longer outage raises StoreUnavailable (the channel answers 503).
    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await with_retry(lambda: super(UrlSQLTrackerStore, self).retrieve(sender_id), "reading a conversation")

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        return await with_retry(
            lambda: super(UrlSQLTrackerStore, self).retrieve_full_tracker(conversation_id), "reading a conversation"
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        # A website-chat conversation is stored only while its session id is issued: a turn
        # that waited behind "Gesprek wissen" must not write the conversation back.
        session_id = sessions.session_of_conversation(tracker.sender_id)
        if session_id is not None and not await self.session_issued(session_id):
            raise SessionGone(session_id)
        if erase_requested(tracker):
            await delete_conversation(self, tracker.sender_id)
            return
        await self.apply_intake_marks(tracker)
        # Rasa's save stores the events the database does not hold yet, in one transaction:
        # repeating it after an unanswered commit stores nothing twice.
        await with_retry(lambda: super(UrlSQLTrackerStore, self).save(tracker), "saving a conversation")

    async def save_feedback(self, tracker: DialogueStateTracker) -> None:
        """Stores the feedback event appended to a conversation (bot/insight/feedback.py), under
        the conversation's lock like a turn. Unlike `save`, the marks of the last turn (erase,
        intake record) are not acted on again: they were when that turn was saved, and an intake
        record deleted since must not come back."""
        session_id = sessions.session_of_conversation(tracker.sender_id)
        if session_id is not None and not await self.session_issued(session_id):
            raise SessionGone(session_id)
        await with_retry(lambda: super(UrlSQLTrackerStore, self).save(tracker), "saving feedback")

    async def stored_events(self, sender_id: Text) -> List[Dict[Text, Any]]:
        """The stored events of one conversation as dictionaries, oldest first, without building
        a tracker from them (for looking something up in them)."""

        async def read() -> List[Dict[Text, Any]]:
            with self.session_scope() as session:
                rows = (
                    session.query(self.SQLEvent.data)
                    .filter(self.SQLEvent.sender_id == sender_id)
                    .order_by(self.SQLEvent.id)
                    .all()
                )
            return [json.loads(row.data) for row in rows]

        return await with_retry(read, "reading a conversation")

    async def reachable(self) -> bool:
        """Whether the database answers now (one try, no retries: for health checks)."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
            return True
        except sqlalchemy.exc.SQLAlchemyError:
            return False

    async def keys(self) -> Iterable[Text]:
        return await with_retry(lambda: super(UrlSQLTrackerStore, self).keys(), "listing conversations")

    async def delete_conversation(self, sender_id: Text) -> int:
        """Removes every stored event of one conversation for good; returns how many."""

        async def delete() -> int:
            with self.session_scope() as session:
                deleted = (
                    session.query(self.SQLEvent)
                    .filter(self.SQLEvent.sender_id == sender_id)
                    .delete(synchronize_session=False)
                )
                session.commit()
            return deleted

        deleted = await with_retry(delete, "deleting a conversation")
        database.checkpoint(self.engine)
        return deleted

    async def delete_idle_conversations(self, idle_since: float) -> int:
        """Removes conversations whose last event is older than `idle_since` (a Unix time)."""
        events = self.SQLEvent

        async def delete() -> int:
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

        deleted = await with_retry(delete, "deleting idle conversations")
        await with_retry(lambda: sessions.forget_unused(self.engine, idle_since), "deleting idle session ids")
        database.checkpoint(self.engine)
        return deleted

    # The professional's intake records (bot/store/intakes.py), in the same database.
    async def apply_intake_marks(self, tracker: DialogueStateTracker) -> None:
        """Stores or deletes the intake records the turn's marks name. Storing the same code
        again (the save tried again) stores nothing twice; deleting is idempotent too."""
        for kind, code, replaces in intake_marks(tracker):
            if kind == intake.DELETE:
                await self.delete_intake(code)
                continue
            record = intake.record_from_state(
                tracker.get_slot("dialogue") or {}, consent_time(tracker), time.time(), intake.retention_days()
            )
            await with_retry(functools.partial(intakes.store, self.engine, code, record), "storing an intake")
            if replaces and replaces != code:
                await self.delete_intake(replaces)

    async def fetch_intake(self, code: Text) -> Optional[dict]:
        return await with_retry(lambda: intakes.fetch(self.engine, code), "reading an intake")

    async def delete_intake(self, code: Text) -> int:
        deleted = await with_retry(lambda: intakes.remove(self.engine, code), "deleting an intake")
        database.checkpoint(self.engine)
        return deleted

    async def delete_expired_intakes(self, retention_days: int) -> int:
        deleted = await with_retry(
            lambda: intakes.remove_expired(self.engine, retention_days), "deleting expired intakes"
        )
        database.checkpoint(self.engine)
        return deleted

    # The website chat's session ids (bot/store/sessions.py), in the same database.
    async def issue_session(self) -> Text:
        return await with_retry(lambda: sessions.issue(self.engine), "issuing a session id")

    async def session_issued(self, session_id: Text) -> bool:
        return await with_retry(lambda: sessions.issued(self.engine, session_id), "checking a session id")

    async def forget_session(self, session_id: Text) -> None:
        await with_retry(lambda: sessions.forget(self.engine, session_id), "deleting a session id")


def primary_store(tracker_store: TrackerStore) -> TrackerStore:
    """The configured store behind Rasa's FailSafeTrackerStore wrapper."""
    return getattr(tracker_store, "_tracker_store", tracker_store)


async def delete_conversation(tracker_store: TrackerStore, sender_id: Text) -> int:
    """Deletes one conversation for good: its events in the SQL store (and in Rasa's in-memory
    fallback, which our start-up hook keeps unused) and, for the website chat, its session id.
    Used by "Gesprek wissen" on the website and by "wis dit gesprek" in any channel."""
    deleted = 0
    for store in (primary_store(tracker_store), getattr(tracker_store, "_fallback_tracker_store", None)):
        if isinstance(store, UrlSQLTrackerStore):
            deleted += await store.delete_conversation(sender_id)
            session_id = sessions.session_of_conversation(sender_id)
            if session_id is not None:
                await store.forget_session(session_id)
        elif isinstance(store, InMemoryTrackerStore):
            deleted += 1 if store.store.pop(sender_id, None) is not None else 0
    return deleted


def erase_requested(tracker: DialogueStateTracker) -> bool:
    """Whether a bot message of the last turn (after the last user message) carries the erase
    mark. Only action_dialogue sends it; people cannot send bot messages."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and privacy.is_erase_mark((event.data or {}).get("custom")):
            return True
    return False


def intake_marks(tracker: DialogueStateTracker) -> list:
    """The intake marks (kind, code, replaced code) among the bot messages of the last turn."""
    marks = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            mark = intake.mark_of((event.data or {}).get("custom"))
            if mark:
                marks.append(mark)
    return list(reversed(marks))


def consent_time(tracker: DialogueStateTracker) -> Optional[float]:
    """When the client's consent was given, from the changes of the `dialogue` slot."""
    return intake.consent_time(
        (event.timestamp, event.value)
        for event in tracker.events
        if isinstance(event, SlotSet) and event.key == "dialogue"
    )
