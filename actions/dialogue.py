"""action_dialogue: runs one turn of the dialogue (bot/dialogue/) and sends its replies.

Thin on purpose: read the state and the message, call `step`, send what it says. When the
person confirmed "wis dit gesprek", it also sends the erase mark (bot/privacy.py): the Rasa
server's tracker store then deletes the conversation instead of saving the turn.

The professional's intake record works the same way (bot/intake.py): when the dialogue says
the summary is kept, this action makes the intake code, fills it and the link into that reply,
and sends the store mark; deleting by chat sends the delete mark. The action never touches the
database; the tracker store does, in the Rasa server, as part of the turn."""

import logging
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import intake, privacy, render
from bot.dialogue import Reply, State, Understood, step
from bot.dialogue.engine import INTAKE_DELETED, INTAKE_STORED, MAX_REPLIES, erase_confirmed

CONSENT_WITHDRAWN = "utter_consent_withdrawn"
KEEP_TAKEN_BACK = "utter_keep_taken_back_deleted"

logger = logging.getLogger(__name__)


def safe_value(value: str) -> str:
    # Rasa's response interpolation gives up on a filled-in value that contains "0[" (its own
    # placeholder syntax) and sends the raw template; a space keeps the user's text intact.
    return str(value).replace("0[", "0 [")


def base_key(reply: Reply) -> str:
    return reply.key.split("__")[0]


def with_intake_codes(replies: List[Reply]) -> List[Reply]:
    """The reply that says the summary is kept gets a new intake code and its link."""
    filled = []
    for reply in replies:
        if base_key(reply) == INTAKE_STORED:
            code = intake.new_code()
            reply = Reply(reply.key, {**reply.values, "code": code, "link": intake.link(code)}, reply.buttons)
        filled.append(reply)
    return filled


def intake_marks(sent: List[Reply], code_before: Optional[str]) -> Tuple[List[Dict[str, Any]], Optional[str]]:
    """The marks for the tracker store for what was said, and the conversation's code after it:
    a new record replaces the conversation's earlier one; a client's consent taken back
    deletes it; "verwijder intake <code>" deletes that one."""
    marks, code = [], code_before
    for reply in sent:
        key = base_key(reply)
        if key == INTAKE_STORED:
            marks.append(intake.store_mark(reply.values["code"], replaces=code))
            code = reply.values["code"]
        elif key == INTAKE_DELETED:
            marks.append(intake.delete_mark(reply.values["code"]))
            code = None if code == reply.values["code"] else code
        elif key in (CONSENT_WITHDRAWN, KEEP_TAKEN_BACK) and code:
            marks.append(intake.delete_mark(code))
            code = None
    return marks, code


def sent_values(reply: Reply) -> Dict[str, str]:
    """The values Rasa fills into the reply's response: the dialogue's own, and the settings any
    response may name ({intake_retention_days})."""
    values = {
        "intake_retention_days": str(intake.retention_days()),
        **render.pronoun_values(None),  # {hij}: "hij of zij" unless the dialogue knows who
        **reply.values,
    }
    return {k: safe_value(v) for k, v in values.items()}


def send(dispatcher: CollectingDispatcher, replies: List[Reply]) -> List[Reply]:
    """Sends the replies and returns those sent; a guard in production, the engine is tested
    never to need it (tests/test_dialogue_fuzz.py): no reply twice, at most MAX_REPLIES."""
    sent = []
    for reply in replies:
        if reply in sent:
            continue
        sent.append(reply)
    if len(sent) > MAX_REPLIES:
        logger.warning("The dialogue gave %d replies; sending the first %d.", len(sent), MAX_REPLIES)
    for reply in sent[:MAX_REPLIES]:
        dispatcher.utter_message(response=reply.key, buttons=list(reply.buttons) or None, **sent_values(reply))
    return sent[:MAX_REPLIES]


class ActionDialogue(Action):
    def name(self) -> Text:
        return "action_dialogue"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        state = State.from_slot(tracker.get_slot("dialogue"))
        message = Understood.from_parse(tracker.latest_message)
        new_state, replies = step(state, message)
        sent = send(dispatcher, with_intake_codes(replies))
        code_before = tracker.get_slot("intake_code")
        marks, code = intake_marks(sent, code_before)
        for mark in marks:
            dispatcher.utter_message(json_message=mark)
        if erase_confirmed(replies):
            dispatcher.utter_message(json_message=privacy.ERASE_MARK)
        events = [SlotSet("dialogue", new_state.to_slot()), SlotSet("role", new_state.role)]
        if code != code_before:
            events.append(SlotSet("intake_code", code))
        return events
