"""Loads the content in knowledge/ once. Content is data: change a Dutch sentence there,
not in code."""

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


@lru_cache(maxsize=None)
def _yaml(name: str) -> Dict[str, Any]:
    with open(KNOWLEDGE_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def referrals() -> Dict[str, Any]:
    return _yaml("referrals.yml")


def faq() -> Dict[str, Any]:
    return _yaml("faq.yml")


def crisis() -> Dict[str, Any]:
    return _yaml("crisis.yml")


def gemeente_aliases() -> Dict[str, Any]:
    return _yaml("gemeente_aliases.yml")


@lru_cache(maxsize=None)
def gemeente_rows() -> List[Dict[str, str]]:
    with open(KNOWLEDGE_DIR / "gemeenten_arbeidsmarktregio.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def webchat() -> Dict[str, Any]:
    return _yaml("webchat.yml")


def understanding() -> Dict[str, Any]:
    return _yaml("understanding.yml")


def labels() -> Dict[str, Any]:
    return _yaml("labels.yml")


def privacy() -> Dict[str, Any]:
    return _yaml("privacy.yml")


def intake() -> Dict[str, Any]:
    return _yaml("intake.yml")


DOMAIN_DIR = KNOWLEDGE_DIR.parent / "domain"


@lru_cache(maxsize=None)
def responses() -> Dict[str, Any]:
    """Every response of the Rasa domain by name (for tests and the in-process simulation)."""
    found: Dict[str, Any] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        with open(path, encoding="utf-8") as handle:
            found.update((yaml.safe_load(handle) or {}).get("responses") or {})
    return found


@lru_cache(maxsize=None)
def response_names() -> frozenset:
    """The names of every response in the Rasa domain."""
    return frozenset(responses())


def insight() -> Dict[str, Any]:
    return _yaml("insight.yml")
