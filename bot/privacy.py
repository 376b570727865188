"""Personal data in what people type: found and replaced by a placeholder ("mijn bsn is [BSN]").

The input channels (bot/channels/common.py) call `mask` once for every message, before Rasa
sees it, so the tracker store, the logs, the summary and the history only ever hold the
placeholder. Pure: text in, masked text and the kinds found out.

What is looked for, the placeholders and the patterns are data (knowledge/privacy.yml). The
patterns only find candidates; whether a candidate is one is decided by well-kept libraries:
python-stdnum (BSN 11-proef, IBAN mod 97, Dutch postcode), phonenumbers (which finds phone
numbers itself) and the calendar (dates).
"""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Dict, Iterator, List, Optional, Pattern, Tuple

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from bot import knowledge

# Metadata key under which the channels tell the dialogue which kinds they masked.
METADATA_KEY = "masked"
# What action_dialogue sends (as a custom message) when the person confirmed "wis dit gesprek":
# the tracker store deletes the conversation instead of saving the turn, and the channels
# leave the mark out of what they answer (docs/PRIVACY.md).
ERASE_MARK = {"wegwijzer": "erase_conversation"}

MONTHS = {
    "jan": 1,
    "januari": 1,
    "feb": 2,
    "februari": 2,
    "mrt": 3,
    "maart": 3,
    "apr": 4,
    "april": 4,
    "mei": 5,
    "jun": 6,
    "juni": 6,
    "jul": 7,
    "juli": 7,
    "aug": 8,
    "augustus": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oktober": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}

Span = Tuple[int, int]


@dataclass(frozen=True)
class Masked:
    text: str
    kinds: Tuple[str, ...] = ()  # the kinds found, in the order of knowledge/privacy.yml


def _config() -> Dict[str, Any]:
    return knowledge.privacy()


@lru_cache(maxsize=None)
def _pattern(name: str) -> Pattern:
    return re.compile(_config()["patterns"][name], re.IGNORECASE)


def kinds() -> List[str]:
    """Every kind, in the order they are looked for."""
    return list(_config()["kinds"])


def placeholder(kind: str) -> str:
    return _config()["kinds"][kind]["placeholder"]


# --- finding each kind: the spans of the text that are one -----------------------------------
def _emails(text: str) -> Iterator[Span]:
    for match in _pattern("email").finditer(text):
        yield match.span()


def _ibans(text: str) -> Iterator[Span]:
    for match in _pattern("iban").finditer(text):
        candidate = match.group(0)
        # Written in groups, the last "group" may be the next word: try without it.
        while True:
            if stdnum_iban.is_valid(candidate):
                yield match.start(), match.start() + len(candidate)
                break
            if " " not in candidate:
                break
            candidate = candidate.rsplit(" ", 1)[0]


def _bsns(text: str) -> Iterator[Span]:
    for match in _pattern("bsn").finditer(text):
        if stdnum_bsn.is_valid(match.group(0)):
            yield match.span()
    for match in _pattern("bsn_short").finditer(text):
        if stdnum_bsn.is_valid(match.group(1)):
            yield match.span(1)


def _full_year(year: str, today: datetime.date) -> int:
    if len(year) == 4:
        return int(year)
    century = 2000 if int(year) <= today.year % 100 else 1900
    return century + int(year)


def _birth_dates(text: str, today: datetime.date) -> Iterator[Span]:
    """Full dates that are a date of birth: after a word like "geboren" any full date; else
    a date whose year could be one (1900 up to `birth_date_min_age` years ago)."""
    cue = bool(_pattern("birth_cue").search(text))
    latest = today.year - int(_config()["birth_date_min_age"])
    found = []
    for match in _pattern("date_numeric").finditer(text):
        day, _sep, month, year = match.groups()
        found.append((match.span(), day, month, year))
    for match in _pattern("date_iso").finditer(text):
        year, month, day = match.groups()
        found.append((match.span(), day, month, year))
    for match in _pattern("date_words").finditer(text):
        day, month, year = match.groups()
        found.append((match.span(), day, str(MONTHS[month.lower().rstrip(".")]), year))
    for span, day, month, year in found:
        if len(year) == 2 and not cue:
            continue
        full_year = _full_year(year, today)
        try:
            datetime.date(full_year, int(month), int(day))
        except ValueError:
            continue
        if cue or 1900 <= full_year <= latest:
            yield span


def _postcodes(text: str) -> Iterator[Span]:
    """A postcode with its house number. Small letters with a space ("1234 ab") count only
    with a house number or the word "postcode", and not when the letters are a word ("2019 en
    2020"); written together ("1234ab") or in capitals ("1234 AB") it is a postcode."""
    config = _config()
    cue = bool(_pattern("postcode_cue").search(text))
    not_letters = set(config["postcode_not_letters"])
    for match in _pattern("postcode").finditer(text):
        number_before, digits, space, letters, number_after = match.groups()
        number = number_before or number_after
        if not stdnum_postcode.is_valid(digits + letters):
            continue
        word = letters.lower() in not_letters
        if cue or not space or (not word and (letters.isupper() or number)):
            yield match.span()


@lru_cache(maxsize=None)
def _phone_kinds() -> frozenset:
    return frozenset(getattr(PhoneNumberType, name) for name in _config()["phone_kinds"])


def _phones(text: str) -> Iterator[Span]:
    """Phone numbers of people (Dutch ones with or without +31/0031, and foreign ones with their
    country code); service numbers such as 0800-0113 are not personal data."""
    for match in PhoneNumberMatcher(text, "NL", leniency=Leniency.VALID):
        if phonenumbers.number_type(match.number) in _phone_kinds():
            yield match.start, match.end


FINDERS: Dict[str, Callable[..., Iterator[Span]]] = {
    "email": _emails,
    "iban": _ibans,
    "bsn": _bsns,
    "birth_date": _birth_dates,
    "postcode": _postcodes,
    "phone": _phones,
}


def _replace(text: str, spans: List[Span], with_text: str) -> str:
    for start, end in sorted(set(spans), reverse=True):
        text = text[:start] + with_text + text[end:]
    return text


def mask(text: str, today: Optional[datetime.date] = None) -> Masked:
    """The text with every piece of personal data replaced by its placeholder, and the kinds
    that were found. Kinds are looked for one after the other on what is left."""
    today = today or datetime.date.today()
    found = []
    for kind in kinds():
        finder = FINDERS[kind]
        spans = list(finder(text, today) if kind == "birth_date" else finder(text))
        if spans:
            text = _replace(text, _outermost(spans), placeholder(kind))
            found.append(kind)
    return Masked(text, tuple(found))


def _outermost(spans: List[Span]) -> List[Span]:
    """Overlapping spans of one kind (a BSN in groups and a shorter form of it) as one."""
    merged: List[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def is_erase_mark(custom: Any) -> bool:
    return custom == ERASE_MARK


def is_internal_mark(custom: Any) -> bool:
    """A mark for the tracker store (erase, intake records), never sent to people."""
    return isinstance(custom, dict) and "wegwijzer" in custom


def mask_value(value: Any) -> Tuple[Any, Tuple[str, ...]]:
    """Every string in a JSON value (a REST client's metadata) masked; the kinds found."""
    found: List[str] = []

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            masked = mask(item)
            found.extend(k for k in masked.kinds if k not in found)
            return masked.text
        if isinstance(item, dict):
            return {walk(k) if isinstance(k, str) else k: walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        return item

    masked_value = walk(value)
    return masked_value, tuple(k for k in kinds() if k in found)
