"""Personal data in messages (bot/privacy.py): what is masked, what must stay, and what the
dialogue does with it; deleting a conversation by chat (bot/dialogue/engine.py, the action,
bot/store/tracker_store.py)."""

import datetime

import pytest

from bot import knowledge, privacy, render
from bot.channels.common import masked_message
from bot.dialogue import State, Understood, step
from bot.dialogue.engine import ERASE_DONE, erase_confirmed
from bot.privacy import mask

TODAY = datetime.date(2026, 6, 1)

MASKED = [
    # BSN: valid by the 11-proef, plain or in groups; eight digits only after "bsn".
    ("mijn bsn is 123456782", "mijn bsn is [BSN]", ("bsn",)),
    ("111222333", "[BSN]", ("bsn",)),
    ("BSN: 1234.56.782", "BSN: [BSN]", ("bsn",)),
    ("bsn 123 456 782 graag", "bsn [BSN] graag", ("bsn",)),
    ("burgerservicenummer 123-456-782.", "burgerservicenummer [BSN].", ("bsn",)),
    ("bsn 12345672", "bsn [BSN]", ("bsn",)),
    ("bsn123456782", "bsn[BSN]", ("bsn",)),
    ("(012345672)", "([BSN])", ("bsn",)),
    # IBAN: valid by mod 97, any country, together or in groups, any case.
    ("mijn rekening is NL91ABNA0417164300", "mijn rekening is [IBAN]", ("iban",)),
    ("NL91 ABNA 0417 1643 00 is van mij", "[IBAN] is van mij", ("iban",)),
    ("nl20ingb0001234567", "[IBAN]", ("iban",)),
    ("BE71 0961 2345 6769", "[IBAN]", ("iban",)),
    ("GB82WEST12345698765432", "[IBAN]", ("iban",)),
    # Phone numbers: mobile, landline, +31 and 0031, with the separators people use.
    ("bel me op 0612345678", "bel me op [telefoonnummer]", ("phone",)),
    ("06-12345678", "[telefoonnummer]", ("phone",)),
    ("06 1234 5678", "[telefoonnummer]", ("phone",)),
    ("06 12 34 56 78", "[telefoonnummer]", ("phone",)),
    ("+31 6 12345678", "[telefoonnummer]", ("phone",)),
    ("+31612345678", "[telefoonnummer]", ("phone",)),
    ("+31 (0)6 12345678", "[telefoonnummer]", ("phone",)),
    ("0031612345678", "[telefoonnummer]", ("phone",)),
    ("0031 6 12345678", "[telefoonnummer]", ("phone",)),
    ("020-1234567", "[telefoonnummer]", ("phone",)),
    ("(020) 123 45 67", "[telefoonnummer]", ("phone",)),
    ("010 123 4567 na vijven", "[telefoonnummer] na vijven", ("phone",)),
    ("+31 (0)20 123 4567", "[telefoonnummer]", ("phone",)),
    ("085-1234567", "[telefoonnummer]", ("phone",)),
    ("+32 2 555 12 12", "[telefoonnummer]", ("phone",)),
    ("tel:0612345678", "tel:[telefoonnummer]", ("phone",)),
    ("0612345678 of 0687654321", "[telefoonnummer] of [telefoonnummer]", ("phone",)),
    # E-mail addresses.
    ("mail me: jan.de-vries+werk@example.co.uk!", "mail me: [e-mailadres]!", ("email",)),
    ("JAN@VOORBEELD.NL", "[e-mailadres]", ("email",)),
    # Postcode with house number (before or after); a postcode written together or in capitals.
    ("ik woon op 1234 AB 12", "ik woon op [postcode]", ("postcode",)),
    ("1234AB", "[postcode]", ("postcode",)),
    ("1234ab 5", "[postcode]", ("postcode",)),
    ("1234 ab, nr 5a", "[postcode]", ("postcode",)),
    ("1234 ab 12-2", "[postcode]", ("postcode",)),
    ("Kerkstraat 12, 1234 AB Utrecht", "Kerkstraat [postcode] Utrecht", ("postcode",)),
    ("mijn postcode is 1234 ab", "mijn postcode is [postcode]", ("postcode",)),
    # Dates of birth: with a word that says so, any full date; without, a date that could be one.
    ("geboren op 12-03-1985", "geboren op [geboortedatum]", ("birth_date",)),
    ("12/3/85 geboren", "[geboortedatum] geboren", ("birth_date",)),
    ("geboortedatum 1985-03-12", "geboortedatum [geboortedatum]", ("birth_date",)),
    ("ik ben geboren op 12 maart 1985", "ik ben geboren op [geboortedatum]", ("birth_date",)),
    ("jarig op 3 okt. 2001", "jarig op [geboortedatum]", ("birth_date",)),
    ("12.03.1985", "[geboortedatum]", ("birth_date",)),
    # Several kinds in one message, each once in the list, in a fixed order.
    (
        "mijn bsn is 123456782, bel me op 0612345678 of mail naar a@b.nl",
        "mijn bsn is [BSN], bel me op [telefoonnummer] of mail naar [e-mailadres]",
        ("email", "bsn", "phone"),
    ),
]

