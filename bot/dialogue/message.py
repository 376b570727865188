"""One user message as the dialogue sees it: the NLU's reading (intent, FAQ answer, entities,
crisis tier), the text, and which personal data the channel masked in it. Built from Rasa's
parse data, so the engine never imports Rasa."""

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from bot.privacy import METADATA_KEY

FALLBACK = "nlu_fallback"
NO_CRISIS = "none"
# Confidence above which an intent or FAQ answer counts as understood.
CONFIDENT = 0.6
# The detector's risk from which its classifier alone is sure (bot/crisis/detector.py
# Thresholds.crisis; a test keeps the two equal).
CRISIS_SURE = 0.6


@dataclass(frozen=True)
class Understood:
    text: str = ""
    intent: str = ""  # "" when the NLU named none
    confidence: float = 0.0
    ranking: Tuple[Tuple[str, float], ...] = ()
    entities: Tuple[Dict[str, Any], ...] = ()
    faq: Optional[str] = None  # the best FAQ answer key ("ips"), when the NLU picked one
    faq_confidence: float = 0.0
    crisis: str = NO_CRISIS  # none | clear | ambiguous | acute | other_person | bereavement
    crisis_by_pattern: bool = False  # the detector's patterns said so, not only its classifier
    crisis_hunch: bool = False  # only the classifier, on a message without any word of risk
    crisis_risk: float = 0.0  # the detector's classifier's risk
    crisis_calm: bool = False  # no crisis, and not a single word of risk in the message
    gibberish: bool = False  # no known word at all ("qwxzv blorp")
    payload: bool = False  # a button ("/affirm", "/choose{...}"), not typed text
    masked: Tuple[str, ...] = ()  # kinds of personal data the channel replaced (bot/privacy.py)

    def entity(self, name: str) -> Optional[Any]:
        return next((e.get("value") for e in self.entities if e.get("entity") == name), None)

    def is_intent(self, *names: str, confident: bool = True) -> bool:
        return self.intent in names and (self.payload or not confident or self.confidence >= CONFIDENT)

    def likely_intents(self, limit: int = 3) -> List[str]:
        """The most likely meanings, best first, without "not understood" itself."""
        return [name for name, _ in self.ranking if name != FALLBACK][:limit]

    @classmethod
    def from_parse(cls, parse: Optional[Dict[str, Any]]) -> "Understood":
        """From Rasa's parse data (tracker.latest_message). Missing parts are simply absent."""
        parse = parse or {}
        text = parse.get("text")
        if not isinstance(text, str):
            text = ""
        intent = parse.get("intent") or {}
        ranking = tuple(
            (str(i["name"]), float(i.get("confidence") or 0.0))
            for i in (parse.get("intent_ranking") or [])
            if isinstance(i, dict) and i.get("name")
        )
        faq, faq_confidence = _faq_of(parse)
        crisis = parse.get("crisis") or {}
        return cls(
            text=text,
            intent=intent.get("name") or "",
            confidence=float(intent.get("confidence") or 0.0),
            ranking=ranking,
            entities=tuple(e for e in (parse.get("entities") or []) if isinstance(e, dict)),
            faq=faq,
            faq_confidence=faq_confidence,
            crisis=(crisis.get("tier") or NO_CRISIS) if isinstance(crisis, dict) else NO_CRISIS,
            crisis_by_pattern=isinstance(crisis, dict) and crisis.get("reason") == "pattern",
            crisis_hunch=isinstance(crisis, dict) and crisis.get("reason") == "hunch",
            crisis_risk=_risk_of(crisis),
            crisis_calm=isinstance(crisis, dict) and crisis.get("reason") == "no risk word",
            gibberish=bool(parse.get("gibberish")),
            payload=text.lstrip().startswith("/"),
            masked=_masked_of(parse),
        )


def _risk_of(crisis: Any) -> float:
    try:
        return float(crisis.get("risk") or 0.0) if isinstance(crisis, dict) else 0.0
    except (TypeError, ValueError):
        return 0.0


def _masked_of(parse: Dict[str, Any]) -> Tuple[str, ...]:
    """The kinds of personal data the channel masked, from the message's metadata."""
    metadata = parse.get("metadata")
    kinds = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    return tuple(k for k in kinds if isinstance(k, str)) if isinstance(kinds, list) else ()


def _faq_of(parse: Dict[str, Any]) -> Tuple[Optional[str], float]:
    """The FAQ answer key and its confidence from Rasa's response selector output."""
    selector = (parse.get("response_selector") or {}).get("faq") or {}
    response = selector.get("response") or {}
    key = response.get("intent_response_key") or ""
    if not key.startswith("faq/"):
        return None, 0.0
    name = key.split("/", 1)[1]
    raw = parse.get("text")
    text = raw if isinstance(raw, str) else ""
    if not text.lstrip().startswith("/") and _about_something_else(name, text):
        return None, 0.0
    return name, float(response.get("confidence") or 0.0)


def _about_something_else(key: str, text: str) -> bool:
    """Whether the message names a subject the FAQ answer is not about, or none it is about
    (knowledge/faq.yml `not_with`, `only_with`): "hoe lang duurt die wachtlijst?" is no
    question about how long IPS lasts."""
    from bot import knowledge
    from bot.text import fold

    folded = fold(text)
    entry = knowledge.faq().get(key) or {}
    if any(re.search(p, folded) for p in entry.get("not_with") or ()):
        return True
    # `only_with`: an answer about one subject needs a word of it ("wat raad je aan?" is no
    # question about what an employer may ask a candidate)
    needed = entry.get("only_with") or ()
    return bool(needed) and not any(re.search(p, folded) for p in needed)


@dataclass(frozen=True)
class Reply:
    """One bot message: a response name of the domain, its placeholder values, and buttons
    that are not in the domain (choices that depend on the conversation)."""

    key: str
    values: Dict[str, str] = field(default_factory=dict)
    buttons: Tuple[Dict[str, str], ...] = ()
