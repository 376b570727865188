"""The retention job: conversations idle longer than the retention time are deleted, with
the website-chat session ids that no longer name a conversation. It keeps the privacy notice
of the widget true ("niet langer dan {retention_days} dagen na je laatste bericht"). The same
job deletes the professionals' intake records past their expiry (INTAKE_RETENTION_DAYS,
bot/intake.py)."""

import asyncio
import logging
import time
from typing import Any

from bot import intake
from bot.store.tracker_store import primary_store

logger = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 3600


async def purge_once(tracker_store: Any, retention_days: int) -> int:
    """Deletes what is older than the retention time; returns the number of events deleted."""
    store = primary_store(tracker_store)
    if not hasattr(store, "delete_idle_conversations"):
        return 0
    cutoff = time.time() - retention_days * 86400
    return await store.delete_idle_conversations(cutoff)


async def purge_intakes_once(tracker_store: Any) -> int:
    """Deletes intake records past their expiry; returns how many."""
    store = primary_store(tracker_store)
    if not hasattr(store, "delete_expired_intakes"):
        return 0
    return await store.delete_expired_intakes(intake.retention_days())


async def purge_forever(app: Any, retention_days: int) -> None:
    """Runs beside the server (a Sanic task): once an hour, and soon after start-up."""
    while True:
        agent = getattr(app.ctx, "agent", None)
        if agent is None or agent.tracker_store is None:
            await asyncio.sleep(5)  # the model is still loading
            continue
        try:
            deleted = await purge_once(agent.tracker_store, retention_days)
            if deleted:
                logger.info(f"Deleted {deleted} events of conversations idle > {retention_days} days")
            expired = await purge_intakes_once(agent.tracker_store)
            if expired:
                logger.info(f"Deleted {expired} expired intake records")
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.error(f"Deleting idle conversations failed ({type(error).__name__}); trying again later")
        await asyncio.sleep(PURGE_INTERVAL_SECONDS)
