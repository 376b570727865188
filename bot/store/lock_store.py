"""A per-conversation lock that hands over at once, and holds across replicas on PostgreSQL.

endpoints.yml: `lock_store: {type: bot.store.lock_store.ConversationLockStore}`.

Rasa's in-memory lock store gives each message of a conversation a ticket and checks once a
second whether it is its turn: a burst of 200 messages from one sender took about 1.1 s per
message, and the last ones waited close to the 60 s lock lifetime and response timeout. Here
each conversation has an asyncio lock: waiters queue in arrival order (asyncio.Lock is FIFO)
and the next one runs the moment the previous turn ends (QueueLockStore). That serves one
server process.

Several Rasa processes (replicas behind a proxy, or SANIC_WORKERS > 1) share the conversations
in one PostgreSQL database; without a shared lock two turns of one conversation on two
processes both read the stored events and the second save drops the first one's (Rasa appends
"the events after the number already stored"). ConversationLockStore then also takes a
PostgreSQL advisory lock on the conversation, in the database the conversations are in: no
other service, and the lock is the database's, so it cannot be held by a process that is gone
(a session-level advisory lock ends with its connection; TCP keepalives end the connection of a
machine that vanished). Rasa's RedisLockStore was measured (issue 14) losing 3.3% of messages
sent to two replicas at the same instant (the get-then-set of its tickets); an advisory lock is
taken atomically by the database.

CONVERSATION_LOCK chooses: `auto` (default: the advisory lock when TRACKER_DB_URL is
PostgreSQL, the in-process queue otherwise), `process` (the queue only: one process), or
`postgresql` (the advisory lock, and an error at start when the database is not PostgreSQL).
"""

import asyncio
import hashlib
import logging
import os
import time
from contextlib import AsyncExitStack, asynccontextmanager
from contextvars import ContextVar
from typing import AbstractSet, Any, AsyncGenerator, Dict, Optional, Text, Tuple

import sqlalchemy
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError
from sqlalchemy.engine import Connection, Engine, make_url

from bot.store.database import database_url, with_retry

logger = logging.getLogger(__name__)

LOCK_SETTING = "CONVERSATION_LOCK"
LOCK_CHOICES = ("auto", "process", "postgresql")
# Connections one process keeps for advisory locks (LOCK_CONNECTIONS): the number of
# conversations that can be in a turn at once in this process; more wait their turn in the
# process without holding a connection. Separate from the tracker store's pool, so a turn that
# holds its lock never waits for a connection to store its events.
DEFAULT_LOCK_CONNECTIONS = 20
# Polling for a lock another process holds: the first retry soon (turns take tens of ms), then
# less often. Another process holding the lock is rare: the proxy sends a conversation to one
# replica, and within a process turns queue without polling.
FIRST_POLL_SECONDS = 0.002
MAX_POLL_SECONDS = 0.05
# libpq's TCP keepalives: when the machine of a replica vanishes without closing its
# connections, PostgreSQL drops them, and their locks, after about 10 + 3 x 5 s.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}


# The locks the running task holds, as (lock store, conversation). A task that holds a
# conversation's lock may take it again (Rasa's turn inside a channel's check of a retried
# message, bot/channels/webchat_api.py) without waiting for itself.
_held: ContextVar[AbstractSet[Tuple[int, Text]]] = ContextVar("held_conversation_locks", default=frozenset())


@asynccontextmanager
async def _marked_held(key: Tuple[int, Text]) -> AsyncGenerator[None, None]:
    token = _held.set(_held.get() | {key})
    try:
        yield
    finally:
        _held.reset(token)


class QueueLockStore(InMemoryLockStore):
    """One process: an asyncio lock per conversation, handed to the next waiter at once; a
    task that holds it may take it again."""

    def __init__(self, endpoint_config: Optional[Any] = None) -> None:
        super().__init__()
        self._locks: Dict[Text, asyncio.Lock] = {}
        self._users: Dict[Text, int] = {}

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        if self.holds(conversation_id):
            yield TicketLock(conversation_id)
            return
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        self._users[conversation_id] = self._users.get(conversation_id, 0) + 1
        try:
            async with lock, _marked_held((id(self), conversation_id)):
                yield TicketLock(conversation_id)
        finally:
            self._users[conversation_id] -= 1
            if not self._users[conversation_id]:  # nobody holds or waits: forget the lock
                del self._users[conversation_id]
                del self._locks[conversation_id]

    def holds(self, conversation_id: Text) -> bool:
        """Whether the running task holds this conversation's lock of this store."""
        return (id(self), conversation_id) in _held.get()

    def waiting(self, conversation_id: Text) -> int:
        """How many turns of this conversation hold or wait for the lock."""
        return self._users.get(conversation_id, 0)


def lock_key(conversation_id: Text) -> int:
    """The advisory lock's key: a signed 64-bit hash of the conversation id. Two conversations
    with the same key (one chance in 2^64) would only wait for each other."""
    digest = hashlib.blake2b(conversation_id.encode("utf-8"), digest_size=8, person=b"wegwijzer-lock").digest()
    return int.from_bytes(digest, "big", signed=True)


def is_postgresql(url: Text) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


