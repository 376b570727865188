"""The crisis detector's figures for tuning, without the frozen split: the development split
(eval/crisis/dev.yml, by kind), the second and fourth development splits written by people who never
saw the project (eval/crisis/dev2.yml, dev4.yml), stratified cross-validation of data/crisis/train.yml (each fold
trained with the other folds plus every ordinary NLU example, as the running bot is), the
random-conversation pool's messages (tests/dialogue/pool.yml), and stability: how many
development verdicts change when the ordinary NLU examples change a little (a few dropped at
random, as when an intent is added or edited).

    python eval/crisis_dev.py            # dev, CV, pool
    python eval/crisis_dev.py --stability
    python eval/crisis_dev.py --quick    # dev and pool only

Counts by kind only. This script never reads tests/crisis/frozen_test.yml.
"""

import argparse
import random
import sys
import time
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from bot.crisis.data import CRISIS, DEV, DEV2, DEV4, NONE, TRAIN, Example, ordinary_messages, read_examples  # noqa: E402
from bot.crisis.detector import NONE as NO_CRISIS  # noqa: E402
from bot.crisis.detector import SHORT_WORDS, CrisisDetector, Thresholds, cues, decide  # noqa: E402
from bot.crisis.evaluation import Scores, score  # noqa: E402

POOL = ROOT / "tests" / "dialogue" / "pool.yml"
FOLDS = 5


def pool_examples() -> List[Example]:
    document = yaml.safe_load(POOL.read_text(encoding="utf-8"))
    examples = []
    for kind, text in document["kinds"].items():
        label = CRISIS if kind == "crisis" else NONE
        if kind == "crisis_followup":
            continue  # answers inside the crisis thread ("nee", "misschien"): either verdict is fine
        for line in str(text).splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append(Example(line[2:].strip(), label, None, "pool_" + kind))
    return examples


