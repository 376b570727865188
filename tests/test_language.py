"""Small readings of a message (bot/dialogue/language.py, facts.py) and the relative's voice
(bot/render.py), table by table."""

import pytest

from bot import render
from bot.dialogue import language
from bot.dialogue.facts import primary_care_in, read_facts
from bot.referral import JobSeekerFacts, referrals_for_job_seeker


@pytest.mark.parametrize(
    "text,agreement",
    [
        ("oke", True),
        ("ja hoor", True),
        ("ok prima", True),
        ("nee joh", True),
        ("Ja!! 🙂", True),
        # a short answer after a word of going along is an answer
        ("oke. buiten zijn", False),
        ("ja prima, fietsen", False),
        ("ok, de hond uitlaten", False),
        ("nou, gewoon rust", False),
        ("structuur", False),
    ],
)
def test_only_words_of_going_along_are_no_answer(text, agreement):
    assert language.is_agreement(text) is agreement


@pytest.mark.parametrize(
    "text,care",
    [
        ("nee, wel bij de poh van de huisarts", "huisarts"),
        ("ik heb gesprekken met de praktijkondersteuner", "huisarts"),
        ("mijn vriendin en soms de huisarts", "huisarts"),
        ("ik sta op de wachtlijst bij de ggz", "wachtlijst"),
        ("nee, alleen de huisarts. wachtlijst", "wachtlijst"),
        ("ik ben niet bij de huisarts geweest", None),
        ("ik ben POH-GGZ in Apeldoorn", None),
        ("ik wil in de zorg werken", None),
    ],
)
def test_help_outside_the_ggz_is_read(text, care):
    assert primary_care_in(text) == care


def test_a_question_about_the_huisarts_is_no_fact_about_oneself():
    assert not read_facts("moet ik naar de huisarts?")["primary_care"].stated


@pytest.mark.parametrize(
    "text,noun",
    [
        ("Mijn zoon (25) heeft schizofrenie", "zoon"),
        ("onze dochter wil werken", "dochter"),
        ("m'n broer zoekt een baan", "broer"),
        ("ik zoek werk", None),
    ],
)
def test_the_relative_is_named_in_their_own_word(text, noun):
    assert language.relative_noun(text) == noun


def test_the_route_for_a_relative_speaks_about_that_person():
    referrals = referrals_for_job_seeker(JobSeekerFacts("ja", "wajong", "ja"))
    advice = render.advice_text(referrals, "professional", None, None, relative="zoon")
    assert "je zoon" in advice and "cliënt" not in advice
    assert render.relative_voice("Heeft je cliënt  een uitkering?", "dochter") == "Heeft je dochter een uitkering?"
