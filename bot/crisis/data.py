"""Reading the crisis detector's labelled messages (data/crisis/train.yml and the evaluation
splits): groups of examples with a label (crisis | none), a tier and a kind."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Union

import yaml

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "data" / "crisis" / "train.yml"
DEV = ROOT / "eval" / "crisis" / "dev.yml"
DEV2 = ROOT / "eval" / "crisis" / "dev2.yml"
# Kept unread while tuning (eval/crisis_dev.py never reads it): measured once per round, by make eval.
DEV3 = ROOT / "eval" / "crisis" / "dev3.yml"
# Written apart on 2026-12-07: dev4 read while tuning, dev5 kept unread like dev3.
DEV4 = ROOT / "eval" / "crisis" / "dev4.yml"
DEV5 = ROOT / "eval" / "crisis" / "dev5.yml"
# Written apart, committed alone, never edited and never read while tuning: only measured.
FROZEN_TEST = ROOT / "tests" / "crisis" / "frozen_test.yml"

CRISIS, NONE = "crisis", "none"


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # crisis | none
    tier: Optional[str]  # clear | ambiguous | acute | other_person | bereavement (crisis only)
    kind: str


NLU_DATA = ROOT / "data" / "nlu"
_ANNOTATION = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


def ordinary_messages() -> List[Example]:
    """Every example of the intent classifier's data (data/nlu/): what people ordinarily say
    to this bot. None of it is crisis language (the intents have no crisis intent), so it
    teaches the detector what a normal message looks like: greetings, yes/no, answers."""
    examples = []
    for path in sorted(NLU_DATA.glob("*.yml")):
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle) or {}
        for item in document.get("nlu") or []:
            if "intent" not in item:
                continue
            for line in str(item.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append(
                        Example(_ANNOTATION.sub(r"\1", line[2:]).strip(), NONE, None, "nlu_" + item["intent"])
                    )
    return examples


def same_text(text: str) -> str:
    return " ".join(text.lower().split())


def training_examples(without: Sequence[Example] = ()) -> List[Example]:
    """The detector's training set: its own labelled messages plus the ordinary ones.

    `without`: messages to leave out, so that a split is measured on messages the detector
    has not seen (writers working apart still type the same short messages, e.g. "ik wil dood")."""
    excluded = {same_text(e.text) for e in without}
    return [e for e in read_examples(TRAIN) + ordinary_messages() if same_text(e.text) not in excluded]


def read_examples(path: Union[str, Path]) -> List[Example]:
    with open(path, encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    examples = []
    for group in document["groups"]:
        for line in str(group["examples"]).splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append(Example(line[2:].strip(), group["label"], group.get("tier"), group["kind"]))
    return examples
