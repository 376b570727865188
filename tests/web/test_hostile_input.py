"""The hostile-input battery: what an attacker or bad luck sends, against the running bot on
SQLite and on PostgreSQL, over REST and the website chat. Every request gets a reply or a 4xx
with a Dutch sentence (never a 5xx), no process stops, every accepted message is stored exactly
once and nothing refused is stored, and no message text reaches the logs.

The counts of what was tried go to results/web/battery.json."""

import json
import select
import socket
import time
import unicodedata
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.web import battery
from tests.web.battery import PRIVATE, REST, Ledger, dutch_reply, head_only, post, private, raw_http
from tests.web.conftest import OUTPUT

pytestmark = pytest.mark.browser

LEDGERS = {}


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request):
    return request.getfixturevalue("bot_server" if request.param == "sqlite" else "pg_bot_server")


def ledger(server) -> Ledger:
    return LEDGERS.setdefault(server.url, Ledger())


def new_sender() -> str:
    return "hostile-" + uuid.uuid4().hex[:12]


def raw_json(**fields) -> bytes:
    """JSON with \\u escapes kept, so lone surrogates and NUL go over the wire as JSON allows."""
    return json.dumps(fields, ensure_ascii=True).encode("ascii")


# (what, sender or None for a fresh one, message) -> (status, error code or None)
REST_REFUSED = [
    ("lone surrogate in sender", "x\udc80y", 400, "invalid_sender"),
    ("NUL in sender", "a\x00b", 400, "invalid_sender"),
    ("newline after sender", "abc\n", 400, "invalid_sender"),
    ("control character in sender", "ab\x1bc", 400, "invalid_sender"),
    ("space in sender", "a b", 400, "invalid_sender"),
    ("slash in sender", "../../etc/passwd", 400, "invalid_sender"),
    ("129 characters", "s" * 129, 400, "invalid_sender"),
    ("a website-chat conversation", "webchat:" + "0" * 32, 400, "invalid_sender"),
    ("sender true", True, 400, "invalid_sender"),
    ("sender list", ["a"], 400, "invalid_sender"),
    ("sender object", {"id": "a"}, 400, "invalid_sender"),
    ("sender float", 1.5, 400, "invalid_sender"),
]


@pytest.mark.parametrize("what,sender,status,code", REST_REFUSED, ids=[c[0] for c in REST_REFUSED])
def test_rest_refuses_unsafe_senders(server, what, sender, status, code):
    text = private(what)
    got, body = post(server, REST, raw=raw_json(sender=sender, message=text), what=f"REST {what}")
    assert (got, body["error"]) == (status, code)
    assert body["text"]
    assert server.alive()


TEXTS = [
    ("lone surrogate", "hoi\udc80 {p}", "hoi {p}"),
    ("lone high surrogate", "\ud800werk {p}", "werk {p}"),
    ("NUL", "ik\x00 zoek werk {p}", "ik zoek werk {p}"),
    ("control characters", "\x1b[31mrood\x1b[0m\x07 {p}", "[31mrood[0m {p}"),
    ("decomposed accents", "cafe\u0301 in Tilburg {p}", "café in Tilburg {p}"),
    ("right-to-left override", "\u202ehoi {p}", "\u202ehoi {p}"),  # a format character: kept, harmless
    ("emoji with joiner", "👩\u200d💻 {p}", "👩\u200d💻 {p}"),
    ("HTML", "<img src=x onerror=alert(1)> {p}", "<img src=x onerror=alert(1)> {p}"),
    ("SQL", "'); DELETE FROM events; -- {p}", "'); DELETE FROM events; -- {p}"),
    ("template braces", "{{slot}} {{0}} %s %(x)s {p}", "{{slot}} {{0}} %s %(x)s {p}"),
    (
        "a Rasa payload with entities",
        '/inform{{"benefit": "ww", "x": "{p}"}}',
        '/inform{{"benefit": "ww", "x": "{p}"}}',
    ),
]


