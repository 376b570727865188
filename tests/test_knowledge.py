"""Content checks: one source for FAQ answers, sources recorded, no invented numbers."""

import re

import pytest
import yaml

from bot import knowledge
from bot.content import DOMAIN_FAQ, faq_domain_text
from tests.conftest import ROOT

# The only phone numbers the bot may give (KNOWLEDGE.md, "Safety").
ALLOWED_NUMBERS = {"113", "0800-0113", "112"}


def all_bot_texts():
    texts = [e["answer"] for e in knowledge.faq().values()]
    texts += [t["text"] for t in knowledge.referrals()["targets"].values()]
    texts += [
        e[f"answer_{v}"] for e in knowledge.faq().values() for v in ("professional", "werkgever") if f"answer_{v}" in e
    ]
    webchat = knowledge.webchat()
    texts += [t for t in webchat.values() if isinstance(t, str)]
    texts += [webchat["crisis_header"]["text"], *webchat["errors"].values()]
    for path in (ROOT / "domain").glob("*.yml"):
        for variants in (yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}).values():
            texts += [v.get("text", "") for v in variants]
    return texts


def test_domain_faq_is_generated_from_knowledge():
    assert DOMAIN_FAQ.read_text(encoding="utf-8") == faq_domain_text(), "run: python -m bot.content"


@pytest.mark.parametrize("key", sorted(knowledge.faq()))
def test_every_faq_answer_has_a_source(key):
    assert knowledge.faq()[key]["source"]


@pytest.mark.parametrize("key", sorted(knowledge.referrals()["targets"]))
def test_every_referral_target_has_a_source(key):
    assert knowledge.referrals()["targets"][key]["source"]


def test_only_known_phone_numbers():
    for text in all_bot_texts():
        for number in re.findall(r"\b\d[\d-]{2,}\d\b", text):
            if re.fullmatch(r"(19|20)\d\d", number) or re.fullmatch(r"\d{1,3}(\.\d{3})*", number):
                continue  # years, amounts of jobs
            assert number in ALLOWED_NUMBERS, f"unknown number {number!r} in: {text[:80]}"


def test_no_web_addresses_except_113():
    for text in all_bot_texts():
        for address in re.findall(r"\b[\w-]+\.(?:nl|com|org)\b", text):
            assert address == "113.nl", address


@pytest.mark.parametrize("key", sorted(knowledge.faq()))
def test_faq_answers_name_organisations_in_full(key):
    answer = knowledge.faq()[key]["answer"]
    if re.search(r"\bIPS\b(?!-)", answer):  # "IPS-trajectbegeleider" is a role, not the method
        assert "Individuele Plaatsing en Steun" in answer
    if re.search(r"\bWSP\b", answer):
        assert "Werkgeversservicepunt (WSP)" in answer


def test_crisis_messages_name_113_112_and_the_huisarts():
    responses = knowledge.responses()
    message = responses["utter_crisis"][0]["text"]
    for required in ("113", "0800-0113", "113.nl", "112", "huisarts"):
        assert required in message
    assert responses["utter_crisis_acute"][0]["text"].startswith("Bel nu 112"), "acute danger: 112 first"
    crisis_replies = [
        name
        for name in responses
        if name.startswith("utter_crisis") and name not in ("utter_crisis_continue_later", "utter_crisis_checkin")
    ]
    for name in crisis_replies + ["utter_welcome", "utter_intro_short", "utter_unavailable", "utter_not_understood_3"]:
        assert "113" in responses[name][0]["text"], f"{name}: the numbers stay visible"


def test_no_paragraph_breaks_in_bot_texts():
    # Rasa's channels send every paragraph as a message of its own: a blank line in a text
    # would break the at-most-four-messages rule without anyone seeing it in the domain.
    for name, variants in knowledge.responses().items():
        for variant in variants:
            assert "\n\n" not in (variant.get("text") or ""), name


def test_knowledge_table_is_a_copy_of_the_shared_one():
    from tests.conftest import SHARED

    shared = SHARED / "data" / "gemeenten_arbeidsmarktregio.csv"
    if shared.exists():
        assert (ROOT / "knowledge" / "gemeenten_arbeidsmarktregio.csv").read_bytes() == shared.read_bytes()


@pytest.mark.parametrize("key", sorted(knowledge.faq()))
def test_faq_redirects_name_real_answers(key):
    """`for_werkgever` ("unknown" or another answer), `for_no_benefit` and `for_benefit` point somewhere real."""
    entry = knowledge.faq()[key]
    if "for_werkgever" in entry:
        assert entry["for_werkgever"] == "unknown" or entry["for_werkgever"] in knowledge.faq()
    if "for_no_benefit" in entry:
        assert entry["for_no_benefit"] in knowledge.faq()
    for benefit, other in (entry.get("for_benefit") or {}).items():
        assert benefit in knowledge.labels()["benefits"] and other in knowledge.faq()


def test_every_own_work_phrase_changes_some_professional_answer():
    """A phrase in labels.yml `own_work_voice` that no answer holds any more has rotted."""
    answers = [" ".join(e.get("answer_professional", "").split()) for e in knowledge.faq().values()]
    for own, phrases in knowledge.labels()["own_work_voice"].items():
        for said, _ in phrases:
            assert any(said in a for a in answers), f"{own}: {said!r} is in no professional answer"


def test_a_behandelaar_is_never_told_to_ask_the_behandelaar():
    from bot.content import own_work_answers

    for key, entry in knowledge.faq().items():
        text = own_work_answers(entry).get("behandelaar", "")
        assert "Vraag de behandelaar" not in text and "vraag de behandelaar" not in text, key


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice in one mapping (YAML keeps the last one
    silently: a second `patterns:` under one FAQ entry would drop the first)."""


def _mapping_without_duplicates(loader, node, deep=False):
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    twice = sorted({k for k in keys if keys.count(k) > 1}, key=str)
    if twice:
        raise yaml.constructor.ConstructorError(None, None, f"key written twice: {twice}", node.start_mark)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "knowledge").glob("*.yml"), *(ROOT / "domain").glob("*.yml")], key=str),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_no_key_is_written_twice(path):
    yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
