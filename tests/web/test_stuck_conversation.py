"""A conversation the old rules left stuck answers again.

Under the old rules "hoi" -> "Wie ben jij?" -> "ja" made the fallback action run ten times, Rasa's
circuit breaker tripped, and every later message of that conversation got no reply at all,
not even a crisis message. Such conversations may still be in a tracker store; here one is
written into the running bot's store exactly as it was stored then, and the next message must
get its answer."""

import json
import time

import pytest
import sqlalchemy
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered

pytestmark = pytest.mark.browser

SENDER = "stuck-by-the-old-rules"


def _stuck_events():
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("hoi", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("utter_welcome"),
        BotUttered("Hoi, welkom"),
        ActionExecuted("utter_ask_role"),
        BotUttered("Wie ben jij?"),
        ActionExecuted("action_listen"),
        UserUttered("ja", {"name": "affirm", "confidence": 1.0}),
    ]
    for _ in range(10):
        events += [ActionExecuted("action_fallback"), BotUttered("Sorry, dat begreep ik niet.")]
    return events


def test_a_stuck_conversation_answers_again(bot_server):
    bot_server.post("/webhooks/rest/webhook", {"sender": "creates-the-table", "message": "hoi"})
    now = time.time()
    rows = []
    for offset, event in enumerate(_stuck_events()):
        data = event.as_dict()
        data["timestamp"] = now + offset / 1000
        rows.append(
            {
                "sender_id": SENDER,
                "type_name": data["event"],
                "timestamp": data["timestamp"],
                "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
                "action_name": data.get("name"),
                "data": json.dumps(data),
            }
        )
    with bot_server.engine.begin() as connection:
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                "VALUES (:sender_id, :type_name, :timestamp, :intent_name, :action_name, :data)"
            ),
            rows,
        )

    status, replies = bot_server.post(
        "/webhooks/rest/webhook", {"sender": SENDER, "message": "ik zie het niet meer zitten"}
    )
    assert status == 200
    assert any("113" in (r.get("text") or "") for r in replies), replies
    status, replies = bot_server.post("/webhooks/rest/webhook", {"sender": SENDER, "message": "nee"})
    assert status == 200 and replies, "and it goes on answering"