@pytest.mark.parametrize("what,template,stored_template", TEXTS, ids=[t[0] for t in TEXTS])
def test_rest_cleans_odd_text_and_answers(server, what, template, stored_template):
    who, marker = new_sender(), private()
    text, expected = template.format(p=marker), stored_template.format(p=marker)
    status, replies = post(server, REST, raw=raw_json(sender=who, message=text), what=f"REST {what}")
    assert status == 200
    assert dutch_reply([r["text"] for r in replies if r.get("text")]), replies
    ledger(server).record(who, unicodedata.normalize("NFC", expected).strip(), accepted=True)
    users = [t for kind, t in server.stored_events(who) if kind == "user"]
    assert users == [unicodedata.normalize("NFC", expected).strip()]


BODIES = [
    ("nested 3000 deep", b"[" * 3000 + b"]" * 3000, 400, "too_deep"),
    ("nested 5000 deep", b"[" * 5000 + b"]" * 5000, 400, "too_deep"),
    ("objects nested 2500 deep", b'{"a":' * 2500 + b"1" + b"}" * 2500, 400, "too_deep"),
    (
        "deep metadata",
        b'{"sender": "s1", "message": "hoi", "metadata": ' + b"[" * 100 + b"]" * 100 + b"}",
        400,
        "too_deep",
    ),
    ("unbalanced brackets", b"[" * 10000, 400, "too_deep"),
    ("not UTF-8", b'{"sender": "s1", "message": "\xc3\x28"}', 400, "invalid_json"),
    ("UTF-16", '{"sender": "s1", "message": "hoi"}'.encode("utf-16"), 400, "invalid_json"),
    ("a number", b"42", 400, "invalid_json"),
    ("a string", b'"hoi"', 400, "invalid_json"),
    ("null", b"null", 400, "invalid_json"),
    ("NaN", b'{"sender": "s1", "message": NaN}', 400, "empty_message"),
    (
        "number of 5000 digits",
        b'{"sender": "s1", "message": "hoi", "metadata": {"n": 1' + b"0" * 5000 + b"}}",
        400,
        "invalid_json",
    ),
    ("metadata a list", b'{"sender": "s1", "message": "hoi", "metadata": [1]}', 400, "invalid_json"),
    ("message a list", b'{"sender": "s1", "message": ["hoi"]}', 400, "empty_message"),
    ("only control characters", b'{"sender": "s1", "message": "\\u0000\\u0001\\u001f"}', 400, "empty_message"),
    ("only surrogates", b'{"sender": "s1", "message": "\\udc80\\udfff"}', 400, "empty_message"),
    ("1001 characters after cleaning", b'{"sender": "s1", "message": "' + b"x" * 1001 + b'\\u0000"}', 413, "too_long"),
    (
        "duplicate keys",
        b'{"sender": "s1", "sender": "webchat:' + b"0" * 32 + b'", "message": "hoi"}',
        400,
        "invalid_sender",
    ),
]


@pytest.mark.parametrize("what,raw,status,code", BODIES, ids=[b[0] for b in BODIES])
def test_rest_bodies(server, what, raw, status, code):
    got, body = post(server, REST, raw=raw, what=f"REST {what}")
    assert (got, body["error"]) == (status, code)
    assert body["text"]
    ledger(server).record("s1", "hoi", accepted=False)
    assert server.alive()


def test_rest_refuses_browsers_on_other_sites(server):
    who = new_sender()
    status, body = post(
        server,
        REST,
        {"sender": who, "message": private()},
        headers={"Origin": "https://evil.example"},
        what="REST from another site",
    )
    assert (status, body["error"]) == (403, "origin_not_allowed")
    assert server.stored_events(who) == []


@pytest.mark.parametrize("path", [REST, "/webchat/api/message", "/webchat/api/session"])
def test_bodies_above_the_limit_are_refused_unread(server, path):
    # Only the head goes out, announcing 90 MB: the 413 comes without the body being read.
    status, body = raw_http(server, head_only(path, 90 * 1024 * 1024, b'{"sender": "'), f"90 MB announced to {path}")
    assert status == 413 and json.loads(body)["error"] == "too_large"
    with ThreadPoolExecutor(max_workers=5) as pool:  # five at once, as in the finding
        statuses = list(
            pool.map(lambda _: raw_http(server, head_only(path, 90 * 1024 * 1024), "90 MB at once")[0], range(5))
        )
    assert statuses == [413] * 5
    assert server.alive()


