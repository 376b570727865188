"""Reading short answers, commands and question form from what people type.

The patterns are data (knowledge/understanding.yml); this module only applies them. Everything
here is pure: text in, a small answer out.
"""

import re
from functools import lru_cache
from typing import Callable, Dict, List, Optional, Pattern, Tuple

from bot import knowledge
from bot.referral import NO, UNKNOWN, YES
from bot.text import fold

# Trailing punctuation, emoji and other symbols do not change what a short answer means.
_EDGES = re.compile(r"^[\W_]+|[\W_]+$", re.UNICODE)


@lru_cache(maxsize=None)
def pattern(*path: str) -> Pattern:
    """The compiled pattern at `path` in knowledge/understanding.yml."""
    node = knowledge.understanding()
    for key in path:
        node = node[key]
    return re.compile(node)


# Chat spellings read as the word they stand for ("ik zit nie bij de ggz").
_SPELLINGS = [
    (re.compile(r"\bnie\b"), "niet"),
    (re.compile(r"\bnt\b"), "niet"),
    (re.compile(r"\bk\b(?= )"), "ik"),
    (re.compile(r"\b(mn|m'n|m n)\b"), "mijn"),
    (re.compile(r"\bgwn\b"), "gewoon"),
    (re.compile(r"\bff\b"), "even"),
]


def plain(text: str) -> str:
    """Folded text without leading or trailing punctuation and emoji: "Ja!! 🙂" -> "ja"."""
    folded = _EDGES.sub("", fold(text or ""))
    for spelling, word in _SPELLINGS:
        folded = spelling.sub(word, folded)
    return folded


def words(text: str) -> int:
    return len(plain(text).split())


def answer_of(text: str, weak: bool = False) -> Optional[str]:
    """ja / nee / onbekend from a short answer; None when it is none of these. With `weak`,
    "oke" and "prima" count as ja too (fine for "Klopt dit?", not for "Ben je in behandeling?")."""
    folded = plain(text)
    if not folded:
        return None
    if pattern("answers", "unknown").search(folded):
        return UNKNOWN
    if pattern("answers", "no").search(folded):
        return NO
    if pattern("answers", "yes").search(folded):
        return YES
    if weak and pattern("answers", "yes_weak").search(folded):
        return YES
    return None


def first_clause_answer(text: str) -> Optional[str]:
    """ja / nee / weet niet at the start of a longer message: "ja, bij de psychiater",
    "nee, hij is er niet bij", "weet ik niet, we werken landelijk"."""
    clause = re.split(r"[,.;:!?]| want | maar ", plain(text), maxsplit=1)[0]
    if len(clause.split()) <= 3:
        return answer_of(clause)
    return None


def is_agreement(text: str) -> bool:
    """ "oke", "prima", "ja": something said to go along, with no answer in it. A short answer
    after such a word ("oke. buiten zijn", "ja prima, fietsen") is an answer."""
    folded = plain(text)
    if not folded or answer_of(folded, weak=True) not in (YES, NO, UNKNOWN):
        return False
    return all(pattern("answers", "filler").fullmatch(word) for word in folded.split())


def toch_of(text: str) -> Optional[str]:
    """ "toch wel" -> ja, "toch niet" -> nee: a change of the yes/no answer given before."""
    folded = plain(text)
    if pattern("answers", "toch_yes").search(folded):
        return YES
    if pattern("answers", "toch_no").search(folded):
        return NO
    return None


COMMANDS = ("stop", "start_over", "continue", "skip", "correct")


def command_of(text: str) -> Optional[str]:
    """A command said clearly: the whole message is the command ("stop", "sla over")."""
    folded = plain(text)
    for command in COMMANDS:
        if pattern("commands", command).fullmatch(folded):
            return command
    if re.match(r"^(stop|stoppen|stop maar)\s*[,.!]", folded):
        return "stop"  # "stop. wat is ips?": stop first
    parts = [p.strip() for p in re.split(r"[.?!,;]+", folded) if p.strip()]
    if len(parts) >= 2 and pattern("commands", "skip").fullmatch(parts[-1]) and len(folded.split()) <= 8:
        return "skip"  # "moet dat? sla over", "geen idee, sla maar over": the command at the end
    if len(parts) == 2 and re.fullmatch(r"(ok|oke|oké|okay|nou|pff+|tja|jaja|ja ja|laat maar)", parts[0]):
        if pattern("commands", "stop").fullmatch(parts[1]):
            return "stop"  # "ok. stop", "pff. stop"
    if pattern("pause_request").search(folded):
        return "stop"  # "ik moet nu even weg, kan ik later verder?": stop, the answers are kept
    if pattern("back_again").search(folded):
        return "continue"  # "ik ben er weer, verder"
    return None


