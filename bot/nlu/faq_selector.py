"""Picks the answer to a FAQ question ("faq/ips_wat") with logistic regression.

It does the job of Rasa's ResponseSelector and writes the same `response_selector` output, so
the `utter_faq` retrieval action, `rasa test nlu` and the rules work unchanged. The difference:
no TensorFlow model. On our FAQ data it chose the answer as well as the ResponseSelector did,
trains in seconds instead of about two minutes and answers in well under a millisecond
(figures in docs/EVALUATION.md and docs/PERFORMANCE.md).
"""

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.nlu.utils import write_json_to_file
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import read_json_file
from scipy.sparse import csr_matrix, vstack
from sklearn.linear_model import LogisticRegression

logger = logging.getLogger(__name__)


def sentence_features(message: Message) -> Optional[csr_matrix]:
    """The sparse sentence features the featurizers made for the message's text."""
    _, sentence = message.get_sparse_features(TEXT)
    return csr_matrix(sentence.features) if sentence is not None else None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqSelector(GraphComponent):
    MODEL_FILE = "faq_selector.skops"
    META_FILE = "faq_selector.json"

    @classmethod
    def required_components(cls) -> List[type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "retrieval_intent": "faq",
            "max_iter": 1000,
            "ranking_length": LABEL_RANKING_LENGTH,
            "random_state": 2026,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: Optional[LogisticRegression] = None,
        responses: Optional[Dict[Text, List[Dict[Text, Any]]]] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.classifier = classifier
        self.responses = responses or {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FaqSelector":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        intent = self.config["retrieval_intent"]
        rows, labels = [], []
        for example in training_data.intent_examples:
            features = sentence_features(example)
            if example.get(INTENT) == intent and example.get(INTENT_RESPONSE_KEY) and features is not None:
                rows.append(features)
                labels.append(example.get(INTENT_RESPONSE_KEY))
        if len(set(labels)) < 2:
            logger.warning(f"FaqSelector: fewer than two '{intent}' answers to choose from; not trained.")
            return self._resource
        self.classifier = LogisticRegression(
            max_iter=self.config["max_iter"], class_weight="balanced", random_state=self.config["random_state"]
        )
        self.classifier.fit(vstack(rows), labels)
        prefix = f"utter_{intent}/"
        self.responses = {key: value for key, value in training_data.responses.items() if key.startswith(prefix)}
        self.persist()
        return self._resource

    def persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as folder:
            sio.dump(self.classifier, folder / self.MODEL_FILE)
            write_json_to_file(str(folder / self.META_FILE), {"responses": self.responses})

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "FaqSelector":
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as folder:
                classifier = sio.load(folder / cls.MODEL_FILE, trusted=True)
                responses = read_json_file(folder / cls.META_FILE)["responses"]
        except ValueError:  # nothing was trained (no FAQ data)
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, classifier, responses)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.classifier is None:  # not trained: fewer than two FAQ answers
            return messages
        for message in messages:
            features = sentence_features(message)
            if features is not None:
                self._select(message, self.classifier, features)
        return messages

    def _select(self, message: Message, classifier: LogisticRegression, features: csr_matrix) -> None:
        intent = self.config["retrieval_intent"]
        probabilities = classifier.predict_proba(features)[0]
        order = np.argsort(-probabilities)[: self.config["ranking_length"] or None]
        keys = [str(classifier.classes_[i]) for i in order]
        best = keys[0]
        utter_action = f"utter_{best}"
        selected = {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: self.responses.get(utter_action, [{TEXT: best}]),
                PREDICTED_CONFIDENCE_KEY: float(probabilities[order[0]]),
                INTENT_RESPONSE_KEY: best,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
            },
            RESPONSE_SELECTOR_RANKING_KEY: [
                {PREDICTED_CONFIDENCE_KEY: float(probabilities[i]), INTENT_RESPONSE_KEY: key}
                for key, i in zip(keys, order, strict=True)
            ],
        }
        properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {})
        properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = [intent]
        properties[intent] = selected
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
