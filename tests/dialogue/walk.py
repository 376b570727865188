"""Random conversations with the real NLU and the dialogue engine, checked after every turn.

A seeded walker picks, at each turn, a message from tests/dialogue/pool.yml (by kind) or one of
the buttons the bot just offered, runs it through the trained NLU model (in process, each text
parsed once) and the dialogue engine, renders the replies from the domain like Rasa does, and
checks the invariants below. `make test` runs a few hundred conversations (tests/test_dialogue_
fuzz.py); `make fuzz` runs thousands and writes results/fuzz/report.md.

    python -m tests.dialogue.walk --conversations 5000 --seed 1
"""

import argparse
import asyncio
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import yaml

from bot.dialogue.engine import MENU_OR_FALLBACK
from bot.dialogue.facts import read_facts
from bot.dialogue.state import GUIDE as GUIDE_QUESTIONS

ROOT = Path(__file__).resolve().parents[2]
POOL = Path(__file__).resolve().parent / "pool.yml"
REPORT = ROOT / "results" / "fuzz" / "report.md"
TURNS = 12

# Replies that must never follow a crisis reply: the engine's own list (it replaces them).
FALLBACKS = {"utter_rephrase", "utter_main_options", "utter_not_understood_3"}
CRISIS_NUMBERS = re.compile(r"\b11[23]\b")


def load_pool() -> Dict[str, List[str]]:
    with open(POOL, encoding="utf-8") as handle:
        kinds = yaml.safe_load(handle)["kinds"]
    return {
        kind: [line.strip()[2:] for line in block.splitlines() if line.strip().startswith("- ")]
        for kind, block in kinds.items()
    }


class Parser:
    """Text -> Rasa parse data with the trained model, each text once."""

    def __init__(self, agent: Any) -> None:
        self.agent = agent
        self.cache: Dict[str, Dict[str, Any]] = {}
        self.loop = asyncio.new_event_loop()

    def __call__(self, text: str) -> Dict[str, Any]:
        if text not in self.cache:
            self.cache[text] = self.loop.run_until_complete(self.agent.parse_message(text))
        return self.cache[text]


def render(reply: Any) -> str:
    """The text Rasa sends for a reply: the domain response with its values filled in."""
    from rasa.core.nlg.interpolator import interpolate_text

    from actions.dialogue import sent_values, with_intake_codes
    from bot import knowledge

    template = knowledge.responses()[reply.key][0].get("text") or ""
    reply = with_intake_codes([reply])[0]  # as action_dialogue sends it: the code filled in
    return interpolate_text(template, {"dialogue": None, **sent_values(reply)})


def buttons_of(reply: Any) -> List[Dict[str, str]]:
    from rasa.core.nlg.interpolator import interpolate

    from bot import knowledge

    domain_buttons = knowledge.responses()[reply.key][0].get("buttons") or []
    return list(interpolate([dict(b) for b in domain_buttons], {"dialogue": None})) + list(reply.buttons)


@dataclass
class Turn:
    kind: str
    text: str
    replies: List[Tuple[str, str]]  # (response name, text)
    state: Dict[str, Any]


@dataclass
class Conversation:
    seed: int
    turns: List[Turn] = field(default_factory=list)
    violations: List[Tuple[int, str]] = field(default_factory=list)

    def transcript(self, upto: Optional[int] = None) -> str:
        lines = []
        for turn in self.turns[: (upto + 1) if upto is not None else None]:
            lines.append(f"- user ({turn.kind}): {turn.text}")
            for key, text in turn.replies:
                lines.append(f"  - bot [{key}]: {' '.join(text.split())[:160]}")
        return "\n".join(lines)


