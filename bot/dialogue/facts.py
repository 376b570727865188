"""The routing facts, read from any message: role, GGZ treatment, benefit, gemeente, wanting
paid work, already having a job, fear of losing the benefit.

Each fact carries whether it was *stated* ("ik heb WW", "ik woon in Sneek") or only *mentioned*
("WW", "Sneek"). A stated fact is taken from any message, also from an answer to another
question; a mentioned one only answers the question that asks for it. That keeps "ik wil in
Utrecht werken" (an answer about work) from becoming the gemeente someone lives in.
"""

import difflib
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Tuple

from bot import knowledge
from bot.dialogue.language import is_marked_question, matches, pattern, plain, without_lead_in
from bot.referral import NO, UNKNOWN, YES
from bot.regions import (
    find_gemeenten,
    found_gemeente,
    lookup_gemeente,
    option_in_province,
    province_in,
    region_of_province,
    shared_name_in,
)
from bot.text import fold

ROLE_JOB_SEEKER, ROLE_EMPLOYER, ROLE_PROFESSIONAL = "werkzoekende", "werkgever", "professional"


@dataclass(frozen=True)
class Fact:
    name: str
    value: Any
    stated: bool = True


# "ik woon in X", "mijn bedrijf zit in X": the place is where the person lives or works.
_PLACE_STATED = re.compile(
    r"\b(woon|wonen|woont|kom uit|kom van|ben uit|uit de buurt van|gevestigd|zit in|zitten in|"
    r"vestiging|vestigingen|filiaal|filialen|locatie|locaties|kantoor|kantoren|gemeente|regio|\w*bedrijf|\w*zaak|"
    r"werkzaam in|living in|live in|based in|verhuisd naar|verhuis naar|"
    r"(heb|hebben|run|runnen|zijn|ben) (een|ons|mijn) [\w-]+ in)\b"
)
# "ik heb WW", "ik zit in de bijstand", "mijn uitkering is ...": a benefit stated about oneself.
_BENEFIT_STATED = re.compile(
    r"\b(heb|heeft|hebben|krijg|krijgt|ontvang|zit|zitten|sta|op|in de|van de|via de|uitkering|sinds|"
    r"bedoel|bedoelde|bedoelt|moet zijn|is het|zei ik|ik zei|zeg ik|have|get|receive|on)\b"
)


# "de Ziektewet is vorige maand gestopt": a benefit that ended is not the one someone has.
_ENDED = re.compile(
    r"\s*(-?uitkering\s+)?(is|was|zijn)?\s*(al |net |pas |sinds |vorige \w+ |deze \w+ |\w+ geleden |is |was |zijn "
    r"|(een |ruim |bijna )?(een|twee|drie|vier|\d+|paar|half|halve) (jaar|jaren|maand|maanden|week|weken) "
    r"|(in|per|eind|begin|medio|sinds) \w+ |op \d+ \w+ )*"  # ("de WW is in maart afgelopen")
    r"(gestopt|afgelopen|beeindigd|voorbij|opgehouden|stopgezet|weg|kwijt|finished|over|ended|stopped|done"
    r"|(te )?kort|afgewezen|aangevraagd|in aanvraag|nog niet (toegekend|gekregen|rond))\b"
    # ("WIA aangevraagd", "wajong? nee toch niet, afgewezen": not a benefit one has)
    r"|\s*\??\s*(nee|neen)?[ ,]*(toch )?(niet|nee)?[ ,]*(afgewezen|aangevraagd)\b"
    # ("de wia keuring is pas volgende maand": an assessment to come, not a benefit one has)
    r"|[- ]?(keuring|beoordeling|herbeoordeling|aanvraag|aanvragen|claimbeoordeling)\b"
)


