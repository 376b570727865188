"""Conversations are kept in SQL through one URL: SQLite by default, PostgreSQL in production."""

import asyncio
import os
import sqlite3
import uuid

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event

from bot import privacy
from bot.store import database, sessions
from bot.store.database import StoreUnavailable, database_url
from bot.store.tracker_store import UrlSQLTrackerStore, delete_conversation, erase_requested

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
slots:
  gemeente:
    type: text
    mappings: [{type: custom}]
""")


def _roundtrip(store: UrlSQLTrackerStore, sender: str, at: float = None, text: str = "ik woon in Tilburg 🙂 <b>"):
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen", timestamp=at))
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=at))
    tracker.update(SlotSet("gemeente", "Tilburg", timestamp=at))
    asyncio.run(store.save(tracker))
    return asyncio.run(store.retrieve(sender))


def test_default_url_is_a_sqlite_file(monkeypatch):
    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    assert database_url() == "sqlite:///var/tracker.db" == database.DEFAULT_URL
    monkeypatch.setenv("TRACKER_DB_URL", "postgresql://u@h/db")
    assert database_url() == "postgresql://u@h/db"


def test_sqlite_keeps_the_conversation(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path}/sub/tracker.db")
    store = UrlSQLTrackerStore(domain=DOMAIN)
    restored = _roundtrip(store, "sqlite-user")
    assert restored.get_slot("gemeente") == "Tilburg"
    assert restored.latest_message.text == "ik woon in Tilburg 🙂 <b>"
    assert (tmp_path / "sub" / "tracker.db").exists()
    # Write-ahead log (bot/store/tracker_store.py): another reader sees what was committed.
    with sqlite3.connect(tmp_path / "sub" / "tracker.db") as other:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        senders = {row[0] for row in other.execute("SELECT sender_id FROM events")}
    assert senders == {"sqlite-user"}


def test_sqlite_store_reuses_its_connection(tmp_path):
    store = UrlSQLTrackerStore(domain=DOMAIN, url=f"sqlite:///{tmp_path}/tracker.db")
    opened = []
    event.listen(store.engine, "connect", lambda *_: opened.append(1))
    for sender in ("a", "b", "c"):
        _roundtrip(store, sender)
    assert len(opened) <= 1  # one pooled connection, not one per read and write
    assert [asyncio.run(store.retrieve(s)).get_slot("gemeente") for s in "abc"] == ["Tilburg"] * 3


def test_postgresql_keeps_the_conversation():
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.fail("TEST_POSTGRES_URL is not set: run the tests with `make test` (it starts PostgreSQL).")
    store = UrlSQLTrackerStore(domain=DOMAIN, url=url)
    assert store.engine.dialect.name == "postgresql"
    restored = _roundtrip(store, "pg-user")
    assert restored.get_slot("gemeente") == "Tilburg"
    assert restored.latest_message.text == "ik woon in Tilburg 🙂 <b>"


def _postgres_url():
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.fail("TEST_POSTGRES_URL is not set: run the tests with `make test` (it starts PostgreSQL).")
    return url


def _sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path}/tracker.db"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = _sqlite_url(tmp_path) if request.param == "sqlite" else _postgres_url()
    return UrlSQLTrackerStore(domain=DOMAIN, url=url)


def test_deleting_a_conversation_removes_only_that_one(store):
    _roundtrip(store, "delete-me")
    _roundtrip(store, "keep-me")
    # Through Rasa's wrapper, as the server holds it.
    deleted = asyncio.run(delete_conversation(FailSafeTrackerStore(store), "delete-me"))
    assert deleted == 3
    assert asyncio.run(store.retrieve("delete-me")) is None
    assert asyncio.run(store.retrieve("keep-me")).get_slot("gemeente") == "Tilburg"
    asyncio.run(delete_conversation(store, "keep-me"))


def test_a_turn_with_the_erase_mark_deletes_the_conversation_instead_of_being_saved(store):
    """ "wis dit gesprek", confirmed: action_dialogue's mark makes the save delete everything,
    for the website chat with its session id, as "Gesprek wissen" does."""
    session = asyncio.run(store.issue_session())
    _roundtrip(store, "keep-me")
    for sender in ("erase-me", sessions.conversation_id(session)):
        _roundtrip(store, sender)
        tracker = asyncio.run(store.retrieve(sender))
        tracker.update(UserUttered("ja", {"name": "greet", "confidence": 1.0}))
        tracker.update(BotUttered("Dit gesprek is gewist."))
        tracker.update(BotUttered(None, {"custom": privacy.ERASE_MARK}))
        assert erase_requested(tracker)
        asyncio.run(store.save(tracker))
        assert asyncio.run(store.retrieve(sender)) is None
    assert not asyncio.run(store.session_issued(session))
    assert asyncio.run(store.retrieve("keep-me")) is not None
    asyncio.run(delete_conversation(store, "keep-me"))


def test_only_the_last_turn_can_ask_for_erasing():
    tracker = DialogueStateTracker("t", DOMAIN.slots)
    tracker.update(BotUttered(None, {"custom": privacy.ERASE_MARK}))
    tracker.update(UserUttered("hoi", {"name": "greet", "confidence": 1.0}))
    tracker.update(BotUttered("Hoi!"))
    assert not erase_requested(tracker)
    tracker.update(BotUttered(None, {"custom": {"something": "else"}}))
    assert not erase_requested(tracker)


def test_idle_conversations_are_deleted_after_the_retention_time(store):
    _roundtrip(store, "idle-old", at=1_000.0)
    _roundtrip(store, "idle-recent", at=5_000.0)
    assert asyncio.run(store.delete_idle_conversations(idle_since=2_000.0)) == 3
    assert asyncio.run(store.retrieve("idle-old")) is None
    assert asyncio.run(store.retrieve("idle-recent")) is not None
    asyncio.run(delete_conversation(store, "idle-recent"))


def test_sqlite_files_are_readable_by_the_bot_only(tmp_path):
    store = UrlSQLTrackerStore(domain=DOMAIN, url=f"sqlite:///{tmp_path}/db/tracker.db")
    _roundtrip(store, "private")
    files = [tmp_path / "db" / name for name in ("tracker.db", "tracker.db-wal", "tracker.db-shm")]
    assert all(f.exists() for f in files)
    assert [oct(f.stat().st_mode & 0o777) for f in files] == ["0o600"] * 3


def test_deleted_text_is_gone_from_the_sqlite_files(tmp_path):
    store = UrlSQLTrackerStore(domain=DOMAIN, url=f"sqlite:///{tmp_path}/tracker.db")
    secret = "mijn-geheim-" + "q" * 20
    _roundtrip(store, "forget-me", text=secret)
    _roundtrip(store, "keep-me")
    assert asyncio.run(store.delete_conversation("forget-me")) == 3
    for name in ("tracker.db", "tracker.db-wal"):
        path = tmp_path / name
        assert not path.exists() or secret.encode() not in path.read_bytes(), name
    assert asyncio.run(store.retrieve("keep-me")) is not None


@pytest.mark.parametrize("sender", ["x\udc80y", "a\x00b"])
def test_a_bad_value_is_an_error_of_the_call_not_the_end_of_the_server(store, sender):
    # Rasa's own session_scope turns a ValueError into sys.exit(1). The channels refuse such
    # senders long before; the store must not stop the server either.
    try:
        _roundtrip(store, sender)  # SQLite stores a NUL; PostgreSQL refuses it
    except BaseException as error:  # noqa: B036 (SystemExit is what must not happen)
        assert not isinstance(error, SystemExit)
    assert asyncio.run(store.retrieve("still-works")) is None


def test_issued_session_ids_are_recorded(store):
    issued = asyncio.run(store.issue_session())
    assert asyncio.run(store.session_issued(issued))
    assert not asyncio.run(store.session_issued("0" * 32))
    asyncio.run(store.forget_session(issued))
    assert not asyncio.run(store.session_issued(issued))


def test_retention_forgets_unused_and_expired_session_ids(store):
    import time

    used, unused = asyncio.run(store.issue_session()), asyncio.run(store.issue_session())
    _roundtrip(store, sessions.conversation_id(used), at=time.time())
    deleted = asyncio.run(store.delete_idle_conversations(idle_since=time.time() + 10))
    assert deleted >= 3  # the used conversation was idle too (and what earlier tests left)
    assert asyncio.run(store.retrieve(sessions.conversation_id(used))) is None
    assert not asyncio.run(store.session_issued(unused))
    assert not asyncio.run(store.session_issued(used))
    fresh = asyncio.run(store.issue_session())
    asyncio.run(store.delete_idle_conversations(idle_since=0))
    assert asyncio.run(store.session_issued(fresh))  # issued after the cutoff: kept
    asyncio.run(store.forget_session(fresh))


def test_an_unreachable_database_is_retried_then_reported(monkeypatch):
    import sqlalchemy

    monkeypatch.setattr(database, "RETRY_DELAYS", (0.01, 0.01))
    calls = []

    async def down():
        calls.append(1)
        raise sqlalchemy.exc.OperationalError("SELECT", {}, Exception("connection refused"))

    with pytest.raises(StoreUnavailable):
        asyncio.run(database.with_retry(down, "testing"))
    assert len(calls) == 3

    async def blinks():
        calls.append(1)
        if len(calls) < 5:
            raise sqlalchemy.exc.OperationalError("SELECT", {}, Exception("server closed the connection"))
        return "ok"

    assert asyncio.run(database.with_retry(blinks, "testing")) == "ok"

    async def bad_value():
        raise ValueError("not a connection problem")

    with pytest.raises(ValueError):  # not retried, not hidden
        asyncio.run(database.with_retry(bad_value, "testing"))


def test_no_silent_fall_back_to_memory(tmp_path, monkeypatch):
    from bot import startup

    monkeypatch.setattr(database, "RETRY_DELAYS", ())
    store = UrlSQLTrackerStore(domain=DOMAIN, url=f"sqlite:///{tmp_path}/tracker.db")
    startup.install()
    wrapped = FailSafeTrackerStore(store)  # as Rasa's Agent wraps every tracker store
    (tmp_path / "tracker.db").unlink()
    store.engine.dispose()
    (tmp_path / "tracker.db").mkdir()  # the database file can no longer be opened
    tracker = DialogueStateTracker("lost?", DOMAIN.slots)
    tracker.update(UserUttered("hoi", {"name": "greet", "confidence": 1.0}))
    with pytest.raises(StoreUnavailable):
        asyncio.run(wrapped.save(tracker))
    with pytest.raises(StoreUnavailable):
        asyncio.run(wrapped.retrieve("lost?"))
    assert wrapped._fallback_tracker_store is None  # nothing was kept in memory


def test_stored_events_are_read_as_dictionaries_with_the_message_id(store):
    sender = "events-" + uuid.uuid4().hex[:8]
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(UserUttered("hoi", {"name": "greet", "confidence": 1.0}, message_id="m" * 32))
    tracker.update(BotUttered("Welkom"))
    asyncio.run(store.save(tracker))
    events = asyncio.run(store.stored_events(sender))
    assert [(e["event"], e.get("text"), e.get("message_id")) for e in events] == [
        ("user", "hoi", "m" * 32),
        ("bot", "Welkom", None),
    ]
    assert asyncio.run(store.stored_events("nobody-" + uuid.uuid4().hex)) == []
