"""Checks on what a channel receives, before Rasa sees it (pure: no Rasa, no Sanic).

Bad input gets a clear 4xx with a Dutch sentence; it never reaches the model, the tracker
store or a 500. What passes is safe to hand on: ids from a small character set, message text
in Unicode NFC without control characters or lone surrogates, JSON of bounded size and depth.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Optional, Text, Union

from bot import knowledge

# A chat message, not a document. The widget's text box stops at the same length.
MAX_MESSAGE_CHARS = 1000
# Far above any real message with its JSON around it. The server refuses a bigger body before
# reading it (Sanic's REQUEST_MAX_SIZE is set to this, see bot/startup.py); this check is the
# same limit for callers that hand over a body themselves.
MAX_BODY_BYTES = 16 * 1024
# Our bodies are two levels deep; Rasa's metadata may add a few. Deeper JSON is refused before
# it is parsed (Python's parser would hit its recursion limit at a few thousand levels).
MAX_JSON_DEPTH = 32

# A REST client names its own conversation: letters, digits and . _ - @, at most 128. No ':',
# so a REST sender can never name a website-chat conversation ("webchat:<session id>").
SENDER_ID = re.compile(r"[A-Za-z0-9._@-]{1,128}")
# Website-chat session ids are made by the server: 128 random bits as lower-case hex.
SESSION_ID = re.compile(r"[0-9a-f]{32}")

# Line breaks and tabs are kept (as such); every other control character goes.
_KEPT_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class Refusal:
    status: int
    code: Text

    def body(self) -> Dict[Text, Text]:
        return {"error": self.code, "text": error_text(self.code)}


def error_text(code: Text) -> Text:
    return knowledge.webchat()["errors"][code].format(max_chars=MAX_MESSAGE_CHARS)


def json_depth(text: Text) -> int:
    """How deeply arrays and objects nest in a JSON text (strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:  # one pass, linear in the body (at most MAX_BODY_BYTES characters)
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def json_object(raw: Optional[bytes]) -> Union[Dict[Text, Any], Refusal]:
    """The JSON object in a request body, or why it is refused."""
    raw = raw or b""
    if len(raw) > MAX_BODY_BYTES:
        return Refusal(413, "too_large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "invalid_json")
    if json_depth(text) > MAX_JSON_DEPTH:
        return Refusal(400, "too_deep")
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        return Refusal(400, "invalid_json")
    if not isinstance(body, dict):
        return Refusal(400, "invalid_json")
    return body


def clean_text(value: Text) -> Text:
    """Unicode NFC without lone surrogates, NUL or other control characters (line breaks and
    tabs stay). Emoji, accents and every script are kept as they are."""
    kept = "".join(ch for ch in value if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs"))
    return unicodedata.normalize("NFC", kept)


def message_text(value: Any) -> Union[Text, Refusal]:
    """The message as Rasa may see it, or why it is refused."""
    if not isinstance(value, str):
        return Refusal(400, "empty_message")
    text = clean_text(value)
    if not text.strip():
        return Refusal(400, "empty_message")
    if len(text) > MAX_MESSAGE_CHARS:
        return Refusal(413, "too_long")
    return text


def sender_id(value: Any) -> Union[Text, Refusal]:
    """A REST client names its own conversation. Without a name every such client would
    share Rasa's one "default" conversation, so a missing sender is refused; so is any name
    outside the safe set (it would reach SQL, logs and file names)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not SENDER_ID.fullmatch(value):
        return Refusal(400, "invalid_sender")
    return value


def session_id(value: Any) -> Union[Text, Refusal]:
    """The form of a website-chat session id (whether the server issued it is checked apart)."""
    if not isinstance(value, str) or not SESSION_ID.fullmatch(value):
        return Refusal(400, "invalid_session")
    return value


MESSAGE_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def message_id(value: Any) -> Optional[Text]:
    """The client's own id for a message, so that sending it again (a retry after an answer
    that never came) is recognised; None when there is none or it is not of that form (the
    message is then handled as new, as before message ids)."""
    if isinstance(value, str) and MESSAGE_ID.fullmatch(value):
        return value
    return None
