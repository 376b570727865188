"""The recorded conversations in tests/conversations/ (see runner.py there), with the trained
NLU: the bot must still give the same responses, turn by turn."""

import pytest

from tests.conversations.runner import files, load, play

pytestmark = pytest.mark.model

CASES = [(path.stem, conversation) for path in files() for conversation in load(path)]


@pytest.mark.parametrize("conversation", [c for _, c in CASES], ids=[f"{f}: {c['name']}" for f, c in CASES])
def test_recorded_conversation(agent, conversation):
    said = play(agent, conversation["turns"])
    for number, (turn, replies) in enumerate(zip(conversation["turns"], said, strict=True), start=1):
        assert replies == turn["bot"], f"turn {number}: {turn['user']!r}"
