"""The Makefile is the front door: `make help` lists every target with one line, and the
README's "Make targets" table is that list word for word."""

import re
import subprocess

from tests.conftest import ROOT

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def help_lines():
    out = subprocess.run(
        ["make", "--no-print-directory", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [re.fullmatch(r"  make (\S+) +(.+)", line).groups() for line in out.splitlines()]


def readme_rows():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Make targets\n", 1)[1].split("\n\n| target | what it does |\n|---|---|\n", 1)[1]
    return [re.fullmatch(r"\| `make (\S+)` \| (.+) \|", line).groups() for line in table.split("\n\n")[0].splitlines()]


def test_help_is_the_default_target():
    out = subprocess.run(["make", "--no-print-directory", "-s"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert [tuple(line.split(None, 2)[1:]) for line in out.stdout.splitlines()] == help_lines()


def test_every_target_has_one_line_of_help():
    phony = re.search(r"^\.PHONY: (.+)$", MAKEFILE, re.MULTILINE).group(1).split()
    rules = re.findall(r"^([a-z][a-z-]*):(?!=)", MAKEFILE, re.MULTILINE)
    assert sorted(rules) == sorted(phony)
    assert [name for name, _ in help_lines()] == rules


def test_readme_table_is_make_help():
    assert readme_rows() == help_lines()


def test_generated_reports_carry_their_hand_written_notes_word_for_word():
    # `make eval` and `make bench` rewrite docs/EVALUATION.md and docs/PERFORMANCE.md from their
    # results plus eval/*_notes.md. History written into the docs alone is lost on the next run
    # (it happened once): it belongs in the notes file.
    for report, notes in (("EVALUATION.md", "evaluation_notes.md"), ("PERFORMANCE.md", "performance_notes.md")):
        text = (ROOT / "docs" / report).read_text(encoding="utf-8")
        written = (ROOT / "eval" / notes).read_text(encoding="utf-8").strip()
        assert written in text, f"docs/{report} does not hold eval/{notes} word for word"