def check(
    previous: Any,
    state: Any,
    kind: str,
    text: str,
    parse: Dict[str, Any],
    replies: List[Any],
    rendered: List[str],
    recent_fallbacks: List[Optional[str]],
    recent_replies: Optional[List[Tuple[str, ...]]] = None,
) -> List[str]:
    """The invariants of one turn; the names of those it breaks."""
    from bot.dialogue.engine import clean_answer
    from bot.dialogue.state import CRISIS_THREAD, GUIDE

    broken = []
    keys = [r.key for r in replies]
    if not replies or not any(t.strip() for t in rendered):
        broken.append("empty reply")
    # Rasa's channels send every paragraph (text between blank lines) as a message of its own.
    if sum(len([p for p in t.strip().split("\n\n") if p.strip()]) or 1 for t in rendered) > 4:
        broken.append("more than 4 messages")
    if len(set(rendered)) < len(rendered):
        broken.append("same message twice in a turn")
    if any("{" in t and re.search(r"\{[a-z_]+\}", t) for t in rendered):
        broken.append("unfilled placeholder")
    tier = (parse.get("crisis") or {}).get("tier", "none")
    detected = tier != "none"
    # An unclear signal from a professional or an employer is not about themselves: no check
    # question for them (bot/dialogue/engine.py crisis_tier); every other signal gets 113/112.
    reason = (parse.get("crisis") or {}).get("reason")
    by_model = reason in ("model", "hunch")
    from bot.dialogue import language

    about_another = language.about_another(text) and not language.about_self(text)
    # the speaker's role, also as this message says it ("ik heb een bakkerij ... mijn medewerker")
    said_role = read_facts(text).get("role")
    speaker = previous.role or (said_role.value if said_role is not None and not previous.for_relative else None)
    # Nor to a professional's answer to the consent question ("nee, hij is er nu niet bij").
    at_consent = previous.asking == "consent" and previous.crisis is None
    # Nor to an answer about work without a word of risk in it (a hunch of the classifier alone).
    hunch_at_guide = (
        reason == "hunch"
        and previous.crisis is None
        and (
            previous.asking not in (None, "role")  # any open question (engine: crisis_tier)
            or previous.for_relative
            or tier == "other_person"
            or language.is_marked_question(text)
        )
    )
    # Nor to a question about one's medication that only sounds unclear ("mag ik minder pillen?").
    medicine_question = (
        tier == "ambiguous"
        and by_model
        and previous.crisis is None
        and language.mentions_medicine(text)
        and (language.is_question(text) or previous.role in ("professional", "werkgever"))
    )
    # Nor the classifier's own-crisis reading of an employer's or professional's description of
    # someone else, without a pattern (engine: crisis_tier).
    risk = float((parse.get("crisis") or {}).get("risk") or 0.0)
    described = (
        (tier == "clear" or (tier == "other_person" and risk < 0.6))
        and by_model
        and previous.crisis is None
        and speaker in ("professional", "werkgever")
        and language.about_another(text)
        and not language.matches("self_risk", text)
    )
    # Nor ordinary words about oneself ("nu woon ik weer op mezelf") read by the classifier alone
    # (engine: crisis_tier).
    ordinary_self = (
        tier in ("clear", "ambiguous")
        and by_model
        and previous.crisis is None
        and language.matches("ordinary_self", text)
        and not language.matches("self_risk", text)
    )
    # Nor a relative's unclear signal about the person they write for (engine: crisis_tier).
    relative_about_another = (
        tier == "ambiguous"
        and by_model
        and previous.crisis is None
        and previous.for_relative
        and previous.role is None
        and language.about_another(text)
    )
    must_answer = kind == "crisis" or (
        detected
        and not hunch_at_guide
        and not ordinary_self
        and not relative_about_another
        and not medicine_question
        and not described
        and not (
            tier == "ambiguous"
            and by_model
            and (
                at_consent
                or (about_another and speaker in ("professional", "werkgever"))
                # a professional's answer at a guide question is about the client
                or (
                    previous.role == "professional"
                    and previous.asking in GUIDE_QUESTIONS
                    and previous.crisis is None
                    and not language.about_self(text)
                )
            )
        )
    )
    if must_answer and not any(CRISIS_NUMBERS.search(t) for t in rendered):
        broken.append("crisis without 113/112")
    if kind == "crisis" and not detected:
        broken.append("crisis message not detected")
    if previous.crisis is not None and set(keys) & MENU_OR_FALLBACK:
        broken.append("menu or fallback right after a crisis reply")
    if (
        previous.crisis == CRISIS_THREAD
        and state.crisis == CRISIS_THREAD
        and not any(CRISIS_NUMBERS.search(t) for t in rendered)
    ):
        broken.append("crisis thread reply without 113/112")
    fallback = next((k for k in keys if k in FALLBACKS), None)
    if fallback and recent_fallbacks[-2:] == [fallback, fallback]:
        broken.append("same fallback text three turns running")
    # Any reply, word for word, three turns running reads as a loop (the crisis replies keep
    # 113/112 in reach on purpose and are left to their own rules above; an FAQ answer, also in a
    # relative's voice, is the right answer to each of three questions on its topic).
    if (
        recent_replies is not None
        and not any(k.startswith(("utter_crisis", "utter_faq/", "utter_relative_faq")) for k in keys)
        and recent_replies[-2:] == [tuple(rendered), tuple(rendered)]
    ):
        broken.append("same reply three turns running")
    if (
        kind == "guide_answer"
        and previous.asking in GUIDE
        and previous.crisis is None
        and not detected
        and not text.startswith("/")
    ):
        if state.answers.get(previous.asking) not in (clean_answer(text), "overgeslagen") and state.crisis is None:
            broken.append("guide answer not taken as the answer")
    for fact in ("in_treatment", "wants_paid_work", "benefit", "gemeente"):
        asked = any(k.startswith(f"utter_ask_{fact}") for k in keys)
        if (
            asked
            and fact in previous.facts
            and kind not in ("correction", "command", "button", "professional", "employer")
        ):
            broken.append("known fact asked again")
    return broken


