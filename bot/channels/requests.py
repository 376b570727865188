"""Checks on what a channel receives, before Rasa sees it. Bad input gets a clear 4xx with a
Dutch sentence; it never reaches the model, the tracker store or a 500."""
from dataclasses import dataclass
import json
from typing import Any, Dict, Optional, Text, Union

from bot import knowledge

# A chat message, not a document. The widget's text box stops at the same length.
MAX_MESSAGE_CHARS = 1000
# Far above any real message with its JSON around it; a bigger body is refused unread.
MAX_BODY_BYTES = 16 * 1024
# Rasa's SQL tracker store keeps sender ids in a 255-character column.
MAX_SENDER_CHARS = 255


@dataclass(frozen=True)
class Refusal:
    status: int
    code: Text

    def body(self) -> Dict[Text, Text]:
        return {"error": self.code, "text": error_text(self.code)}


def error_text(code: Text) -> Text:
    return knowledge.webchat()["errors"][code].format(max_chars=MAX_MESSAGE_CHARS)


def json_object(raw: Optional[bytes]) -> Union[Dict[Text, Any], Refusal]:
    raw = raw or b""
    if len(raw) > MAX_BODY_BYTES:
        return Refusal(413, "too_large")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Refusal(400, "invalid_json")
    if not isinstance(body, dict):
        return Refusal(400, "invalid_json")
    return body


def message_text(value: Any) -> Union[Text, Refusal]:
    if not isinstance(value, str) or not value.strip():
        return Refusal(400, "empty_message")
    if len(value) > MAX_MESSAGE_CHARS:
        return Refusal(413, "too_long")
    return value


def sender_id(value: Any) -> Union[Text, Refusal]:
    """A REST client names its own conversation. Without a name every such client would
    share Rasa's one "default" conversation, so a missing sender is refused."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_SENDER_CHARS:
        return Refusal(400, "invalid_sender")
    return value
