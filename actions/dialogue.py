"""action_dialogue: runs one turn of the dialogue (bot/dialogue/) and sends its replies.

Thin on purpose: read the state and the message, call `step`, send what it says. When the
person confirmed "wis dit gesprek", it also sends the erase mark (bot/privacy.py): the Rasa
server's tracker store then deletes the conversation instead of saving the turn."""
import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import privacy
from bot.dialogue import Reply, State, Understood, step
from bot.dialogue.engine import MAX_REPLIES, erase_confirmed

logger = logging.getLogger(__name__)


def safe_value(value: str) -> str:
    # Rasa's response interpolation gives up on a filled-in value that contains "0[" (its own
    # placeholder syntax) and sends the raw template; a space keeps the user's text intact.
    return str(value).replace("0[", "0 [")


def send(dispatcher: CollectingDispatcher, replies: List[Reply]) -> None:
    """Sends the replies; a guard in production, the engine is tested never to need it
    (tests/test_dialogue_fuzz.py): no reply twice, at most MAX_REPLIES."""
    sent = []
    for reply in replies:
        if reply in sent:
            continue
        sent.append(reply)
    if len(sent) > MAX_REPLIES:
        logger.warning("The dialogue gave %d replies; sending the first %d.", len(sent), MAX_REPLIES)
    for reply in sent[:MAX_REPLIES]:
        values = {k: safe_value(v) for k, v in reply.values.items()}
        dispatcher.utter_message(response=reply.key, buttons=list(reply.buttons) or None, **values)


class ActionDialogue(Action):
    def name(self) -> Text:
        return "action_dialogue"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        state = State.from_slot(tracker.get_slot("dialogue"))
        message = Understood.from_parse(tracker.latest_message)
        new_state, replies = step(state, message)
        send(dispatcher, replies)
        if erase_confirmed(replies):
            dispatcher.utter_message(json_message=privacy.ERASE_MARK)
        return [SlotSet("dialogue", new_state.to_slot()), SlotSet("role", new_state.role)]
