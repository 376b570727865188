"""The comparison configurations stay what their names say."""

import yaml

from tests.conftest import ROOT


def load(path):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def test_default_config_is_rasas_default():
    default = load("eval/config_default.yml")
    assert default["pipeline"] is None and default["policies"] is None
    assert default["language"] == "nl" and default["recipe"] == "default.v1"


def test_without_spacy_differs_from_ours_only_in_the_tokenizer():
    ours, plain = load("config.yml"), load("eval/config_without_spacy.yml")
    assert [c["name"] for c in plain["pipeline"]][0] == "WhitespaceTokenizer"
    assert ours["pipeline"][2:] == plain["pipeline"][1:]
    assert ours["policies"] == plain["policies"]
