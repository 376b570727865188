"""What the channels refuse before Rasa sees it, with the Dutch answer for each refusal."""

import json

import pytest

from bot import knowledge
from bot.channels import requests
from bot.channels.requests import Refusal
from bot.channels.rest import refusal_for


def body(**fields) -> bytes:
    return json.dumps(fields).encode("utf-8")


@pytest.mark.parametrize(
    "raw,refusal",
    [
        (body(sender="a", message="hoi"), None),
        (body(sender=7, message="hoi"), None),  # Rasa clients often send numbers
        (body(sender="a", message="🙂"), None),
        (body(sender="a", message="<script>alert(1)</script>"), None),
        (body(sender="a", message="'; DROP TABLE events; --"), None),
        (body(sender="a", message="x" * 1000), None),
        (body(sender="a", message="hoi", metadata={"k": "v"}), None),
        (body(sender="a", message="x" * 1001), Refusal(413, "too_long")),
        (b'{"sender": "a", "message": "' + b"x" * 1_000_000 + b'"}', Refusal(413, "too_large")),
        (body(sender="a", message=""), Refusal(400, "empty_message")),
        (body(sender="a", message=" \n\t "), Refusal(400, "empty_message")),
        (body(sender="a"), Refusal(400, "empty_message")),
        (body(sender="a", message=None), Refusal(400, "empty_message")),
        (body(sender="a", message=["hoi"]), Refusal(400, "empty_message")),
        (body(message="hoi"), Refusal(400, "invalid_sender")),  # no shared "default" conversation
        (body(sender="", message="hoi"), Refusal(400, "invalid_sender")),
        (body(sender=True, message="hoi"), Refusal(400, "invalid_sender")),
        (body(sender="x" * 129, message="hoi"), Refusal(400, "invalid_sender")),
        (body(sender="x" * 128, message="hoi"), None),
        (body(sender="x\udc80y", message="hoi"), Refusal(400, "invalid_sender")),  # lone surrogate
        (body(sender="a\x00b", message="hoi"), Refusal(400, "invalid_sender")),  # NUL
        (body(sender="abc\n", message="hoi"), Refusal(400, "invalid_sender")),  # fullmatch, not match
        (body(sender="webchat:" + "0" * 32, message="hoi"), Refusal(400, "invalid_sender")),
        (body(sender="a b", message="hoi"), Refusal(400, "invalid_sender")),
        (body(sender="user@example.nl", message="hoi"), None),
        (body(sender="a", message="\udc80"), Refusal(400, "empty_message")),  # nothing left
        (body(sender="a", message="\x00\x01\x7f"), Refusal(400, "empty_message")),
        (b"[" * 5000 + b"]" * 5000, Refusal(400, "too_deep")),
        (b'{"sender": "a", "message": "hoi", "metadata": ' + b"[" * 40 + b"]" * 40 + b"}", Refusal(400, "too_deep")),
        (b'{"sender": "a", "message": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', None),  # in a string
        (body(sender="a", message="hoi", metadata="x"), Refusal(400, "invalid_json")),
        (b"", Refusal(400, "invalid_json")),
        (b"{not json", Refusal(400, "invalid_json")),
        (b"[1, 2]", Refusal(400, "invalid_json")),
        (b'"hoi"', Refusal(400, "invalid_json")),
        (b'{"sender": "a", "message": "caf\xe9"}', Refusal(400, "invalid_json")),  # Latin-1, not UTF-8
        (None, Refusal(400, "invalid_json")),
    ],
)
def test_rest_requests(raw, refusal):
    assert refusal_for(raw) == refusal


@pytest.mark.parametrize(
    "text,cleaned",
    [
        ("hoi", "hoi"),
        ("h\udc80oi", "hoi"),  # lone surrogate
        ("h\x00o\x1bi\x7f", "hoi"),  # NUL, escape, delete
        ("regel 1\nregel 2\tx", "regel 1\nregel 2\tx"),  # line breaks and tabs stay
        ("e\u0301", "\u00e9"),  # NFC
        ("🙂 café Ĳsselmeer", "🙂 café Ĳsselmeer"),
        ("👩\u200d💻", "👩\u200d💻"),  # a zero-width joiner is no control character
    ],
)
def test_message_text_is_cleaned(text, cleaned):
    assert requests.message_text(text) == cleaned


@pytest.mark.parametrize(
    "value,ok",
    [
        ("0123456789abcdef" * 2, True),
        ("0" * 31, False),
        ("0" * 33, False),
        ("0" * 32 + "\n", False),  # re.match with $ accepted this
        ("A" * 32, False),
        ("default", False),
        (None, False),
        (12345, False),
    ],
)
def test_session_id_form(value, ok):
    assert (requests.session_id(value) == value) is ok


def test_json_depth_ignores_brackets_in_strings():
    assert requests.json_depth('{"a": [[1]], "b": "[[[[\\"[["}') == 3
    assert requests.json_depth("[" * 5000 + "]" * 5000) == 5000


CODES = sorted(knowledge.webchat()["errors"])


@pytest.mark.parametrize("code", CODES)
def test_every_refusal_has_a_dutch_sentence(code):
    text = Refusal(400, code).body()["text"]
    assert text.endswith(".") and "{" not in text


def test_too_long_names_the_limit():
    assert str(requests.MAX_MESSAGE_CHARS) in requests.error_text("too_long")