KEPT = [
    # Invalid by the libraries' checks.
    "mijn bsn is 123456789",  # 11-proef fails
    "987654321",
    "12345678",  # eight digits without "bsn"
    "NL91ABNA0417164301",  # mod 97 fails
    "NL91 ABNA 0417 1643 01",
    "1234 SA 5",  # SA, SD and SS are not used in postcodes
    "0123 AB",  # a postcode does not start with 0
    "31-02-1985",  # no such day
    "geboren op 45-13-1985",
    # Numbers the bot needs or that are no personal data.
    "ik werk 20 uur per week",
    "36 uur",
    "ik ben 34 jaar",
    "ik ben 1985 geboren",
    "in 2019",
    "in 2019 en 2020",
    "IK WERK SINDS 2019 EN 2020",
    "werk 2015-2019",
    "3 dagen",
    "8 moet ja zijn",
    "punt 10",
    "het kost € 1.250,00",
    "1250 euro",
    "ik verdien 2500 per maand",
    "versie 3.6.21",
    "op 1 september 2020 gestopt",  # a date, too recent for a date of birth
    "1234 ab",  # small letters with a space, no house number: could be anything
    # Service numbers: the crisis line and organisations are no one's personal data.
    "ik heb 0800-0113 gebeld",
    "ik bel 113",
    "bel 112",
    "UWV: 088-8989294",
    "0900-1234567",
    # Nine digits inside a word or a longer number.
    "PRIVEab123456782cd",
    "1234567820",
]


@pytest.mark.parametrize("text,masked,kinds", MASKED, ids=[m[0] for m in MASKED])
def test_personal_data_is_masked(text, masked, kinds):
    assert mask(text, today=TODAY) == privacy.Masked(masked, kinds)


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_numbers_and_invalid_data_stay(text):
    assert mask(text, today=TODAY) == privacy.Masked(text, ())


def test_a_date_is_a_date_of_birth_only_when_it_could_be_one():
    assert mask("op 01-09-2010 begonnen", today=TODAY).kinds == ("birth_date",)
    assert mask("op 01-09-2020 begonnen", today=TODAY).kinds == ()
    assert mask("geboren 01-09-2020", today=TODAY).kinds == ("birth_date",)


def test_every_kind_has_a_placeholder_a_name_and_a_finder():
    config = knowledge.privacy()
    assert list(config["kinds"]) == list(privacy.FINDERS)
    for entry in config["kinds"].values():
        assert entry["placeholder"].startswith("[") and entry["placeholder"].endswith("]")
        assert entry["named"]


def test_the_kinds_in_plain_dutch():
    assert render.personal_data_kinds(["phone"]) == "een telefoonnummer"
    assert render.personal_data_kinds(["bsn", "phone"]) == "een BSN en een telefoonnummer"
    assert render.personal_data_kinds(["email", "bsn", "phone"]) == "een e-mailadres, een BSN en een telefoonnummer"


def test_metadata_is_masked_too():
    value, kinds = privacy.mask_value({"display": "bel 0612345678", "x": [{"y": "a@b.nl"}, 3], "n": None})
    assert value == {"display": "bel [telefoonnummer]", "x": [{"y": "[e-mailadres]"}, 3], "n": None}
    assert kinds == ("email", "phone")


def test_the_channel_tells_the_dialogue_what_it_masked():
    text, metadata = masked_message("bsn 123456782", {"display": "mail a@b.nl", "masked": ["iban"]})
    assert text == "bsn [BSN]"
    assert metadata == {"display": "mail [e-mailadres]", "masked": ["email", "bsn"]}
    # Nothing found: nothing claimed, also not what a client sent under the key.
    assert masked_message("ik zoek werk", {"masked": ["bsn"]}) == ("ik zoek werk", {})


