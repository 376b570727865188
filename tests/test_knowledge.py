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
    texts += list(knowledge.crisis()["messages"].values())
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
    message = knowledge.crisis()["messages"]["crisis"]
    for required in ("113", "0800-0113", "113.nl", "112", "huisarts"):
        assert required in message
    for key in ("followup_safe", "followup_unsafe", "followup_unclear"):
        assert "113" in knowledge.crisis()["messages"][key], "the numbers stay visible"


def test_knowledge_table_is_a_copy_of_the_shared_one():
    from tests.conftest import SHARED

    shared = SHARED / "data" / "gemeenten_arbeidsmarktregio.csv"
    if shared.exists():
        assert (ROOT / "knowledge" / "gemeenten_arbeidsmarktregio.csv").read_bytes() == shared.read_bytes()