def test_chunked_bodies_above_the_limit_are_cut_off(server):
    chunk = b"x" * 20_000
    request = (
        (
            f"POST {REST} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        ).encode()
        + f"{len(chunk):x}\r\n".encode()
        + chunk
        + b"\r\n0\r\n\r\n"
    )
    status, body = raw_http(server, request, "chunked body over the limit")
    assert status == 413
    assert server.alive()


@pytest.mark.parametrize(
    "what,request_bytes",
    [
        ("garbage request line", b"\x00\x01\x02 garbage\r\n\r\n"),
        ("no HTTP version", b"POST /webhooks/rest/webhook\r\n\r\n"),
        ("bad content length", b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
        ("negative content length", b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
        ("header of 100 KB", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"),
        ("unknown method", b"BREW /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n\r\n"),
    ],
)
def test_broken_http_gets_a_4xx(server, what, request_bytes):
    status, _ = raw_http(server, request_bytes, what)
    assert status == 0 or 400 <= status < 500, status  # 0: closed without an answer
    assert server.alive()


def test_the_action_server_survives_garbage(server):
    import urllib.error
    import urllib.request

    url = f"http://127.0.0.1:{server.actions_port}/webhook"
    for body in (b"", b"[]", b"{}", b'{"next_action": "action_x"}', b"[" * 5000, b'{"tracker": 1, "next_action": 5}'):
        try:
            urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=30).read()
        except urllib.error.HTTPError:
            pass
        battery.tally(server, "action server garbage", 0)
    assert server.servers.alive("actions")


# ---- the website chat ------------------------------------------------------------------------
def test_website_chat_ids_are_bound_to_what_the_server_issued(server):
    issued = server.new_session()
    for what, session in [
        ("never issued", "0" * 32),
        ("trailing newline", issued + "\n"),
        ("upper case", issued.upper()),
        ("prefixed", "webchat:" + issued),
        ("too short", issued[:-1]),
        ("surrogate", issued[:-1] + "\udc80"),
        ("NUL", issued[:-1] + "\x00"),
        ("a number", 12345),
        ("a list", [issued]),
    ]:
        for path in ("history", "message", "delete"):
            status, body = post(
                server,
                f"/webchat/api/{path}",
                raw=raw_json(session_id=session, message=private()),
                what=f"website chat {path}, id {what}",
            )
            assert (status, body["error"]) == (400, "invalid_session"), (what, path)
    assert server.webchat_events(issued) == []


def test_rest_and_website_chat_cannot_reach_each_others_conversations(server):
    issued = server.new_session()
    rest_text, web_text = private("via REST"), private("via de website")
    # A REST client that knows (or guesses) a session id writes under that name...
    status, _ = post(server, REST, {"sender": issued, "message": rest_text}, what="REST with a session id as sender")
    assert status == 200
    ledger(server).record(issued, rest_text, accepted=True)
    status, _ = post(
        server, "/webchat/api/message", {"session_id": issued, "message": web_text}, what="website chat message"
    )
    assert status == 200
    ledger(server).record(f"webchat:{issued}", web_text, accepted=True)
    # ... but that is another conversation than the website chat's.
    status, body = post(server, "/webchat/api/history", {"session_id": issued}, what="website chat history")
    shown = [m["text"] for m in body["messages"]]
    assert web_text in shown and rest_text not in shown
    assert ("user", rest_text) not in server.webchat_events(issued)
    assert ("user", web_text) not in server.stored_events(issued)
    # A REST conversation whose sender looks like a session id is not readable or deletable.
    rest_only = uuid.uuid4().hex
    post(server, REST, {"sender": rest_only, "message": private()}, what="REST with a hex sender")
    for path in ("history", "delete"):
        status, _ = post(server, f"/webchat/api/{path}", {"session_id": rest_only}, what=f"website chat {path} of REST")
        assert status == 400
    assert any(kind == "user" for kind, _ in server.stored_events(rest_only))


WEB_TEXTS = [
    ("lone surrogate", "hoi\udc80 {p}", "hoi {p}"),
    ("NUL", "ik\x00 zoek werk {p}", "ik zoek werk {p}"),
    ("control characters", "\x07\x1b{p}", "{p}"),
    ("decomposed accents", "cafe\u0301 {p}", "café {p}"),
]


@pytest.mark.parametrize("what,template,stored_template", WEB_TEXTS, ids=[t[0] for t in WEB_TEXTS])
def test_website_chat_cleans_odd_text_and_answers(server, what, template, stored_template):
    session, marker = server.new_session(), private()
    text, expected = template.format(p=marker), stored_template.format(p=marker)
    display = "knop\udc80\x00 " + marker
    status, body = post(
        server,
        "/webchat/api/message",
        raw=raw_json(session_id=session, message=text, display=display),
        what=f"website chat {what}",
    )
    assert status == 200  # not 503: the text is cleaned before spaCy sees it
    assert dutch_reply([m["text"] for m in body["messages"]])
    ledger(server).record(f"webchat:{session}", expected, accepted=True)
    status, history = post(server, "/webchat/api/history", {"session_id": session}, what="website chat history")
    assert {"sender": "user", "text": "knop " + marker} in history["messages"]


@pytest.mark.parametrize("what,raw,status,code", BODIES[:10], ids=[b[0] for b in BODIES[:10]])
def test_website_chat_bodies(server, what, raw, status, code):
    got, body = post(server, "/webchat/api/message", raw=raw, what=f"website chat {what}")
    assert (got, body["error"]) == (status, code)
    assert server.alive()


def test_deleting_twice_and_deleting_while_talking(server):
    session = server.new_session()
    with ThreadPoolExecutor(max_workers=6) as pool:
        talk = [
            pool.submit(
                post,
                server,
                "/webchat/api/message",
                {"session_id": session, "message": private()},
                None,
                None,
                "message while deleting",
            )
            for _ in range(5)
        ]
        delete = pool.submit(post, server, "/webchat/api/delete", {"session_id": session}, None, None, "delete")
        statuses = [f.result()[0] for f in talk]
        delete_status = delete.result()[0]
    # Each message was handled before the delete (then deleted with it) or refused after it.
    assert delete_status == 200
    assert all(status in (200, 400) for status in statuses)
    assert server.webchat_events(session) == []
    status, body = post(server, "/webchat/api/delete", {"session_id": session}, what="delete again")
    assert (status, body["error"]) == (400, "invalid_session")


# ---- slow clients --------------------------------------------------------------------------
def test_slow_connections_are_closed_and_others_still_served(server):
    """45 connections sending one byte every 2 s: the server closes them (a request must arrive
    whole within its time) and meanwhile answers a normal message."""
    request = f"POST {REST} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n".encode()
    connections = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(45)]
    open_ = {i: c for i, c in enumerate(connections)}
    answers = {}  # what each slow connection got before it was closed: 408, or 0 for nothing
    deadline = time.monotonic() + 90  # a bound for a broken server, not a measurement
    served = False
    sent = 0
    try:
        while open_ and time.monotonic() < deadline:
            for i, connection in list(open_.items()):
                readable, _, _ = select.select([connection], [], [], 0)
                try:
                    if readable:
                        data = connection.recv(4096)
                        if data.startswith(b"HTTP/1.1 "):
                            answers[i] = int(data[9:12])
                        if not data:
                            del open_[i]  # closed by the server
                            continue
                    connection.send(request[sent % len(request) :][:1])
                except OSError:
                    del open_[i]
            sent += 1
            if not served:
                who = new_sender()
                status, _ = post(server, REST, {"sender": who, "message": "hoi"}, what="REST during slow connections")
                served = status == 200
                ledger(server).record(who, "hoi", accepted=True)
            time.sleep(2)
    finally:
        for connection in connections:
            connection.close()
    battery.TALLY[server.url].extend([("slow connection", answers.get(i, 0)) for i in range(45)])
    assert served
    assert not open_, f"{len(open_)} of 45 slow connections still open"
    assert server.alive()


# ---- afterwards ----------------------------------------------------------------------------
def test_afterwards_processes_alive_nothing_lost_or_duplicated_and_no_text_in_logs(server):
    assert server.alive(), "a server process stopped"
    counts = ledger(server).check(server)
    assert counts == {"lost": 0, "duplicated": 0, "refused but stored": 0}
    statuses = [status for _, status in battery.TALLY[server.url]]
    assert not [s for s in statuses if s >= 500], "no 5xx"
    for name in ("rasa", "actions"):
        leaked = sorted(set(PRIVATE.findall(server.log(name))))
        assert not leaked, f"message text in {name}.log: {leaked[:3]}"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    battery.write_summary(OUTPUT / "battery.json")
