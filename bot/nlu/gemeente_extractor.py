"""Recognises Dutch gemeente names from the CBS table, not from a general NER model."""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.stateless import StatelessComponent
from bot.regions import find_gemeenten

ENTITY = "gemeente"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class GemeenteEntityExtractor(EntityExtractorMixin, StatelessComponent):
    """Adds a `gemeente` entity whose value is the official CBS name ("Den Bosch" ->
    "'s-Hertogenbosch"), so slots and lookups always see one spelling."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {"entity": ENTITY, "start": start, "end": end, "value": name, "confidence": 1.0}
                for start, end, name in find_gemeenten(text)
            ]
            if found:
                entities = message.get(ENTITIES, []) + self.add_extractor_name(found)
                message.set(ENTITIES, entities, add_to_output=True)
        return messages
