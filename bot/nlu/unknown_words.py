"""Marks a message as not understood when none of its words is known.

A neural classifier always picks some intent, even for "qwxzv blorp"; a confident wrong
intent then sends the dialogue somewhere odd. Known words are those of the training data,
the Dutch lemma lexicon (spacy-lookups-data) and the gemeente names.
"""

import gzip
import json
import logging
import re
from typing import Any, Dict, FrozenSet, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import FALLBACK_INTENT
from bot.regions import current_gemeenten
from bot.text import fold

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z]{2,}")


def words_of(text: str) -> List[str]:
    return _WORD.findall(fold(text))


def dutch_lexicon() -> FrozenSet[str]:
    """Dutch word forms and lemmas from spacy-lookups-data; empty when it is missing."""
    try:
        import spacy_lookups_data
    except ImportError:
        return frozenset()
    path = spacy_lookups_data.__path__[0] + "/data/nl_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    return frozenset(fold(w) for pair in table.items() for w in pair)


def has_known_word(text: str, known: FrozenSet[str]) -> Optional[bool]:
    """None when the text has no words at all (emoji, digits), else whether one is known."""
    words = words_of(text)
    if not words:
        return None
    return any(w in known for w in words)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UnknownWordsFallback(GraphComponent):
    FILE = "training_words.json"

    def __init__(self, model_storage: ModelStorage, resource: Resource, training_words: FrozenSet[str]) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._training_words = training_words
        self._known: Optional[FrozenSet[str]] = None

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "UnknownWordsFallback":
        return cls(model_storage, resource, frozenset())

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "UnknownWordsFallback":
        try:
            with model_storage.read_from(resource) as directory:
                words = json.loads((directory / cls.FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.warning("No training words stored; every word counts as unknown but the lexicon's.")
            words = []
        component = cls(model_storage, resource, frozenset(words))
        component._known_words()  # load the lexicon now, not on the first message
        return component

    def train(self, training_data: TrainingData) -> Resource:
        words = sorted({w for m in training_data.training_examples for w in words_of(m.get(TEXT) or "")})
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.FILE).write_text(json.dumps(words), encoding="utf-8")
        return self._resource

    def _known_words(self) -> FrozenSet[str]:
        if self._known is None:
            gemeente_words = {w for g in current_gemeenten() for w in words_of(g.name)}
            self._known = self._training_words | dutch_lexicon() | frozenset(gemeente_words)
        return self._known

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/") or has_known_word(text, self._known_words()) is not False:
                continue
            message.set("gibberish", True, add_to_output=True)
            ranking = message.get(INTENT_RANKING_KEY) or []
            fallback = {"name": FALLBACK_INTENT, "confidence": 1.0}
            message.set(INTENT, fallback, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [fallback] + [i for i in ranking if i.get("name") != FALLBACK_INTENT],
                add_to_output=True,
            )
        return messages