# --- the dialogue ------------------------------------------------------------------------------
def said(state, text, **fields):
    message = Understood(text=text, payload=text.startswith("/"), **fields)
    state, replies = step(state, message)
    return state, [r.key for r in replies]


def test_the_bot_says_once_that_it_removed_personal_data():
    state, keys = said(State(), "bel me op [telefoonnummer]", masked=("phone",))
    assert keys[:2] == ["utter_intro_short", "utter_personal_data_removed"]
    state, keys = said(state, "mijn bsn is [BSN]", masked=("bsn",))
    assert "utter_personal_data_removed" not in keys
    # Starting again is the same conversation: not again.
    state, keys = said(state, "opnieuw")
    state, keys = said(state, "[e-mailadres]", masked=("email",))
    assert "utter_personal_data_removed" not in keys


def test_the_notice_names_what_was_removed_and_speaks_to_a_professional():
    state = State(role="professional", welcomed=True, consent="ja", asking="guide_meaning")
    _, replies = step(state, Understood(text="bsn [BSN], tel [telefoonnummer]", masked=("bsn", "phone")))
    notice = replies[0]
    assert notice.key == "utter_personal_data_removed__professional"
    assert notice.values == {"kinds": "een BSN en een telefoonnummer"}


def test_no_notice_beside_a_crisis_reply():
    state, keys = said(State(), "ik wil niet meer leven, bel me [telefoonnummer]", masked=("phone",), crisis="clear")
    assert "utter_personal_data_removed" not in keys and "utter_crisis" in keys
    assert not state.masked_noted


# Who someone is (age, a diagnosis) said at a guide question: the facts in it are taken, the rest
# is not stored as an answer (the bot does not need it), and an answer beside it is kept alone.
WHO_SOMEONE_IS = [
    ("werkzoekende", "ik ben 34 en zoek werk, heb depressie gehad, zit nu bij de ggz in behandeling", None),
    ("werkzoekende", "ben 41, had een zware depressie, woon in zwolle en heb wia", None),
    ("werkzoekende", "ik ben 45 en heb een burn-out gehad", None),
    (
        "professional",
        "ze wil weer meedoen, eigen geld verdienen. ze is 28, bipolair, bijstand, gemeente Rotterdam",
        "ze wil weer meedoen, eigen geld verdienen",
    ),
    ("werkzoekende", "structuur en erbij horen", "structuur en erbij horen"),
    ("werkzoekende", "iets betekenen voor mensen met autisme", "iets betekenen voor mensen met autisme"),
]


@pytest.mark.parametrize("role,text,kept", WHO_SOMEONE_IS, ids=[w[1][:30] for w in WHO_SOMEONE_IS])
def test_who_someone_is_is_not_kept_as_an_answer(role, text, kept):
    consent = "ja" if role == "professional" else None
    state = State(role=role, welcomed=True, consent=consent, asking="guide_meaning")
    state, keys = said(state, text)
    assert state.answers.get("guide_meaning") == kept
    if kept is None:
        assert keys[-1].startswith("utter_ask_guide_meaning")  # the question comes again


def test_erase_offer_then_yes_erases():
    state = State(role="werkzoekende", welcomed=True, asking="guide_likes", answers={"guide_meaning": "rust"})
    state, keys = said(state, "verwijder mijn gegevens")
    assert keys == ["utter_erase_offer"] and state.erase_asked
    assert state.answers == {"guide_meaning": "rust"}  # nothing is lost before the yes
    new_state, replies = step(state, Understood(text="/affirm", intent="affirm", payload=True))
    assert [r.key for r in replies] == [ERASE_DONE]
    assert erase_confirmed(replies)
    assert new_state == State()  # the next message starts a new conversation


def test_erase_offer_then_no_goes_on_where_it_was():
    answers = {"guide_meaning": "rust", "guide_fitting_work": "buiten"}
    state = State(role="werkzoekende", welcomed=True, asking="guide_likes", answers=dict(answers))
    state, _ = said(state, "wis dit gesprek")
    state, keys = said(state, "nee")
    assert keys == ["utter_erase_cancelled", "utter_ask_guide_likes"]
    assert state.answers == answers and not state.erase_asked


def test_after_the_offer_something_else_is_read_as_usual():
    state = State(role="werkzoekende", welcomed=True, asking="guide_likes")
    state, _ = said(state, "ik trek mijn toestemming in")
    state, keys = said(state, "ik doe graag dingen met mijn handen")
    assert keys[0] != ERASE_DONE and not state.erase_asked
    assert state.answers["guide_likes"] == "ik doe graag dingen met mijn handen"


