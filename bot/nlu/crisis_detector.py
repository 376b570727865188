"""Runs the crisis detector (bot/crisis/) on every message, after the intent classifier.

A thin adapter: the decision is the detector's. The message gets a `crisis` entry (tier, risk,
reason) that the dialogue reads before anything else; when the tier is not "none" the intent
becomes `crisis`, so that Rasa's own tools (rasa test nlu, the tracker store) show it too.
A classifier's `crisis` guess without the detector's verdict is dropped for the next intent.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.crisis import detector
from bot.nlu import FALLBACK_INTENT
from bot.nlu.stateless import StatelessComponent

CRISIS_INTENT = "crisis"
CRISIS_KEY = "crisis"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        crisis_detector = detector()
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):  # a button payload names its intent itself
                continue
            verdict = crisis_detector.verdict(text)
            message.set(CRISIS_KEY, verdict.as_dict(), add_to_output=True)
            ranking = [i for i in (message.get(INTENT_RANKING_KEY) or []) if i.get("name") != CRISIS_INTENT]
            if verdict.is_crisis:
                chosen = {"name": CRISIS_INTENT, "confidence": 1.0}
            else:
                current = message.get(INTENT) or {}
                if current.get("name") != CRISIS_INTENT:
                    continue
                chosen = next(
                    (i for i in ranking if i.get("name") != FALLBACK_INTENT),
                    {"name": FALLBACK_INTENT, "confidence": 1.0},
                )
            message.set(INTENT, chosen, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [chosen] + [i for i in ranking if i.get("name") != chosen["name"]],
                add_to_output=True,
            )
        return messages
