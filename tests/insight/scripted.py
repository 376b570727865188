"""Scripted conversations for the statistics tests: the events a conversation leaves in the
tracker store, written the way Rasa writes them (a user message with its parse data, each reply
as a bot event whose metadata names the response, the dialogue's slots after the turn, the
widget's feedback slot). Every role, fallbacks, a crisis, the human route and feedback; the
expected figures are in tests/test_insight.py."""

import asyncio
import datetime
from typing import Any, Dict, List, Optional

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.state import GUIDE, State
from bot.insight import feedback
from bot.insight.statistics import TIMEZONE

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
slots:
  dialogue: {type: any, influence_conversation: false, mappings: [{type: custom}]}
  role: {type: text, influence_conversation: false, mappings: [{type: custom}]}
  feedback: {type: any, influence_conversation: false, mappings: [{type: custom}]}
""")

# What people wrote in the scripted conversations: none of it may appear in any output.
SECRET_TEXTS = (
    "Mijn naam is Jansen, bel me op 0612345678",
    "ik woon in Tilburg aan de Dorpsstraat",
    "kan ik een mens spreken, ik ben Pietje Puk",
    "ik wil er niet meer zijn geheimwoord-zebra",
)

# Monday 2 November 2026 (ISO week 45), Tuesday 3 November, Tuesday 10 November (week 46).
DAY_1, DAY_2, DAY_3 = datetime.date(2026, 11, 2), datetime.date(2026, 11, 3), datetime.date(2026, 11, 10)
BEFORE = datetime.date(2026, 10, 20)  # outside the period of the tests


def at(day: datetime.date, hour: int, minute: int = 0) -> float:
    return datetime.datetime.combine(day, datetime.time(hour, minute), TIMEZONE).timestamp()


class Script:
    def __init__(self, sender: str, start: float) -> None:
        self.tracker = DialogueStateTracker(sender, DOMAIN.slots)
        self.time = start
        self.state = State()

    def _tick(self) -> float:
        self.time += 7
        return self.time

    def user(self, text: str, intent: str = "inform", confidence: float = 0.9, display: Optional[str] = None):
        ranking = [{"name": intent, "confidence": confidence}, {"name": "greet", "confidence": 0.05}]
        if intent == "nlu_fallback":
            ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "faq", "confidence": confidence}]
        self.tracker.update(ActionExecuted("action_listen", timestamp=self._tick()))
        parse = {"text": text, "intent": {"name": intent, "confidence": confidence}, "intent_ranking": ranking}
        metadata = {"display": display} if display else {}
        self.tracker.update(
            UserUttered(text, parse["intent"], parse_data=parse, timestamp=self._tick(), metadata=metadata)
        )
        return self

    def bot(self, *responses: str, **state: Any):
        self.tracker.update(ActionExecuted("action_dialogue", timestamp=self._tick()))
        for response in responses:
            self.tracker.update(BotUttered("…", {}, {"utter_action": response}, timestamp=self._tick()))
        for key, value in state.items():
            setattr(self.state, key, value)
        self.tracker.update(SlotSet("dialogue", self.state.to_slot(), timestamp=self._tick()))
        self.tracker.update(SlotSet("role", self.state.role, timestamp=self._tick()))
        self.tracker.update(ActionExecuted("action_listen", timestamp=self._tick()))
        return self

    def rate(self, score: str, response: str, comment: str = ""):
        value = feedback.checked({"score": score, "response": response, "comment": comment})
        assert isinstance(value, dict)
        value["kind"] = "faq" if response.startswith("utter_faq/") else "referral"
        self.tracker.update(SlotSet(feedback.SLOT, value, timestamp=self._tick()))
        return self

    def opening(self):
        """The widget's own "/greet" when the chat opens: not a message of the person."""
        return self.user("/greet", "greet", 1.0).bot("utter_welcome", "utter_ask_role", welcomed=True)


