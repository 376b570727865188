"""PostgreSQL restarts in the middle of 20 conversations (10 over REST, 10 in the website
chat), against the bot on a real PostgreSQL server (scripts/postgres_for_tests.sh).

Clients behave like the widget: a message that gets a 503 is sent again. Afterwards every
message that got a 200 is stored exactly once, in order, and every conversation took exactly
the same steps (the same actions, turn by turn) as a conversation that ran with the database
up: the same actions, responses (by name) and dialogue state, turn by turn, so no question
skipped or asked twice and no out-of-context answer. The steps are compared, not the
sentences, so the test holds whatever the dialogue says.

Two cases: a restart of 0.2 s, bridged by the store's retries (a 503 may not even happen),
and an outage of 6 s, longer than the retries, during which turns fail visibly with a 503
and a Dutch sentence, and leave nothing behind.
"""

import json
import os
import subprocess
import threading
import time
import uuid
from typing import Dict, List, Tuple

import pytest

from tests.web.battery import REST, dutch_reply
from tests.web.conftest import OUTPUT

pytestmark = pytest.mark.browser

SCRIPT = [
    "hoi",
    "ik zoek werk",
    "structuur en collega's",
    "iets met mijn handen, in de techniek",
    "klussen en fietsen maken",
    "ik ben handig en nauwkeurig",
    "in een klein team met vaste taken",
    "mijn behandelaar en mijn zus",
    "ja",
    "nee",
    "ik heb bijstand",
    "Groningen",
]
CONVERSATIONS = 20
RETRY_PAUSE_SECONDS = 0.5  # a person clicking "Opnieuw proberen"
MAX_ATTEMPTS = 60


class Conversation:
    def __init__(self, server, channel: str) -> None:
        self.server, self.channel = server, channel
        if channel == "rest":
            self.id = "restart-" + uuid.uuid4().hex[:12]
            self.stored_as = self.id
        else:
            self.id = server.new_session()
            self.stored_as = f"webchat:{self.id}"
        self.answered: List[str] = []
        self.unavailable = 0
        self.other_errors: List[Tuple[int, object]] = []

    def send(self, text: str) -> None:
        for _ in range(MAX_ATTEMPTS):
            if self.channel == "rest":
                status, body = self.server.post(REST, {"sender": self.id, "message": text})
            else:
                status, body = self.server.post("/webchat/api/message", {"session_id": self.id, "message": text})
            if status == 200:
                replies = body if self.channel == "rest" else body["messages"]
                assert dutch_reply([r.get("text", "") for r in replies]), replies
                self.answered.append(text)
                return
            if status == 503 and isinstance(body, dict) and body.get("error") == "store_unavailable":
                assert body["text"]  # the Dutch sentence the widget shows
                self.unavailable += 1
                time.sleep(RETRY_PAUSE_SECONDS)
                continue
            self.other_errors.append((status, body))
            return
        self.other_errors.append((0, "gave up"))

    def play(self, script: List[str], started: threading.Event = None) -> None:
        for i, text in enumerate(script):
            self.send(text)
            if started is not None and i == 2:
                started.set()

    def steps(self) -> List[str]:
        """What the bot did, in order: its actions, the responses it chose (by name, so random
        variants of a sentence do not count), and the slots it set (the dialogue's state)."""
        steps = []
        for kind, data in self.server.stored(self.stored_as):
            if kind == "action":
                steps.append(f"action {data.get('name')}")
            elif kind == "bot":
                steps.append(f"bot {(data.get('metadata') or {}).get('utter_action') or data.get('text')}")
            elif kind == "slot" and not str(data.get("name")).startswith("session_started"):
                steps.append(f"slot {data.get('name')}={json.dumps(data.get('value'), sort_keys=True)}")
        return steps

    def user_texts(self) -> List[str]:
        return [data.get("text") for kind, data in self.server.stored(self.stored_as) if kind == "user"]


def reference_steps(server) -> Dict[str, List[str]]:
    steps = {}
    for channel in ("rest", "webchat"):
        conversation = Conversation(server, channel)
        conversation.play(SCRIPT)
        assert not conversation.other_errors and conversation.unavailable == 0
        steps[channel] = conversation.steps()
    return steps


def run_with_database_trouble(server, down_seconds: float) -> Dict[str, object]:
    restart = os.environ["TEST_POSTGRES_RESTART"]
    reference = reference_steps(server)
    conversations = [Conversation(server, "rest" if i % 2 else "webchat") for i in range(CONVERSATIONS)]
    under_way = [threading.Event() for _ in conversations]
    threads = [threading.Thread(target=c.play, args=(SCRIPT, e)) for c, e in zip(conversations, under_way, strict=True)]
    for thread in threads:
        thread.start()
    for event in under_way:  # every conversation is a few turns in
        event.wait(timeout=300)
    subprocess.run([restart, str(down_seconds)], check=True, timeout=120)
    for thread in threads:
        thread.join(timeout=900)
    assert not any(t.is_alive() for t in threads)

    result = {
        "down (s)": down_seconds,
        "turns answered": 0,
        "503 answers": 0,
        "lost": 0,
        "duplicated": 0,
        "steps differing from the reference": 0,
    }
    for conversation in conversations:
        assert not conversation.other_errors, conversation.other_errors[:3]
        assert conversation.answered == SCRIPT  # every message got its 200 in the end
        stored = conversation.user_texts()
        result["turns answered"] += len(conversation.answered)
        result["503 answers"] += conversation.unavailable
        result["lost"] += sum(max(0, SCRIPT.count(t) - stored.count(t)) for t in set(SCRIPT))
        result["duplicated"] += sum(max(0, stored.count(t) - SCRIPT.count(t)) for t in set(stored))
        assert stored == SCRIPT, f"{conversation.stored_as}: stored {stored}"
        if conversation.steps() != reference[conversation.channel]:
            result["steps differing from the reference"] += 1
    assert server.alive()
    assert result["lost"] == result["duplicated"] == result["steps differing from the reference"] == 0, result
    return result


def _report(name: str, result: Dict[str, object]) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / "database_restart.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results[name] = result
    path.write_text(json.dumps(results, indent=2), encoding="utf-8")


def test_a_restart_of_the_database_loses_nothing(pg_bot_server):
    _report("restart", run_with_database_trouble(pg_bot_server, down_seconds=0))


def test_a_longer_outage_fails_turns_visibly_and_loses_nothing(pg_bot_server):
    result = run_with_database_trouble(pg_bot_server, down_seconds=6)
    assert result["503 answers"] > 0  # longer than the retries: turns failed, and said so
    _report("outage of 6 s", result)
    # The server's own log names the outage, without any message text.
    assert "Database unavailable" in pg_bot_server.log("rasa")