_AFRAID_TO_CALL = re.compile(
    r"\b(bellen|opbellen|telefoneren)\b.{0,15}\b(eng|moeilijk|lastig|spannend|niet fijn)\b"
    r"|\b(durf|durft|kan) (\w+ )?(niet|nie) (te )?(bellen|opbellen)\b"
)


def asks_for_a_person(text: str) -> bool:
    """ "kan ik iemand spreken?"; not "bellen is eng" (afraid to call is no request to be called),
    and not "kan ik die ips persoon bellen?" (someone of another organisation, not of this chat)."""
    folded = plain(text)
    return (
        bool(pattern("commands", "human").search(folded))
        and not _AFRAID_TO_CALL.search(folded)
        and not pattern("person_elsewhere").search(folded)
    )


# Words people put before a question without changing it: "ok en wat kan de huisarts doen".
_LEAD_IN = re.compile(
    r"^((ok|oke+|okay|oké|okido|en|maar|nou|ja|nee|oh|o|ah|hm+|dus|dan|trouwens|verder|ook|goed|prima|top|"
    r"thanks|bedankt|dank je( wel)?|dankjewel|super|fijn|mooi|nog een vraag|andere vraag|hallo|even|ff|"
    r"tussendoor|tussen door|vraagje|vraagje tussendoor|"
    r"ik bedoel(de)?( dus)?|bedoel ik|wat ik bedoel)\b[,.!:?]*\s*)+"
)


def without_lead_in(text: str) -> str:
    """The folded text without the words before its question ("oke en wat ..." -> "wat ...")."""
    return _LEAD_IN.sub("", plain(text))


def asks_yes_or_no(text: str) -> bool:
    """ "sollicitatieplicht ww. ja of nee": asked for a yes or a no, without a question form."""
    return bool(re.search(r"\b(ja of nee|wel of niet|ja of niet)\W*$", plain(text)))


def passes_on_a_question(text: str) -> bool:
    """ "mijn client wil meedoen maar vraagt of het uwv dit te zien krijgt": a question passed on
    after a first clause."""
    return bool(re.search(r"\b(maar|en|want)\s+" + pattern("reported_question").pattern, plain(text)))


def is_question(text: str) -> bool:
    stripped = (text or "").strip()
    if stripped.endswith("?") or pattern("question_start").search(without_lead_in(stripped)):
        return True
    if asks_yes_or_no(stripped):
        return True
    if pattern("question_end").search(plain(stripped)):
        return True  # "we hebben geen bedrijfsarts, het is een kleine zaak. wat nu"
    # "ze vraagt of de gemeente die samenvatting ook te zien krijgt.": a question passed on
    if pattern("reported_question").match(plain(without_lead_in(stripped))) or passes_on_a_question(stripped):
        return True
    # "en loonkostensubsidie, hoe werkt dat": a question in the last clause
    last = re.split(r"[,;:.!]", stripped)[-1]
    if pattern("question_tail").search(plain(last)):
        return True
    # "dat vroeg ik niet. mag ik al solliciteren ja of nee": a later sentence that asks
    sentences = re.split(r"(?<=[.!?])\s+", stripped)
    later = [plain(s) for s in sentences[1:]]
    if any(pattern("question_sentence").search(s) for s in later):
        return True
    # "en als het zo doorgaat, kan ik hem dan ontslaan? klanten klagen": a sentence with "?" whose
    # clause asks, followed by a remark
    return any(
        sentence.rstrip().endswith("?")
        and any(pattern("question_start").search(without_lead_in(c)) for c in re.split(r"[,;:]", sentence))
        for sentence in sentences[:-1]
    )


def clauses_of(text: str) -> List[str]:
    """The clauses of a message, split at punctuation and at "en" before a new subject."""
    return [
        c.strip() for c in re.split(r"[,.;!?]|\s+en\s+(?=ik |mijn |hij |zij |ze |we |woon)", text or "") if c.strip()
    ]


def only_facts(text: str, has_fact: Callable[[str], bool]) -> bool:
    """Whether every clause of the message states a fact or goes on about the one before
    ("nee niet bij de ggz, wel vroeger bij jeugdzorg"): facts said, no answer in it."""
    clauses = clauses_of(text)
    if not clauses:
        return False
    for number, clause in enumerate(clauses):
        if has_fact(clause):
            continue
        if number and pattern("clause_goes_on").search(plain(clause)):
            continue
        return False
    return True


