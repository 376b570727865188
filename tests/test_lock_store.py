"""The per-conversation lock: turns of one conversation run one at a time, in arrival order,
each starting as soon as the previous one ends; other conversations are not held up."""

import asyncio

from bot.store.lock_store import QueueLockStore


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
