"""The employer's path: the WSP of their region, De Normaalste Zaak, keeping an employee."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.referral import referrals_for_employer
from bot.regions import region_for_gemeente
from bot.render import referral_messages


class ActionEmployerReferral(Action):
    def name(self) -> Text:
        return "action_employer_referral"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        goal = tracker.get_slot("employer_goal") or "hire"
        gemeente = tracker.get_slot("gemeente")
        region = region_for_gemeente(gemeente) if gemeente else None
        referrals = referrals_for_employer(goal, region)
        for message in referral_messages(referrals, "werkgever", gemeente, region):
            dispatcher.utter_message(text=message)
        dispatcher.utter_message(response="utter_anything_else")
        return []
