"""Small helpers shared by the actions."""
from typing import Optional

from rasa_sdk import Tracker

from bot.render import PROFESSIONAL


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def latest_entity(tracker: Tracker, entity: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(entity), None)


def is_professional(tracker: Tracker) -> bool:
    return tracker.get_slot("role") == PROFESSIONAL


def active_form(tracker: Tracker) -> Optional[str]:
    return (tracker.active_loop or {}).get("name")
