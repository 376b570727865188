"""The custom NLU components on their own: Dutch spaCy fallback, gemeente entities,
the crisis detector adapter, and the unknown-words fallback."""

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.crisis_detector import CrisisDetector
from bot.nlu.dutch_spacy import BLANK_DUTCH, load_dutch
from bot.nlu.gemeente_extractor import GemeenteEntityExtractor
from bot.nlu.unknown_words import UnknownWordsFallback, dutch_lexicon, has_known_word


def message(text, intent=None, ranking=()):
    m = Message(data={TEXT: text})
    if intent:
        m.set(INTENT, {"name": intent, "confidence": 0.9})
        m.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.9}] + list(ranking))
    return m


def test_missing_spacy_model_falls_back_to_blank_dutch_with_lemmas():
    model = load_dutch("a_model_that_is_not_installed")
    assert model.model_name == BLANK_DUTCH and model.model.lang == "nl"
    lemmas = [t.lemma_ for t in model.model("ik zocht uitkeringen")]
    assert lemmas == ["ik", "zoeken", "uitkering"]


def test_gemeente_entities_use_the_official_name():
    extractor = GemeenteEntityExtractor()
    [m] = extractor.process([message("werkgever in den bosch, woon in Den Haag")])
    found = [(e["value"], e["start"], e["end"], e["extractor"]) for e in m.get(ENTITIES)]
    assert found == [
        ("'s-Hertogenbosch", 13, 22, "GemeenteEntityExtractor"),
        ("'s-Gravenhage", 32, 40, "GemeenteEntityExtractor"),
    ]


def test_crisis_detector_sets_the_tier_and_the_intent():
    adapter = CrisisDetector()
    crisis, harmless, payload = adapter.process(
        [
            message("ik wil niet meer leven", "greet"),
            message("ik ging dood van het lachen", "crisis", ranking=[{"name": "greet", "confidence": 0.05}]),
            message("/affirm", "affirm"),
        ]
    )
    assert crisis.get(INTENT)["name"] == "crisis" and crisis.get("crisis")["tier"] != "none"
    assert crisis.get(INTENT_RANKING_KEY)[0]["name"] == "crisis"
    # A classifier's crisis guess without the detector's verdict gives way to the next intent.
    assert harmless.get("crisis")["tier"] == "none" and harmless.get(INTENT)["name"] == "greet"
    assert all(i["name"] != "crisis" for i in harmless.get(INTENT_RANKING_KEY))
    assert payload.get("crisis") is None and payload.get(INTENT)["name"] == "affirm"


@pytest.fixture(scope="module")
def lexicon():
    return dutch_lexicon()


@pytest.mark.parametrize(
    "text,known",
    [
        ("qwxzv blorp", False),
        ("asdf", False),
        ("ik zoek wrek", True),
        ("werkloos", True),
        ("🙂🙂", None),
        ("12345", None),
        ("", None),
    ],
)
def test_known_words(lexicon, text, known):
    assert has_known_word(text, lexicon) is known


def test_unknown_words_become_not_understood(tmp_path):
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    storage = LocalModelStorage(tmp_path)
    resource = Resource("unknown_words")
    component = UnknownWordsFallback.create({}, storage, resource, None)
    component.train(TrainingData([Message(data={TEXT: "hello wsp uwv", INTENT: "faq"})]))
    loaded = UnknownWordsFallback.load({}, storage, resource, None)
    gibberish, english, emoji = loaded.process(
        [message("qwxzv blorp", "affirm"), message("hello", "faq"), message("🙂", "greet")]
    )
    assert gibberish.get(INTENT)["name"] == "nlu_fallback" and gibberish.get("gibberish") is True
    assert english.get(INTENT)["name"] == "faq"  # known from the training data
    assert emoji.get(INTENT)["name"] == "greet"  # no words: left to the classifier


def test_faq_selector_picks_the_answer_in_response_selector_format(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer

    from bot.nlu.faq_selector import FaqSelector

    storage = LocalModelStorage(tmp_path)
    questions = {
        "faq/ips": ["wat is ips", "wat betekent ips", "ips uitleg"],
        "faq/wsp": ["wat doet het wsp", "wie is het werkgeversservicepunt", "wsp uitleg"],
        "faq/kosten": ["wat kost het", "moet ik betalen", "is het gratis"],
    }
    examples = [
        Message(data={TEXT: q, INTENT: key.split("/")[0], "intent_response_key": key})
        for key, texts in questions.items()
        for q in texts
    ]
    examples.append(Message(data={TEXT: "hallo", INTENT: "greet"}))  # not an FAQ: not a label
    data = TrainingData(examples, responses={f"utter_{k}": [{"text": f"antwoord {k}"}] for k in questions})
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    featurizer = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("cv"), ExecutionContext(GraphSchema({}), "test")
    )
    tokenizer.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)
    FaqSelector.create({}, storage, Resource("faq"), None).train(data)

    selector = FaqSelector.load({}, storage, Resource("faq"), None)
    asked, silent = Message(data={TEXT: "wat doet het wsp eigenlijk"}), Message(data={TEXT: ""})
    tokenizer.process([asked])
    featurizer.process([asked])
    selector.process([asked, silent])

    chosen = asked.get("response_selector")
    assert chosen["all_retrieval_intents"] == ["faq"]
    response = chosen["faq"]["response"]
    assert response["intent_response_key"] == "faq/wsp"
    assert response["utter_action"] == "utter_faq/wsp"  # what Rasa's utter_faq action reads
    assert response["responses"] == [{"text": "antwoord faq/wsp"}]
    ranking = chosen["faq"]["ranking"]
    assert [r["intent_response_key"] for r in ranking][0] == "faq/wsp" and len(ranking) == 3
    assert abs(sum(r["confidence"] for r in ranking) - 1) < 1e-6
    assert silent.get("response_selector") is None  # no features, no guess
