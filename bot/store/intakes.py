"""The professional's intake records in the tracker store's database (SQLite or PostgreSQL),
with SQLAlchemy Core; the schema is made and changed by Alembic (bot/store/migrations/), at
start-up of the Rasa server (the tracker store runs `migrate`) and in the tests.

A record is found by the SHA-256 of its code (bot/intake.py), never by the code itself; a
record past its expiry is treated as absent even before the retention job deletes it.
"""

import time
from pathlib import Path
from typing import Any, Dict, Optional

from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, Column, Float, Integer, MetaData, String, Table, delete, insert, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot import intake
from bot.intake import Record

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# As created by migrations/versions/0001_intakes.py; a test compares the two.
metadata = MetaData()
intakes = Table(
    "intakes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("consent_at", Float, nullable=False),
    Column("consent_by", String(40), nullable=False),
    Column("consent_purpose", String(40), nullable=False),
    Column("retention_days", Integer, nullable=False),
    Column("answers", JSON, nullable=False),
    Column("facts", JSON, nullable=False),
    Column("region", String(200), nullable=True),
    Column("referrals", JSON, nullable=False),
)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    """Brings the bot's own tables to the newest schema (nothing to do when they are)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


async def store(engine: Engine, code: str, record: Record) -> None:
    """Stores one record under its code; the same code twice (a save tried again) stores it once."""
    row = {
        "code_hash": intake.code_hash(code),
        "created_at": record.created_at,
        "expires_at": record.expires_at,
        "consent_at": record.consent_at,
        "consent_by": intake.CONSENT_BY,
        "consent_purpose": intake.CONSENT_PURPOSE,
        "retention_days": record.retention_days,
        "answers": record.answers,
        "facts": record.facts,
        "region": record.region,
        "referrals": record.referrals,
    }
    try:
        with engine.begin() as connection:
            connection.execute(insert(intakes).values(**row))
    except IntegrityError:
        pass


async def fetch(engine: Engine, code: str, now: Optional[float] = None) -> Optional[Dict[str, Any]]:
    """The record of a code that is stored and not expired; None otherwise (the same for both)."""
    wanted = intake.code_hash(code)
    with engine.connect() as connection:
        row = connection.execute(select(intakes).where(intakes.c.code_hash == wanted)).mappings().first()
    if row is None or not intake.same_hash(row["code_hash"], wanted):
        return None
    if row["expires_at"] <= (time.time() if now is None else now):
        return None
    return dict(row)


async def remove(engine: Engine, code: str) -> int:
    with engine.begin() as connection:
        result = connection.execute(delete(intakes).where(intakes.c.code_hash == intake.code_hash(code)))
    return result.rowcount


async def remove_expired(engine: Engine, retention_days: int, now: Optional[float] = None) -> int:
    """Deletes records past their own expiry or older than the retention time set now (a
    shorter setting applies to records made before it)."""
    now = time.time() if now is None else now
    with engine.begin() as connection:
        result = connection.execute(
            delete(intakes).where(
                or_(intakes.c.expires_at <= now, intakes.c.created_at <= now - retention_days * 86400)
            )
        )
    return result.rowcount
