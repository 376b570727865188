"""A per-conversation lock that hands over at once.

endpoints.yml: `lock_store: {type: bot.store.lock_store.QueueLockStore}`.

Rasa's in-memory lock store gives each message of a conversation a ticket and checks once a
second whether it is its turn: a burst of 200 messages from one sender took about 1.1 s per
message, and the last ones waited close to the 60 s lock lifetime and response timeout. Here
each conversation has an asyncio lock: waiters queue in arrival order (asyncio.Lock is FIFO)
and the next one runs the moment the previous turn ends. Like Rasa's in-memory store, it
serves one server process (Rasa runs one Sanic worker unless a Redis lock store is set).
"""

import asyncio
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Dict, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore


class QueueLockStore(InMemoryLockStore):
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
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        self._users[conversation_id] = self._users.get(conversation_id, 0) + 1
        try:
            async with lock:
                yield TicketLock(conversation_id)
        finally:
            self._users[conversation_id] -= 1
            if not self._users[conversation_id]:  # nobody holds or waits: forget the lock
                del self._users[conversation_id]
                del self._locks[conversation_id]

    def waiting(self, conversation_id: Text) -> int:
        """How many turns of this conversation hold or wait for the lock."""
        return self._users.get(conversation_id, 0)