def walk(
    parse: Callable[[str], Dict[str, Any]], pool: Dict[str, List[str]], seed: int, turns: int = TURNS
) -> Conversation:
    from bot.dialogue import State, Understood, step
    from bot.dialogue.state import FACTS, GUIDE

    rng = random.Random(seed)
    state = State()
    conversation = Conversation(seed)
    offered: List[Dict[str, str]] = []
    recent_fallbacks: List[Optional[str]] = []
    recent_replies: List[Tuple[str, ...]] = []
    kinds = sorted(pool)
    for index in range(turns):
        roll = rng.random()
        if index == 0 and roll < 0.5:
            kind, text = "button", "/greet"
        elif offered and roll < 0.3:
            button = rng.choice(offered)
            kind, text = "button", button["payload"]
        elif state.asking in GUIDE and roll < 0.55:
            kind = "guide_answer"
            text = rng.choice(pool[kind])
        elif state.asking in FACTS and roll < 0.5:
            kind = rng.choice(["yes_no_ok", "fact", "correction"])
            text = rng.choice(pool[kind])
        else:
            kind = rng.choice(kinds)
            text = rng.choice(pool[kind])
        parsed = parse(text)
        previous = state
        state, replies = step(state, Understood.from_parse(parsed))
        rendered = [render(r) for r in replies]
        broken = check(previous, state, kind, text, parsed, replies, rendered, recent_fallbacks, recent_replies)
        recent_fallbacks.append(next((r.key for r in replies if r.key in FALLBACKS), None))
        recent_replies.append(tuple(rendered))
        conversation.turns.append(
            Turn(kind, text, [(r.key, t) for r, t in zip(replies, rendered, strict=True)], state.to_slot())
        )
        conversation.violations += [(index, b) for b in broken]
        offered = [b for r in replies for b in buttons_of(r)]
    return conversation


@dataclass
class Result:
    conversations: int
    turns: int
    seconds: float
    by_kind: Dict[str, List[Tuple[Conversation, int]]]


def run(parse: Callable[[str], Dict[str, Any]], conversations: int, seed: int = 1) -> Result:
    pool = load_pool()
    by_kind: Dict[str, List[Tuple[Conversation, int]]] = defaultdict(list)
    started = time.monotonic()
    turns = 0
    for n in range(conversations):
        conversation = walk(parse, pool, seed * 1_000_003 + n)
        turns += len(conversation.turns)
        for index, kind in conversation.violations:
            by_kind[kind].append((conversation, index))
    return Result(conversations, turns, time.monotonic() - started, dict(by_kind))


def report(result: Result, seed: int) -> str:
    lines = [
        "# Random conversations: invariant violations",
        "",
        f"{result.conversations} conversations of up to {TURNS} turns ({result.turns} turns), seed {seed}, "
        f"pool {POOL.relative_to(ROOT)}; {result.seconds:.1f} s in the dialogue (NLU parses cached).",
        "",
    ]
    if not result.by_kind:
        lines.append("No violations.")
    for kind, found in sorted(result.by_kind.items(), key=lambda item: -len(item[1])):
        conversation, index = min(found, key=lambda item: item[1])
        lines += [
            f"## {kind}: {len(found)}",
            "",
            f"Shortest (seed {conversation.seed}, turn {index + 1}):",
            "",
            conversation.transcript(index),
            "",
        ]
    return "\n".join(lines) + "\n"


def load_agent() -> Any:
    from rasa.core.agent import Agent

    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        sys.exit("No trained model in models/: run `make train` first.")
    return Agent.load(str(models[-1]))


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--conversations", type=int, default=5000)
    arguments.add_argument("--seed", type=int, default=1)
    options = arguments.parse_args()
    parse = Parser(load_agent())
    result = run(parse, options.conversations, options.seed)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report(result, options.seed), encoding="utf-8")
    total = sum(len(v) for v in result.by_kind.values())
    print(
        f"{result.conversations} conversations, {result.turns} turns, {total} violations "
        f"({', '.join(f'{k}: {len(v)}' for k, v in result.by_kind.items()) or 'none'}); "
        f"report: {REPORT.relative_to(ROOT)}"
    )
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
