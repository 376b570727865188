"""The website chat's session ids: issued by the server, recorded here, accepted only when
recorded (SQLAlchemy Core, in the tracker store's database, SQLite or PostgreSQL).

A session id names the conversation `webchat:<session id>`. REST senders cannot contain ':'
(bot/channels/requests.py), so neither channel can reach the other's conversations.
"""

import secrets
import time
from typing import Optional, Text

from sqlalchemy import Column, Float, MetaData, String, Table, delete, exists, insert, literal, select
from sqlalchemy.engine import Engine

CONVERSATION_PREFIX = "webchat:"

metadata = MetaData()
issued_sessions = Table(
    "webchat_sessions",
    metadata,
    Column("session_id", String(32), primary_key=True),
    Column("created_at", Float, nullable=False),  # Unix time, like Rasa's event timestamps
)


def conversation_id(session_id: Text) -> Text:
    """The tracker store's name for the conversation of a website-chat session."""
    return CONVERSATION_PREFIX + session_id


def session_of_conversation(conversation: Text) -> Optional[Text]:
    """The session id of a website-chat conversation; None for other conversations."""
    if conversation.startswith(CONVERSATION_PREFIX):
        return conversation[len(CONVERSATION_PREFIX) :]
    return None


def create_table(engine: Engine) -> None:
    metadata.create_all(engine)


def new_session_id() -> Text:
    """128 random bits: nobody can pick or guess someone else's id."""
    return secrets.token_hex(16)


async def issue(engine: Engine) -> Text:
    session_id = new_session_id()
    with engine.begin() as connection:
        connection.execute(insert(issued_sessions).values(session_id=session_id, created_at=time.time()))
    return session_id


async def issued(engine: Engine, session_id: Text) -> bool:
    with engine.connect() as connection:
        row = connection.execute(
            select(issued_sessions.c.session_id).where(issued_sessions.c.session_id == session_id)
        ).first()
    return row is not None


async def forget(engine: Engine, session_id: Text) -> None:
    with engine.begin() as connection:
        connection.execute(delete(issued_sessions).where(issued_sessions.c.session_id == session_id))


async def forget_unused(engine: Engine, issued_before: float) -> int:
    """Forgets ids issued before `issued_before` whose conversation holds no events (never
    used, or deleted by the retention job)."""
    from rasa.core.tracker_store import SQLTrackerStore

    events = SQLTrackerStore.SQLEvent.__table__
    used = exists().where(events.c.sender_id == literal(CONVERSATION_PREFIX) + issued_sessions.c.session_id)
    with engine.begin() as connection:
        result = connection.execute(
            delete(issued_sessions).where(issued_sessions.c.created_at < issued_before).where(~used)
        )
    return result.rowcount
