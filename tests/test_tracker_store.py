"""Conversations are kept in SQL through one URL: SQLite by default, PostgreSQL in production."""
import asyncio
import os

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.store.tracker_store import UrlSQLTrackerStore, tracker_db_url

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
slots:
  gemeente:
    type: text
    mappings: [{type: custom}]
""")


def _roundtrip(store: UrlSQLTrackerStore, sender: str):
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("ik woon in Tilburg 🙂 <b>", {"name": "greet", "confidence": 1.0}))
    tracker.update(SlotSet("gemeente", "Tilburg"))
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


def test_postgresql_keeps_the_conversation():
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.fail("TEST_POSTGRES_URL is not set: run the tests with `make test` (it starts PostgreSQL).")
    store = UrlSQLTrackerStore(domain=DOMAIN, url=url)
    assert store.engine.dialect.name == "postgresql"
    restored = _roundtrip(store, "pg-user")
    assert restored.get_slot("gemeente") == "Tilburg"
    assert restored.latest_message.text == "ik woon in Tilburg 🙂 <b>"
