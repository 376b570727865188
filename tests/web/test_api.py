"""The widget's API against the running bot: bad requests get a clear 4xx in Dutch, only
session ids the server issued are accepted, a conversation can be deleted only with its own
id, and only listed sites may call."""

import json

import pytest

from tests.web.battery import dutch_reply

pytestmark = pytest.mark.browser


def say(bot_server, session, text, **extra):
    return bot_server.post("/webchat/api/message", {"session_id": session, "message": text, **extra})


def test_a_message_gets_a_reply_and_is_stored(bot_server):
    session = bot_server.new_session()
    status, body = say(bot_server, session, "/greet")
    assert status == 200
    assert dutch_reply([m["text"] for m in body["messages"]])
    assert ("user", "/greet") in bot_server.webchat_events(session)


def _bad_requests(session):
    s = session.encode()
    return [
        (b"not json", 400, "invalid_json"),
        (b"[1, 2]", 400, "invalid_json"),
        (b"\xff\xfe\x00", 400, "invalid_json"),  # not UTF-8
        (b"", 400, "invalid_json"),
        (b'{"message": "hoi"}', 400, "invalid_session"),  # no session id
        (b'{"session_id": "default", "message": "hoi"}', 400, "invalid_session"),
        (b'{"session_id": "' + b"a" * 32 + b'", "message": "hoi"}', 400, "invalid_session"),  # never issued
        (b'{"session_id": "' + s + b'\\n", "message": "hoi"}', 400, "invalid_session"),  # fullmatch
        (b'{"session_id": "' + s.upper() + b'", "message": "hoi"}', 400, "invalid_session"),
        (b'{"session_id": "' + s + b'", "message": "   "}', 400, "empty_message"),
        (b'{"session_id": "' + s + b'", "message": 42}', 400, "empty_message"),
        (b'{"session_id": "' + s + b'", "message": "\\u0000\\u0007"}', 400, "empty_message"),
        (b'{"session_id": "' + s + b'", "message": "' + b"x" * 1001 + b'"}', 413, "too_long"),
        (b'{"session_id": "' + s + b'", "message": "hoi", "x": ' + b"[" * 3000 + b"]" * 3000 + b"}", 400, "too_deep"),
    ]


def test_bad_requests_get_a_clear_answer(bot_server):
    session = bot_server.new_session()
    for raw, status, code in _bad_requests(session):
        got_status, body = bot_server.post("/webchat/api/message", None, raw=raw)
        assert (got_status, body["error"]) == (status, code), raw[:80]
        assert body["text"]  # a sentence the widget can show
    assert bot_server.webchat_events(session) == []
    assert bot_server.webchat_events("a" * 32) == []


def test_emoji_html_and_english_get_a_reply(bot_server):
    session = bot_server.new_session()
    for text in ["🙂🙂🙂", "<script>alert(1)</script>", "Hello, do you speak English?"]:
        status, body = say(bot_server, session, text)
        assert status == 200 and body["messages"] and body["messages"][0]["text"]
    user_texts = [t for kind, t in bot_server.webchat_events(session) if kind == "user"]
    assert user_texts == ["🙂🙂🙂", "<script>alert(1)</script>", "Hello, do you speak English?"]


def test_a_button_title_is_kept_for_the_history(bot_server):
    session = bot_server.new_session()
    say(bot_server, session, "/greet")
    say(bot_server, session, "/role_employer", display="Ik ben werkgever")
    status, body = bot_server.post("/webchat/api/history", {"session_id": session})
    assert status == 200
    assert {"sender": "user", "text": "Ik ben werkgever"} in body["messages"]


def test_delete_needs_the_conversations_own_id_and_touches_nothing_else(bot_server):
    mine, theirs = bot_server.new_session(), bot_server.new_session()
    say(bot_server, mine, "hoi")
    say(bot_server, theirs, "hoi")
    for wrong in ["default", "", None, mine[:-1], mine.upper(), mine + "\n", "0" * 32]:
        status, _ = bot_server.post("/webchat/api/delete", {"session_id": wrong})
        assert status == 400
    status, _ = bot_server.post("/webchat/api/delete", {})
    assert status == 400
    status, body = bot_server.post("/webchat/api/delete", {"session_id": mine})
    assert status == 200 and body["deleted"] > 0
    assert bot_server.webchat_events(mine) == []
    assert ("user", "hoi") in bot_server.webchat_events(theirs)
    # The deleted session's id is forgotten too: it names nothing any more.
    status, body = bot_server.post("/webchat/api/history", {"session_id": mine})
    assert (status, body["error"]) == (400, "invalid_session")


def test_only_listed_origins_may_call(bot_server, sites):
    listed = f"http://127.0.0.1:{sites['allowed']}"
    status, _ = bot_server.post("/webchat/api/session", {}, headers={"Origin": "https://evil.example"})
    assert status == 403
    status, body = bot_server.post("/webchat/api/session", {}, headers={"Origin": listed})
    assert status == 200 and body["session_id"]
    status, _ = bot_server.post("/webchat/api/session", {}, headers={"Origin": bot_server.url})
    assert status == 200


def test_rasa_health_check_still_answers_on_root(bot_server):
    import urllib.request

    with urllib.request.urlopen(bot_server.url + "/") as response:
        assert response.read().decode() == "Hello from Rasa: 3.6.21"
    request = urllib.request.Request(bot_server.url + "/", headers={"Accept": "text/html"})
    with urllib.request.urlopen(request) as response:
        assert "Content-Security-Policy" in response.headers
        assert "widget.js" in response.read().decode()


def test_unknown_addresses_get_a_dutch_json_answer(bot_server):
    import urllib.error
    import urllib.request

    for path in ("/webchat/nope.css", "/webchat/demo/nope.html", "/nope"):
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(bot_server.url + path)
        assert answer.value.code == 404
        assert json.loads(answer.value.read())["error"] == "not_found"
