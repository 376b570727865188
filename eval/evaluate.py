"""`make eval`: how well the bot understands Dutch, next to Rasa's default configuration.

For each configuration (ours: config.yml; default: eval/config_default.yml):
  1. train an NLU model on data/nlu and score it on the held-out file tests/nlu_holdout.yml;
  2. 5-fold cross-validation on data/nlu.
Rasa's reports and images land in results/eval/<config>/{holdout,cv}/; the summary is printed
and written to docs/EVALUATION.md.

Each step's results are kept with a fingerprint of what it depends on (data, config, domain,
our NLU code): a later run repeats only what changed. `--fresh` recomputes everything.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = str(ROOT / ".venv" / "bin" / "rasa")
OUT = ROOT / "results" / "eval"
REPORT = ROOT / "docs" / "EVALUATION.md"
HOLDOUT = ROOT / "tests" / "nlu_holdout.yml"
CONFIGS = {"ours": ROOT / "config.yml", "default": ROOT / "eval" / "config_default.yml"}
FOLDS = 5
CRISIS = "crisis"


def fingerprint(config: Path, *extra: Path) -> str:
    """What an NLU result depends on: config, data, domain, and our NLU code and its content."""
    digest = hashlib.sha256()
    # The config by content: Rasa writes its defaults into an empty config as comments.
    digest.update(json.dumps(yaml.safe_load(config.read_text(encoding="utf-8")), sort_keys=True).encode())
    for path in [*extra, *nlu_inputs()]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def nlu_inputs() -> List[Path]:
    bot = ROOT / "bot"
    return [
        *sorted((ROOT / "data" / "nlu").glob("*.yml")),
        *sorted((ROOT / "domain").glob("*.yml")),
        *sorted((bot / "nlu").glob("*.py")),
        *sorted((bot / "crisis").glob("*.py")),
        *(bot / name for name in ("regions.py", "text.py", "knowledge.py")),
        ROOT / "data" / "crisis" / "train.yml",
        *(
            ROOT / "knowledge" / name
            for name in ("crisis.yml", "gemeente_aliases.yml", "gemeenten_arbeidsmarktregio.csv")
        ),
    ]


def rasa_env() -> Dict[str, str]:
    """The environment every Rasa command of `make eval` and `make bench` runs in."""
    return dict(
        os.environ,
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONHASHSEED="0",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    )


def run(command: List[str], log: Path) -> float:
    """Runs a Rasa command, its output into `log`; returns the seconds it took."""
    # Its own training cache, so an evaluation never shares (or locks) the one of `make train`.
    env = dict(rasa_env(), RASA_CACHE_DIRECTORY=str(OUT / "cache"))
    started = time.monotonic()
    with open(log, "w") as handle:
        code = subprocess.call(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    if code != 0:
        sys.exit(f"failed ({code}): {' '.join(command)}; see {log}")
    return time.monotonic() - started


def step(name: str, folder: Path, key: str, command: List[str], fresh: bool) -> float:
    """Runs one evaluation step unless its results for this fingerprint are there already."""
    stamp = folder / "fingerprint.json"
    if not fresh and stamp.exists() and json.loads(stamp.read_text())["key"] == key:
        print(f"  {name}: unchanged since the last run, kept ({folder.relative_to(ROOT)})")
        return json.loads(stamp.read_text())["seconds"]
    folder.mkdir(parents=True, exist_ok=True)
    print(f"  {name}: running ...", flush=True)
    seconds = run(command, folder.parent / f"{folder.name}.log")
    stamp.write_text(json.dumps({"key": key, "seconds": seconds}))
    print(f"  {name}: {seconds / 60:.1f} min")
    return seconds


def evaluate(name: str, config: Path, fresh: bool) -> Dict[str, float]:
    folder = OUT / name
    key = fingerprint(config)
    model_dir = folder / "model"
    seconds = {}
    seconds["train"] = step(
        f"{name}: train NLU",
        model_dir,
        key,
        [
            RASA,
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            "data/nlu",
            "--domain",
            "domain",
            "--out",
            str(model_dir),
            "--fixed-model-name",
            "nlu",
        ],
        fresh,
    )
    seconds["holdout"] = step(
        f"{name}: held-out test",
        folder / "holdout",
        fingerprint(config, HOLDOUT),
        [
            RASA,
            "test",
            "nlu",
            "--nlu",
            str(HOLDOUT),
            "--model",
            str(model_dir / "nlu.tar.gz"),
            "--domain",
            "domain",
            "--out",
            str(folder / "holdout"),
        ],
        fresh,
    )
    seconds["cv"] = step(
        f"{name}: {FOLDS}-fold cross-validation",
        folder / "cv",
        key,
        [
            RASA,
            "test",
            "nlu",
            "--nlu",
            "data/nlu",
            "--config",
            str(config),
            "--cross-validation",
            "--folds",
            str(FOLDS),
            "--domain",
            "domain",
            "--out",
            str(folder / "cv"),
        ],
        fresh,
    )
    return seconds


# ---- the report -------------------------------------------------------------------------------
def load(folder: Path, name: str) -> dict:
    path = folder / name
    return json.loads(path.read_text()) if path.exists() else {}


def intents_of(report: dict) -> Dict[str, dict]:
    return {k: v for k, v in report.items() if isinstance(v, dict) and "support" in v and not k.endswith(" avg")}


def summary(folder: Path) -> Dict[str, float]:
    report = load(folder, "intent_report.json")
    selector = load(folder, "response_selection_report.json")
    errors = load(folder, "intent_errors.json") or []
    crisis = report.get(CRISIS, {})
    lookalikes = [e for e in errors if e["intent"] == "out_of_scope" and e["intent_prediction"]["name"] == CRISIS]
    return {
        "intent macro F1": report["macro avg"]["f1-score"],
        "intent weighted F1": report["weighted avg"]["f1-score"],
        "intent accuracy": report.get("accuracy", float("nan")),
        "crisis recall": crisis.get("recall", float("nan")),
        "crisis precision": crisis.get("precision", float("nan")),
        "look-alikes taken as crisis": len(lookalikes),
        "FAQ answer macro F1": selector.get("macro avg", {}).get("f1-score", float("nan")),
    }


def confusions(folder: Path, top: int = 10) -> List[Tuple[str, str, int]]:
    pairs = []
    for intent, scores in intents_of(load(folder, "intent_report.json")).items():
        for predicted, count in (scores.get("confused_with") or {}).items():
            pairs.append((intent, predicted, count))
    return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))[:top]


def fmt(value: float) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def report_text(seconds: Dict[str, Dict[str, float]]) -> str:
    held = {n: summary(OUT / n / "holdout") for n in CONFIGS}
    cv = {n: summary(OUT / n / "cv") for n in CONFIGS}
    with open(HOLDOUT, encoding="utf-8") as handle:
        holdout_count = sum(1 for line in handle if line.strip().startswith("- ") and "intent:" not in line)
    lines = [
        "# NLU evaluation",
        "",
        f"Made by `make eval` on {datetime.date.today().isoformat()}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, Rasa 3.6.21. "
        '"ours" is `config.yml`; "default" is Rasa\'s default configuration '
        "(`eval/config_default.yml`, empty pipeline and policies as `rasa init` writes them), trained "
        "on the same data in the same run.",
        "",
        f"- Held-out: `tests/nlu_holdout.yml`, {holdout_count} utterances written apart from the "
        "training data (none of them is in `data/nlu/`; a test checks this).",
        f"- Cross-validation: {FOLDS} folds over `data/nlu/`, scores pooled over the test folds.",
        "- Targets: held-out macro F1 >= 0.95; held-out crisis recall 1.0; no look-alike "
        '(`out_of_scope` such as "ik verveel me dood") taken as crisis.',
        "",
        "| figure | held-out ours | held-out default | CV ours | CV default |",
        "|---|---|---|---|---|",
    ]
    for key in held["ours"]:
        lines.append(
            f"| {key} | {fmt(held['ours'][key])} | {fmt(held['default'][key])} "
            f"| {fmt(cv['ours'][key])} | {fmt(cv['default'][key])} |"
        )
    lines.append(
        "| minutes: train / held-out / CV | "
        + " | ".join(
            f"{seconds[n]['train'] / 60:.1f} / {seconds[n]['holdout'] / 60:.1f} / {seconds[n]['cv'] / 60:.1f}"
            for n in CONFIGS
        )
        + " | | |"
    )
    lines += [
        "",
        f"**Crisis recall on the held-out file (ours): {held['ours']['crisis recall']:.3f}** "
        f"(default: {held['default']['crisis recall']:.3f}); look-alikes taken as crisis: "
        f"{held['ours']['look-alikes taken as crisis']} (default: {held['default']['look-alikes taken as crisis']}).",
        "",
    ]

    lines += [
        "## Per intent, held-out",
        "",
        "| intent | support | P ours | R ours | F1 ours | P default | R default | F1 default |",
        "|---|---|---|---|---|---|---|---|",
    ]
    ours = intents_of(load(OUT / "ours" / "holdout", "intent_report.json"))
    default = intents_of(load(OUT / "default" / "holdout", "intent_report.json"))
    for intent in sorted(set(ours) | set(default)):
        o, d = ours.get(intent, {}), default.get(intent, {})
        lines.append(
            f"| {intent} | {o.get('support', d.get('support', 0))} | "
            + " | ".join(fmt(x.get(k, float("nan"))) for x in (o, d) for k in ("precision", "recall", "f1-score"))
            + " |"
        )
    for kind, folder_name in (("held-out", "holdout"), ("cross-validation", "cv")):
        lines += [
            "",
            f"## Ten most confused pairs, {kind}",
            "",
            "| # | ours: true → predicted | n | default: true → predicted | n |",
            "|---|---|---|---|---|",
        ]
        ours_pairs = confusions(OUT / "ours" / folder_name)
        default_pairs = confusions(OUT / "default" / folder_name)
        for i in range(max(len(ours_pairs), len(default_pairs))):
            cells = []
            for pairs in (ours_pairs, default_pairs):
                true, predicted, count = pairs[i] if i < len(pairs) else ("", "", "")
                cells += [f"{true} → {predicted}" if true else "", str(count)]
            lines.append(f"| {i + 1} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Images",
        "",
        "Rasa's confusion matrices and confidence histograms: "
        "`results/eval/<ours|default>/<holdout|cv>/intent_confusion_matrix.png`, `intent_histogram.png`, "
        "and the same for response selection (FAQ answers).",
        "",
    ]
    notes = ROOT / "eval" / "evaluation_notes.md"
    if notes.exists():  # the hand-written history of what changed the figures
        lines += [notes.read_text(encoding="utf-8")]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="recompute every step")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    seconds = {}
    for name, config in CONFIGS.items():
        print(f"{name} ({config.relative_to(ROOT)})")
        seconds[name] = evaluate(name, config, args.fresh)
    text = report_text(seconds)
    import crisis_eval  # eval/ is on the path: this script's own folder

    print("crisis detector: frozen split, development split, cross-validation, Rasa's default ...", flush=True)
    text = text.rstrip("\n") + "\n\n" + crisis_eval.section() + "\n"
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print()
    print(text)


if __name__ == "__main__":
    main()
