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