def add(total: Scores, part: Scores) -> None:
    for name in ("crisis", "caught", "harmless", "false_alarms", "tier_right"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.missed_by_kind.update(part.missed_by_kind)
    total.alarms_by_kind.update(part.alarms_by_kind)


def cross_validation(train: List[Example], ordinary: List[Example], seeds=(2026,)) -> Scores:
    total = Scores()
    labels = [e.label + (e.kind if e.label == CRISIS else "") for e in train]
    for seed in seeds:
        for fit, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(train, labels):
            detector = CrisisDetector.train([train[i] for i in fit] + ordinary)
            add(total, score(detector, [train[i] for i in test]))
    return total


def line(name: str, s: Scores) -> str:
    return (
        f"{name:<14} recall {s.recall:.3f} ({s.caught}/{s.crisis})  false alarms {s.false_alarm_rate:.3f} "
        f"({s.false_alarms}/{s.harmless})  tier {s.tier_agreement:.3f}"
    )


def by_kind(s: Scores) -> str:
    return (
        "   missed: "
        + (", ".join(f"{k} {n}" for k, n in s.missed_by_kind.most_common()) or "-")
        + "\n   alarms: "
        + (", ".join(f"{k} {n}" for k, n in s.alarms_by_kind.most_common()) or "-")
    )


def reasons(detector: CrisisDetector, examples: List[Example]) -> str:
    """Why the errors happened (the verdict's reason), by kind: no sentences."""
    from collections import Counter

    missed, alarms = Counter(), Counter()
    for e in examples:
        v = detector.verdict(e.text)
        if e.label == CRISIS and not v.is_crisis:
            missed[f"{e.kind}/{v.reason}"] += 1
        elif e.label != CRISIS and v.is_crisis:
            alarms[f"{e.kind}/{v.reason}/{v.tier}"] += 1
    return (
        "   missed (kind/reason): "
        + (", ".join(f"{k} {n}" for k, n in missed.most_common()) or "-")
        + "\n   alarms (kind/reason/tier): "
        + (", ".join(f"{k} {n}" for k, n in alarms.most_common()) or "-")
    )


def out_of_fold_risks(examples: List[Example], seeds) -> List["numpy.ndarray"]:  # noqa: F821
    """The classifier's risk for every example, each from a model trained on the other folds;
    one array per seed."""
    import numpy as np

    labels = [e.label + (e.kind if e.label == CRISIS else "") for e in examples]
    out = []
    for seed in seeds:
        risks = np.zeros(len(examples))
        for fit, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(examples, labels):
            detector = CrisisDetector.train([examples[i] for i in fit])
            risks[test] = detector.risks([examples[i].text for i in test])
        out.append(risks)
    return out


def alarms(cue_list, risks, th: Thresholds):
    """decide() for many messages at once (numpy): True where the verdict is not none."""
    import numpy as np

    col = lambda name: np.array([getattr(c, name) for c in cue_list])  # noqa: E731
    signal, harmless, ambiguous, risk_word, topic, context = (
        col(n) for n in ("signal", "harmless", "ambiguous", "risk_word", "topic", "context")
    )
    short = np.array([c.words <= SHORT_WORDS for c in cue_list])
    # An idiom keeps the classifier out below th.idiom; above it, the check question.
    loud_idiom = ~signal & harmless & (risks >= th.idiom)
    open_ = ~signal & ~harmless & ~ambiguous
    no_word = (
        open_
        & ~risk_word
        & ~topic
        & ~context
        & (((risks >= th.without_risk_word) & ~short) | (risks >= th.short_without_risk_word))
    )
    with_word = (
        open_
        & risk_word
        & ~(topic & (risks < th.topic))
        & ~(context & (risks < th.context))
        & (risks >= min(th.check, th.crisis))
    )
    return signal | loud_idiom | (~harmless & ambiguous) | no_word | with_word


def choose_thresholds(
    train: List[Example], ordinary: List[Example], seeds, miss_cost: float, max_ordinary: float
) -> Thresholds:
    """The thresholds with the lowest cost on out-of-fold risks: cross-validation over
    train.yml and the ordinary NLU examples together, where a missed crisis message costs
    `miss_cost` false alarms, among those that raise an alarm on at most `max_ordinary` of the
    ordinary messages (most of what people type: an alarm there is the most frequent error)."""
    import itertools

    import numpy as np

    examples = train + ordinary
    risks = out_of_fold_risks(examples, seeds)
    cue_list = [cues(e.text) for e in examples]
    crisis = np.array([e.label == CRISIS for e in examples])
    ordinary_mask = np.arange(len(examples)) >= len(train)
    rows = []
    for check, wrw, context, idiom, topic in itertools.product(
        np.round(np.arange(0.10, 0.80, 0.02), 2),
        (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01),
        (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01),
        (0.8, 0.9, 0.95, 0.97, 1.01),
        (0.7, 0.8, 0.9, 0.95),
    ):
        th = Thresholds(
            crisis=max(check, 0.6), check=check, without_risk_word=wrw, context=context, idiom=idiom, topic=topic
        )
        missed = hard = plain = 0
        for r in risks:
            alarm = alarms(cue_list, r, th)
            missed += int((crisis & ~alarm).sum())
            hard += int((~crisis & ~ordinary_mask & alarm).sum())
            plain += int((ordinary_mask & alarm).sum())
        rows.append((miss_cost * missed + hard + plain, missed / len(seeds), hard / len(seeds), plain / len(seeds), th))
    n_crisis, n_hard, n_plain = int(crisis.sum()), int((~crisis & ~ordinary_mask).sum()), int(ordinary_mask.sum())
    rows = [row for row in rows if row[3] / n_plain <= max_ordinary]
    # Ties (the same errors in every fold) go to the thresholds closest to the ones in use.
    current = Thresholds()

    def distance(th: Thresholds) -> float:
        return sum(
            abs(getattr(th, n) - getattr(current, n))
            for n in ("check", "without_risk_word", "context", "idiom", "topic")
        )

    rows.sort(key=lambda row: (row[0], distance(row[4])))
    for cost, missed, hard, plain, th in rows[:5]:
        print(
            f"  cost {cost:.0f}: CV recall {1 - missed / n_crisis:.3f}, "
            f"false alarms on look-alikes {hard / n_hard:.3f}, "
            f"on ordinary messages {plain / n_plain:.3f}  {th}"
        )
    best = rows[0][4]
    # decide() itself agrees with the vectorised version on the chosen thresholds.
    check = [decide(c, float(r), best)[0] != NO_CRISIS for c, r in zip(cue_list, risks[0], strict=True)]
    assert list(alarms(cue_list, risks[0], best)) == check
    return best


def stability(train: List[Example], ordinary: List[Example], dev: List[Example], runs: int = 6) -> None:
    """Verdicts on the development split of detectors whose ordinary examples differ by a few
    (2% dropped at random): how many messages flip between none and an alarm."""
    base = CrisisDetector.train(train + ordinary)
    reference = [base.verdict(e.text).is_crisis for e in dev]
    flips = []
    for run in range(runs):
        rng = random.Random(run)
        kept = [e for e in ordinary if rng.random() > 0.02]
        other = CrisisDetector.train(train + kept)
        flips.append(sum(other.verdict(e.text).is_crisis != r for e, r in zip(dev, reference, strict=True)))
    print(
        f"stability: dev verdicts flipped by dropping 2% of the ordinary examples: {flips} "
        f"(mean {sum(flips) / runs:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--stability", action="store_true")
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--thresholds", action="store_true", help="choose the thresholds by cross-validation")
    parser.add_argument("--miss-cost", type=float, default=5.0)
    parser.add_argument("--max-ordinary", type=float, default=0.01)
    args = parser.parse_args()
    train, ordinary, dev, pool = read_examples(TRAIN), ordinary_messages(), read_examples(DEV), pool_examples()
    if args.thresholds:
        seeds = tuple(2026 + i for i in range(max(args.seeds, 3)))
        print(
            f"choosing thresholds: {FOLDS}-fold CV x {len(seeds)} seeds, a miss costs {args.miss_cost:g} false alarms, "
            f"at most {args.max_ordinary:.1%} alarms on ordinary messages"
        )
        chosen = choose_thresholds(train, ordinary, seeds, args.miss_cost, args.max_ordinary)
        for name, examples in (("dev", dev), ("pool", pool)):
            s = score(CrisisDetector.train(train + ordinary, thresholds=chosen), examples)
            print(line(f"{name} (chosen)", s))
        return
    start = time.time()
    detector = CrisisDetector.train(train + ordinary)
    print(f"training: {time.time() - start:.1f} s on {len(train) + len(ordinary)} examples")
    s = score(detector, dev)
    print(line("dev", s))
    print(reasons(detector, dev))
    dev2 = read_examples(DEV2)
    s2 = score(detector, dev2)
    print(line("dev2", s2))
    print(reasons(detector, dev2))
    dev4 = read_examples(DEV4)
    s4 = score(detector, dev4)
    print(line("dev4", s4))
    print(reasons(detector, dev4))
    p = score(detector, pool)
    print(line("pool", p))
    print(by_kind(p))
    if not args.quick:
        cv = cross_validation(train, ordinary, seeds=tuple(2026 + i for i in range(args.seeds)))
        print(line(f"CV {FOLDS}x{args.seeds}", cv))
        print(by_kind(cv))
    if args.stability:
        stability(train, ordinary, dev)


if __name__ == "__main__":
    main()
