"""Runs last in the NLU pipeline: a message with a clear crisis signal is always `crisis`,
and a harmless idiom the classifier took for crisis is given its next-best intent.

Why both: missing a crisis is the worst error this bot can make, and crying wolf at
"ik ging dood van het lachen" makes people stop trusting it. See bot/crisis.py.
"""
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.stateless import StatelessComponent
from bot.crisis import CRISIS_INTENT, has_crisis_signal, is_harmless_idiom, safety_net_intent
from bot.nlu import FALLBACK_INTENT


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisSafetyNet(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):  # a button payload names its intent itself
                continue
            predicted = (message.get(INTENT) or {}).get("name")
            decided = safety_net_intent(text, predicted)
            ranking = message.get(INTENT_RANKING_KEY) or []
            if is_harmless_idiom(text) and not has_crisis_signal(text):
                # Not even as runner-up: when the fallback wins, Rasa's evaluation (and any
                # later look at the ranking) must not find crisis behind it.
                ranking = [i for i in ranking if i.get("name") != CRISIS_INTENT]
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            if decided == predicted:
                continue
            if decided == CRISIS_INTENT:
                chosen = {"name": CRISIS_INTENT, "confidence": 1.0}
            else:
                chosen = next(
                    (i for i in ranking if i.get("name") not in (CRISIS_INTENT, FALLBACK_INTENT)),
                    {"name": FALLBACK_INTENT, "confidence": 1.0},
                )
            others = [i for i in ranking if i.get("name") != chosen["name"]]
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen] + others, add_to_output=True)
        return messages
