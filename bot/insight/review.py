"""The review list: messages of a period that the bot did not understand (its reply said so, or
the NLU fell back) or understood with low confidence, masked, grouped by similarity, each group
with the intent the bot guessed. For a content editor who adds training examples to data/nlu/;
`nlu_yaml` writes them in Rasa's NLU format as a stub to check and paste.

Left out: buttons (payloads), the widget's own opening, and every turn with a crisis reply
(a crisis message is understood by the crisis detector and is nobody's training example)."""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Tuple

import yaml

from bot import knowledge, privacy
from bot.insight.conversation import CRISIS_PREFIX, as_dict, base_name, is_fallback

# Below this intent confidence a message is on the list even when the bot answered it.
LOW_CONFIDENCE = 0.6
# Messages whose word sets overlap at least this much (Jaccard) are one group.
SIMILAR = 0.5
FALLBACK_INTENT = "nlu_fallback"
MAX_ITEMS = 2000  # a period with more is cut: the list is for reading, not for storage
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|\[[a-z]+\]")


@dataclass
class Item:
    text: str  # masked
    guessed: Optional[str]  # "faq/ips", "role_employer", or None
    reason: str  # not_understood | low_confidence


@dataclass
class Group:
    words: frozenset
    items: List[Item] = field(default_factory=list)

    @property
    def texts(self) -> List[Tuple[str, int]]:
        """Distinct texts with how often each came, most frequent first."""
        return Counter(i.text for i in self.items).most_common()

    @property
    def guessed(self) -> Optional[str]:
        guesses = Counter(i.guessed for i in self.items if i.guessed)
        return guesses.most_common(1)[0][0] if guesses else None

    @property
    def reason(self) -> str:
        return "not_understood" if any(i.reason == "not_understood" for i in self.items) else "low_confidence"


def _guess(parse: Dict[str, Any]) -> Optional[str]:
    ranking = parse.get("intent_ranking")
    ranking = ranking if isinstance(ranking, list) else []
    intent = as_dict(parse.get("intent"))
    names = [r.get("name") for r in ranking if isinstance(r, dict)] + [intent.get("name")]
    guessed = next((n for n in names if isinstance(n, str) and n != FALLBACK_INTENT), None)
    if guessed == "faq":
        selector = as_dict(parse.get("response_selector"))
        faq = as_dict(selector.get("faq"))
        response = as_dict(faq.get("response"))
        key = response.get("intent_response_key")
        if isinstance(key, str) and key.startswith("faq/"):
            return key
    return guessed


def items_of(events: Iterable[Dict[str, Any]]) -> List[Item]:
    """The messages of one conversation that belong on the list."""
    found: List[Item] = []
    current: Optional[Tuple[str, Dict[str, Any]]] = None
    replies: List[str] = []

    def close() -> None:
        if current is None:
            return
        text, parse = current
        if any(base_name(r).startswith(CRISIS_PREFIX) for r in replies):
            return
        intent = as_dict(parse.get("intent"))
        confidence = intent.get("confidence")
        if any(is_fallback(r) for r in replies) or intent.get("name") == FALLBACK_INTENT:
            reason = "not_understood"
        elif isinstance(confidence, (int, float)) and confidence < LOW_CONFIDENCE and intent.get("name") != "crisis":
            reason = "low_confidence"
        else:
            return
        found.append(Item(privacy.mask(" ".join(text.split())).text, _guess(parse), reason))

    for event in events:
        if not isinstance(event, dict):
            continue
        if event.get("event") == "user":
            close()
            text = event.get("text")
            parse = as_dict(event.get("parse_data"))
            current = (text, parse) if isinstance(text, str) and text.strip() and not text.startswith("/") else None
            replies = []
        elif event.get("event") == "bot":
            metadata = as_dict(event.get("metadata"))
            if isinstance(metadata.get("utter_action"), str):
                replies.append(metadata["utter_action"])
    close()
    return found


def _words(text: str) -> frozenset:
    return frozenset(w.lower() for w in WORD.findall(text))


def _similarity(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def grouped(items: Iterable[Item]) -> List[Group]:
    """Groups of similar messages, the largest first. Greedy: a message joins the first group
    whose first message it resembles enough, so the result does not depend on dictionaries."""
    groups: List[Group] = []
    for item in list(items)[:MAX_ITEMS]:
        words = _words(item.text)
        home = next((g for g in groups if _similarity(words, g.words) >= SIMILAR), None)
        if home is None:
            home = Group(words)
            groups.append(home)
        home.items.append(item)
    return sorted(groups, key=lambda g: (-len(g.items), g.texts[0][0]))


def review_list(stored: Iterable[Tuple[str, List[Dict[str, Any]]]], period: Any) -> List[Group]:
    """The groups of a period, from bot.insight.store.stored_conversations: only the messages
    sent in the period."""
    items: List[Item] = []
    for _, events in stored:
        in_period = [e for e in events if not isinstance(e, dict) or e.get("event") != "user" or _in(e, period)]
        items += items_of(in_period)
    return grouped(items)


def _in(event: Dict[str, Any], period: Any) -> bool:
    timestamp = event.get("timestamp")
    return isinstance(timestamp, (int, float)) and period.contains(float(timestamp))


def nlu_yaml(groups: List[Group]) -> str:
    """The messages as a Rasa NLU training-data stub (version 3.1), by guessed intent."""
    by_intent: Dict[str, List[str]] = {}
    for group in groups:
        intent = group.guessed or "out_of_scope"
        for text, _ in group.texts:
            if text not in by_intent.setdefault(intent, []):
                by_intent[intent].append(text)
    comment = knowledge.insight()["review"]["yaml_comment"]
    lines = [f"# {comment}", 'version: "3.1"', "nlu:"]
    for intent in sorted(by_intent):
        lines.append(f"- intent: {yaml.safe_dump(intent, default_style=None).splitlines()[0]}")
        lines.append("  examples: |")
        lines += [f"    - {text}" for text in by_intent[intent]]
    return "\n".join(lines) + "\n"
