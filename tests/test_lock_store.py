"""The per-conversation lock: turns of one conversation run one at a time, in arrival order,
each starting as soon as the previous one ends; other conversations are not held up; on
PostgreSQL the same holds across processes (replicas)."""

import asyncio
import os
import subprocess
import sys
import time

import pytest
import sqlalchemy
from rasa.core.lock_store import LockError

from bot.servers import ROOT
from bot.store.lock_store import ConversationLockStore, QueueLockStore, lock_choice, lock_key


async def _turns(store, conversation, n, log, work=0.001):
    async def turn(i):
        async with store.lock(conversation):
            log.append(("start", conversation, i))
            await asyncio.sleep(work)
            log.append(("end", conversation, i))

    tasks = []
    for i in range(n):
        tasks.append(asyncio.create_task(turn(i)))
        await asyncio.sleep(0)  # arrival order
    await asyncio.gather(*tasks)


def test_one_conversation_runs_one_turn_at_a_time_in_arrival_order():
    store, log = QueueLockStore(), []
    asyncio.run(_turns(store, "a", 200, log))
    assert log == [(kind, "a", i) for i in range(200) for kind in ("start", "end")]
    assert store.waiting("a") == 0 and not store._locks  # nothing left behind


def test_conversations_do_not_wait_for_each_other():
    store, log = QueueLockStore(), []

    async def both():
        await asyncio.gather(_turns(store, "a", 5, log, work=0.01), _turns(store, "b", 5, log, work=0.01))

    asyncio.run(both())
    first_end = log.index(next(e for e in log if e[0] == "end"))
    assert {e[1] for e in log[:first_end]} == {"a", "b"}  # both started before anything ended


def test_a_cancelled_waiter_does_not_block_the_others():
    store, log = QueueLockStore(), []

    async def scenario():
        async def turn(i, work):
            async with store.lock("c"):
                log.append(i)
                await asyncio.sleep(work)

        first = asyncio.create_task(turn(0, 0.05))
        await asyncio.sleep(0)
        gone = asyncio.create_task(turn(1, 0))
        third = asyncio.create_task(turn(2, 0))
        await asyncio.sleep(0.01)
        gone.cancel()  # the client went away while waiting
        await asyncio.gather(first, third, return_exceptions=True)

    asyncio.run(scenario())
    assert log == [0, 2]
    assert store.waiting("c") == 0


def test_a_turn_holding_the_lock_may_take_it_again_and_others_still_wait():
    store, log = QueueLockStore(), []

    async def scenario():
        async def check_then_turn():
            async with store.lock("r"):  # the channel's check of a retried message
                log.append("check")
                async with store.lock("r"):  # Rasa's own lock for the turn: the same hold
                    log.append("turn")
                    await asyncio.sleep(0.01)

        async def other():
            async with store.lock("r"):
                log.append("other")

        first = asyncio.create_task(check_then_turn())
        await asyncio.sleep(0)
        await asyncio.gather(first, other())

    asyncio.run(scenario())
    assert log == ["check", "turn", "other"]
    assert store.waiting("r") == 0


# Across processes: the PostgreSQL advisory lock of ConversationLockStore. Two stores stand for
# two replicas (each has its own connections, so PostgreSQL sees two sessions); a child process
# stands for a replica that dies holding a lock.

SQLITE_URL = "sqlite:///var/never-opened.db"


def _postgres_url():
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.fail("TEST_POSTGRES_URL is not set: run the tests with `make test` (it starts PostgreSQL).")
    return url


@pytest.mark.parametrize(
    "setting, url, choice",
    [
        (None, SQLITE_URL, "process"),
        ("auto", SQLITE_URL, "process"),
        (None, "postgresql://u@db:5432/wegwijzer", "postgresql"),
        ("AUTO ", "postgresql+psycopg2://u@db/wegwijzer", "postgresql"),
        ("process", "postgresql://u@db/wegwijzer", "process"),
        ("postgresql", "postgresql://u@db/wegwijzer", "postgresql"),
    ],
)
def test_the_lock_follows_the_database_unless_chosen(setting, url, choice):
    assert lock_choice(setting, url) == choice


@pytest.mark.parametrize("setting, url", [("postgresql", SQLITE_URL), ("redis", SQLITE_URL)])
def test_an_impossible_lock_choice_is_refused_at_start(setting, url):
    with pytest.raises(ValueError, match="CONVERSATION_LOCK"):
        lock_choice(setting, url)


