"""Everything the bot says lives in domain/responses.yml or knowledge/, never in Python: a
sentence in code cannot be changed without a programmer and escapes the content checks. This
test reads every string literal in actions/ and bot/ and fails on one that looks like a Dutch
sentence. Not counted: docstrings, log and exception messages (for the people who run the bot),
regular expressions (what the bot reads, not what it says), and bot/render.py, which assembles
texts from knowledge/ and may hold the glue between them."""

import ast
import re
from pathlib import Path
from typing import Iterator, List, Set, Tuple

import pytest

from tests.conftest import ROOT

ALLOWED_FILES = {"bot/render.py"}
# Words that make a run of words Dutch prose rather than a name, a key or an English message.
DUTCH_WORDS = set(
    """de het een en van in op te met voor naar bij om over uit aan door als dan maar of ook niet
    geen wel nog al er is zijn was ben bent wordt worden kan kun kunt wil wilt moet mag heb hebt
    heeft ik je jij jouw u uw we wij ons onze hij zij ze die dat dit wat wie waar hoe wanneer
    waarom welke sorry dank graag even hier daar jou mij me mijn""".split()
)
MIN_WORDS = 3  # a sentence, not a label or a value ("ja", "overgeslagen")
MIN_DUTCH_SHARE = 0.3
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print", "exit"}
REGEX_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
# Characters that occur in regular expressions and not in what the bot says.
REGEX_SYNTAX = re.compile(r"\\[bdswBDSW]|\(\?|\[\^|[|][a-z]|[a-z][|]|\{\d")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def python_files() -> List[Path]:
    return sorted(p for folder in ("actions", "bot") for p in (ROOT / folder).rglob("*.py"))


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _not_user_facing(tree: ast.AST) -> Set[int]:
    """ids of the string nodes that are docstrings, log or exception messages, or regexes."""
    skipped: Set[int] = set()

    def skip(node: ast.AST) -> None:
        skipped.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip(body[0])
        elif isinstance(node, (ast.Raise, ast.Assert)):
            skip(node)
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name in LOG_METHODS or name.endswith("Error") or name.endswith("Exception"):
                skip(node)
            elif name in REGEX_FUNCTIONS and node.args:
                skip(node.args[0])
    return skipped


def _strings(tree: ast.AST) -> Iterator[Tuple[int, str]]:
    skipped = _not_user_facing(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, placeholders as "x"
            skipped.update(id(v) for v in node.values)
            text = "".join(v.value if isinstance(v, ast.Constant) else " x " for v in node.values)
            yield node.lineno, str(text)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def looks_like_dutch_prose(text: str) -> bool:
    if not re.search(r"\s", text.strip()) or REGEX_SYNTAX.search(text):  # a key, a name, a pattern
        return False
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return False
    return sum(w in DUTCH_WORDS for w in words) / len(words) >= MIN_DUTCH_SHARE


def dutch_sentences(path: Path) -> List[Tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [(line, text) for line, text in _strings(tree) if looks_like_dutch_prose(text)]


@pytest.mark.parametrize(
    "text, dutch",
    [
        ("Wil je opnieuw beginnen? Stuur dan een nieuw bericht.", True),
        ("Ik snap je niet helemaal.", True),
        ("Met een WIA-uitkering loopt het via UWV.", True),
        ("The {name} server stopped; starting it again.", False),
        (r"\bniet (meer )?(in|uit|bij)$", False),
        ("geen werkgever", False),
        ("utter_ask_gemeente", False),
        ("in_treatment_yes", False),
        ("overgeslagen", False),
    ],
)
def test_the_scanner_tells_dutch_prose_from_the_rest(text, dutch):
    assert looks_like_dutch_prose(text) is dutch


def test_the_scanner_finds_a_sentence_in_code(tmp_path):
    code = tmp_path / "example.py"
    code.write_text(
        '"""Een docstring mag Nederlands zijn, dat is voor wie de code leest."""\n'
        "import logging\n"
        "def reply(dispatcher, name):\n"
        '    logging.info("Dit is een logregel voor de beheerder")\n'
        '    dispatcher.utter_message(text=f"Hoi {name}, wat kan ik voor je doen?")\n'
        '    raise ValueError("dat is een fout voor de ontwikkelaar")\n',
        encoding="utf-8",
    )
    assert dutch_sentences(code) == [(5, "Hoi  x , wat kan ik voor je doen?")]


def test_no_user_facing_dutch_sentence_in_python():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in python_files()
        if str(path.relative_to(ROOT)) not in ALLOWED_FILES
        for line, text in dutch_sentences(path)
    ]
    assert not found, "Dutch sentences belong in domain/responses.yml or knowledge/:\n" + "\n".join(found)
