"""Validation of the forms' answers: free text is read by the pure parsers in bot/."""
from typing import Any, Dict, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_intent, latest_text
from bot.guide import GUIDE_SLOTS, SKIPPED, clean_answer, parse_answer, parse_benefit
from bot.referral import ANSWERS, BENEFITS, NO, UNKNOWN, YES
from bot.regions import lookup_gemeente, option_label
from bot.render import display_gemeente

_INTENT_ANSWERS = {"affirm": YES, "deny": NO, "dont_know": UNKNOWN}
# A short "weet ik niet" skips a question; a longer answer that contains it is kept.
_SKIP_MAX_CHARS = 30


def _is_skip(text: str, intent: Optional[str]) -> bool:
    if text.strip().startswith("/dont_know"):
        return True
    short = len(text.strip()) <= _SKIP_MAX_CHARS
    return short and (intent == "dont_know" or parse_answer(text) == UNKNOWN)


def _free_answer_validator(slot: str):
    """A validate_<slot> method for one guide question. The slot is bound here, not read
    from requested_slot: when a paused form resumes, Rasa validates the answers given
    earlier while no slot is requested."""

    async def validate(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = value if isinstance(value, str) else ""
        answered_now = tracker.get_slot("requested_slot") == slot
        if answered_now and _is_skip(text, latest_intent(tracker)):
            return {slot: SKIPPED}
        answer = clean_answer(text)
        if not answer or answer.startswith("/"):
            dispatcher.utter_message(response="utter_answer_empty")
            return {slot: None}
        return {slot: answer}

    return validate


class ValidateGuideForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_guide_form"


for _slot in GUIDE_SLOTS:
    setattr(ValidateGuideForm, f"validate_{_slot}", _free_answer_validator(_slot))


def _read_yes_no(value: Any, tracker: Tracker) -> Optional[str]:
    if value in ANSWERS:
        return value
    intent = latest_intent(tracker)
    if intent in _INTENT_ANSWERS:
        return _INTENT_ANSWERS[intent]
    return parse_answer(value if isinstance(value, str) else "")


def validate_gemeente_answer(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
    """Shared by the job seeker's and the employer's form."""
    text = value if isinstance(value, str) else ""
    if text == UNKNOWN or (_is_skip(latest_text(tracker), latest_intent(tracker)) and not lookup_gemeente(text).found):
        return {"gemeente": UNKNOWN}
    match = lookup_gemeente(text)
    if match.found:
        if match.corrected:
            dispatcher.utter_message(text=f"Ik ga uit van de gemeente {display_gemeente(match.gemeente.name)}.")
        return {"gemeente": match.gemeente.name}
    if match.status == "ambiguous":
        dispatcher.utter_message(
            text="Welke gemeente bedoel je?",
            buttons=[
                {"title": option_label(name), "payload": f'/inform{{"gemeente": "{name}"}}'}
                for name in match.options
            ],
        )
    elif match.status == "former_without_region":
        dispatcher.utter_message(
            text=f"{match.gemeente.name} is samengegaan met een andere gemeente. Hoe heet de gemeente nu?"
        )
    else:
        dispatcher.utter_message(
            text="Die gemeente ken ik niet. Typ de naam van de gemeente, bijvoorbeeld \"Utrecht\" of "
            "\"Den Bosch\". Weet je het niet? Typ \"weet ik niet\"."
        )
    return {"gemeente": None}


class ValidateRoutingForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_routing_form"

    def _yes_no(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
        answer = _read_yes_no(value, tracker)
        if answer is None:
            dispatcher.utter_message(response="utter_answer_not_understood")
        return {slot: answer}

    async def validate_in_treatment(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._yes_no("in_treatment", value, dispatcher, tracker)

    async def validate_wants_paid_work(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._yes_no("wants_paid_work", value, dispatcher, tracker)

    async def validate_benefit(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = value if isinstance(value, str) else ""
        benefit = text if text in BENEFITS else parse_benefit(text)
        if benefit is None:
            benefit = {"deny": "geen", "dont_know": UNKNOWN}.get(latest_intent(tracker))
        if benefit is None:
            dispatcher.utter_message(response="utter_benefit_not_understood")
        return {"benefit": benefit}

    async def validate_gemeente(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return validate_gemeente_answer(value, dispatcher, tracker)


class ValidateEmployerForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_employer_form"

    async def validate_gemeente(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return validate_gemeente_answer(value, dispatcher, tracker)
