"""The "werk en herstel" guide and the routing facts: which slots, in which order, how
free-text answers are read, and how the summary reads.

The six questions come from the GGZ gespreksleidraad "Arbeid als medicijn" (2017); the
four facts are the ones the referral needs and nothing more.
"""
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from bot.referral import NO, UNKNOWN, YES
from bot.text import fold

SKIPPED = "overgeslagen"


@dataclass(frozen=True)
class Item:
    slot: str
    label: str  # how the summary names it
    form: str  # the Rasa form that asks it


GUIDE_FORM = "guide_form"
ROUTING_FORM = "routing_form"

ITEMS: Tuple[Item, ...] = (
    Item("guide_meaning", "Wat werk betekent", GUIDE_FORM),
    Item("guide_fitting_work", "Welk werk past", GUIDE_FORM),
    Item("guide_likes", "Wat graag gedaan wordt", GUIDE_FORM),
    Item("guide_possibilities", "Mogelijkheden", GUIDE_FORM),
    Item("guide_best_situation", "Situatie waarin het best gaat", GUIDE_FORM),
    Item("guide_support", "Wat en wie helpt", GUIDE_FORM),
    Item("in_treatment", "In behandeling bij de ggz", ROUTING_FORM),
    Item("wants_paid_work", "Wil nu betaald werk", ROUTING_FORM),
    Item("benefit", "Uitkering", ROUTING_FORM),
    Item("gemeente", "Gemeente", ROUTING_FORM),
)
GUIDE_SLOTS = [i.slot for i in ITEMS if i.form == GUIDE_FORM]
ROUTING_SLOTS = [i.slot for i in ITEMS if i.form == ROUTING_FORM]

# Longest limit on a stored free-text answer: enough for a long answer, not for a pasted book.
MAX_ANSWER_CHARS = 1000

_YES = re.compile(r"^(ja|jawel|jazeker|jaa+|jep|yes|yep|zeker|klopt|dat klopt|inderdaad|graag|absoluut|ok(e|ay)?|j)\b")
_NO = re.compile(r"^(nee|neen|nope|no|niet|nooit|nee hoor|helaas niet|liever niet|n)\b|^geen\b")
_UNKNOWN = re.compile(
    r"\b(weet (ik )?(het )?niet|weet niet|geen idee|misschien|twijfel|weet ik nog niet|"
    r"geen flauw idee|wk nie|wn|idk|sla over|overslaan|volgende|skip)\b"
)

# Words people use for each benefit; the values are the canonical slot values.
BENEFIT_WORDS: Dict[str, Tuple[str, ...]] = {
    "bijstand": ("bijstand", "bijstandsuitkering", "participatiewet", "uitkering van de gemeente", "bbz", "ioaw"),
    "ww": ("ww", "ww-uitkering", "werkloosheidsuitkering", "werkloosheidswet"),
    "wia": ("wia", "wga", "wia-uitkering", "wga-uitkering", "iva", "arbeidsongeschiktheidsuitkering", "arbeidsongeschikt", "wao"),
    "wajong": ("wajong", "wajong-uitkering", "wajongen", "wajonger"),
    "geen": ("geen uitkering", "geen", "nee", "niks", "niets", "ik werk", "heb ik niet"),
}


def parse_answer(text: str) -> Optional[str]:
    """Reads ja / nee / onbekend from a short free answer; None when it is not clear."""
    folded = fold(text).strip(" .!?")
    if not folded:
        return None
    if _UNKNOWN.search(folded):
        return UNKNOWN
    if _NO.search(folded):
        return NO
    if _YES.search(folded):
        return YES
    return None


def parse_benefit(text: str) -> Optional[str]:
    """Reads the benefit type from a free answer or an entity value; None when unclear."""
    folded = fold(text).strip(" .!?")
    if folded in {"onbekend", "weet ik niet"} or _UNKNOWN.search(folded):
        return UNKNOWN
    words = set(re.findall(r"[\w-]+", folded))
    for benefit, names in BENEFIT_WORDS.items():
        if benefit == "geen":
            continue
        if any((" " in n and n in folded) or n in words for n in names):
            return benefit
    if any((" " in n and n in folded) or n in words for n in BENEFIT_WORDS["geen"]):
        return "geen"
    return None


_NUMBER_WORDS = {
    "een": 1, "eerste": 1, "twee": 2, "tweede": 2, "drie": 3, "derde": 3, "vier": 4,
    "vierde": 4, "vijf": 5, "vijfde": 5, "zes": 6, "zesde": 6, "zeven": 7, "zevende": 7,
    "acht": 8, "achtste": 8, "negen": 9, "negende": 9, "tien": 10, "tiende": 10,
}


def item_number(text: str) -> Optional[int]:
    """The summary item someone wants to change: "punt 3", "vraag drie", "de derde", "3"."""
    folded = fold(text)
    digits = re.search(r"\b(10|[1-9])\b", folded)
    if digits:
        return int(digits.group(1))
    for word in re.findall(r"[a-z]+", folded):
        if word in _NUMBER_WORDS and word != "een":
            return _NUMBER_WORDS[word]
    if re.search(r"\b(punt|vraag|nummer) een\b", folded):
        return 1
    return None


def item_by_number(number: int) -> Optional[Item]:
    return ITEMS[number - 1] if 1 <= number <= len(ITEMS) else None


def clean_answer(text: str) -> str:
    """A free answer as it is stored: trimmed, and cut at MAX_ANSWER_CHARS."""
    text = " ".join((text or "").split())
    if len(text) > MAX_ANSWER_CHARS:
        return text[: MAX_ANSWER_CHARS - 1].rstrip() + "…"
    return text


def summary_lines(values: Dict[str, Optional[str]]) -> List[str]:
    """Numbered lines of the summary; numbers match item_by_number."""
    lines = []
    for number, item in enumerate(ITEMS, start=1):
        value = values.get(item.slot)
        shown = "(overgeslagen)" if value in (None, "", SKIPPED) else str(value)
        lines.append(f"{number}. {item.label}: {shown}")
    return lines