def test_erase_in_the_crisis_thread_keeps_113_in_reach():
    state = State(welcomed=True, crisis="thread")
    state, keys = said(state, "wis dit gesprek")
    assert keys == ["utter_erase_offer", "utter_crisis_reminder"]
    after_no, keys = said(state, "/deny", intent="deny")
    assert keys == ["utter_erase_cancelled", "utter_crisis_reminder"] and after_no.crisis == "thread"
    _, keys = said(state, "/affirm", intent="affirm")
    assert keys == [ERASE_DONE, "utter_crisis_reminder"]


def test_a_professional_whose_client_withdraws_consent_stops_the_intake():
    state = State(
        role="professional", welcomed=True, consent="ja", asking="guide_likes", answers={"guide_meaning": "rust"}
    )
    after, keys = said(state, "mijn cliënt trekt haar toestemming in")
    assert keys == ["utter_consent_withdrawn"] and after.answers == {} and after.consent == "nee"
    after, keys = said(state, "verwijder haar antwoorden")
    assert keys == ["utter_consent_withdrawn"]
    # The professional's own request: the whole conversation, after the question.
    _, keys = said(state, "wis dit gesprek")
    assert keys == ["utter_erase_offer__professional"]


def test_the_action_marks_a_confirmed_erase():
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.dialogue import ActionDialogue

    def run(slot, latest):
        tracker = Tracker("t", {"dialogue": slot}, latest, [], False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        import asyncio

        events = asyncio.run(ActionDialogue().run(dispatcher, tracker, {}))
        return dispatcher.messages, events

    asked = State(welcomed=True, erase_asked=True).to_slot()
    messages, _ = run(asked, {"text": "/affirm", "intent": {"name": "affirm", "confidence": 1.0}})
    assert [m["response"] for m in messages if m.get("response")] == [ERASE_DONE]
    assert messages[-1]["custom"] == privacy.ERASE_MARK
    messages, _ = run(asked, {"text": "/deny", "intent": {"name": "deny", "confidence": 1.0}})
    assert not any(m.get("custom") for m in messages)


def test_masked_kinds_reach_the_dialogue_from_the_message_metadata():
    parse = {"text": "bsn [BSN]", "metadata": {"masked": ["bsn"]}}
    assert Understood.from_parse(parse).masked == ("bsn",)
    assert Understood.from_parse({"text": "hoi", "metadata": {"masked": "bsn"}}).masked == ()
    assert Understood.from_parse({"text": "hoi"}).masked == ()


@pytest.mark.parametrize(
    "where, text, keys, keep",
    [
        # during the questions: noted, the same question again, and the answer is not stored
        (
            dict(asking="guide_possibilities", keep_summary=True),
            "oke dan wil hij toch liever dat er niks bewaard wordt",
            ["utter_keep_taken_back", "utter_ask_guide_possibilities__professional"],
            False,
        ),
        # at the summary: the yes stands, the summary is not kept
        (
            dict(asking="confirm_summary", keep_summary=True),
            "ja. maar NIET bewaren",
            ["utter_advice__professional", "utter_intake_not_kept", "utter_anything_else__professional"],
            False,
        ),
        # after it was kept: deleted (actions/dialogue.py turns the reply into the delete mark)
        (
            dict(advised=True, asking="anything_else", keep_summary=True),
            "ik zei NIET bewaren!! haal het weg",
            ["utter_keep_taken_back_deleted"],
            False,
        ),
        # a question about keeping is no taking back
        (dict(asking="guide_likes", keep_summary=True), "wordt het niet bewaard?", None, True),
    ],
)
def test_a_client_taking_back_the_yes_to_keeping_is_heard_at_any_moment(where, text, keys, keep):
    answers = {"guide_meaning": "rust", "guide_fitting_work": "drukkerij", "guide_likes": "tekenen"}
    if where.get("asking") in ("confirm_summary", "anything_else"):
        answers.update(guide_possibilities="creatief", guide_best_situation="middags", guide_support="ik")
    facts = {
        "in_treatment": "ja",
        "wants_paid_work": "ja",
        "benefit": "geen",
        "gemeente": "Renkum",
        "region": "FoodValley",
    }
    state = State(role="professional", welcomed=True, consent="ja", answers=answers, facts=facts, **where)
    after, said_keys = said(state, text)
    if keys is not None:
        assert said_keys == keys
    assert after.keep_summary is keep
    assert "bewaard" not in " ".join(str(v) for v in after.answers.values())
