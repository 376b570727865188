"""Random conversations with the trained NLU and the dialogue: 300 conversations of 12 turns
over the message pool (tests/dialogue/pool.yml), seeded so that a failure can be replayed
(`python -m tests.dialogue.walk --conversations 1 --seed ...`). `make fuzz` runs 5,000.

After every turn (tests/dialogue/walk.py `check`): a reply, at most four messages, no message
twice, no unfilled placeholder, crisis answered with 113/112, no menu or fallback right after a
crisis reply, the crisis thread keeps 113/112, never the same fallback three turns running, a
guide answer is taken as the answer, a known fact is not asked again."""

import pytest

from tests.dialogue import walk

pytestmark = pytest.mark.model

CONVERSATIONS = 300


@pytest.fixture(scope="module")
def parse(agent):
    return walk.Parser(agent)


def test_the_pool_has_every_kind_of_message():
    pool = walk.load_pool()
    assert sum(len(v) for v in pool.values()) >= 300
    for kind in (
        "yes_no_ok",
        "guide_answer",
        "fact",
        "correction",
        "faq",
        "command",
        "gibberish_english_odd",
        "crisis",
        "crisis_followup",
    ):
        assert len(pool[kind]) >= 15, kind


def test_random_conversations_keep_every_invariant(parse):
    result = walk.run(parse, CONVERSATIONS, seed=2026)
    assert result.turns >= CONVERSATIONS * walk.TURNS
    assert not result.by_kind, walk.report(result, 2026)


def test_a_conversation_replays_from_its_seed(parse):
    pool = walk.load_pool()
    first, again = walk.walk(parse, pool, 77), walk.walk(parse, pool, 77)
    assert first.transcript() == again.transcript()