def test_on_sqlite_the_lock_is_the_process_queue(monkeypatch):
    monkeypatch.delenv("CONVERSATION_LOCK", raising=False)
    store = ConversationLockStore(url=SQLITE_URL)
    assert store.advisory is None
    log = []
    asyncio.run(_turns(store, "s", 20, log))
    assert log == [(kind, "s", i) for i in range(20) for kind in ("start", "end")]


def test_lock_keys_are_stable_signed_64_bit_numbers():
    assert lock_key("webchat:abc") == lock_key("webchat:abc") != lock_key("webchat:abd")
    assert all(-(2**63) <= lock_key(c) < 2**63 for c in ("", "a", "webchat:" + "f" * 32, "é🙂"))


async def _read_modify_write(stores, conversation, turns_per_store, counter, inside):
    """Each turn reads the counter, yields to the others, writes it back plus one: a turn that
    ran beside another one of the same conversation would lose an increment."""

    async def turn(store):
        async with store.lock(conversation):
            inside.append(1)
            assert len(inside) == 1, "two turns of one conversation at once"
            seen = counter["value"]
            await asyncio.sleep(0.001)
            counter["value"] = seen + 1
            inside.pop()

    await asyncio.gather(*(turn(store) for _ in range(turns_per_store) for store in stores))


def test_two_replicas_on_postgres_run_one_turn_of_a_conversation_at_a_time(monkeypatch):
    monkeypatch.setenv("CONVERSATION_LOCK", "postgresql")
    replicas = [ConversationLockStore(url=_postgres_url()) for _ in range(2)]
    counter, inside = {"value": 0}, []
    try:
        asyncio.run(_read_modify_write(replicas, "shared", 40, counter, inside))
        assert counter["value"] == 80
        # Other conversations do not wait: both replicas run two of them side by side.
        log = []

        async def both():
            await asyncio.gather(
                _turns(replicas[0], "x", 3, log, work=0.02), _turns(replicas[1], "y", 3, log, work=0.02)
            )

        asyncio.run(both())
        first_end = log.index(next(e for e in log if e[0] == "end"))
        assert {e[1] for e in log[:first_end]} == {"x", "y"}
        assert _advisory_locks_held(_postgres_url()) == 0  # every lock released, none pooled
    finally:
        for replica in replicas:
            replica.advisory.close()


def test_a_replica_waiting_too_long_on_postgres_gets_a_lock_error(monkeypatch):
    monkeypatch.setenv("CONVERSATION_LOCK", "postgresql")
    holder, waiter = (ConversationLockStore(url=_postgres_url()) for _ in range(2))

    async def scenario():
        async with holder.lock("busy"):
            with pytest.raises(LockError):
                async with waiter.lock("busy", lock_lifetime=0.2):
                    pass
        async with waiter.lock("busy", lock_lifetime=0.2):  # free again once released
            pass

    try:
        asyncio.run(scenario())
    finally:
        holder.advisory.close()
        waiter.advisory.close()


HOLD_AND_WAIT = """
import asyncio, sys
from bot.store.lock_store import ConversationLockStore

async def main():
    async with ConversationLockStore(url=sys.argv[1]).lock("orphan"):
        print("held", flush=True)
        await asyncio.sleep(600)

asyncio.run(main())
"""


def test_a_replica_killed_holding_a_lock_on_postgres_frees_it(monkeypatch):
    url = _postgres_url()
    env = dict(os.environ, CONVERSATION_LOCK="postgresql")
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_WAIT, url], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "held"
        monkeypatch.setenv("CONVERSATION_LOCK", "postgresql")
        survivor = ConversationLockStore(url=url)

        async def try_lock():
            async with survivor.lock("orphan", lock_lifetime=0.3):
                return True

        with pytest.raises(LockError):  # held by the live child
            asyncio.run(try_lock())
        child.kill()  # SIGKILL: no clean-up of its own
        child.wait()
        assert asyncio.run(_within(try_lock, seconds=30))
        survivor.advisory.close()
    finally:
        child.kill()
        child.wait()


async def _within(attempt, seconds):
    """Tries `attempt` until it succeeds: PostgreSQL ends the dead child's session shortly after
    its connection closes."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return await attempt()
        except LockError:
            if time.monotonic() > deadline:
                raise


def _advisory_locks_held(url):
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'").scalar()
    finally:
        engine.dispose()
