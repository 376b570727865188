"""How well the detector does on a labelled split: recall, false alarms, tier agreement.
Used by `make eval` (eval/crisis_eval.py) and the tests; counts only, so the frozen split's
messages never show up in a report."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, Sequence

from bot.crisis.data import CRISIS, Example
from bot.crisis.detector import CrisisDetector


@dataclass
class Scores:
    crisis: int = 0
    caught: int = 0
    harmless: int = 0
    false_alarms: int = 0
    tier_right: int = 0
    missed_by_kind: Counter = field(default_factory=Counter)
    alarms_by_kind: Counter = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return self.caught / self.crisis if self.crisis else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.harmless if self.harmless else 0.0

    @property
    def tier_agreement(self) -> float:
        return self.tier_right / self.caught if self.caught else 1.0

    def as_dict(self) -> Dict[str, object]:
        return {
            "crisis": self.crisis,
            "caught": self.caught,
            "recall": round(self.recall, 3),
            "harmless": self.harmless,
            "false_alarms": self.false_alarms,
            "false_alarm_rate": round(self.false_alarm_rate, 3),
            "tier_agreement": round(self.tier_agreement, 3),
            "missed_by_kind": dict(self.missed_by_kind),
            "alarms_by_kind": dict(self.alarms_by_kind),
        }


def score(detector: CrisisDetector, examples: Sequence[Example]) -> Scores:
    scores = Scores()
    for example in examples:
        verdict = detector.verdict(example.text)
        if example.label == CRISIS:
            scores.crisis += 1
            if verdict.is_crisis:
                scores.caught += 1
                scores.tier_right += verdict.tier == example.tier
            else:
                scores.missed_by_kind[example.kind] += 1
        else:
            scores.harmless += 1
            if verdict.is_crisis:
                scores.false_alarms += 1
                scores.alarms_by_kind[example.kind] += 1
    return scores
