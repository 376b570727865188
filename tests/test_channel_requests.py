"""What the channels refuse before Rasa sees it, with the Dutch answer for each refusal."""
import json

import pytest

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
        (body(sender="x" * 256, message="hoi"), Refusal(400, "invalid_sender")),
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


@pytest.mark.parametrize("code", ["invalid_json", "invalid_session", "invalid_sender", "empty_message", "too_long", "too_large", "origin_not_allowed"])
def test_every_refusal_has_a_dutch_sentence(code):
    text = Refusal(400, code).body()["text"]
    assert text.endswith(".") and "{" not in text


def test_too_long_names_the_limit():
    assert str(requests.MAX_MESSAGE_CHARS) in requests.error_text("too_long")
