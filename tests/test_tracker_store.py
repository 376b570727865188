"""Conversations are kept in SQL through one URL: SQLite by default, PostgreSQL in production."""
import asyncio
import os
import sqlite3

import pytest
from sqlalchemy import event
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa.core.tracker_store import FailSafeTrackerStore

from bot.store.tracker_store import UrlSQLTrackerStore, delete_conversation, tracker_db_url

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
slots:
  gemeente:
    type: text
    mappings: [{type: custom}]
""")


def _roundtrip(store: UrlSQLTrackerStore, sender: str, at: float = None):
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen", timestamp=at))
    tracker.update(UserUttered("ik woon in Tilburg 🙂 <b>", {"name": "greet", "confidence": 1.0}, timestamp=at))
    tracker.update(SlotSet("gemeente", "Tilburg", timestamp=at))
    asyncio.run(store.save(tracker))
    return asyncio.run(store.retrieve(sender))


def test_default_url_is_a_sqlite_file(monkeypatch):
    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    assert tracker_db_url() == "sqlite:///var/tracker.db"
    monkeypatch.setenv("TRACKER_DB_URL", "postgresql://u@h/db")
    assert tracker_db_url() == "postgresql://u@h/db"


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


def test_idle_conversations_are_deleted_after_the_retention_time(store):
    _roundtrip(store, "idle-old", at=1_000.0)
    _roundtrip(store, "idle-recent", at=5_000.0)
    assert asyncio.run(store.delete_idle_conversations(idle_since=2_000.0)) == 3
    assert asyncio.run(store.retrieve("idle-old")) is None
    assert asyncio.run(store.retrieve("idle-recent")) is not None
    asyncio.run(delete_conversation(store, "idle-recent"))
