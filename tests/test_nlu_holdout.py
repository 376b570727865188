"""The held-out NLU file is only worth something while it stays apart from the training data."""

import re

import yaml

from bot.text import fold
from tests.conftest import ROOT

ENTITY = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def examples(path):
    for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        if "intent" not in item:
            continue  # lookup tables and synonyms
        for line in (item.get("examples") or "").splitlines():
            if line.strip().startswith("- "):
                yield item["intent"], ENTITY.sub(r"\1", line.strip()[2:])


def test_holdout_is_large_enough_and_not_in_the_training_data():
    held_out = list(examples(ROOT / "tests" / "nlu_holdout.yml"))
    assert len(held_out) >= 200
    training = {fold(text) for path in (ROOT / "data" / "nlu").glob("*.yml") for _, text in examples(path)}
    overlap = [text for _, text in held_out if fold(text) in training]
    assert overlap == []
    assert len({fold(text) for _, text in held_out}) == len(held_out), "no repeats"


def test_holdout_uses_only_known_intents():
    known = set()
    for path in (ROOT / "domain").glob("*.yml"):
        intents = yaml.safe_load(path.read_text(encoding="utf-8")).get("intents") or []
        known |= {i if isinstance(i, str) else next(iter(i)) for i in intents}
    for intent, _ in examples(ROOT / "tests" / "nlu_holdout.yml"):
        assert intent.split("/")[0] in known, intent


def test_holdout_has_crisis_phrasings_and_look_alikes():
    intents = [intent for intent, _ in examples(ROOT / "tests" / "nlu_holdout.yml")]
    assert intents.count("crisis") >= 20
    assert intents.count("out_of_scope") >= 10
