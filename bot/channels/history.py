"""Turns stored tracker events into the messages the widget shows after a reload."""

from typing import Any, Dict, Iterable, List, Optional, Sequence, Text

from bot.insight import conversation, feedback


def user_display_text(text: Optional[Text], metadata: Optional[Dict[Text, Any]]) -> Optional[Text]:
    """What the user saw themselves send: a button's title rather than its payload.

    Payloads sent by the widget itself (the opening greeting) have no display text and stay
    hidden, so the history shows only what the person chose or typed.
    """
    display = (metadata or {}).get("display")
    if isinstance(display, str) and display.strip():
        return display
    if not text or text.startswith("/"):
        return None
    return text


def bot_message(text: Optional[Text], data: Optional[Dict[Text, Any]]) -> Dict[Text, Any]:
    data = data or {}
    buttons = [
        {"title": b.get("title", ""), "payload": b.get("payload", "")}
        for b in (data.get("buttons") or [])
        if isinstance(b, dict)
    ]
    message: Dict[Text, Any] = {"sender": "bot", "text": text or ""}
    if buttons:
        message["buttons"] = buttons
    return message


def with_feedback(message: Dict[Text, Any], response: Optional[Text]) -> Dict[Text, Any]:
    """A referral or FAQ answer carries its response name and kind: the widget offers the
    "Had je hier iets aan?" buttons under it (bot/insight/feedback.py)."""
    kind = conversation.feedback_kind(response) if response else None
    if kind:
        message["response"] = response
        message["feedback"] = kind
    return message


def messages_from_events(events: Iterable[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The conversation as the widget shows it: user and bot messages in order.

    Buttons are offered only on the bot's messages after the last user message: older
    choices are history, not something to click again. An answer that was rated says so
    (`rated`), so the widget shows the thanks instead of the feedback buttons.
    """
    messages: List[Dict[Text, Any]] = []
    rated: Dict[Text, Text] = {}
    for event in events:
        if event.get("event") == "slot" and event.get("name") == feedback.SLOT:
            given = feedback.from_slot(event.get("value"))
            if given:
                rated[given["response"]] = given["score"]
            continue
        kind = event.get("event")
        if kind == "user":
            shown = user_display_text(event.get("text"), event.get("metadata"))
            if shown is not None:
                messages.append({"sender": "user", "text": shown})
        elif kind == "bot":
            message = bot_message(event.get("text"), event.get("data"))
            if message["text"] or message.get("buttons"):
                response = conversation.as_dict(event.get("metadata")).get("utter_action")
                messages.append(with_feedback(message, response if isinstance(response, str) else None))
    for message in messages:
        if message.get("response") in rated:
            message["rated"] = rated[message["response"]]
    last_user = max((i for i, m in enumerate(messages) if m["sender"] == "user"), default=-1)
    for message in messages[: last_user + 1]:
        message.pop("buttons", None)
    return messages


def replies_to(events: Iterable[Dict[Text, Any]], message_id: Text) -> Optional[List[Dict[Text, Any]]]:
    """The bot's replies stored after the user message with this id (as the widget got them
    then, buttons included), or None when no stored message has it."""
    replies: Optional[List[Dict[Text, Any]]] = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            if replies is not None:
                break
            if event.get("message_id") == message_id:
                replies = []
        elif kind == "bot" and replies is not None:
            message = bot_message(event.get("text"), event.get("data"))
            if message["text"] or message.get("buttons"):
                response = conversation.as_dict(event.get("metadata")).get("utter_action")
                replies.append(with_feedback(message, response if isinstance(response, str) else None))
    return replies


def messages_from_collector(
    collected: Iterable[Dict[Text, Any]], responses: Sequence[Optional[Text]] = ()
) -> List[Dict[Text, Any]]:
    """The bot's replies to one message, from Rasa's CollectingOutputChannel, with the names of
    the responses they came from (common.NamingCollector). Of a response split into paragraphs,
    only the last one carries the feedback buttons."""
    items = list(collected)
    names = list(responses) + [None] * (len(items) - len(responses))
    replies = []
    for i, item in enumerate(items):
        message = bot_message(item.get("text"), {"buttons": item.get("buttons")})
        last_part = i + 1 == len(items) or names[i + 1] != names[i]
        if message["text"] or message.get("buttons"):
            replies.append(with_feedback(message, names[i]) if last_part else message)
    return replies
