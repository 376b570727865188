"""Reading free answers: yes/no, benefit, which item to correct, long answers."""
import pytest

from bot.guide import (
    ITEMS,
    MAX_ANSWER_CHARS,
    clean_answer,
    item_by_number,
    item_number,
    parse_answer,
    parse_benefit,
    summary_lines,
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ja", "ja"), ("Ja!", "ja"), ("jazeker", "ja"), ("klopt", "ja"), ("ja, bij de ggz", "ja"),
        ("nee", "nee"), ("Nee hoor", "nee"), ("niet", "nee"), ("geen behandeling", "nee"),
        ("weet ik niet", "onbekend"), ("geen idee", "onbekend"), ("misschien", "onbekend"), ("sla over", "onbekend"),
        ("", None), ("🙂", None), ("banaan", None), ("<b>ja</b>", None),
    ],
)
def test_parse_answer(text, expected):
    assert parse_answer(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("bijstand", "bijstand"), ("ik zit in de bijstand", "bijstand"), ("Participatiewet", "bijstand"),
        ("WW", "ww"), ("een ww-uitkering", "ww"), ("werkloosheidsuitkering", "ww"),
        ("WIA", "wia"), ("WGA", "wia"), ("ik heb een wga uitkering", "wia"),
        ("Wajong", "wajong"), ("wajong-uitkering", "wajong"),
        ("geen uitkering", "geen"), ("nee", "geen"), ("ik werk", "geen"), ("geen", "geen"),
        ("weet ik niet", "onbekend"), ("onbekend", "onbekend"),
        ("iets van het uwv", None), ("", None),
    ],
)
def test_parse_benefit(text, expected):
    assert parse_benefit(text) == expected


@pytest.mark.parametrize(
    "text,number",
    [("punt 3 aanpassen", 3), ("vraag 10 klopt niet", 10), ("de derde", 3), ("nummer twee", 2), ("punt een", 1), ("7", 7),
     ("ik wil iets aanpassen", None), ("vraag 12", None)],
)
def test_item_number(text, number):
    assert item_number(text) == number


def test_items_are_numbered_one_to_ten():
    assert [item_by_number(n).slot for n in range(1, 11)] == [i.slot for i in ITEMS]
    assert item_by_number(0) is None and item_by_number(11) is None


def test_long_answers_are_cut_not_lost():
    answer = clean_answer("woord " * 5000)
    assert len(answer) == MAX_ANSWER_CHARS and answer.endswith("…")
    assert clean_answer("  veel   ruimte\n\nhier ") == "veel ruimte hier"


def test_summary_numbers_and_skips():
    lines = summary_lines({"guide_meaning": "structuur", "guide_fitting_work": "overgeslagen", "gemeente": "Tilburg"})
    assert lines[0] == "1. Wat werk betekent: structuur"
    assert lines[1] == "2. Welk werk past: (overgeslagen)"
    assert lines[9] == "10. Gemeente: Tilburg"
