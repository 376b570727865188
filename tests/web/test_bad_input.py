"""Bad input against the running bot over its REST channel: every request gets a Dutch reply
or a clear 4xx, never a 5xx; the server keeps serving; and the tracker store afterwards holds
every accepted message exactly once, with exactly the replies that were sent back."""

import json
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.web.battery import REST, dutch_reply, head_only, raw_http

pytestmark = pytest.mark.browser

WEBHOOK = REST


def sender() -> str:
    return "bad-input-" + uuid.uuid4().hex[:12]


def say(bot_server, who, text):
    return bot_server.post(WEBHOOK, {"sender": who, "message": text}, headers={"Content-Type": "application/json"})


def stored(bot_server, who):
    events = bot_server.stored_events(who)
    return [t for kind, t in events if kind == "user"], [t for kind, t in events if kind == "bot"]


def assert_stored_exactly(bot_server, who, sent, replies):
    users, bots = stored(bot_server, who)
    # Rasa strips surrounding whitespace from what it stores.
    assert Counter(users) == Counter(t.strip() for t in sent), "every accepted message once, nothing else"
    assert Counter(bots) == Counter(replies), "every reply that was sent back, once"


@pytest.mark.parametrize(
    "text",
    [
        "🙂🙂🙂",
        "<script>alert('x')</script><b>hoi</b>",
        "'; DROP TABLE events; --",
        "Hello, I am looking for a job, can you help me?",
        "ik zoek wrek in tilbrug",
        "x" * 1000,
        "Ik ben al lang thuis. " * 45,  # a long rambling message just under the limit
    ],
)
def test_odd_but_valid_messages_get_a_dutch_reply(bot_server, text):
    who = sender()
    status, replies = say(bot_server, who, text)
    assert status == 200
    texts = [r["text"] for r in replies if r.get("text")]
    assert dutch_reply(texts), texts
    assert_stored_exactly(bot_server, who, [text], texts)


@pytest.mark.parametrize(
    "raw,status,code",
    [
        (b"", 400, "invalid_json"),
        (b"{not json", 400, "invalid_json"),
        (b"[]", 400, "invalid_json"),
        (b'{"sender": "s", "message": "caf\xe9"}', 400, "invalid_json"),  # not UTF-8
        (b'{"message": "hoi"}', 400, "invalid_sender"),
        (b'{"sender": "s"}', 400, "empty_message"),
        (b'{"sender": "s", "message": ""}', 400, "empty_message"),
        (b'{"sender": "s", "message": "   \\n  "}', 400, "empty_message"),
        (b'{"sender": "s", "message": "' + b"x" * 10_000 + b'"}', 413, "too_long"),
    ],
)
def test_bad_requests_get_a_clear_4xx_and_store_nothing(bot_server, raw, status, code):
    got, body = bot_server.post(WEBHOOK, None, raw=raw, headers={"Content-Type": "application/json"})
    assert (got, body["error"]) == (status, code)
    assert body["text"]
    assert bot_server.stored_events("s") == [] and bot_server.stored_events("default") == []


def test_a_1_mb_body_is_refused_before_it_is_read(bot_server):
    # Only the head is sent: the answer comes from the announced length, without the body.
    status, body = raw_http(bot_server, head_only(WEBHOOK, 1024 * 1024, b'{"sender": "s", "message": "'), "1 MB body")
    assert status == 413 and json.loads(body)["error"] == "too_large"
    assert bot_server.stored_events("s") == []


def test_100_messages_from_one_sender_at_once(bot_server):
    who = sender()
    texts = [f"bericht nummer {i}" for i in range(100)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda t: say(bot_server, who, t), texts))
    assert [status for status, _ in results] == [200] * 100
    replies = [r["text"] for _, body in results for r in body if r.get("text")]
    assert_stored_exactly(bot_server, who, texts, replies)


def test_50_new_senders_at_once(bot_server):
    senders = [sender() for _ in range(50)]
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(lambda who: say(bot_server, who, "hoi"), senders))
    assert [status for status, _ in results] == [200] * 50
    first = [r["text"] for r in results[0][1] if r.get("text")]
    for who, (_, body) in zip(senders, results, strict=True):
        texts = [r["text"] for r in body if r.get("text")]
        assert dutch_reply(texts)
        assert len(texts) == len(first)  # everyone gets the same opening, whatever it says
        assert_stored_exactly(bot_server, who, ["hoi"], texts)


def test_the_server_keeps_serving_after_all_that(bot_server):
    who = sender()
    status, replies = say(bot_server, who, "hoi")
    assert status == 200 and dutch_reply([r.get("text", "") for r in replies])
    status, replies = say(bot_server, who, "Ik zoek werk")
    assert status == 200 and dutch_reply([r.get("text", "") for r in replies])
    assert bot_server.alive()