class AdvisoryLocks:
    """PostgreSQL session-level advisory locks, one per conversation, each held on a connection
    of its own for the whole turn."""

    def __init__(self, url: Text, connections: int = DEFAULT_LOCK_CONNECTIONS) -> None:
        # pool_size = the number of slots: a slot always finds a connection, so checking one
        # out never blocks the event loop (which would stop the turns that hold locks).
        self.engine: Engine = sqlalchemy.create_engine(
            url,
            pool_size=connections,
            max_overflow=0,
            pool_pre_ping=True,
            hide_parameters=True,
            connect_args=KEEPALIVES,
            # Without a transaction open: a turn-long "idle in transaction" would hold back
            # VACUUM, and idle_in_transaction_session_timeout would end the lock with it.
            isolation_level="AUTOCOMMIT",
        )
        self.slots = asyncio.Semaphore(connections)

    @asynccontextmanager
    async def hold(self, conversation_id: Text, wait_seconds: float) -> AsyncGenerator[None, None]:
        """Holds the conversation's lock; raises LockError when another process held it for
        longer than `wait_seconds`, StoreUnavailable when the database cannot be reached (the
        turn then fails as a whole with 503, as for any other database outage)."""
        key = lock_key(conversation_id)
        async with self.slots:
            connection = await with_retry(
                lambda: self._locked_connection(key, wait_seconds), "taking a conversation lock"
            )
            try:
                yield
            finally:
                self._release(connection, key)
                connection.close()

    async def _locked_connection(self, key: int, wait_seconds: float) -> Connection:
        """A connection of the pool that holds the lock `key`, once no other session does."""
        connection = self.engine.connect()
        try:
            deadline = time.monotonic() + wait_seconds
            delay = FIRST_POLL_SECONDS
            while not connection.exec_driver_sql("SELECT pg_try_advisory_lock(%s)", (key,)).scalar():
                if time.monotonic() + delay > deadline:
                    raise LockError(f"Could not acquire the lock of a conversation within {wait_seconds:.0f} s")
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_POLL_SECONDS)
        except BaseException:
            # Nothing is held: a lock taken on a connection that broke ended with its session.
            connection.close()
            raise
        return connection

    @staticmethod
    def _release(connection: Connection, key: int) -> None:
        """Unlocks; when that fails or the lock was not held any more (the connection broke and
        was replaced), the connection is discarded rather than pooled: a pooled connection must
        never hold a lock, and a closed one holds none."""
        try:
            released = connection.exec_driver_sql("SELECT pg_advisory_unlock(%s)", (key,)).scalar()
        except Exception as error:
            logger.warning(f"Releasing a conversation lock failed ({type(error).__name__}); closing its connection")
            released = False
        if not released:
            connection.invalidate()

    def close(self) -> None:
        self.engine.dispose()


def lock_choice(setting: Optional[Text], url: Text) -> Text:
    """`process` or `postgresql`: what CONVERSATION_LOCK asks for with this database URL."""
    choice = (setting or "auto").strip().lower()
    if choice not in LOCK_CHOICES:
        raise ValueError(f"{LOCK_SETTING} must be one of {', '.join(LOCK_CHOICES)}, not {setting!r}")
    if choice == "auto":
        return "postgresql" if is_postgresql(url) else "process"
    if choice == "postgresql" and not is_postgresql(url):
        raise ValueError(f"{LOCK_SETTING}=postgresql needs TRACKER_DB_URL on PostgreSQL")
    return choice


def lock_connections() -> int:
    try:
        return max(1, int(os.environ.get("LOCK_CONNECTIONS", DEFAULT_LOCK_CONNECTIONS)))
    except ValueError:
        return DEFAULT_LOCK_CONNECTIONS


class ConversationLockStore(QueueLockStore):
    """The in-process queue, and with PostgreSQL also the advisory lock that holds across
    processes. A turn first waits in its own process (FIFO, no connection held), then for the
    database's lock; so a process holds at most one database lock per conversation."""

    def __init__(self, endpoint_config: Optional[Any] = None, url: Optional[Text] = None) -> None:
        super().__init__(endpoint_config)
        db_url = database_url(url)
        self.advisory: Optional[AdvisoryLocks] = None
        if lock_choice(os.environ.get(LOCK_SETTING), db_url) == "postgresql":
            self.advisory = AdvisoryLocks(db_url, lock_connections())
        if self.advisory is None and os.environ.get("SANIC_WORKERS", "1").strip() not in ("", "1"):
            # Rasa starts several workers for any custom lock store; this one does not hold
            # across them.
            logger.error(f"SANIC_WORKERS > 1 needs the PostgreSQL lock ({LOCK_SETTING}, README.md)")
        logger.info(f"Conversation lock: {'PostgreSQL advisory lock' if self.advisory else 'this process only'}")

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        if self.holds(conversation_id):
            yield TicketLock(conversation_id)
            return
        async with AsyncExitStack() as held:
            ticket = await held.enter_async_context(super().lock(conversation_id, lock_lifetime))
            if self.advisory is not None:
                # Rasa gives up on a lock after its lifetime (TICKET_LOCK_LIFETIME, 60 s); so
                # does a turn waiting for another process.
                await held.enter_async_context(self.advisory.hold(conversation_id, lock_lifetime))
            yield ticket
