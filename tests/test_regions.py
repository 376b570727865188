"""Gemeente -> arbeidsmarktregio: all current gemeenten, aliases, variants, unknown names."""

import csv

import pytest

from bot import knowledge
from bot.regions import find_gemeenten, lookup_gemeente, name_key, region_for_gemeente
from bot.render import wsp_name
from tests.conftest import ROOT, SHARED

# The shared table is the reference; the product's copy is checked against it elsewhere.
SHARED_CSV = SHARED / "data" / "gemeenten_arbeidsmarktregio.csv"
if not SHARED_CSV.exists():
    SHARED_CSV = ROOT / "knowledge" / "gemeenten_arbeidsmarktregio.csv"


def shared_rows():
    with open(SHARED_CSV, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


CURRENT = [r for r in shared_rows() if r["year"] == "2026"]
# Gemeenten that no longer exist (merged away or renamed), with the last year they existed.
FORMER = [r for r in shared_rows() if int(r["year"]) < 2026]


def test_the_table_has_342_current_gemeenten_in_35_regions():
    assert len(CURRENT) == 342
    assert len({r["region"] for r in CURRENT}) == 35


@pytest.mark.parametrize("row", CURRENT, ids=lambda r: r["name"])
def test_every_current_gemeente_finds_its_region(row):
    match = lookup_gemeente(row["name"])
    assert match.found and not match.corrected
    assert match.gemeente.name == row["name"]
    assert region_for_gemeente(row["name"]) == row["region"]


@pytest.mark.parametrize(
    "typed,gemeente,region",
    [
        ("Den Bosch", "'s-Hertogenbosch", "Noordoost-Brabant"),
        ("den bosch", "'s-Hertogenbosch", "Noordoost-Brabant"),
        ("s-Hertogenbosch", "'s-Hertogenbosch", "Noordoost-Brabant"),
        ("Den Haag", "'s-Gravenhage", "Haaglanden"),
        ("DEN HAAG", "'s-Gravenhage", "Haaglanden"),
        ("Hengelo", "Hengelo (O.)", "Twente"),
        ("hengelo (o)", "Hengelo (O.)", "Twente"),
        ("Rijswijk", "Rijswijk (ZH.)", "Haaglanden"),
        ("Sudwest Fryslan", "Súdwest-Fryslân", "Friesland"),
        ("gemeente Utrecht", "Utrecht", "Midden-Utrecht"),
        ("  tilburg  ", "Tilburg", "Midden-Brabant"),
        ("Tilburg.", "Tilburg", "Midden-Brabant"),
        ("etten leur", "Etten-Leur", "West-Brabant"),
        ("Nuenen", "Nuenen, Gerwen en Nederwetten", "Zuidoost-Brabant"),
        ("Hoofddorp", "Haarlemmermeer", "Groot Amsterdam"),
    ],
)
def test_aliases_and_spelling_variants(typed, gemeente, region):
    match = lookup_gemeente(typed)
    assert match.found
    assert (match.gemeente.name, match.gemeente.region) == (gemeente, region)


@pytest.mark.parametrize(
    "typed,gemeente,region",
    [
        ("Uden", "Maashorst", "Noordoost-Brabant"),
        ("Sint-Oedenrode", "Meierijstad", "Noordoost-Brabant"),
        ("sint oedenrode", "Meierijstad", "Noordoost-Brabant"),
        ("Hellevoetsluis", "Voorne aan Zee", "Rijnmond"),
        ("Heerhugowaard", "Dijk en Waard", "Noord-Holland Noord"),
        ("Weesp", "Amsterdam", "Groot Amsterdam"),
        ("Delfzijl", "Eemsdelta", "Groningen"),
        ("Hoogezand-Sappemeer", "Midden-Groningen", "Groningen"),
        ("Hoogezand", "Midden-Groningen", "Groningen"),
        ("Wûnseradiel", "Súdwest-Fryslân", "Friesland"),
        ("het Bildt", "Waadhoeke", "Friesland"),
        ("Menaldumadeel", "Waadhoeke", "Friesland"),  # renamed Menameradiel, then merged
        ("Rozenburg", "Rotterdam", "Rijnmond"),
        ("gemeente Groesbeek", "Berg en Dal", "Rijk van Nijmegen"),
    ],
)
def test_former_gemeenten_find_the_gemeente_they_are_part_of_now(typed, gemeente, region):
    match = lookup_gemeente(typed)
    assert match.found and match.gemeente.current
    assert (match.gemeente.name, match.gemeente.region) == (gemeente, region)


@pytest.mark.parametrize(
    "typed,options",
    [
        ("Haaren", {"Boxtel", "Oisterwijk", "Tilburg", "Vught"}),
        ("Maasdonk", {"'s-Hertogenbosch", "Oss"}),
        ("Littenseradiel", {"Leeuwarden", "Súdwest-Fryslân", "Waadhoeke"}),
    ],
)
def test_split_former_gemeenten_ask_which(typed, options):
    match = lookup_gemeente(typed)
    assert match.status == "ambiguous" and set(match.options) == options


@pytest.mark.parametrize(
    "typed,gemeente,region",
    [
        ("Ruinerwold", "De Wolden", "Drenthe"),
        ("Nieuw-Amsterdam", "Emmen", "Drenthe"),
        ("nieuw amsterdam", "Emmen", "Drenthe"),
        ("Westerbork", "Midden-Drenthe", "Drenthe"),
        ("Zuidlaren", "Tynaarlo", "Groningen"),
        ("Ulrum", "Het Hogeland", "Groningen"),
        ("Ter Apel", "Westerwolde", "Groningen"),
        ("Wommels", "Súdwest-Fryslân", "Friesland"),
        ("Hurdegaryp", "Tytsjerksteradiel", "Friesland"),
        ("Hardegarijp", "Tytsjerksteradiel", "Friesland"),  # the Dutch name of the same village
        ("Appelscha", "Ooststellingwerf", "Friesland"),
        ("Giethoorn", "Steenwijkerland", "Regio Zwolle"),
        ("Dedemsvaart", "Hardenberg", "Regio Zwolle"),
        ("Vriezenveen", "Twenterand", "Twente"),
        ("Renesse", "Schouwen-Duiveland", "Zeeland"),
        ("Breskens", "Sluis", "Zeeland"),
        ("Den Burg", "Texel", "Noord-Holland Noord"),
        ("Heesch", "Bernheze", "Noordoost-Brabant"),
        ("Sint Nicolaasga", "De Fryske Marren", "Friesland"),
        ("De Westereen", "Dantumadiel", "Friesland"),
        ("Zwaagwesteinde", "Dantumadiel", "Friesland"),  # the Dutch name of the same village
        ("Oost-Vlieland", "Vlieland", "Friesland"),
        ("Wagenborgen", "Eemsdelta", "Groningen"),
        ("Musselkanaal", "Stadskanaal", "Groningen"),
        ("Wildervank", "Veendam", "Groningen"),
        ("Oude Pekela", "Pekela", "Groningen"),
        ("Nijverdal", "Hellendoorn", "Twente"),
        ("Nieuwleusen", "Dalfsen", "Regio Zwolle"),
        ("Yerseke", "Reimerswaal", "Zeeland"),
        ("'s-Heerenhoek", "Borsele", "Zeeland"),
        ("Sint-Annaland", "Tholen", "Zeeland"),
        ("Kloosterzande", "Hulst", "Zeeland"),
        ("Eibergen", "Berkelland", "Achterhoek"),
        ("Meijel", "Peel en Maas", "Noord-Limburg"),
        ("Overloon", "Land van Cuijk", "Noordoost-Brabant"),
        ("Leersum", "Utrechtse Heuvelrug", "Midden-Utrecht"),
    ],
)
def test_villages_find_their_gemeente(typed, gemeente, region):
    match = lookup_gemeente(typed)
    assert match.found and not match.corrected
    assert (match.gemeente.name, match.gemeente.region) == (gemeente, region)


@pytest.mark.parametrize(
    "typed,options",
    [
        ("Oosterend", {"Terschelling", "Texel"}),
        ("Den Ham", {"Westerkwartier", "Twenterand"}),
        ("Zuidwolde", {"De Wolden", "Het Hogeland"}),
        ("Wirdum", {"Eemsdelta", "Leeuwarden"}),
    ],
)
def test_villages_in_more_than_one_gemeente_ask_which(typed, options):
    match = lookup_gemeente(typed)
    assert match.status == "ambiguous" and set(match.options) == options


# Everyday words one letter or two from a village name: the typo correction must not make them places.
@pytest.mark.parametrize(
    "typed",
    [
        "verhuizen",
        "meedoen",
        "twijfel",
        "klanten",
        "genieten",
        "kwalijk",
        "gesloopt",
        "die wil",
        "deden",
        "planningen",
        "maan",
        "heten",
        "korten",
        "kruisingen",
        "middelste",
        "reeks",
        "neee",
        "langer",
    ],
)
def test_ordinary_words_are_not_corrected_into_villages(typed):
    assert lookup_gemeente(typed).status == "unknown"


# Former gemeenten the bot deliberately does not place (name -> reason). Keep this list short.
FORMER_NOT_PLACED = {}


@pytest.mark.parametrize("row", FORMER, ids=lambda r: r["name"])
def test_every_former_gemeente_is_placed_in_a_current_one_or_asked_about(row):
    current = {r["name"] for r in CURRENT}
    match = lookup_gemeente(row["name"])
    if row["name"] in FORMER_NOT_PLACED:
        return
    if match.status == "ambiguous":
        assert name_key(row["name"]) in {name_key(k) for k in knowledge.gemeente_aliases()["ambiguous"]}
        assert set(match.options) <= current
    else:
        assert match.found and not match.corrected and match.gemeente.current
        assert match.gemeente.name in current and match.gemeente.region


@pytest.mark.parametrize(
    "typo,gemeente",
    [("Tilbrug", "Tilburg"), ("Groningn", "Groningen"), ("Eindhovn", "Eindhoven"), ("Amsterdm", "Amsterdam")],
)
def test_typos_are_corrected_and_marked(typo, gemeente):
    match = lookup_gemeente(typo)
    assert match.found and match.corrected and match.gemeente.name == gemeente


@pytest.mark.parametrize("typed", ["Bergen", "Alphen", "Krimpen"])
def test_ambiguous_names_ask_which(typed):
    match = lookup_gemeente(typed)
    assert match.status == "ambiguous" and len(match.options) == 2


@pytest.mark.parametrize("typed", ["", "   ", "Atlantis", "asdfghjkl", "Berlijn", "<script>", "🙂", "x" * 10000])
def test_unknown_names(typed):
    assert lookup_gemeente(typed).status == "unknown"
    assert region_for_gemeente(typed) is None


def test_wsp_names():
    assert wsp_name("West-Brabant") == "Werkgeversservicepunt (WSP) regio West-Brabant"
    assert wsp_name("Regio Zwolle") == "Werkgeversservicepunt (WSP) Regio Zwolle"


@pytest.mark.parametrize(
    "text,names",
    [
        ("ik woon in Tilburg", ["Tilburg"]),
        ("ik ben werkgever in den bosch en zoek personeel", ["'s-Hertogenbosch"]),
        ("bedrijf in Den Haag, woon in Delft", ["'s-Gravenhage", "Delft"]),
        ("ik woon in Best", ["Best"]),
        ("Buren", ["Buren"]),
        # ordinary words are not places
        ("ik doe mijn best", []),
        ("mijn buren helpen me", []),
        ("ik wil putten graven", []),
        ("ik heb lange haren", []),
        ("als leek weet ik dat niet", []),
        ("ik woon in Uden", ["Maashorst"]),  # a former gemeente: the one it is part of now
        ("iets met mijn handen", []),
        ("ik woon in Bergen", []),  # ambiguous: the form asks which
        ("ik woon in Ruinerwold", ["De Wolden"]),  # a village: its gemeente
        ("ik woon in Vries", ["Tynaarlo"]),
        ("mevrouw de Vries belde", []),  # a village that is also a surname
        ("de prijzen dalen", []),  # and one that is also a verb
        ("ik woon in Oosterend", []),  # a village in two gemeenten: the form asks which
        ("ik woon in Heesch", ["Bernheze"]),
        ("druk op enter om te versturen", []),  # a village that is also a word
        ("ik woon in Enter", ["Wierden"]),
    ],
)
def test_gemeenten_found_in_sentences(text, names):
    assert [name for _, _, name in find_gemeenten(text)] == names
