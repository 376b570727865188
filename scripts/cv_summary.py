"""Prints the cross-validation figures of one or more results/cv_* folders side by side."""

import json
import sys
from pathlib import Path


def figures(folder: Path) -> dict:
    report = json.loads((folder / "intent_report.json").read_text())
    out = {
        "intent macro F1": report["macro avg"]["f1-score"],
        "intent weighted F1": report["weighted avg"]["f1-score"],
        "intent accuracy": report.get("accuracy", float("nan")),
        "crisis recall": report.get("crisis", {}).get("recall", float("nan")),
        "crisis precision": report.get("crisis", {}).get("precision", float("nan")),
    }
    selector = folder / "response_selection_report.json"
    if selector.exists():
        out["FAQ response macro F1"] = json.loads(selector.read_text())["macro avg"]["f1-score"]
    return out


def main(folders) -> None:
    table = {f: figures(Path(f)) for f in folders}
    keys = list(next(iter(table.values())))
    print("| figure | " + " | ".join(Path(f).name for f in folders) + " |")
    print("|---|" + "---|" * len(folders))
    for key in keys:
        print(f"| {key} | " + " | ".join(f"{table[f][key]:.3f}" for f in folders) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
