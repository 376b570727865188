"""Dutch spaCy for Rasa: the official model when installed, a blank Dutch pipeline if not.

The class must be called `SpacyNLP`: Rasa's SpacyTokenizer finds its model provider by
that class name. Config:

    - name: bot.nlu.dutch_spacy.SpacyNLP
      model: nl_core_news_sm     # used when installed
"""

import logging
from typing import Any, Dict, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.nlu.utils.spacy_utils import SpacyNLP as RasaSpacyNLP

logger = logging.getLogger(__name__)

BLANK_DUTCH = "blank:nl"


def load_dutch(model_name: Text) -> SpacyModel:
    """Loads `model_name`, or a blank Dutch pipeline with lookup lemmas when it is missing."""
    import spacy

    try:
        return RasaSpacyNLP.load_model(model_name)
    except Exception as error:  # missing model: spaCy raises OSError, Rasa wraps it
        logger.info("spaCy model %r not available (%s); using a blank Dutch pipeline.", model_name, error)
    nlp = spacy.blank("nl")
    try:
        # spacy-lookups-data gives Dutch lemmas by table lookup; no tagger needed.
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except Exception as error:  # without the lookup tables, tokens still work
        logger.warning("No Dutch lemma tables (%s); tokens only.", error)
        nlp = spacy.blank("nl")
    return SpacyModel(model=nlp, model_name=BLANK_DUTCH)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(RasaSpacyNLP):
    """Provides a Dutch spaCy pipeline; works without the downloadable model."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**RasaSpacyNLP.get_default_config(), "model": "nl_core_news_sm"}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SpacyNLP":
        config = {**cls.get_default_config(), **config}
        model = load_dutch(config["model"])
        logger.info("Dutch spaCy pipeline: %s", model.model_name)
        return cls(model, config)
