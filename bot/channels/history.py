"""Turns stored tracker events into the messages the widget shows after a reload."""

from typing import Any, Dict, Iterable, List, Optional, Text


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


def messages_from_events(events: Iterable[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The conversation as the widget shows it: user and bot messages in order.

    Buttons are offered only on the bot's messages after the last user message: older
    choices are history, not something to click again.
    """
    messages: List[Dict[Text, Any]] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            shown = user_display_text(event.get("text"), event.get("metadata"))
            if shown is not None:
                messages.append({"sender": "user", "text": shown})
        elif kind == "bot":
            message = bot_message(event.get("text"), event.get("data"))
            if message["text"] or message.get("buttons"):
                messages.append(message)
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
                replies.append(message)
    return replies


def messages_from_collector(collected: Iterable[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The bot's replies to one message, from Rasa's CollectingOutputChannel."""
    replies = []
    for item in collected:
        message = bot_message(item.get("text"), {"buttons": item.get("buttons")})
        if message["text"] or message.get("buttons"):
            replies.append(message)
    return replies
