"""The one place where facts become Dutch text: referrals, the summary, noted facts and the
buttons the bot builds from the conversation. Every word comes from knowledge/ (labels.yml,
referrals.yml, faq.yml, privacy.yml); the sentences around them are responses in domain/responses.yml."""

import re
from typing import Dict, Iterable, List, Mapping, Optional, Tuple

from bot import knowledge
from bot.referral import Referral
from bot.regions import display_name, found_gemeente, shares_display_name

PROFESSIONAL = "professional"
NOT_A_PLACE = ("onbekend", "overgeslagen")


def _labels() -> Dict:
    return knowledge.labels()


def display_gemeente(name: Optional[str]) -> Optional[str]:
    """ "Hengelo (O.)" -> "Hengelo": the CBS suffix is for tables, not for people; but
    "Bergen (L.)" -> "Bergen (Limburg)", since two gemeenten are called Bergen."""
    if not name or name in NOT_A_PLACE:
        return None
    return gemeente_option(name) if shares_display_name(name) else display_name(name)


def wsp_name(region: Optional[str]) -> str:
    """How the bot names a region's Werkgeversservicepunt."""
    labels = _labels()
    if not region:
        return labels["wsp_unknown"]
    template = labels["wsp"] if region.lower().startswith("regio ") else labels["wsp_regio"]
    return template.format(region=region)


def gemeente_option(name: str) -> str:
    """A choice between same-named gemeenten: "Bergen (L.)" -> "Bergen (Limburg)"."""
    gemeente = found_gemeente(name)
    if gemeente and display_name(name) != name:
        return _labels()["gemeente_option"].format(name=display_name(name), province=gemeente.province)
    return name


def referral_texts(
    referrals: Iterable[Referral],
    role: Optional[str] = None,
    gemeente: Optional[str] = None,
    region: Optional[str] = None,
    relative: Optional[str] = None,
    gender: Optional[str] = None,
) -> List[str]:
    """One text per referral: title, the reason ("omdat je ..."), what to do."""
    parts = referral_parts(referrals, role, gemeente, region, relative, gender)
    return [f"**{p['title']}**, {p['reason']}.\n{p['text']}" for p in parts]


def referral_parts(
    referrals: Iterable[Referral],
    role: Optional[str] = None,
    gemeente: Optional[str] = None,
    region: Optional[str] = None,
    relative: Optional[str] = None,
    gender: Optional[str] = None,
) -> List[Dict[str, str]]:
    """Per referral its title, its reason and what to do (the intake page shows them apart).
    With `relative` ("zoon"): the client's texts, about "je zoon" instead of "je cliënt"."""
    if relative:
        parts = referral_parts(referrals, PROFESSIONAL, gemeente, region)
        return [{k: relative_voice(v, relative, gender) for k, v in part.items()} for part in parts]
    content, labels = knowledge.referrals(), _labels()
    reasons = content["reasons_client"] if role == PROFESSIONAL else content["reasons"]
    shown = display_gemeente(gemeente)
    if shown:
        gemeente_phrase = labels["gemeente_named"].format(name=shown)
    else:
        gemeente_phrase = labels["gemeente_unnamed_professional" if role == PROFESSIONAL else "gemeente_unnamed"]
    values = {
        "gemeente": gemeente_phrase,
        "gemeente_name": shown or "",
        "region": region or "",
        "wsp": wsp_name(region),
    }
    texts = []
    for referral in referrals:
        target = content["targets"][referral.target]
        reason = reasons.get(referral.reason) or content["reasons"][referral.reason]
        title = (
            target.get("title_client") if role == PROFESSIONAL and target.get("title_client") else target["title"]
        ).format(**values)
        text = target.get("text_client") if role == PROFESSIONAL and target.get("text_client") else target["text"]
        text = " ".join(text.split()).format(**values)
        texts.append({"title": title, "reason": reason.format(**values), "text": text})
    return texts


def pronoun_values(relative: Optional[str], gender: Optional[str] = None) -> Dict[str, str]:
    """{hij}, {hem}, {zijn} for a text about `relative` ("zoon" -> hij, hem, zijn), or about
    someone of the `gender` the helper's own words showed ("ze heeft bijstand": female); "hij
    of zij" when it is not known who it is."""
    labels = _labels()
    pronouns = labels["pronouns"]
    if relative in labels["relatives_male"]:
        return dict(pronouns["male"])
    if relative in labels["relatives_female"]:
        return dict(pronouns["female"])
    if gender in ("male", "female"):
        return dict(pronouns[gender])
    return dict(pronouns["unknown"])


def relative_voice(text: str, relative: str, gender: Optional[str] = None) -> str:
    """A text about "je cliënt" about "je zoon" instead, with "hij of zij" made "hij"
    (whitespace made single)."""
    client = _labels()["client_word"]
    # (the sentences for the professional's own work go: "Ben je zelf behandelaar? ...")
    own = _labels()["professional_only_sentences"]
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    text = " ".join(p for p in sentences if not any(re.search(pattern, p) for pattern in own))
    text = re.sub(rf"\b([Jj]e) {client}\b", rf"\1 {relative}", text)
    unknown, known = _labels()["pronouns"]["unknown"], pronoun_values(relative, gender)
    for slot, words in unknown.items():
        text = re.sub(rf"\b{words}\b", known[slot], text)
    return text


