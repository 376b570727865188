"""Gemeente name -> arbeidsmarktregio, and from there the employer's Werkgeversservicepunt.

The table is CBS's (knowledge/gemeenten_arbeidsmarktregio.csv): the 342 current gemeenten
plus former ones, so that someone who still says "Weesp" is placed too.
"""

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from bot import knowledge
from bot.text import fold

CURRENT_YEAR = "2026"
_CBS_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")
_NOT_LETTER = re.compile(r"[^a-z0-9 ]+")
_PREFIX = re.compile(r"^(de |het )?(gemeente|regio|stad|dorp) ")
# A typo must stay this close to a real name to be corrected; "Tilbrug" -> Tilburg, but a
# random word does not become a gemeente.
_FUZZY_CUTOFF = 0.84


@dataclass(frozen=True)
class Gemeente:
    name: str
    region: str
    province: str
    current: bool


@dataclass(frozen=True)
class GemeenteMatch:
    """The answer to "which gemeente did the user mean?"."""

    status: str  # found | ambiguous | former_without_region | unknown
    gemeente: Optional[Gemeente] = None
    options: Tuple[str, ...] = field(default_factory=tuple)
    corrected: bool = False  # found through a typo correction

    @property
    def found(self) -> bool:
        return self.status == "found"


def name_key(name: str, keep_suffix: bool = False) -> str:
    """The comparable form of a gemeente name: "'s-Hertogenbosch" -> "s hertogenbosch".

    CBS suffixes are dropped ("Hengelo (O.)" -> "hengelo"), unless keep_suffix, which
    tells "Bergen (L.)" from "Bergen (NH.)" when someone types the full CBS name."""
    folded = fold(name) if keep_suffix else _CBS_SUFFIX.sub("", fold(name))
    spaced = _NOT_LETTER.sub(" ", folded.replace("-", " "))
    return " ".join(_PREFIX.sub("", " ".join(spaced.split())).split())


def _corop_regions() -> Dict[str, str]:
    """COROP area -> arbeidsmarktregio, for areas whose current gemeenten all lie in one region.

    CBS gives no region for gemeenten that merged away before the regions were set (2010-2013
    rows). When every current gemeente of the same COROP area is in one region, the former
    gemeente was too, so "Bolsward" is placed in regio Friesland like its neighbours.
    """
    regions: Dict[str, set] = {}
    for row in knowledge.gemeente_rows():
        if row["year"] == CURRENT_YEAR:
            regions.setdefault(row["corop"], set()).add(row["region"])
    return {corop: next(iter(found)) for corop, found in regions.items() if len(found) == 1}


@lru_cache(maxsize=None)
def _index() -> Dict[str, List[Gemeente]]:
    index: Dict[str, List[Gemeente]] = {}
    corop_region = _corop_regions()
    for row in knowledge.gemeente_rows():
        gemeente = Gemeente(
            name=row["name"],
            region=row["region"] or corop_region.get(row["corop"], ""),
            province=row["province"],
            current=row["year"] == CURRENT_YEAR,
        )
        index.setdefault(name_key(row["name"]), []).append(gemeente)
        if _CBS_SUFFIX.search(row["name"]):
            index.setdefault(name_key(row["name"], keep_suffix=True), []).append(gemeente)
    by_name = {g.name: g for gs in index.values() for g in gs}
    aliases = knowledge.gemeente_aliases()
    for alias, official in aliases["aliases"].items():
        index.setdefault(name_key(alias), []).insert(0, by_name[official])
    for alias, officials in aliases["ambiguous"].items():
        index[name_key(alias)] = [by_name[name] for name in officials]
    return index


def current_gemeenten() -> List[Gemeente]:
    return sorted({g for gs in _index().values() for g in gs if g.current}, key=lambda g: g.name)


def _choose(candidates: List[Gemeente], corrected: bool = False) -> GemeenteMatch:
    current = [g for g in candidates if g.current]
    pool = current or candidates
    names = tuple(dict.fromkeys(g.name for g in pool))
    if len(names) > 1:
        return GemeenteMatch("ambiguous", options=names, corrected=corrected)
    chosen = pool[0]
    if not chosen.region:
        return GemeenteMatch("former_without_region", gemeente=chosen, corrected=corrected)
    return GemeenteMatch("found", gemeente=chosen, corrected=corrected)


def lookup_gemeente(text: str) -> GemeenteMatch:
    """Finds the gemeente a user means, allowing aliases, spelling variants and typos."""
    key = name_key(text or "")
    if not key:
        return GemeenteMatch("unknown")
    index = _index()
    full_key = name_key(text, keep_suffix=True)
    if full_key != key and full_key in index:
        return _choose(index[full_key])
    if key in index:
        return _choose(index[key])
    if len(key) >= 4:
        close = difflib.get_close_matches(key, index.keys(), n=2, cutoff=_FUZZY_CUTOFF)
        # A typo keeps the first letter: "terecht" is a word, not Utrecht.
        close = [c for c in close if c[:1] == key[:1]]
        if close:
            return _choose(index[close[0]], corrected=True)
    return GemeenteMatch("unknown")


def found_gemeente(text: str) -> Optional[Gemeente]:
    """The gemeente a user means when the lookup found it (a region and all), else None."""
    match = lookup_gemeente(text)
    return match.gemeente if match.found else None