def is_marked_question(text: str) -> bool:
    """A question by its mark or its first word ("wat is IPS", "kan ik ...?"), not a statement
    that starts with a word questions also start with ("zijn vrouw en ik")."""
    stripped = (text or "").strip()
    return stripped.endswith("?") or bool(pattern("question_marked_start").search(without_lead_in(stripped)))


def is_real_question(text: str) -> bool:
    """A question that wants an answer, not an answer said as a question ("iets met dieren?"):
    it starts with a question word and ends with a question mark."""
    stripped = (text or "").strip()
    if words(text) < 3:
        return False
    if not stripped.endswith("?"):
        return bool(pattern("question_verb_start").search(without_lead_in(stripped)))
    # The whole message, or its last sentence ("... woon in Emmen. kan ik al werk zoeken?")
    last = re.split(r"(?<=[.!?])\s+", stripped[:-1].strip())[-1]
    # ("stel dat ik wajong krijg, mag ik dan werken?": the clause after a condition asks)
    tail = re.split(r"[,;:]", last)[-1].strip()
    after_condition = pattern("what_if").search(plain(last)) is not None and tail != last
    parts = (stripped, last, tail) if after_condition else (stripped, last)
    return any(pattern("question_start").search(without_lead_in(part)) and words(part) >= 3 for part in parts)


def is_correction(text: str) -> bool:
    return bool(pattern("correction_markers").search(plain(text)))


def mentions_medicine(text: str) -> bool:
    """Medicine, or a question about one's own diagnosis: the bot gives no medical advice."""
    folded = plain(text)
    return bool(pattern("medical").search(folded) or pattern("self_diagnosis").search(folded))


def _clause_around(text: str, start: int, end: int) -> str:
    """The clause (between , ; . ! ?) that holds text[start:end]."""
    left = max(text.rfind(c, 0, start) for c in ",;.!?") + 1
    rights = [i for i in (text.find(c, end) for c in ",;.!?") if i >= 0]
    return text[left : min(rights) if rights else len(text)]


def told_sentences(text: str) -> List[str]:
    """The sentences of a message that ask nothing."""
    return [p for p in re.split(r"(?<=[.!?])\s+", (text or "").strip()) if p.strip() and not is_question(p)]


def wished_hours(text: str) -> Optional[str]:
    """The hours someone says they can work, told before the questions ("..., 20 uur", "16-20 uur
    per week", "ik kan ongeveer 16 uur"), else None. Questions name none."""
    told = told_sentences(text)
    folded = fold(" ".join(told))
    found = pattern("wished_hours").search(folded) if told else None
    if not found or re.search(
        r"\b(werkte|werkten|gewerkt|werkt)\b", folded[max(0, found.start() - 30) : found.end() + 20]
    ):
        return None  # ("ik werkte 32 uur per week als kok": hours had, not wished)
    return (found.group("hours") or found.group("hours2")).strip()


def wished_work(text: str) -> Optional[str]:
    """The work someone says they want ("aan de slag in de logistiek, iets met mijn handen" ->
    "in de logistiek, iets met mijn handen"), else None. Questions name no wish."""
    # (a question names no wish; a first message that ends "kun je me helpen?" may say one before it)
    told = told_sentences(text)
    if not told:
        return None
    folded = fold(" ".join(told))
    found = [
        m.group("work") or m.group("thing") or m.group("pref")
        for m in pattern("wished_work").finditer(folded)
        # ("mijn baan als vrachtwagenchauffeur kwijtgeraakt", "ik heb als kok gewerkt"): work had, not wished
        if not pattern("former_work").search(_clause_around(folded, m.start(), m.end()))
    ]
    found = [w.strip() for w in found if w and not re.search(r"\b(niet|geen)\b", w)]
    return ", ".join(dict.fromkeys(found)) or None


def denies_crisis(text: str) -> bool:
    """ "ik bedoel niet dat ik dood wil", "nee ik denk niet aan zelfdoding": a crisis reading denied."""
    from bot.crisis.detector import normalise, without_denials

    return without_denials(text) != normalise(text)


def consent_withdrawn(text: str) -> bool:
    return bool(pattern("consent_withdrawn").search(plain(text)))


def about_self(text: str) -> bool:
    """Whether the writer speaks about themselves ("ik", "mij", "mezelf")."""
    return bool(pattern("about_self").search(plain(text)))


