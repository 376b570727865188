"""The job seeker's and professional's path: summary, correction, referrals."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import active_form, is_professional, latest_entity, latest_intent, latest_text
from bot.guide import ITEMS, ROUTING_SLOTS, item_by_number, item_number, summary_lines
from bot.referral import JobSeekerFacts, Referral, referrals_for_job_seeker
from bot.render import display_gemeente, referral_messages

BENEFIT_LABELS = {"bijstand": "bijstand", "ww": "WW", "wia": "WIA/WGA", "wajong": "Wajong", "geen": "geen uitkering", "onbekend": "weet ik niet"}
ANSWER_LABELS = {"ja": "ja", "nee": "nee", "onbekend": "weet ik niet"}


def _shown_values(tracker: Tracker) -> Dict[str, Any]:
    values = {item.slot: tracker.get_slot(item.slot) for item in ITEMS}
    for slot in ("in_treatment", "wants_paid_work"):
        values[slot] = ANSWER_LABELS.get(values[slot], values[slot])
    values["benefit"] = BENEFIT_LABELS.get(values["benefit"], values["benefit"])
    values["gemeente"] = display_gemeente(values["gemeente"]) or ("weet ik niet" if values["gemeente"] else None)
    return values


def facts_from(tracker: Tracker) -> JobSeekerFacts:
    return JobSeekerFacts(
        in_treatment=tracker.get_slot("in_treatment") or "onbekend",
        benefit=tracker.get_slot("benefit") or "onbekend",
        wants_paid_work=tracker.get_slot("wants_paid_work") or "onbekend",
        benefit_worry=bool(tracker.get_slot("benefit_worry")),
    )


_COUNT_WORDS = {1: "één", 2: "twee", 3: "drie", 4: "vier"}


class ActionGuideDone(Action):
    """Between the guide and the routing facts: says how many questions are left (none
    when only a guide answer was corrected)."""

    def name(self) -> Text:
        return "action_guide_done"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        missing = sum(1 for slot in ROUTING_SLOTS if tracker.get_slot(slot) is None)
        if missing == 0:
            dispatcher.utter_message(text="Dank je wel.")
        elif missing == 1:
            dispatcher.utter_message(text="Dank je wel. Nu nog één korte vraag, zodat ik goed kan doorverwijzen.")
        else:
            dispatcher.utter_message(
                text=f"Dank je wel. Nu nog {_COUNT_WORDS[missing]} korte vragen, zodat ik goed kan doorverwijzen."
            )
        return []


class ActionShowSummary(Action):
    def name(self) -> Text:
        return "action_show_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if is_professional(tracker):
            header = "Samenvatting van de intake (bewaar deze tekst alleen als je cliënt dat goed vindt):"
        else:
            header = "Dit heb je me verteld:"
        lines = "\n".join(summary_lines(_shown_values(tracker)))
        dispatcher.utter_message(text=f"{header}\n{lines}")
        dispatcher.utter_message(
            text="Klopt dit?",
            buttons=[
                {"title": "Ja, klopt", "payload": "/affirm"},
                {"title": "Iets aanpassen", "payload": "/correct_answer"},
            ],
        )
        return []


class ActionShowReferrals(Action):
    def name(self) -> Text:
        return "action_show_referrals"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        professional = is_professional(tracker)
        referrals = referrals_for_job_seeker(facts_from(tracker))
        dispatcher.utter_message(text="Mijn advies voor je cliënt:" if professional else "Dit is mijn advies voor jou:")
        for message in referral_messages(referrals, tracker.get_slot("role"), tracker.get_slot("gemeente")):
            dispatcher.utter_message(text=message)
        dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionCorrectAnswer(Action):
    """Inside a form: clears the named (or previous) answer so the form asks it again.
    After the summary: clears it and names the form that asks it; a rule reopens it."""

    def name(self) -> Text:
        return "action_correct_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        number_text = latest_entity(tracker, "item_number") or latest_text(tracker)
        number = item_number(number_text)
        form = active_form(tracker)
        if form:
            return self._inside_form(form, number, dispatcher, tracker)
        item = item_by_number(number) if number else None
        if item is None:
            dispatcher.utter_message(
                response="utter_ask_which_item" if number is None else "utter_item_unknown",
                buttons=[
                    {"title": str(n), "payload": f'/correct_answer{{"item_number": "{n}"}}'}
                    for n in range(1, len(ITEMS) + 1)
                ],
            )
            return [SlotSet("reopen_form", None)]
        return [SlotSet(item.slot, None), SlotSet("reopen_form", item.form)]

    @staticmethod
    def _inside_form(form: str, number, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        form_items = [i for i in ITEMS if i.form == form]
        if number is None:
            # "mijn vorige antwoord": the item before the one being asked now
            requested = tracker.get_slot("requested_slot")
            position = next((n for n, i in enumerate(form_items) if i.slot == requested), 0)
            item = form_items[position - 1] if position > 0 else None
        else:
            item = item_by_number(number)
        if item is None or item.form != form:
            dispatcher.utter_message(text="Dat kun je straks aanpassen, bij de samenvatting.")
            return [SlotSet("reopen_form", None)]
        return [SlotSet(item.slot, None), SlotSet("reopen_form", None)]


class ActionBenefitWorry(Action):
    def name(self) -> Text:
        return "action_benefit_worry"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        referral = Referral("benefit_counseling", "benefit_worry")
        for message in referral_messages([referral], tracker.get_slot("role"), tracker.get_slot("gemeente")):
            dispatcher.utter_message(text=message)
        return [SlotSet("benefit_worry", True)]


class ActionAcknowledgeFact(Action):
    def name(self) -> Text:
        return "action_acknowledge_fact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        noted = []
        gemeente = display_gemeente(latest_entity(tracker, "gemeente"))
        if gemeente:
            noted.append(f"gemeente {gemeente}")
        benefit = latest_entity(tracker, "benefit")
        if benefit:
            noted.append(f"uitkering: {BENEFIT_LABELS.get(benefit, benefit)}")
        if latest_intent(tracker) == "inform_in_treatment":
            noted.append("in behandeling bij de ggz")
        if noted:
            dispatcher.utter_message(text="Dank je, dat heb ik genoteerd: " + ", ".join(noted) + ".")
        else:
            dispatcher.utter_message(text="Dank je.")
        if not tracker.get_slot("role"):
            dispatcher.utter_message(response="utter_ask_role")
        return []


class ActionStop(Action):
    def name(self) -> Text:
        return "action_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_stop")
        form = active_form(tracker)
        # Always ends any form (rules expect the same events whether or not one ran).
        events: List[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None)]
        if form:
            events.append(SlotSet("paused_form", form))
        return events


class ActionStartOver(Action):
    def name(self) -> Text:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text="Goed, we beginnen opnieuw. Wat je eerder vertelde, ben ik vergeten.")
        dispatcher.utter_message(response="utter_ask_role")
        return [ActiveLoop(None), AllSlotsReset()]