def advice_text(
    referrals: Iterable[Referral],
    role: Optional[str],
    gemeente: Optional[str],
    region: Optional[str],
    relative: Optional[str] = None,
    gender: Optional[str] = None,
) -> str:
    """All referrals of one advice as one message, one after the other. (No blank lines:
    Rasa's channels send each paragraph as a message of its own.)"""
    return "\n".join(referral_texts(referrals, role, gemeente, region, relative, gender))


def answer_label(slot: str, value: Optional[str]) -> str:
    """How a stored answer reads in the summary."""
    labels = _labels()
    if value in (None, "", "overgeslagen"):
        return labels["skipped"]
    if slot == "benefit":
        return labels["benefits"].get(value, value)
    if slot == "gemeente":
        return display_gemeente(value) or labels["answers"]["onbekend"]
    if slot in ("in_treatment", "wants_paid_work"):
        return labels["answers"].get(value, value)
    return str(value)


def summary_text(values: Mapping[str, Optional[str]], known_only: bool = False) -> str:
    """Numbered lines of the summary; the numbers are the ones a correction names. With
    `known_only` (the summary so far) only the items that have a value."""
    labels = _labels()["summary_items"]
    care = _labels()["summary_care"].get(str(values.get("primary_care") or ""))

    def line(number: int, slot: str, label: str) -> str:
        text = f"{number}. {label}: {answer_label(slot, values.get(slot))}"
        # "nee" alone hides the waiting list or the POH-GGZ: "nee (op de wachtlijst voor de ggz)"
        return f"{text} ({care})" if slot == "in_treatment" and care and values.get(slot) != "ja" else text

    return "\n".join(
        line(number, slot, label)
        for number, (slot, label) in enumerate(labels.items(), start=1)
        if not known_only or values.get(slot) not in (None, "")
    )


def summary_slots() -> List[str]:
    return list(_labels()["summary_items"])


def fact_phrases(facts: Mapping[str, object]) -> str:
    """ "uitkering: WW, gemeente Nijmegen": the facts the bot just noted."""
    labels = _labels()["facts"]
    phrases = []
    for name, value in facts.items():
        label = labels.get(name)
        if label is None or value is None or (value == "onbekend" and not (isinstance(label, dict) and value in label)):
            continue
        if isinstance(label, dict):
            if value in label:
                phrases.append(label[value])
            continue
        if name == "benefit":
            value = _labels()["benefits"].get(value, value)
        if name == "gemeente":
            value = display_gemeente(str(value))
            if not value:
                continue
        phrases.append(label.format(value=value))
    return ", ".join(phrases)


def personal_data_kinds(kinds: Iterable[str]) -> str:
    """ "een BSN en een telefoonnummer": the kinds of personal data that were masked."""
    privacy = knowledge.privacy()
    names = [privacy["kinds"][k]["named"] for k in kinds if k in privacy["kinds"]]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {privacy['and']} {names[-1]}"


def suggestion_buttons(intents: Iterable[str], faq_keys: Iterable[str] = ()) -> Tuple[Dict[str, str], ...]:
    """Buttons for the likely meanings of a message that was not understood."""
    suggestions = _labels()["suggestions"]
    buttons = [dict(suggestions[i]) for i in intents if i in suggestions]
    faq = knowledge.faq()
    for key in faq_keys:
        if key in faq and faq[key].get("title"):
            buttons.append({"title": faq[key]["title"], "payload": f'/ask_faq{{"faq_key": "{key}"}}'})
    unique = {b["payload"]: b for b in buttons}
    return tuple(unique.values())


def gemeente_buttons(names: Iterable[str]) -> Tuple[Dict[str, str], ...]:
    return tuple({"title": gemeente_option(name), "payload": f'/choose{{"gemeente": "{name}"}}'} for name in names)


def skip_button() -> Dict[str, str]:
    return dict(_labels()["skip_button"])


_FEMALE_NOUNS = r"klachten|gezondheid|werk|ziekte|loon|salaris|baan|diagnose|situatie|functie|taken|contract|herstel"


def female_voice(text: str) -> str:
    """An employer's text about "je medewerker" with "hij"/"hem"/"zijn" made "zij"/"haar", for a
    medewerker the employer calls "ze". ("zijn" only before the nouns of `_FEMALE_NOUNS`: "dan
    zijn de bedrijfsarts en ..." is a verb.)"""
    text = " ".join(text.split())
    for both, one in (("hij of zij", "zij"), ("hem of haar", "haar"), ("zijn of haar", "haar")):
        text = re.sub(rf"\b{both}\b", one, text)
    text = re.sub(r"\bhij\b", "zij", text)
    text = re.sub(r"\bHij\b", "Zij", text)
    text = re.sub(r"\bhem\b", "haar", text)
    return re.sub(rf"\bzijn (eigen )?({_FEMALE_NOUNS})\b", r"haar \1\2", text)
