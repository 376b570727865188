"""The crisis safety net: a small, tested set of phrasings that always mean crisis.

The NLU intent `crisis` is trained on many examples; this net catches what the classifier
might miss and stops a few idioms ("ik ging dood van het lachen") from raising an alarm.
The patterns are data, in knowledge/crisis.yml.
"""
import re
from functools import lru_cache
from typing import List, Optional, Pattern

from bot import knowledge
from bot.text import fold

CRISIS_INTENT = "crisis"


@lru_cache(maxsize=None)
def _patterns(kind: str) -> List[Pattern]:
    return [re.compile(p) for p in knowledge.crisis()[kind]]


def has_crisis_signal(text: str) -> bool:
    folded = fold(text)
    return any(p.search(folded) for p in _patterns("signals"))


def is_harmless_idiom(text: str) -> bool:
    folded = fold(text)
    return any(p.search(folded) for p in _patterns("harmless"))


def safety_net_intent(text: str, predicted_intent: Optional[str]) -> Optional[str]:
    """The intent after the safety net: "crisis" when a signal matches; None when the
    classifier said crisis for a harmless idiom (the caller picks the next intent);
    otherwise the classifier's intent, unchanged."""
    if has_crisis_signal(text):
        return CRISIS_INTENT
    if predicted_intent == CRISIS_INTENT and is_harmless_idiom(text):
        return None
    return predicted_intent


_JOKE = re.compile(r"\b(grap(je)?|geintje|geintjes|niet serieus|was maar een|haha+|hihi|lol|jk|grappig)\b")
_SAFE = re.compile(r"^(ja|jawel|jazeker|ja hoor|zeker|klopt|ik ben veilig|ja ik ben veilig|het gaat( wel)?|gaat (wel|goed))\b")


def checkin_reply(intent: Optional[str], text: str) -> str:
    """Which follow-up (knowledge/crisis.yml messages) answers "Ben je nu veilig?".

    Only a plain yes counts as safe. A joke ("grapje") is not a reason to drop the
    subject: the reply takes the message seriously and repeats the numbers."""
    folded = fold(text)
    if intent in ("deny", CRISIS_INTENT) or has_crisis_signal(text) or re.match(r"^(nee|neen|niet)\b", folded):
        return "followup_unsafe"
    if _JOKE.search(folded):
        return "followup_unclear"
    if intent == "affirm" or _SAFE.match(folded):
        return "followup_safe"
    return "followup_unclear"
