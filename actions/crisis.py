"""Crisis: the numbers at once, a check-in, and no questions pushed afterwards."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import active_form, latest_intent, latest_text
from bot import knowledge
from bot.crisis import checkin_reply

PAUSABLE_FORMS = ("guide_form", "routing_form", "employer_form")


def _message(key: str) -> str:
    return knowledge.crisis()["messages"][key].strip()


class ActionCrisis(Action):
    def name(self) -> Text:
        return "action_crisis"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=_message("crisis"))
        events: List[EventType] = [SlotSet("crisis_checkin", None)]
        form = active_form(tracker)
        if form in PAUSABLE_FORMS:
            events.append(SlotSet("paused_form", form))
        return events


class ActionAskCrisisCheckin(Action):
    def name(self) -> Text:
        return "action_ask_crisis_checkin"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=_message("checkin"))
        return []


class ActionCrisisFollowup(Action):
    """Whatever the answer, the numbers stay in the reply; the guide does not resume by itself."""

    def name(self) -> Text:
        return "action_crisis_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        key = checkin_reply(latest_intent(tracker), latest_text(tracker))
        dispatcher.utter_message(text=_message(key))
        return [SlotSet("crisis_checkin", None)]


class ActionResume(Action):
    """"verder": names the form that a stop or a crisis paused; a rule reopens it."""

    def name(self) -> Text:
        return "action_resume"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        paused = tracker.get_slot("paused_form")
        if paused not in PAUSABLE_FORMS:
            dispatcher.utter_message(response="utter_nothing_to_resume")
            return [SlotSet("reopen_form", None)]
        dispatcher.utter_message(response="utter_resume")
        return [SlotSet("paused_form", None), SlotSet("reopen_form", paused)]