def about_another(text: str) -> bool:
    """Whether the writer speaks about someone else ("mijn cliënt", "hij", "een medewerker")."""
    return bool(pattern("about_another").search(plain(text)))


def looks_english(text: str) -> bool:
    return len(pattern("english").findall(plain(text))) >= 2


def is_greeting(text: str) -> bool:
    return bool(pattern("greeting").fullmatch(plain(text)))


def is_thanks(text: str) -> bool:
    return bool(pattern("thanks").fullmatch(plain(text)))


def thanks_in(text: str) -> bool:
    """ "Dank u wel, dit helpt." / "Oké helder, dan bel ik het WSP. Bedankt.": a short message that
    is no question, with a sentence or phrase of thanks or goodbye in it."""
    if "?" in (text or ""):
        # "dus nee? ok dank je": a short check, then thanks
        head, tail = (text or "").rsplit("?", 1)
        return words(head) <= 3 and bool(tail.strip()) and thanks_in(tail)
    if words(text) > 25:
        return False
    parts = [p for p in re.split(r"[,.!;]+", text or "") if p.strip()]
    if words(text) <= 16 and any(is_thanks(p) or is_closing(p) for p in parts):
        return True
    # "prima, dan bel ik uwv. bedankt en sorry voor de schrik haha": thanks in a longer phrase
    return bool(pattern("thanks_word").search(plain(text))) and not is_question(text)


def is_closing(text: str) -> bool:
    """ "nee hoor, dank je. doei", "dat was het": the person ends the conversation."""
    closing = knowledge.understanding()["closing"]
    folded = " ".join(re.findall(r"[a-zé]+", plain(text)))
    if not folded or any(w not in closing["words"] for w in folded.split()):
        return False
    return any(re.search(r"\b" + ending + r"\b", folded) for ending in closing["ending"])


def without_own_clauses(text: str) -> str:
    """A helper's message without the clauses about the helper herself ("ik werk 32 uur in de
    thuiszorg"), for the facts about the relative; the same text when there are none."""
    clauses = [c for c in re.split(r"(?<=[.!?;,])\s+|\s+(?=maar |en )", text or "") if c.strip()]
    kept = [c for c in clauses if not (matches("own_clause", c) and not matches("about_the_relative", c))]
    return text if len(kept) == len(clauses) else " ".join(kept)