def benefit_in(text: str) -> Tuple[Optional[str], bool]:
    """(benefit key, stated) from text: the last benefit named that is not negated.

    "ik heb geen WW meer, ik zit in de bijstand" -> bijstand. "geen uitkering" -> geen.
    """
    folded = plain(text)
    found: List[Tuple[int, str]] = []
    for benefit, names in knowledge.understanding()["benefit_words"].items():
        for name in names:
            for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", folded):
                if not pattern("benefit_negation").search(folded[: match.start()]) and not _ENDED.match(
                    folded[match.end() :]
                ):
                    found.append((match.start(), benefit))
    if not found:
        # Typos of the longer names: "bijstant", "wajonk". Short ones ("ww") are left alone.
        names = {
            name: benefit
            for benefit, ns in knowledge.understanding()["benefit_words"].items()
            for name in ns
            if len(name) >= 6
        }
        lookalikes = set(knowledge.understanding()["benefit_lookalikes"])
        for match in re.finditer(r"[a-z-]{6,}", folded):
            if match.group() in lookalikes:
                continue  # "bijstaan" is a word, no typo of bijstand
            close = difflib.get_close_matches(match.group(), names, n=1, cutoff=0.85)
            if (
                close
                and close[0][:3] == match.group()[:3]
                and not pattern("benefit_negation").search(folded[: match.start()])
                and not _ENDED.match(folded[match.end() :])
            ):
                found.append((match.start(), names[close[0]]))
    if found:
        benefit = max(found)[1]
        # "krijg ik minder bijstand als ik ga werken?": a benefit named only in a question is not
        # said to be one's own.
        names = knowledge.understanding()["benefit_words"][benefit]
        naming = [
            (sentence, clause)
            for sentence in re.split(r"(?<=[.!?])\s+", fold(text))
            for clause in re.split(r"[,;]", sentence)
            if any(re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", clause) for name in names)
        ]
        if naming and all(
            (sentence.rstrip().endswith("?") and pattern("question_start").search(plain(clause)))
            or pattern("benefit_asked_for").search(plain(clause))  # "of hij recht heeft op wajong"
            for sentence, clause in naming
        ):
            return benefit, False
        # ("ziektewet, mijn contract liep af", "34, bijstand, zwolle": a benefit listed on its own)
        listed = any(
            re.fullmatch(r"\W*(de |een )?" + re.escape(name) + r"(-?uitkering)?\W*", clause)
            for clause in re.split(r"[,;.]", folded)
            for name in names
        )
        return benefit, bool(_BENEFIT_STATED.search(folded)) or len(folded.split()) <= 3 or listed
    if pattern("no_benefit").search(folded):
        return "geen", True
    return None, False


def yes_no_in(text: str, yes_name: str, no_name: str) -> Optional[str]:
    """ja / nee when one of the two patterns occurs; nee wins when both do ("niet meer in
    behandeling" contains "in behandeling")."""
    if matches(no_name, text):
        return NO
    if matches(yes_name, text):
        return YES
    return None


def primary_care_in(text: str) -> Optional[str]:
    """Help that is not GGZ treatment: "wachtlijst" (waiting for the GGZ) or "huisarts"
    (the huisarts or the POH-GGZ helps), else None."""
    # ("hij staat ook niet op een wachtlijst": no; "nee nog niet, sta op de wachtlijst": yes)
    if matches("care_waiting_list", text) and not re.search(
        r"\b(niet|geen|nooit) (\w+ )?(op )?(een |de )?wachtlijst", plain(text)
    ):
        return "wachtlijst"  # ("hij staat ook niet op een wachtlijst": no)
    if matches("care_huisarts", text) and not matches("care_huisarts_no", text):
        return "huisarts"
    return None


_OFFICE_AT = re.compile(
    r"\b(ggz|ggz-?instelling|instelling|praktijk|kantoor|vestiging|team|uwv|afdeling|bureau|kliniek|organisatie"
    r"|werkplein|wijkteam|fact-?team|locatie|ribw?|beschermd wonen|beschermde woonvorm|woonvorm|woongroep|stichting"
    r"|zorgaanbieder|dagbesteding|werkplaats|re-?integratiebedrijf|re-?integratiebureau)"
    r"( [\w-]+| \([^)]*\)){0,2} (in|te|regio)$"
    r"|\buwv( kantoor)?$"
)


def gemeente_in(text: str, entities: Iterable[Dict[str, Any]] = ()) -> Tuple[Optional[str], Optional[str], bool]:
    """(official gemeente name, region, stated) named in the text, else (None, region of a
    one-region province or None, stated)."""
    stated = bool(_PLACE_STATED.search(plain(text)))
    # "gz-psycholoog bij een ggz in den bosch", "werkcoach uwv arnhem": where the professional
    # works, not where the client lives
    professional = matches("role_professional", text)
    employee = not professional and not matches("role_employer", text)
    # "ik woon niet in Den Haag maar in Leiden": a place after "niet in" is not the one meant.
    # "WSP Regio Zwolle" names a region, not where someone lives.
    names = [
        name
        for start, end, name in find_gemeenten(text)
        if not re.search(r"\bniet (meer )?(in|uit|bij)$", plain(text[:start]))
        and not _named_in_passing(text, start)
        # "ik werk in Amstelveen": where someone works, not where they live
        and not re.search(r"\b(ik )?(werk|werkte|werkzaam|gewerkt)( nu| al| nog)? (in|bij|te)$", plain(text[:start]))
        and not (not _PLACE_STATED.search(plain(text)) and _TREATED_AT.search(plain(text[:start])))
        and not (employee and _WORKS_FOR.search(plain(text[:start]).rstrip()))
        # "groningen provincie" / "provincie utrecht": the province, not the gemeente of that name
        and not (professional and _OFFICE_AT.search(plain(text[:start])))
        and not re.search(r"^\W*(provincie|prov)\b", plain(text[end:]))
        and not re.search(r"\b(provincie|prov)$", plain(text[:start]))
        # "kampen is waar ik werkte": a workplace named, not where someone lives
        and not re.search(
            r"^\W*(is|was) (waar|de plek waar|de plaats waar|het dorp waar) (ik|hij|zij|ze) (\w+ )?"
            r"(werk|werkte|werkt|gewerkt|werkzaam)",
            plain(text[end:]),
        )
    ]
    # "kampen is ... ik woon sinds de zomer in zwolle": the place said with "woon" comes first
    lives = [
        name
        for start, end, name in find_gemeenten(text)
        if name in names
        and re.search(
            r"\b(woon|wonen|woont|woonachtig|verhuisd naar|verhuis naar)\b[^.!?;]{0,30}$", plain(text[:start])
        )
    ]
    names = lives + [n for n in names if n not in lives]
    if not names:
        # The classifier's lookup may name one of two same-named gemeenten ("Bergen"): not taken.
        shared_names = set(knowledge.gemeente_aliases()["ambiguous"])
        names = [
            str(e["value"])
            for e in entities
            if e.get("entity") == "gemeente"
            and e.get("value")
            and plain(text[e.get("start", 0) : e.get("end", 0)] or e["value"]) not in shared_names
            and not _named_in_passing(text, e.get("start", 0))
            and not _WORKS_AT.search(plain(text[: e.get("start", 0)]))
            and not (employee and _WORKS_FOR.search(plain(text[: e.get("start", 0)]).rstrip()))
            and not (professional and _OFFICE_AT.search(plain(text[: e.get("start", 0)]).rstrip(" '")))
        ]
    # "winsum (groningen)": a name two gemeenten share with its province; the province's
    # name is then no gemeente (Groningen, Utrecht)
    shared = shared_name_in(text)
    chosen = option_in_province(shared, text)
    provinces = knowledge.understanding()["provinces"]
    if shared and names and all(name in provinces for name in names):
        in_it = [g for g in map(found_gemeente, shared) if g and g.province in names]
        if len(in_it) == 1:
            return in_it[0].name, in_it[0].region, True
        names = []  # (still two in that province: which one is asked, not "gemeente Groningen")
    for name in names:
        gemeente = found_gemeente(name)
        if gemeente:
            # A message that is only the place name states it ("Sneek").
            alone = lookup_gemeente(text).found and len(plain(text).split()) <= 4
            return gemeente.name, gemeente.region, stated or alone
    # A name two gemeenten share, with the province: "Bergen in Noord-Holland".
    if chosen:
        return chosen.name, chosen.region, True
    # A typo after a place word: "werkgever in nijmegn".
    # ("bij" is left out: "dat ik ergens bij hoor" is no typo of Hoorn.)
    for place in re.finditer(r"\b(?:in|uit|vanuit|gemeente)\s+([a-z][\w'-]{2,}(?:\s+[a-z][\w'-]+)?)", plain(text)):
        if shared:
            break  # "in winsum (groningen)": a shared name is asked about, not corrected into another
        if (
            _WORKS_AT.search(plain(text)[: place.start()])
            or (employee and _WORKS_FOR.search(plain(text)[: place.start(1)].rstrip()))
            or (professional and _OFFICE_AT.search(plain(text)[: place.end(1) - len(place.group(1))].rstrip()))
        ):
            continue  # "ik werk in amstelveen", "bij een ggz in den bosch": where someone works
        if not _PLACE_STATED.search(plain(text)) and _TREATED_AT.search(plain(text)[: place.start(1)].rstrip()):
            continue  # "bij de fact van yulius in dordrecht": where the treatment is
        if place.group(1).split()[0] in knowledge.understanding()["no_place_words"]:
            continue  # "in zijn dossier kijken", "in de bijstand": no place after it
        for candidate in (place.group(1), place.group(1).split()[0]):
            match = lookup_gemeente(candidate)
            # a short word is no typo of a place: "gemeente weet ik niet" is not Weert
            if match.found and match.gemeente and (not match.corrected or len(candidate) >= 5):
                # ("wat voor weer wordt het morgen in goor": a place in a question is not said to
                # be one's own)
                return match.gemeente.name, match.gemeente.region, stated or not is_marked_question(text)
    region = region_of_province(province_in(text))
    return None, region, stated


# "een psychiater bij de fact van yulius in dordrecht": where the treatment is, not where one lives
_TREATED_AT = re.compile(
    r"\b(ggz|fact|fact-?team|psychiater|psycholoog|behandelaar|kliniek|instelling|yulius|parnassia|altrecht|"
    r"lentis|dimence|arkin|ggnet|mondriaan|emergis|rivierduinen|persona|ziekenhuis|poli|polikliniek)\b"
    r"(\s+[\w-]+){0,3}\s+(in|te)$"
)
_REGION_BEFORE = re.compile(r"\b(regio|wsp|werkgeversservicepunt|arbeidsmarktregio)$")
_NEAR_BEFORE = re.compile(r"\b(in de buurt van|buurt van|omgeving|rond|richting|nabij|vlakbij)$")


def _named_in_passing(text: str, start: int) -> bool:
    """A place at `start` named as a region's ("WSP Regio Zwolle") or asked about ("weet je een
    bedrijf in de buurt van groningen?"): not where the writer lives."""
    before = plain(text[:start])
    return bool(_REGION_BEFORE.search(before) or ("?" in text and _NEAR_BEFORE.search(before)))


# "ik werk in Amstelveen": the place someone works, not the gemeente they live in.
_WORKS_AT = re.compile(r"\b(ik (werk|werkte)|werkzaam|gewerkt)( nu| al| nog)?\s*(in|bij|te)?\s*$")
# "ik werk bij een distributiecentrum in": where an employee's work is (not "ik werk niet, woon
# in"); an employer's "ik werk bij een bouwbedrijf in Zwolle" names the business place (the WSP)
_WORKS_FOR = re.compile(
    r"\bik (werk|werkte) (bij|op|voor) (een|de|het) (?:(?!\b(woon|woont|wonen|niet)\b)[^.!?,]){0,40}\b(in|te)\s*$"
)

_SUPPOSITION = re.compile(
    r"\b(als|wanneer|indien|stel dat|zonder dat|ook als|ook zonder)\b[^,.;?!]*"
    r"|\bof (hij|zij|ze|ik|je|jij|iemand|de \w+|mijn \w+|een \w+)\b[^,.;?!]*"
)


def _asks(clause: str) -> bool:
    # ("en mag ik ook eerst vrijwilligerswerk doen?": a lead-in word before the question)
    return bool(pattern("question_start").search(without_lead_in(clause).strip()))


def without_suppositions(text: str) -> str:
    """A question without its "if" clauses: "kan IPS ook als je geen behandelaar hebt?" asks
    about a case, it does not say the writer has no behandelaar."""
    # ("en als ik eerst vrijwilligerswerk wil doen, waar moet ik dan heen": a question after the "if")
    asks_after = re.search(r"[,;]\s*(waar|hoe|wat|wie|wanneer|welke|kan|mag|moet)\b", plain(text))
    if not is_marked_question(text) and "?" not in text and not asks_after:
        return text
    return _SUPPOSITION.sub(" ", text)


def read_facts(text: str, entities: Iterable[Dict[str, Any]] = ()) -> Dict[str, Fact]:
    """Every routing fact the message states or mentions, by name."""
    entities = list(entities)
    facts: Dict[str, Fact] = {}
    if not plain(text) or text.lstrip().startswith("/"):
        return facts

    if matches("reported_question", text):
        text = pattern("reported_question").sub(" , ", plain(text))  # "ik vroeg hoe het werkt met de wia"
    benefit, stated = benefit_in(text)
    if benefit:
        facts["benefit"] = Fact("benefit", benefit, stated)

    gemeente, region, stated = gemeente_in(text, entities)
    if gemeente:
        facts["gemeente"] = Fact("gemeente", gemeente, stated)
    if region:
        facts["region"] = Fact("region", region, stated)

    told = without_suppositions(text)
    # "is er een wachtlijst voor ips?": a question says nothing of one's treatment or wishes
    told = " , ".join(c for c in re.split(r"(?<=[.!?])\s+", told) if not (c.strip().endswith("?") and _asks(c))) or " "
    if pattern("not_a_professional").search(plain(told)):
        told = pattern("not_a_professional").sub(" , ", plain(told))  # "ik ben zijn vader, geen behandelaar"
    for name, yes, no in (
        ("in_treatment", "in_treatment_yes", "in_treatment_no"),
        ("wants_paid_work", "wants_work_yes", "wants_work_no"),
        ("has_job", "has_job_yes", "has_job_no"),
    ):
        source = told
        if name == "has_job":
            # "moet ik mijn werkgever vertellen dat ik ocd heb" (no "?"): a question names no job of one's own
            source = " , ".join(c for c in re.split(r"(?<=[.!?])\s+", told) if not _asks(c)) or " "
        value = yes_no_in(
            pattern("not_volunteer").sub(" , ", plain(source)) if name == "wants_paid_work" else source, yes, no
        )
        if name == "in_treatment" and value == NO:
            # "het is een psychiater bij de ggz, geen psycholoog": one helper set against another
            contrasted = pattern("helper_contrast").sub(" ", plain(source))
            if contrasted != plain(source) and yes_no_in(contrasted, yes, no) == YES:
                value = YES
        if name == "wants_paid_work" and value == YES and matches("wish_hedged", source):
            value = UNKNOWN  # "ik zoek werk denk ik", "misschien wil ik weer werken": not sure yet
        if name == "wants_paid_work" and value == NO and matches("no_wish_hedged", source):
            value = UNKNOWN  # "weet niet, eerst vrijwilligerswerk misschien? hij twijfelt": not a no
        if name == "wants_paid_work" and value and matches("wish_either", source):
            value = UNKNOWN  # "ik zoek werk, of vrijwilligerswerk, weet ik nog niet"
        if name == "has_job" and value is None and matches("has_job_keep", told):
            value = YES  # "hoe hou ik mijn baan?": asked, and still a job of one's own
        if name == "has_job" and value == NO and matches("has_job_no_sick", told) and not matches("has_job_gone", told):
            value = None  # "ik werk niet eens meer, ik zit thuis": off sick, the job is not gone
        if name == "has_job" and value == YES and matches("wants_other_work", source):
            # "ik werk 12 uur in een winkel maar wil ander werk": looking for work, not keeping a job
            facts["wants_paid_work"] = Fact("wants_paid_work", YES)
            continue
        if value:
            facts[name] = Fact(name, value)
    if facts.get("has_job") == Fact("has_job", YES) and facts.get("wants_paid_work") == Fact("wants_paid_work", NO):
        del facts["wants_paid_work"]  # "ik zoek geen werk, ik heb al werk": no wish about a new job

    # "ik heb geen klachten, waarom zou ik naar de huisarts": a question about the huisarts says
    # nothing of one's care
    # ("huisarts? ik zei net dat ik niet meer in behandeling ben": a word asked back names no care)
    care = primary_care_in(
        " , ".join(
            c.rstrip(",;.!?")
            for c in re.findall(r"[^,;.!?]+[,;.!?]*", told)
            if not _asks(c) and not c.rstrip().endswith("?")
        )
    )
    if care:
        facts["primary_care"] = Fact("primary_care", care, stated=not is_marked_question(told))

    if matches("benefit_worry", text):
        facts["benefit_worry"] = Fact("benefit_worry", not matches("benefit_worry_no", text))

    role = role_in(text)
    if role:
        facts["role"] = Fact("role", role)
    return facts


# Words that carry no content of their own in a sentence that states a fact.
_FILLER = {
    "ik",
    "je",
    "jij",
    "me",
    "mij",
    "mijn",
    "m'n",
    "mn",
    "ben",
    "heb",
    "zit",
    "woon",
    "kom",
    "uit",
    "in",
    "de",
    "het",
    "een",
    "bij",
    "nu",
    "al",
    "wel",
    "geen",
    "niet",
    "meer",
    "op",
    "van",
    "en",
    "dus",
    "hoor",
    "is",
    "sinds",
    "toch",
    "ook",
    "gewoon",
    "eigenlijk",
    "trouwens",
    "dat",
    "daar",
    "hier",
    "gemeente",
    "uitkering",
    "oh",
    "o",
    "wacht",
    # the words around a correction: "nee wacht, ...", "sorry, ik bedoel ..."
    "ja",
    "nee",
    "maar",
    "sorry",
    "oeps",
    "foutje",
    "bedoel",
    "bedoelde",
    "correctie",
}


def leftover_words(text: str) -> int:
    """How many words of the message say something besides its facts: "ik woon in Sneek" -> 0,
    "mijn behandelaar bij de ggz helpt me daarbij" -> 3."""
    folded = plain(text)
    for name in (
        "in_treatment_yes",
        "in_treatment_no",
        "has_job_yes",
        "has_job_no",
        "wants_work_yes",
        "wants_work_no",
        "no_benefit",
        "care_huisarts",
        "care_waiting_list",
    ):
        folded = pattern(name).sub(" ", folded)
    for names in knowledge.understanding()["benefit_words"].values():
        for word in names:
            folded = re.sub(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", " ", folded)
    for start, end, _ in sorted(find_gemeenten(folded), reverse=True):
        folded = folded[:start] + " " + folded[end:]
    return len([w for w in re.findall(r"[\w'-]+", folded) if w not in _FILLER])


def is_background(clause: str) -> bool:
    """A clause that tells who someone is, and nothing more: an age, a diagnosis or complaints,
    looking for work ("ik ben 34 en zoek werk", "heb depressie gehad", "ze is 28, bipolair").
    It answers no guide question; the bot does not need it and does not keep it."""
    folded = plain(clause)
    if not pattern("background").search(folded):
        return False
    rest = pattern("background_words").sub(" ", pattern("background").sub(" ", folded))
    return leftover_words(rest) == 0


def role_in(text: str) -> Optional[str]:
    """The speaker's role when the message says it outright."""
    if matches("role_professional", text):
        return ROLE_PROFESSIONAL
    if matches("role_employer", text):
        return ROLE_EMPLOYER
    if matches("role_job_seeker", text):
        return ROLE_JOB_SEEKER
    return None


__all__ = ["Fact", "read_facts", "role_in", "benefit_in", "gemeente_in", "primary_care_in", "UNKNOWN"]
