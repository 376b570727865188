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
    fact = read_facts("moet ik naar de huisarts?").get("primary_care")
    assert fact is None or not fact.stated


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
    # "hij of zij" once it is known who it is
    assert render.relative_voice("Is je cliënt ziek, dan hoeft hij of zij niets te zeggen.", "dochter") == (
        "Is je dochter ziek, dan hoeft zij niets te zeggen."
    )
    assert render.relative_voice("Vraag het hem of haar.", "zoon") == "Vraag het hem."


@pytest.mark.parametrize(
    "relative,hij,hem,zijn",
    [
        ("zoon", "hij", "hem", "zijn"),
        ("man", "hij", "hem", "zijn"),
        ("dochter", "zij", "haar", "haar"),
        ("vriendin", "zij", "haar", "haar"),
        ("partner", "hij of zij", "hem of haar", "zijn of haar"),
        (None, "hij of zij", "hem of haar", "zijn of haar"),
    ],
)
def test_pronouns_for_the_relative_named(relative, hij, hem, zijn):
    assert render.pronoun_values(relative) == {"hij": hij, "hem": hem, "zijn": zijn}


@pytest.mark.parametrize(
    "text,real",
    [
        ("kan ik met ww een cursus doen?", True),
        ("mag ik vrijwilligerswerk doen?", True),
        ("iets met dieren?", False),  # an answer said as a question
        ("heb ik niet zo over nagedacht", False),
        ("wat?", False),
    ],
)
def test_a_question_of_its_own_is_no_answer(text, real):
    assert language.is_real_question(text) is real


@pytest.mark.parametrize(
    "text,command",
    [
        ("ik moet nu even stoppen, mijn kind huilt. kan ik later verder?", "stop"),
        ("ik ben er weer, verder", "continue"),
        ("hoi ik ben terug", "continue"),
        ("ik wil stoppen met thuiszitten", None),
    ],
)
def test_going_away_and_coming_back(text, command):
    assert language.command_of(text) == command


@pytest.mark.parametrize(
    "text,has_job",
    [
        ("nee ik werk nu niet", "nee"),
        ("ik werk al een jaar niet meer", "nee"),
        ("eigenlijk heb ik wel werk, maar ik denk dat mijn contract niet verlengd wordt", "ja"),
        ("mijn contract is niet verlengd", "nee"),
        ("ik werk nu bij de jumbo", "ja"),
    ],
)
def test_having_work_is_read_the_right_way_round(text, has_job):
    assert read_facts(text)["has_job"].value == has_job


@pytest.mark.parametrize(
    "text,in_treatment",
    [
        ("ze gaat 1x per maand naar GGZ Drenthe", "ja"),
        ("hij gaat elke week naar lentis", "ja"),
        ("ik ga misschien naar de psycholoog", None),  # not yet
        ("ik ga binnenkort naar de ggz voor een intake", None),
        ("ik ga niet naar de ggz", "nee"),
    ],
)
def test_going_to_the_ggz_is_being_in_treatment(text, in_treatment):
    found = read_facts(text).get("in_treatment")
    assert (found.value if found else None) == in_treatment


@pytest.mark.parametrize(
    "text",
    ["ik werk 12 uur per week in een winkel maar ik wil ander werk", "ik heb een baan maar zoek een nieuwe baan"],
)
def test_someone_with_a_job_who_wants_another_is_looking_for_work(text):
    facts = read_facts(text)
    assert "has_job" not in facts and facts["wants_paid_work"].value == "ja"


@pytest.mark.parametrize(
    "text,stated",
    [
        ("krijg ik minder bijstand als ik ga werken?", False),
        ("ik heb bijstand, kan ik IPS krijgen?", True),
        ("ik zit in de bijstand", True),
        # a hypothetical: what would happen, not what is
        ("stel dat ik wajong krijg, mag ik dan werken?", False),
        ("als ik straks in de bijstand kom, moet ik dan solliciteren?", False),
        ("ik heb wajong, als ik ga werken hou ik die dan?", True),
    ],
)
def test_a_benefit_named_in_a_question_is_not_said_to_be_ones_own(text, stated):
    assert read_facts(text)["benefit"].stated is stated


def test_texts_for_a_relative_name_her_as_she():
    """ "mijn dochter ...": the helper's texts say "zij", not "hij of zij"."""
    from bot.dialogue import State, Understood, step
    from tests.dialogue.walk import render as rendered

    state = State()
    said = []
    for parse in (
        {"text": "/role_relative", "intent": {"name": "role_relative", "confidence": 1.0}},
        {"text": "mijn dochter is 30", "intent": {"name": "inform", "confidence": 0.9}},
        {"text": "verder", "intent": {"name": "continue", "confidence": 0.99}},
    ):
        state, replies = step(state, Understood.from_parse(parse))
        said = said + [rendered(r) for r in replies] if state.relative else []  # (once she is named)
    text = " ".join(said)
    assert "woont zij" in text and "hij of zij" not in text