def after_first_sentence(text: str) -> str:
    """ "oke laat maar. mogelijkheden.. ik kan goed met gereedschap" -> what follows the first sentence."""
    parts = re.split(r"(?<=[.!?])\s+", (text or "").strip(), maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


def has_question_sentence(text: str) -> bool:
    """Whether a sentence of the message asks something ("nou dan: wat gebeurt er met mijn
    wga als ik ga werken"), with or without a question mark, also in its last clause ("mijn
    werkgever heeft het over spoor 2, wat betekent dat")."""
    sentences = re.split(r"(?<=[.!?:])\s+", text or "")
    return any(pattern("question_sentence").search(plain(s)) or asks_in_last_clause(s) for s in sentences)


def asks_in_last_clause(sentence: str) -> bool:
    """ "mijn werkgever heeft het over spoor 2, wat betekent dat": a sentence whose last clause,
    after a comma, is a question without its mark."""
    clauses = re.split(r"[,;]", sentence or "")
    if len(clauses) < 2:
        return False
    last = clauses[-1].strip().rstrip("?!. ")
    if words(last) >= 3 and matches("clarify", last) and is_question(last):
        return True  # "iets met dieren, wat bedoel je precies met past"
    return words(last) >= 3 and bool(pattern("question_verb_start").search(without_lead_in(last)))


def says_goodbye(text: str) -> bool:
    """ "daar heb ik niks aan. doei": a phrase that ends the conversation with a goodbye, not
    only thanks (which gets "Graag gedaan")."""
    if "?" in (text or ""):
        return False
    parts = [p for p in re.split(r"[,.!;]+", text or "") if p.strip()]
    return any(is_closing(p) and pattern("goodbye_word").search(plain(p)) for p in parts)


def matches_in(group: str, name: str, text: str) -> bool:
    return bool(pattern(group, name).search(plain(text)))


def matches(name: str, text: str) -> bool:
    """Whether the pattern `name` of understanding.yml occurs in the text."""
    return bool(pattern(name).search(plain(text)))


# "elke 3 maanden", "24 uur", "2 kinderen": a number with a unit is an amount, no summary item
_AMOUNT = (
    r"(?!\s*(maanden|maand|weken|week|dagen|dag|jaar|jaren|uur|uren|keer|x|ochtenden|middagen|avonden|"
    r"kinderen|euro|procent|%|man|mensen|medewerkers))"
)


def item_number(text: str) -> Optional[int]:
    """The summary item someone names: "9", "punt 3", "vraag drie", "de derde"."""
    folded = plain(text)
    digits = re.search(r"\b(10|[1-9])\b" + _AMOUNT, folded)
    if digits:
        return int(digits.group(1))
    for word in re.findall(r"[a-z]+", folded):
        if word in _NUMBER_WORDS and word != "een":
            return _NUMBER_WORDS[word]
    if re.search(r"\b(punt|vraag|nummer) een\b", folded) or folded == "een":
        return 1
    return None


_NUMBER_WORDS: Dict[str, int] = {
    "een": 1,
    "eerste": 1,
    "twee": 2,
    "tweede": 2,
    "drie": 3,
    "derde": 3,
    "vier": 4,
    "vierde": 4,
    "vijf": 5,
    "vijfde": 5,
    "zes": 6,
    "zesde": 6,
    "zeven": 7,
    "zevende": 7,
    "acht": 8,
    "achtste": 8,
    "negen": 9,
    "negende": 9,
    "tien": 10,
    "tiende": 10,
}


# Words around a "weet niet" that add nothing: "nee weet ik echt niet hoor".
_DONT_KNOW_FILLER = {
    "ik",
    "het",
    "echt",
    "nog",
    "eigenlijk",
    "hoor",
    "nou",
    "gewoon",
    "dat",
    "nee",
    "ja",
    "eh",
    "uh",
    "pff",
    "tja",
    "sorry",
    "even",
    "niet",
    "zo",
    "goed",
    "wel",
    "dus",
}


def only_dont_know(text: str) -> bool:
    """ "weet niet", "geen idee hoor": nothing but not knowing. "iets met dieren misschien" is
    an answer with a doubt in it, not a skip."""
    folded = plain(text)
    if answer_of(folded) != UNKNOWN:
        return False
    rest = pattern("answers", "unknown").sub(" ", folded)
    return all(word in _DONT_KNOW_FILLER for word in re.findall(r"[a-z]+", rest))


def first_sentence(text: str) -> Tuple[str, str]:
    """The first sentence of a message and the rest: "mijn vrouw. en ik heb geen behandeling
    meer" -> ("mijn vrouw", "en ik heb geen behandeling meer")."""
    parts = re.split(r"[.!?;]+\s+", (text or "").strip(), maxsplit=1)
    return parts[0].strip(" .!?;"), (parts[1].strip() if len(parts) > 1 else "")


def new_answer_for_item(text: str) -> Optional[str]:
    """The new answer in a correction of a summary item: "nee bij 2 had ik gezegd iets met
    dieren" -> "iets met dieren"; "2 moet zijn: in een winkel" -> "in een winkel"."""
    found = re.search(r"\b(10|[1-9])\b" + _AMOUNT, text or "", flags=re.I)
    if not found:
        return None
    rest = text[found.end() :]
    rest = pattern("item_change_lead").sub("", rest.strip(" :=-,.")).strip(" :=-,.\"'")
    rest = pattern("item_filler").sub("", rest, count=1).strip(" :=-,.\"'")
    rest = without_put_words(rest)
    rest = without_item_remarks(rest)
    if (
        len(re.findall(r"[^\W\d_]{2,}", rest)) < 1
        or answer_of(rest, weak=True)
        or is_correction(rest)
        and len(rest.split()) <= 3
    ):
        return None
    return rest


def without_item_remarks(text: str) -> str:
    """An item's new text without the sentences that only remark on it ("dat is juist waar het
    niet goed gaat. het best gaat het in een klein team" -> "in een klein team", "alleen 20 uur.
    die vraag van hem hoort er niet in" -> "alleen 20 uur")."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", text or "") if p.strip()]
    kept = [p for p in parts if not matches("item_remark", p)]
    joined = " ".join(kept) if kept else text
    return pattern("item_said_lead").sub("", joined.strip(), count=1).strip(" .,;:-\"'")


def without_put_words(text: str) -> str:
    """ "raar, zet daar magazijnwerk neer" -> "magazijnwerk"."""
    put = pattern("item_put")
    if not put.search(text or ""):
        return text
    return pattern("item_put_end").sub("", put.sub("", text, count=1)).strip(" .,;:-\"'")


def instead_of(text: str) -> Optional[Tuple[str, str]]:
    """ "ik zei toch pb'er van fact ipv behandelaar" -> ("pb'er van fact", "behandelaar"): the new
    words and the words they replace."""
    found = re.search(
        r"(?P<new>[\w'’ -]{2,40}?)\s+(ipv|i\.p\.v\.?|in plaats van)\s+(?P<old>[\w'’ -]{2,30}?)\W*$",
        (text or "").strip(),
    )
    if not found:
        return None
    new = pattern("instead_of_lead").sub("", found.group("new").strip()).strip(" ,:")
    old = found.group("old").strip()
    if not re.search(r"[^\W\d_]{2}", new) or not re.search(r"[^\W\d_]{2}", old):
        return None
    return new, old


def item_segments(text: str) -> List[Tuple[int, str, int]]:
    """The summary items set right in one message, with their new text and where the first
    one starts: "5 en 6 kloppen niet. 5 moet zijn: rustige plek. 6: mijn moeder" ->
    [(5, "rustige plek", start), (6, "mijn moeder", start)]. An item needs a marker ("moet
    zijn", "is", ":") so that "3 ochtenden" is no item."""
    text = _labels_as_numbers(text or "")
    found = list(pattern("item_segment").finditer(text))
    segments: List[Tuple[int, str, int]] = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        new_text = text[match.end() : end]
        other = re.search(pattern("item_reference").pattern, new_text, flags=re.I)
        if other and other.start() > 0:
            new_text = new_text[: other.start()]  # "wandelen en lezen. en bij 4 ...": item 4 is another item
        new_text = new_text.strip(" .,;:-\"'")
        # ("6 is fout. 6 = de poh en mn vrouw": the item named once more before its text)
        new_text = re.sub(rf"^\s*{match.group('number')}\s*(=|:)\s*", "", new_text)
        new_text = pattern("item_filler").sub("", new_text, count=1).strip(" .,;:-\"'")
        new_text = without_put_words(new_text)
        new_text = re.sub(r"\s*\b(en|ook)$", "", new_text).strip(" .,;:-\"'")
        # ("1 klopt niet helemaal, daar staat van alles in. het is alleen geld en eruit zijn": the
        # remark about the item goes, and "het is alleen" before the new text)
        new_text = without_item_remarks(new_text)
        new_text = re.sub(r"^(het|dat) is (alleen |gewoon |eigenlijk |maar )*", "", new_text, flags=re.I).strip()
        # ("bij 1 zei ik toch geld verdienen, dat mag je wel opschrijven": the remark after it goes)
        new_text = re.sub(r"[,;]\s*(dat|dit|die) (mag|moet|kun|kan|mocht) (je|jij|u)\b.*$", "", new_text, flags=re.I)
        if matches("item_verdict", new_text):
            continue  # "3 is nu fout. 3: wandelen en lezen": the verdict is no new text
        if len(re.findall(r"[^\W\d_]{2,}", new_text)) >= 1:
            segments.append((int(match.group("number")), new_text, match.start()))
    for match in pattern("item_first_part").finditer(plain(text or "")):
        # (positions in the folded text are close enough: only the first segment's start is used)
        segments.append((int(match.group("number")), FIRST_PART, match.start()))
    return segments


FIRST_PART = "\x00first"  # item_segments' mark for "alleen het eerste stuk"


def _labels_as_numbers(text: str) -> str:
    """ "welk werk past: iets technisch" -> "2:             iets technisch" (the same length, so
    that positions in the text stay where they were)."""
    if ":" not in text:
        return text  # (the common case, on a hot path: no label can be there)
    for number, label in _item_label_patterns():
        for found in reversed(list(label.finditer(text))):
            text = text[: found.start()] + f"{number}:".ljust(len(found.group(0))) + text[found.end() :]
    return text


@lru_cache(maxsize=None)
def _item_label_patterns() -> List[Tuple[int, Pattern]]:
    """knowledge/understanding.yml `item_labels`, compiled once: (item number, "<label>:")."""
    labels = knowledge.understanding()["item_labels"]
    return [(int(number), re.compile(rf"(?i)(?<![\w])(?:{'|'.join(words)})\s*:")) for number, words in labels.items()]


def named_item(text: str) -> Optional[Tuple[int, int, int]]:
    """An earlier question named with what was meant there: "bij vraag 2 bedoelde ik ...", "bij
    mogelijkheden bedoelde ik eigenlijk ..." -> (item number, start of the naming, start of the
    new text). The verb is needed: "bij 4 uur" names nothing."""
    found = _named_item_pattern().search(text or "")
    if not found:
        return None
    if found.group("number"):
        return int(found.group("number")), found.start(), found.end()
    for number, words in knowledge.understanding()["item_labels"].items():
        if any(re.fullmatch(word, found.group("label"), flags=re.I) for word in words):
            return int(number), found.start(), found.end()
    return None


@lru_cache(maxsize=None)
def _named_item_pattern() -> Pattern:
    labels = knowledge.understanding()["item_labels"]
    words = "|".join(word for group in labels.values() for word in group)
    return re.compile(
        r"(?i)\b(?:bij|op|voor) (?:de |het )?"
        rf"(?:(?:vraag |punt |nummer |nr\.? ?)?(?P<number>10|[1-9])|(?:vraag (?:over )?)?(?P<label>{words}))"
        r"\s*(?:vraag\s*)?,?\s*" + pattern("named_item_verb").pattern + r"(?:\s+(?:eigenlijk|juist|dus|toch))*\s*:?\s*"
    )


def relative_noun(text: str) -> Optional[str]:
    """The word for the relative ("mijn zoon" -> "zoon"), or None."""
    found = pattern("relative_noun").search(plain(text))
    return found.group(1) if found else None


def pronoun_gender(text: str) -> Optional[str]:
    """ "ze heeft bijstand" -> female, "hij zit thuis" -> male; None when both or neither."""
    female, male = matches("pronouns_female", text), matches("pronouns_male", text)
    return "female" if female and not male else "male" if male and not female else None


def reaching_out(text: str) -> bool:
    """ "ik bel nu 113": someone says they are getting help. "moet ik 112 bellen?" is a question."""
    # ("heb 113 gebeld" starts like a question, but says what was done)
    asks = (text or "").strip().endswith("?") or re.match(
        r"(moet|moeten|kan|kun|mag|zal|zou|wat|hoe|wanneer|waar|wie|is)\b", plain(text).strip()
    )
    return matches("crisis_contact", text) and not asks


def without_role_statements(folded: str) -> str:
    """The text without "ik ben jobcoach" and the like, so a role is not read as a topic."""
    # (sentence by sentence: a role pattern that spans from the start of the text would take a
    # question before it along: "hoe lang moet ik zijn loon doorbetalen? ik ben maar een klein
    # bedrijf, 5 man")
    sentences = re.split(r"(?<=[.!?])\s+", folded)
    for name in ("role_professional", "role_employer"):
        sentences = [pattern(name).sub(" ", sentence) for sentence in sentences]
    return " ".join(sentences)


def last_sentence(text: str) -> str:
    """The last sentence of a message: "Ze wil werken. Wat zijn de opties?" -> "Wat zijn de opties"."""
    parts = [p for p in re.split(r"[.!?;]+\s*", (text or "").strip()) if p.strip()]
    return parts[-1].strip() if parts else ""


META_REMARKS = (
    "question_context",
    "clarify",
    "frustration",
    "bot_complaint",
    "question_lead",
    "not_what_i_asked",
    "about_the_question",
    "questions_burden",
)


def is_meta_remark(sentence: str) -> bool:
    """A sentence about the conversation, not about the person ("hoorde dat iemand noemen",
    "je beantwoordt mijn vraag niet", "wat is dat nou weer voor vraag"): never an answer."""
    return any(matches(name, sentence) for name in META_REMARKS)


def questions_in_remarks(text: str) -> Optional[List[str]]:
    """When no part of the message can answer an open question ("ja ok. en nu? die vragen?",
    "blabla", "nee dat bedoel ik niet, wat doen jullie met dat?"): its question parts, maybe
    none. None when some part may be an answer."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?;])\s+|,\s*", (text or "").strip()) if p.strip()]
    if not parts:
        return None
    questions = []
    for part in parts:
        folded = plain(part)
        if not folded or matches("flow_remark", folded) or matches("filler_sound", folded):
            continue
        if answer_of(folded) == UNKNOWN:
            return None  # "weet ik niet": said about the question, read as such
        if is_agreement(folded) or (answer_of(folded, weak=True) is not None and words(folded) <= 3):
            continue
        if matches("not_what_i_asked", folded) or matches("frustration", folded):
            continue
        if is_real_question(part):
            questions.append(part)
            continue
        return None
    return questions


def without_lead_in_words(answer: str) -> str:
    """ "vraagje tussendoor: ...", "fout. maak er van: 3 dagen": the answer without the lead-in."""
    text = answer or ""
    for _ in range(3):  # "ok. dat was geen antwoord. ik bedoel: ..." has more than one
        rest = pattern("answer_lead_in").sub("", text, count=1).strip()
        rest = re.sub(r"^(ik bedoel(de)?|ik bedoel dus|bedoel ik)\b\W*", "", rest, flags=re.I).strip()
        if rest == text or not re.search(r"[^\W\d_]{2}|\d", rest):
            break
        text = rest
    return text


def only_lead_in(part: str) -> bool:
    """ "vraag tussendoor:", "ok.", "ik bedoel": a part of a message that only leads in to the next."""
    rest = pattern("answer_lead_in").sub("", part or "", count=1)
    rest = re.sub(r"^\W*(ik bedoel(de)?|ik bedoel dus|bedoel ik|trouwens|btw|en|maar)\b", "", rest.strip(), flags=re.I)
    return not re.search(r"[^\W\d_]{2}|\d", rest)


def sentences_without(text: str, leave_out) -> str:
    """The sentences of a message that `leave_out` does not reject, joined: the answer part of
    "Oh wacht, ik zit in de bijstand. Werk betekent: iets betekenen voor jonge mensen."."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?;])\s+", (text or "").strip()) if p.strip()]
    kept = [p for p in parts if not leave_out(p) and re.search(r"[^\W\d_]{3}", p)]
    answer = " ".join(kept).strip()
    answer = without_said_before(answer) or answer
    return (
        re.sub(r"^(werk betekent( voor mij)?|voor mij betekent werk)\s*:?\s*", "", answer, flags=re.I).strip() or answer
    )


