"""Not understood: first ask to rephrase, the second time in a row offer the main options."""
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher


def previous_bot_action(tracker: Tracker) -> Optional[str]:
    """The last action before the latest user message (ignoring action_listen)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


class ActionFallback(Action):
    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if previous_bot_action(tracker) == "action_fallback":
            dispatcher.utter_message(response="utter_main_options")
        else:
            dispatcher.utter_message(response="utter_rephrase")
        return []
