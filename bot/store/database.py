"""The one database the bot keeps conversations in: its URL, its engine, and how a blink of the
database server is bridged.

TRACKER_DB_URL: an SQLAlchemy URL. Without it: an SQLite file, var/tracker.db (DEFAULT_URL is
the only place that says so). Production uses PostgreSQL, e.g.
postgresql://user:password@host:5432/wegwijzer.
"""

import asyncio
import contextlib
import logging
import os
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator, Optional, Text, TypeVar

import sqlalchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool, QueuePool

logger = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///var/tracker.db"
# Waits between attempts when the database cannot be reached: about 3 s in all, enough for a
# PostgreSQL restart or fail-over; after that the turn fails visibly (503).
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
# Only the bot's own user may read the SQLite file: it holds what people wrote.
FILE_MODE = 0o600

T = TypeVar("T")


class StoreUnavailable(Exception):
    """The database could not be reached or could not write, also after retrying. The turn
    fails as a whole (nothing of it is stored) and the channel answers 503."""


class SessionGone(Exception):
    """A website-chat turn for a session id that was deleted while the turn waited: nothing of
    it is stored (the channel answers as for an unknown session)."""


def database_url(url: Optional[Text] = None) -> Text:
    return url or os.environ.get("TRACKER_DB_URL") or DEFAULT_URL


def is_sqlite(url: Text) -> bool:
    return make_url(url).drivername.startswith("sqlite")


def prepare_sqlite_file(url: Text) -> None:
    """Creates the SQLite file (and its folder) readable by the bot's user only, before SQLite
    does; SQLite gives its -wal and -shm files the same mode."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, FILE_MODE))
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists():
            os.chmod(file, FILE_MODE)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Write-ahead log without a disk sync on every commit, and deleted text overwritten.

    Rasa commits at least once per turn, and each commit waited for the disk (about 8% of the
    server's busy time in `make bench`). With WAL and synchronous=NORMAL a commit survives a
    crash of the bot; only a power failure or OS crash may lose the last turns. Readers (the chat
    history) no longer wait for writers. secure_delete makes SQLite overwrite what is deleted
    ("Gesprek wissen", retention), so it does not linger in free pages of the file.
    """
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: Text) -> Engine:
    """The engine for the tracker store and the issued session ids.

    - pool_pre_ping: a pooled connection is tested before use, so connections broken by a
      database restart are replaced instead of failing a turn;
    - hide_parameters: error messages never carry the values of a statement (what people wrote);
    - SQLite keeps its connections in a pool (SQLAlchemy 1.4 otherwise opens and closes one per
      session, and in WAL mode each last close also checkpoints: 5% of busy time in `make
      bench`); a connection is used by one session at a time, so sharing it between threads is
      safe.
    """
    if is_sqlite(url):
        prepare_sqlite_file(url)
        engine = sqlalchemy.create_engine(
            url,
            poolclass=QueuePool,
            pool_pre_ping=True,
            hide_parameters=True,
            connect_args={"check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    from rasa.core.tracker_store import create_engine_kwargs  # PostgreSQL pool size, schema

    return sqlalchemy.create_engine(url, pool_pre_ping=True, hide_parameters=True, **create_engine_kwargs(url))


# The advisory lock that serialises creating and migrating the tables (two int keys: a lock
# space apart from the conversation locks' 64-bit keys, bot/store/lock_store.py).
SCHEMA_LOCK_KEYS = (7311, 1)


@contextlib.contextmanager
def schema_lock(url: Text) -> Iterator[None]:
    """On PostgreSQL: replicas that start together create and migrate the tables one after the
    other (a CREATE TABLE racing another fails with "already exists", and stopped one replica of
    two started at once). When the database cannot be reached yet, the set-up goes on without
    the lock, and Rasa's tracker store waits for the database as before."""
    if make_url(url).get_backend_name() != "postgresql":
        yield
        return
    engine = sqlalchemy.create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT", hide_parameters=True)
    try:
        try:
            connection = engine.connect()
        except sqlalchemy.exc.OperationalError:
            logger.warning("Database not reachable yet: setting up the tables without the schema lock")
            yield
            return
        with connection:
            connection.exec_driver_sql("SELECT pg_advisory_lock(%s, %s)", SCHEMA_LOCK_KEYS)
            try:
                yield
            finally:
                connection.exec_driver_sql("SELECT pg_advisory_unlock(%s, %s)", SCHEMA_LOCK_KEYS)
    finally:
        engine.dispose()


def checkpoint(engine: Engine) -> None:
    """Empties SQLite's write-ahead log into the database file and truncates it, so deleted
    text is gone from the -wal file too. (PostgreSQL: see "Deleting" in README.md.)"""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def is_transient(error: BaseException) -> bool:
    """An error that a new connection may not have: the server restarted, went away, or was
    busy. Errors in the statement itself (a bad value, a constraint) are not retried."""
    if isinstance(error, sqlalchemy.exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(
        error,
        (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError, sqlalchemy.exc.TimeoutError),
    )


async def with_retry(operation: Callable[[], Awaitable[T]], what: Text) -> T:
    """Runs a database operation; when the database cannot be reached, tries again after
    RETRY_DELAYS (with the pool's pre-ping each attempt gets a fresh connection). Every
    operation retried here is idempotent: a save stores only the events the database does not
    hold yet, so a commit whose answer was lost is not stored twice."""
    for delay in (*RETRY_DELAYS, None):
        try:
            return await operation()
        except Exception as error:
            if not is_transient(error):
                raise
            if delay is None:
                # The cause's type only: its message may quote the statement.
                logger.error(
                    f"Database unavailable for {what} after {len(RETRY_DELAYS)} retries ({type(error).__name__})"
                )
                raise StoreUnavailable(what) from None
            logger.warning(f"Database unavailable for {what} ({type(error).__name__}); retrying in {delay} s")
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")
