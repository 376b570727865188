"""Custom actions run on real rasa-sdk trackers: what they say and which events they return."""
import asyncio
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.crisis import ActionCrisis, ActionCrisisFollowup, ActionResume
from actions.employer import ActionEmployerReferral
from actions.fallback import ActionFallback
from actions.forms import ValidateEmployerForm, ValidateGuideForm, ValidateRoutingForm
from actions.guide import ActionCorrectAnswer, ActionGuideDone, ActionShowReferrals, ActionShowSummary, ActionStop

DOMAIN: Dict[str, Any] = {"slots": {}, "forms": {}}


def tracker(
    slots: Optional[Dict[str, Any]] = None,
    text: str = "",
    intent: Optional[str] = None,
    entities: Optional[List[Dict[str, Any]]] = None,
    active_loop: Optional[str] = None,
    events: Optional[List[Dict[str, Any]]] = None,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message=latest,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    return dispatcher.messages, events


def texts(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def test_referrals_for_groningen_job_seeker_in_treatment_with_bijstand():
    slots = {"role": "werkzoekende", "in_treatment": "ja", "wants_paid_work": "ja", "benefit": "bijstand", "gemeente": "Groningen"}
    messages, _ = run(ActionShowReferrals(), tracker(slots))
    said = texts(messages)
    assert "IPS (Individuele Plaatsing en Steun), via de gemeente" in said
    assert "omdat je in behandeling bent bij de ggz en betaald werk wilt" in said
    assert "de gemeente Groningen" in said
    assert "IPS-trajectbegeleider" in said


def test_referrals_for_a_professional_speak_about_the_client():
    slots = {"role": "professional", "in_treatment": "nee", "wants_paid_work": "ja", "benefit": "ww", "gemeente": "Tilburg"}
    messages, _ = run(ActionShowReferrals(), tracker(slots))
    said = texts(messages)
    assert said.startswith("Mijn advies voor je cliënt")
    assert "omdat je cliënt niet in behandeling is bij de ggz" in said
    assert "UWV" in said and "huisarts" in said


def test_summary_lists_all_ten_items_with_skips():
    slots = {"guide_meaning": "structuur", "guide_fitting_work": "overgeslagen", "in_treatment": "onbekend", "benefit": "wia", "gemeente": "Hengelo (O.)"}
    messages, _ = run(ActionShowSummary(), tracker(slots))
    said = texts(messages)
    assert "1. Wat werk betekent: structuur" in said
    assert "2. Welk werk past: (overgeslagen)" in said
    assert "7. In behandeling bij de ggz: weet ik niet" in said
    assert "9. Uitkering: WIA/WGA" in said
    assert "10. Gemeente: Hengelo" in said and "(O.)" not in said
    assert messages[-1]["buttons"][0]["payload"] == "/affirm"


def test_employer_in_eindhoven_gets_the_wsp_of_zuidoost_brabant():
    messages, _ = run(ActionEmployerReferral(), tracker({"employer_goal": "hire", "gemeente": "Eindhoven"}))
    said = texts(messages)
    assert "Werkgeversservicepunt (WSP) regio Zuidoost-Brabant" in said
    assert "De Normaalste Zaak" in said and "proefplaatsing" in said


def test_employer_network_gets_de_normaalste_zaak():
    messages, _ = run(ActionEmployerReferral(), tracker({"employer_goal": "network", "gemeente": "Nijmegen"}))
    assert texts(messages).startswith("De Normaalste Zaak, omdat je wilt leren van andere werkgevers")


def test_employer_keep_employee_gets_bedrijfsarts_and_han():
    messages, _ = run(ActionEmployerReferral(), tracker({"employer_goal": "keep_employee"}))
    said = texts(messages)
    assert "bedrijfsarts" in said and "HAN" in said and "5 handvatten" in said


def test_crisis_names_the_numbers_and_remembers_the_paused_form():
    messages, events = run(ActionCrisis(), tracker(text="ik wil dood", intent="crisis", active_loop="guide_form"))
    said = texts(messages)
    assert all(x in said for x in ("113", "0800-0113", "113.nl", "112", "huisarts"))
    assert {"event": "slot", "timestamp": None, "name": "paused_form", "value": "guide_form"} in events


@pytest.mark.parametrize(
    "intent,text,expected",
    [("affirm", "ja", "Goed dat je veilig bent"), ("deny", "nee", "Ik maak me zorgen"), ("crisis", "ik wil dood", "Ik maak me zorgen"), ("affirm", "grapje", "Ik neem wat je schreef serieus")],
)
def test_crisis_followup_keeps_the_numbers(intent, text, expected):
    messages, _ = run(ActionCrisisFollowup(), tracker(text=text, intent=intent))
    said = texts(messages)
    assert said.startswith(expected) and "113" in said


def test_resume_reopens_the_paused_form():
    _, events = run(ActionResume(), tracker({"paused_form": "guide_form"}, text="verder", intent="continue"))
    assert {"event": "slot", "timestamp": None, "name": "reopen_form", "value": "guide_form"} in events


def test_resume_without_a_paused_form_offers_options():
    messages, events = run(ActionResume(), tracker(text="verder", intent="continue"))
    assert events == [{"event": "slot", "timestamp": None, "name": "reopen_form", "value": None}]
    assert messages[0]["response"] == "utter_nothing_to_resume"


def test_stop_pauses_the_active_form():
    _, events = run(ActionStop(), tracker(text="stop", intent="stop", active_loop="routing_form"))
    assert {"event": "slot", "timestamp": None, "name": "paused_form", "value": "routing_form"} in events
    assert any(e["event"] == "active_loop" and e["name"] is None for e in events)


def test_stop_outside_a_form_pauses_nothing():
    messages, events = run(ActionStop(), tracker(text="stop", intent="stop"))
    assert messages[0]["response"] == "utter_stop"
    assert not any(e.get("name") == "paused_form" for e in events)


def test_correction_after_the_summary_reopens_the_right_form():
    _, events = run(ActionCorrectAnswer(), tracker(text="punt 9 aanpassen", intent="correct_answer"))
    assert {"event": "slot", "timestamp": None, "name": "benefit", "value": None} in events
    assert {"event": "slot", "timestamp": None, "name": "reopen_form", "value": "routing_form"} in events


def test_correction_without_a_number_asks_which():
    messages, events = run(ActionCorrectAnswer(), tracker(text="/correct_answer", intent="correct_answer"))
    assert events == [{"event": "slot", "timestamp": None, "name": "reopen_form", "value": None}]
    assert len(messages[0]["buttons"]) == 10


def test_correction_inside_the_guide_clears_the_previous_answer():
    t = tracker({"requested_slot": "guide_likes"}, text="ik wil mijn vorige antwoord aanpassen", intent="correct_answer", active_loop="guide_form")
    _, events = run(ActionCorrectAnswer(), t)
    assert events[0] == {"event": "slot", "timestamp": None, "name": "guide_fitting_work", "value": None}


def _validate(form, slot, value, text, intent=None, requested=None):
    t = tracker({"requested_slot": requested or slot}, text=text, intent=intent, active_loop="x")
    dispatcher = CollectingDispatcher()
    result = asyncio.run(getattr(form, f"validate_{slot}")(value, dispatcher, t, DOMAIN))
    return result[slot], dispatcher.messages


@pytest.mark.parametrize(
    "text,intent,expected",
    [
        ("structuur en collega's", "guide_answer", "structuur en collega's"),
        ("weet ik niet", "dont_know", "overgeslagen"),
        ("/dont_know", "dont_know", "overgeslagen"),
        ("ik weet het niet precies, maar iets met dieren lijkt me fijn", "dont_know", "ik weet het niet precies, maar iets met dieren lijkt me fijn"),
        ("<script>alert(1)</script>", "nlu_fallback", "<script>alert(1)</script>"),
        ("🙂🙂", "nlu_fallback", "🙂🙂"),
        ("   ", "nlu_fallback", None),
    ],
)
def test_guide_answers(text, intent, expected):
    value, _ = _validate(ValidateGuideForm(), "guide_meaning", text, text, intent)
    assert value == expected


def test_a_huge_guide_answer_is_kept_but_cut():
    value, _ = _validate(ValidateGuideForm(), "guide_meaning", "a" * 10000, "a" * 10000, "nlu_fallback")
    assert 0 < len(value) <= 1000


@pytest.mark.parametrize(
    "text,intent,expected",
    [("/affirm", "affirm", "ja"), ("nee", "deny", "nee"), ("jaa", "guide_answer", "ja"), ("weet ik niet", "dont_know", "onbekend"), ("banaan", "guide_answer", None)],
)
def test_yes_no_answers(text, intent, expected):
    value, messages = _validate(ValidateRoutingForm(), "in_treatment", text, text, intent)
    assert value == expected
    assert bool(messages) == (expected is None)


@pytest.mark.parametrize(
    "text,intent,expected",
    [("bijstand", "inform", "bijstand"), ("ik heb een wga uitkering", "inform", "wia"), ("nee", "deny", "geen"), ("/dont_know", "dont_know", "onbekend"), ("iets van het uwv", "inform", None)],
)
def test_benefit_answers(text, intent, expected):
    value, _ = _validate(ValidateRoutingForm(), "benefit", text, text, intent)
    assert value == expected


@pytest.mark.parametrize(
    "text,expected,says",
    [
        ("Groningen", "Groningen", None),
        ("den bosch", "'s-Hertogenbosch", None),
        ("Tilbrug", "Tilburg", "Ik ga uit van de gemeente Tilburg."),
        ("Bergen", None, "Welke gemeente bedoel je?"),
        ("Bergen (L.)", "Bergen (L.)", None),
        ("Atlantis", None, "Die gemeente ken ik niet"),
        ("weet ik niet", "onbekend", None),
    ],
)
def test_gemeente_answers(text, expected, says):
    value, messages = _validate(ValidateEmployerForm(), "gemeente", text, text, "inform")
    assert value == expected
    if says:
        assert texts(messages).startswith(says)


def test_fallback_twice_offers_the_main_options():
    first = [{"event": "user", "text": "blabla"}]
    messages, _ = run(ActionFallback(), tracker(text="blabla", intent="nlu_fallback", events=first))
    assert messages[0]["response"] == "utter_rephrase"
    second = first + [{"event": "action", "name": "action_fallback"}, {"event": "action", "name": "action_listen"}, {"event": "user", "text": "qwerty"}]
    messages, _ = run(ActionFallback(), tracker(text="qwerty", intent="nlu_fallback", events=second))
    assert messages[0]["response"] == "utter_main_options"


@pytest.mark.parametrize(
    "slots,said",
    [
        ({}, "Dank je wel. Nu nog vier korte vragen, zodat ik goed kan doorverwijzen."),
        ({"in_treatment": "ja", "benefit": "wia"}, "Dank je wel. Nu nog twee korte vragen, zodat ik goed kan doorverwijzen."),
        ({"in_treatment": "ja", "benefit": "wia", "gemeente": "Ede"}, "Dank je wel. Nu nog één korte vraag, zodat ik goed kan doorverwijzen."),
        ({"in_treatment": "ja", "benefit": "wia", "gemeente": "Ede", "wants_paid_work": "ja"}, "Dank je wel."),
    ],
)
def test_guide_done_counts_the_questions_left(slots, said):
    messages, _ = run(ActionGuideDone(), tracker(slots))
    assert texts(messages) == said


def test_ambiguous_gemeente_offers_both_with_their_province():
    _, messages = _validate(ValidateEmployerForm(), "gemeente", "Bergen", "Bergen", "inform")
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == ["Bergen (Noord-Holland)", "Bergen (Limburg)"]