_SAID_BEFORE_ANYWHERE = re.compile(
    r"[\s,.;:!-]*\b((dat|dit|zoals ik) )?(zei|schreef|typte|vertelde|had|heb) ik( (het|dat|je))?"
    r"( (toch|al|net|eerder|daarnet|hierboven))+( (gezegd|geschreven|verteld|getypt))?\b[\s,.;:!-]*",
    flags=re.I,
)


def without_said_before(text: str) -> str:
    """ "Dat zei ik net: iets met dieren" -> "iets met dieren"; "zei ik toch, 3 ochtenden" and
    "20 uur per week zei ik net" -> the answer alone."""
    stripped = (text or "").strip()
    found = re.match(pattern("said_before").pattern, stripped, flags=re.I)
    if found and found.end() < len(stripped):
        return stripped[found.end() :].strip()
    rest = _SAID_BEFORE_ANYWHERE.sub(" ", stripped).strip(" ,.;:!-")
    return rest if rest and rest != stripped else stripped


def starts_as_correction(text: str) -> bool:
    """ "oh wacht, ...", "ik bedoel ...": a message that begins by setting something right."""
    return bool(
        re.match(
            r"^(nee |neen |nou |oh |o |oeps |sorry |pardon |ah |eh |ehm |uh )*"
            r"(wacht|ik bedoel|ik bedoelde|ik zei|ik had gezegd|correctie|verbetering|foutje|o ja|oh ja)\b",
            plain(text),
        )
    )


def opening_answer(text: str) -> Optional[str]:
    """ja / nee at the very start of a longer answer: "nee alleen de huisarts schrijft het voor"."""
    found = re.match(r"^(ja+|jawel|jazeker|yes|nee+|neen|nope|no)\b(?! (hoor|toch|maar|joh)\b)", plain(text))
    if not found or len(plain(text).split()) < 2:
        return None
    return answer_of(found.group(1))


_POSITIONS = {
    "eerste": 0,
    "1e": 0,
    "bovenste": 0,
    "tweede": 1,
    "2e": 1,
    "middelste": 1,
    "derde": 2,
    "3e": 2,
    "laatste": -1,
    "onderste": -1,
}


def menu_position(text: str) -> Optional[int]:
    """ "dat laatste", "de eerste optie": which of a menu's buttons, by place (0, 1, ..., -1)."""
    found = re.fullmatch(
        r"(dat|de|het|die|optie|nummer)? ?(eerste|1e|bovenste|tweede|2e|middelste|derde|3e|laatste|onderste)"
        r"( optie| knop| keuze| ding)?( graag| dus| zei ik toch| bedoel ik)?",
        plain(text).strip(" .!"),
    )
    return _POSITIONS[found.group(2)] if found else None