def job_seeker(
    sender: str, start: float, *, treated: bool, misses: int, score: Optional[str], secret: str = ""
) -> Script:
    s = Script(sender, start).opening()
    s.user("/role_job_seeker", "role_job_seeker", 1.0, display="Ik zoek werk")
    s.bot("utter_job_seeker_intro", "utter_ask_guide_meaning", role="werkzoekende", asking=GUIDE[0])
    fallbacks = ["utter_rephrase", "utter_main_options", "utter_not_understood_3"]
    for n in range(misses):
        s.user(secret or "qwxzv blorp", "nlu_fallback", 0.3).bot(fallbacks[n % 3])
    answers: Dict[str, str] = {}
    for i, question in enumerate(GUIDE):
        answers[question] = "structuur en collega's"
        following = f"utter_ask_{GUIDE[i + 1]}" if i + 1 < len(GUIDE) else "utter_facts_intro"
        s.user("structuur en collega's", "guide_answer").bot(following, answers=dict(answers), asking=question)
    facts = (
        {
            "in_treatment": "ja",
            "wants_paid_work": "ja",
            "benefit": "bijstand",
            "gemeente": "Tilburg",
            "region": "Midden-Brabant",
        }
        if treated
        else {
            "in_treatment": "nee",
            "wants_paid_work": "ja",
            "benefit": "ww",
            "gemeente": "Amstelveen",
            "region": "Groot Amsterdam",
        }
    )
    known: Dict[str, Any] = {}
    for key in ("in_treatment", "wants_paid_work", "benefit", "gemeente"):
        known[key] = facts[key]
        if key == "gemeente":
            known["region"] = facts["region"]
        s.user(str(facts[key]), "inform").bot("utter_ask_next", facts=dict(known))
    s.user("/affirm", "affirm", 1.0, display="Klopt").bot("utter_advice", confirmed=True, advised=True)
    if score:
        s.rate(score, "utter_advice", comment="Heel fijn, groet van Jansen 0612345678" if score == "up" else "")
    return s


def employer(sender: str, start: float, *, missed: bool, score: Optional[str]) -> Script:
    s = Script(sender, start)
    s.user("ik ben werkgever", "role_employer").bot("utter_ask_employer_goal", role="werkgever")
    if missed:
        s.user("hmm tja", "nlu_fallback", 0.2).bot("utter_not_understood_employer_goal")
    s.user("ik wil iemand aannemen", "employer_hire").bot("utter_ask_gemeente__werkgever", employer_goal="hire")
    s.user("Wijchen", "inform").bot(
        "utter_employer_advice", facts={"gemeente": "Wijchen", "region": "Rijk van Nijmegen"}, advised=True
    )
    if score:
        s.rate(score, "utter_employer_advice")
    return s


def professional(sender: str, start: float) -> Script:
    s = Script(sender, start)
    s.user("ik ben jobcoach", "role_professional").bot(
        "utter_professional_intro", "utter_ask_consent", role="professional"
    )
    s.user("/affirm", "affirm", 1.0, display="Ja").bot(
        "utter_ask_guide_meaning__professional", consent="ja", asking=GUIDE[0]
    )
    s.user("geld verdienen", "guide_answer").bot("utter_ask_guide_fitting_work__professional", answers={GUIDE[0]: "x"})
    s.user("buiten werken", "guide_answer").bot(
        "utter_ask_guide_likes__professional", answers={GUIDE[0]: "x", GUIDE[1]: "y"}, asking=GUIDE[2]
    )
    return s


def crisis(sender: str, start: float) -> Script:
    s = Script(sender, start)
    s.user(SECRET_TEXTS[3], "crisis", 0.99).bot("utter_crisis", "utter_crisis_checkin", crisis="thread")
    s.user("het is zo zwaar", "inform", 0.5).bot("utter_crisis_support_1")
    s.user("nog steeds", "inform", 0.5).bot("utter_crisis_support_2")
    s.user("ja", "affirm", 0.5).bot("utter_crisis_support_3")
    return s


def human_route(sender: str, start: float) -> Script:
    s = Script(sender, start)
    s.user(SECRET_TEXTS[0], "nlu_fallback", 0.3).bot("utter_rephrase_options")
    s.user(SECRET_TEXTS[2], "faq", 0.8).bot("utter_faq/human_handoff")
    s.user("mag ik iemand bellen", "faq", 0.8).bot("utter_faq/human_handoff")
    s.user("wat is ips", "faq", 0.9).bot("utter_faq/ips")
    s.rate("down", "utter_faq/ips", comment="Te lang, mail me op piet@example.nl")
    return s


def scripts() -> List[Script]:
    """The scripted conversations; expected figures in tests/test_insight.py (EXPECTED)."""
    made = []
    for n in range(7):
        made.append(
            job_seeker(
                f"js-{n}",
                at(DAY_1, 9 + n),
                treated=n < 5,
                misses=[1, 1, 3, 0, 0, 0, 0][n],
                score="down" if n == 6 else "up" if n < 6 else None,
                secret=SECRET_TEXTS[1] if n == 2 else "",
            )
        )
    made += [employer(f"wg-{n}", at(DAY_2, 10 + n), missed=n == 0, score="up" if n < 2 else None) for n in range(3)]
    made += [professional(f"pro-{n}", at(DAY_2, 14 + n)) for n in range(2)]
    made.append(crisis("crisis-person", at(DAY_3, 22)))
    made.append(human_route("rest-user-42", at(DAY_3, 23)))
    made.append(Script("only-opened", at(DAY_3, 12)).opening())  # no message of the person
    made.append(job_seeker("earlier", at(BEFORE, 12), treated=True, misses=1, score="up"))
    return made


def fill(store: Any) -> None:
    """Stores every scripted conversation through the tracker store, as the bot would."""
    for script in scripts():
        asyncio.run(store.save(script.tracker))