@pytest.mark.parametrize(
    "text,female",
    [
        (
            "Je medewerker hoeft niet te vertellen wat hij heeft.",
            "Je medewerker hoeft niet te vertellen wat zij heeft.",
        ),
        ("Hij kiest zelf wat hij over zijn klachten zegt.", "Zij kiest zelf wat zij over haar klachten zegt."),
        ("Vraag het hem of haar.", "Vraag het haar."),
        # "zijn" as a verb stays
        ("Dan zijn de bedrijfsarts of de arbodienst de plek.", "Dan zijn de bedrijfsarts of de arbodienst de plek."),
    ],
)
def test_an_employers_text_about_a_female_employee(text, female):
    assert render.female_voice(text) == female


@pytest.mark.parametrize(
    "text,wished",
    [
        ("wil aan de slag in de logistiek", "in de logistiek"),
        ("ik ben vorig jaar mijn baan als vrachtwagenchauffeur kwijtgeraakt", None),  # work had, not wished
        ("ik heb 10 jaar als kok gewerkt, wil nu werk in de zorg", "in de zorg"),
    ],
)
def test_work_had_is_no_work_wished(text, wished):
    assert language.wished_work(text) == wished


@pytest.mark.parametrize(
    "text,benefit",
    [
        ("oh wacht, ik heb geen WW meer maar bijstand, de WW is in maart afgelopen", "bijstand"),
        ("mijn ww is per 1 mei gestopt, nu bijstand", "bijstand"),
    ],
)
def test_a_benefit_that_ended_at_a_date_is_not_ones_benefit(text, benefit):
    assert read_facts(text)["benefit"].value == benefit


@pytest.mark.parametrize(
    "text,gemeente,stated",
    [
        ("mogen wij dan in zijn dossier kijken bij de ggz?", None, None),  # no place after "in"
        ("valt na 3 maanden uit met een depressie", None, None),
        ("wat voor weer wordt het morgen in goor", "Hof van Twente", False),  # asked about, not one's own
        ("ik woon in goor", "Hof van Twente", True),
        ("werkgever in nijmegn", "Nijmegen", True),
    ],
)
def test_a_place_after_in_is_a_gemeente_only_when_it_is_one(text, gemeente, stated):
    found = read_facts(text).get("gemeente")
    assert (found.value if found else None) == gemeente
    assert (found.stated if found else None) == stated


@pytest.mark.parametrize(
    "text,role",
    [
        ("jobcoach betalen?", None),  # a question about a jobcoach
        ("jobcoach hier, mijn client wil werken", "professional"),
        ("klantmanager: mijn cliënt heeft bijstand", "professional"),
        ("jobcoach van mijn vorige werk en mijn vader", None),  # who helps, at "Wat en wie helpt jou?"
        ("klantmanager van gemeente Tynaarlo", "professional"),
    ],
)
def test_a_role_word_at_the_start_is_who_speaks_only_when_said_so(text, role):
    found = read_facts(text).get("role")
    assert (found.value if found else None) == role


def test_a_question_after_a_lead_in_word_says_nothing_of_the_wish():
    assert "wants_paid_work" not in read_facts(
        "En mag ik ook eerst vrijwilligerswerk doen, of moet het meteen betaald?"
    )


@pytest.mark.parametrize(
    "text,item,new_text",
    [
        # the remark after the new text goes ("dat is weg")
        ("nee 2 klopt niet, ik had ook gezegd magazijn. dat is weg", 2, "magazijn"),
        # the item named once more before its text
        ("nee 6 is fout. 6 = de poh en mn vrouw", 6, "de poh en mn vrouw"),
        # a remark on what the item said, then the new text, led in by "het best gaat het"
        (
            "5 klopt niet, dat is juist waar het NIET goed gaat. het best gaat het in een klein team",
            5,
            "in een klein team",
        ),
    ],
)
def test_an_item_set_right_keeps_only_its_new_text(text, item, new_text):
    segments = language.item_segments(text)
    assert (item, new_text) in [(n, t) for n, t, _ in segments]


@pytest.mark.parametrize(
    "text,new_text",
    [
        ("4 aanpassen: alleen 20-24 uur. die vraag van hem hoort er echt niet in", "alleen 20-24 uur"),
        ("oh wacht 5 klopt niet, dat is juist waar het niet goed gaat. het best gaat het overdag", "overdag"),
        ("2 moet zijn: in een winkel", "in een winkel"),
    ],
)
def test_a_correction_by_number_without_its_remarks(text, new_text):
    assert language.new_answer_for_item(text) == new_text


@pytest.mark.parametrize(
    "text,named",
    [
        ("bij vraag 2 bedoelde ik eigenlijk iets in de zorg", 2),
        ("wandelen. oh en bij mogelijkheden bedoelde ik 16 uur", 4),
        ("rustig. en bij vraag 2 zei ik eigenlijk iets in de zorg", 2),
        # no verb: no earlier question named
        ("bij 4 uur per dag gaat het goed", None),
    ],
)
def test_an_earlier_question_named_with_what_was_meant(text, named):
    found = language.named_item(text)
    assert (found[0] if found else None) == named