def region_for_gemeente(text: str) -> Optional[str]:
    """The arbeidsmarktregio of a gemeente, or None when the name is not clear."""
    gemeente = found_gemeente(text)
    return gemeente.region if gemeente else None


def display_name(name: str) -> str:
    """How people see a CBS name: "Hengelo (O.)" -> "Hengelo"."""
    return _CBS_SUFFIX.sub("", name)


@lru_cache(maxsize=None)
def _shared_display_names() -> frozenset:
    """Display names that more than one current gemeente has ("Bergen": Bergen (L.), Bergen (NH.))."""
    seen: Dict[str, int] = {}
    for row in knowledge.gemeente_rows():
        if row["year"] == CURRENT_YEAR:
            shown = display_name(row["name"])
            seen[shown] = seen.get(shown, 0) + 1
    return frozenset(name for name, count in seen.items() if count > 1)


def shares_display_name(name: str) -> bool:
    return display_name(name) in _shared_display_names()


@lru_cache(maxsize=None)
def _one_region_provinces() -> Dict[str, str]:
    """Province -> its region, for provinces whose current gemeenten all lie in one region."""
    regions: Dict[str, set] = {}
    for row in knowledge.gemeente_rows():
        if row["year"] == CURRENT_YEAR:
            regions.setdefault(row["province"], set()).add(row["region"])
    return {province: next(iter(found)) for province, found in regions.items() if len(found) == 1}


def province_in(text: str) -> Optional[str]:
    """The province named in the text ("het ligt in Friesland" -> "Fryslân"), or None."""
    folded = " " + name_key(text, keep_suffix=True) + " "  # (keeps "(groningen)" in "winsum (groningen)")
    for province, names in knowledge.understanding()["provinces"].items():
        if any(f" {name_key(name)} " in folded for name in names):
            return province
    return None


def shared_name_in(text: str) -> Tuple[str, ...]:
    """The gemeenten a name in the text stands for when two share it ("Bergen"), or when a
    former gemeente was split among several ("woon in Haaren"), else ()."""
    folded = fold(text)
    for alias, options in knowledge.gemeente_aliases()["ambiguous"].items():
        if re.search(r"\b" + re.escape(alias) + r"\b", folded):
            return tuple(options)
    # A former gemeente split among several, named after a place word ("in", "uit", "woon"):
    # exact names only, so no ordinary word is read as a place.
    tokens = [name_key(w) for w in _TOKEN.findall(folded)]
    index = _index()
    for i, token in enumerate(tokens[:-1]):
        if token not in _PLACE_CUES and token not in ("woon", "wonen", "woont"):
            continue
        for size in (1, 2, 3):
            key = " ".join(tokens[i + 1 : i + 1 + size])
            if key in index and key not in _common_word_keys():
                match = _choose(index[key])
                if match.status == "ambiguous":
                    return match.options
    return ()


def option_in_province(options: Tuple[str, ...], text: str) -> Optional[Gemeente]:
    """The one of `options` in the province the text names ("Bergen in Limburg"), else None."""
    province = province_in(text)
    chosen = [g for g in map(found_gemeente, options) if g and province and g.province == province]
    return chosen[0] if len(chosen) == 1 else None


def region_of_province(province: Optional[str]) -> Optional[str]:
    """The region of a province that is one region (Fryslân, Groningen, Zeeland), else None."""
    return _one_region_provinces().get(province or "")


# --- finding gemeente names inside a sentence (used by the NLU extractor) -------------

_TOKEN = re.compile(r"['\u2019]?\w+(?:[-'\u2019]\w+)*", re.UNICODE)
_PLACE_CUES = {"in", "uit", "te", "bij", "gemeente", "regio", "rond", "rondom", "vanuit", "naar", "omgeving"}
_MAX_WORDS = 5


@lru_cache(maxsize=None)
def _common_word_keys() -> frozenset:
    return frozenset(name_key(w) for w in knowledge.gemeente_aliases()["common_words"])


def find_gemeenten(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, official name) of every gemeente named in the text, longest match first.

    Exact names and aliases only (no typo correction: in running text that would turn
    ordinary words into places). Names that are also common words ("Best", "Buren") count
    only when capitalised after a place word ("ik woon in Best") or as the whole message.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text or "")]
    index = _index()
    found: List[Tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        for n in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            key = name_key(text[start:end])
            if key not in index:
                continue
            if key in _common_word_keys() and not _clearly_a_place(text, tokens, i, n):
                continue
            match = _choose(index[key])
            if match.gemeente is None:  # ambiguous
                break
            found.append((start, end, match.gemeente.name))
            i += n - 1
            break
        i += 1
    return found


def _clearly_a_place(text: str, tokens, i: int, n: int) -> bool:
    whole_message = name_key(text) == name_key(text[tokens[i][0] : tokens[i + n - 1][1]])
    if whole_message:
        return True
    capitalised = tokens[i][2][:1].isupper()
    after_cue = i > 0 and fold(tokens[i - 1][2]) in _PLACE_CUES
    # "ik woon op urk", "woont in best": living somewhere is said outright, in any case
    lives = i > 1 and fold(tokens[i - 2][2]) in _LIVES and fold(tokens[i - 1][2]) in ("in", "op", "te")
    return (capitalised and after_cue) or lives


_LIVES = {"woon", "woont", "wonen", "woonde", "woonden"}
