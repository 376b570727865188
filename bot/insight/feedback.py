"""Feedback on one answer: thumbs up or down ("Had je hier iets aan?") with an optional short
comment, given in the website widget after a referral or a FAQ answer.

Stored as an event of the conversation: a `SlotSet` of the `feedback` slot (domain/core.yml,
`influence_conversation: false`), appended under the conversation's lock by the widget's API
(bot/channels/webchat_api.py). No action and no policy reads that slot, so feedback never
changes the dialogue; the statistics read the events (bot/insight/conversation.py). The comment
is masked like every message (bot/privacy.py) before it is stored.
"""

from typing import Any, Dict, Optional, Union

from bot import privacy
from bot.channels import requests
from bot.channels.requests import Refusal

SLOT = "feedback"
SCORES = ("up", "down")
KINDS = ("referral", "faq")
MAX_RESPONSE_CHARS = 200


def from_slot(value: Any) -> Optional[Dict[str, Any]]:
    """A stored feedback value, or None when it is not one (read defensively: old or odd rows)."""
    if not isinstance(value, dict):
        return None
    if value.get("score") not in SCORES or value.get("kind") not in KINDS:
        return None
    return {"score": value["score"], "kind": value["kind"], "response": str(value.get("response") or "")}


def checked(body: Dict[str, Any]) -> Union[Dict[str, Any], Refusal]:
    """The feedback of a request body {response, score, comment?} ready to store, or the refusal.
    Whether the response was said in the conversation, and is one that may be rated, is checked
    by the caller against the conversation."""
    score = body.get("score")
    response = body.get("response")
    if score not in SCORES or not isinstance(response, str) or not 0 < len(response) <= MAX_RESPONSE_CHARS:
        return Refusal(400, "bad_request")
    value: Dict[str, Any] = {"score": score, "response": response}
    comment = body.get("comment")
    if comment is None or (isinstance(comment, str) and not comment.strip()):
        return value
    # The same limits as a message (at most MAX_MESSAGE_CHARS), and masked like one.
    text = requests.message_text(comment)
    if isinstance(text, Refusal):
        return text
    value["comment"] = privacy.mask(text.strip()).text
    return value
