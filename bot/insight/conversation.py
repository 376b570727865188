"""One stored conversation, read from its tracker events (dicts as Rasa stores them), reduced
to what the statistics count: no message text, no gemeente, nothing a person wrote.

What signals what (the dialogue sends every reply as a named response, and Rasa keeps the name
in the bot event's metadata as `utter_action`):
- a turn: a user message, except the widget's own opening "/greet" (a payload without display);
- not understood: a turn whose replies include one of FALLBACK_RESPONSES;
- the role: the `role` slot; how far the guide got: the `dialogue` slot (bot/dialogue/state.py);
- referrals: a turn with one of ADVICE_RESPONSES, the referrals recomputed from the dialogue's
  state after that turn by bot/referral.py (the advice text holds only their Dutch wording);
- the human route: the FAQ answer `human_handoff`; crisis replies: every `utter_crisis*`;
- feedback: the `feedback` slot events the widget's feedback button writes (bot/insight/feedback.py).
"""

from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

from bot.dialogue.advice import referrals_for_state
from bot.dialogue.facts import ROLE_EMPLOYER, ROLE_JOB_SEEKER, ROLE_PROFESSIONAL
from bot.dialogue.state import GUIDE, State
from bot.insight import feedback
from bot.referral import (
    Referral,
)

ROLES = (ROLE_JOB_SEEKER, ROLE_EMPLOYER, ROLE_PROFESSIONAL)
NO_ROLE = "none"

# The replies that say "I did not understand you" (bot/dialogue/engine.py: not_understood,
# miss_at_question), and "I have no good answer to that question" (utter_question_unknown: the
# message was read, but the bot could not help with it; on the review list it is the question a
# content editor may want to answer). Matched on the response's base name (without the voice).
FALLBACK_RESPONSES = frozenset(
    {"utter_rephrase", "utter_rephrase_options", "utter_main_options", "utter_offer_skip", "utter_question_unknown"}
)
FALLBACK_PREFIX = "utter_not_understood"
# The replies that carry the referral advice for the dialogue's current facts.
ADVICE_RESPONSES = frozenset({"utter_advice", "utter_employer_advice", "utter_next_steps"})
WSP_FOR_REGION = "utter_wsp_for_region"
BENEFIT_WORRY = "utter_benefit_worry"
FAQ_PREFIX = "utter_faq/"
HUMAN_ROUTE_FAQ = "human_handoff"
CRISIS_PREFIX = "utter_crisis"

# How far someone got in the guide, in order (job seekers and professionals: the guide is theirs).
STAGES = ("role", "guide_started", "guide_done", "summary_confirmed", "advice")

# A payload the widget sends by itself (the opening greeting) is not a message of the person.
WIDGET_OPENING = "/greet"


def base_name(response: str) -> str:
    return response.split("__")[0]


def is_fallback(response: str) -> bool:
    base = base_name(response)
    return base.startswith(FALLBACK_PREFIX) or base in FALLBACK_RESPONSES


def faq_key(response: str) -> Optional[str]:
    base = base_name(response)
    return base[len(FAQ_PREFIX) :] if base.startswith(FAQ_PREFIX) else None


def feedback_kind(response: str) -> Optional[str]:
    """ "referral" or "faq" for the answers people may rate (bot/insight/feedback.py), else None."""
    base = base_name(response)
    if base in ADVICE_RESPONSES or base in (WSP_FOR_REGION, BENEFIT_WORRY):
        return "referral"
    if faq_key(response) is not None:
        return "faq"
    return None


def referrals_in_state(value: Any) -> Tuple[List[Referral], Optional[str]]:
    """The referrals the advice gives for a dialogue state, and the state's arbeidsmarktregio.

    The same choice as the advice in bot/dialogue/engine.py (tests/test_insight.py holds them
    together): employers by goal and region, people keeping a job, everybody else as job seekers
    (as a professional reads them when their own work is one of the referrals).
    """
    state = State.from_slot(value)
    region = state.facts.get("region")
    return referrals_for_state(state), region if isinstance(region, str) and region else None


@dataclass
class Turn:
    """One user message and the replies to it."""

    timestamp: float
    counted: bool  # a message of the person (not the widget's opening)
    intent: Optional[str] = None
    confidence: Optional[float] = None
    guessed_intent: Optional[str] = None  # the best intent other than "not understood"
    payload: bool = False
    responses: List[str] = field(default_factory=list)
    state: Any = None  # the dialogue slot after the turn

    @property
    def not_understood(self) -> bool:
        return any(is_fallback(r) for r in self.responses)


@dataclass
class Conversation:
    """What the statistics count of one conversation. `turns` keeps, per turn, only names and
    numbers; the text of a message is read separately, for the review list (bot/insight/review.py)."""

    started: Optional[float] = None  # the first message of the person
    role: Optional[str] = None
    stages: Set[str] = field(default_factory=set)
    turns: List[Turn] = field(default_factory=list)
    referrals: Set[str] = field(default_factory=set)
    regions: Set[str] = field(default_factory=set)
    human_route: int = 0
    crisis_replies: int = 0
    faq_answers: int = 0
    feedback: List[Dict[str, Any]] = field(default_factory=list)

    @property
    def counted_turns(self) -> List[Turn]:
        return [t for t in self.turns if t.counted]

    @property
    def not_understood_turns(self) -> int:
        return sum(1 for t in self.counted_turns if t.not_understood)


def as_dict(value: Any) -> Dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _user_turn(event: Dict[str, Any]) -> Turn:
    text = event.get("text")
    text = text if isinstance(text, str) else ""
    metadata = as_dict(event.get("metadata"))
    parse = as_dict(event.get("parse_data"))
    intent = as_dict(parse.get("intent"))
    ranking = parse.get("intent_ranking")
    ranking = ranking if isinstance(ranking, list) else []
    payload = text.startswith("/")
    opening = payload and text.split("{")[0] == WIDGET_OPENING and not metadata.get("display")
    guessed = next(
        (r.get("name") for r in ranking if isinstance(r, dict) and r.get("name") not in (None, "nlu_fallback")),
        intent.get("name") if intent.get("name") != "nlu_fallback" else None,
    )
    confidence = intent.get("confidence")
    return Turn(
        timestamp=float(event.get("timestamp") or 0.0),
        counted=not opening,
        intent=intent.get("name"),
        confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
        guessed_intent=guessed,
        payload=payload,
    )


def _stages(value: Any) -> Set[str]:
    state = State.from_slot(value)
    reached = set()
    if state.role:
        reached.add("role")
    guide_answers = [key for key in GUIDE if key in state.answers]
    if guide_answers or state.asking in GUIDE[1:]:
        reached.add("guide_started")
    if len(guide_answers) == len(GUIDE):
        reached.add("guide_done")
    if state.confirmed:
        reached.add("summary_confirmed")
    if state.advised:
        reached.add("advice")
    return reached


def _close_turn(conversation: Conversation, turn: Optional[Turn]) -> None:
    if turn is None:
        return
    bases = [base_name(r) for r in turn.responses]
    if any(b in ADVICE_RESPONSES for b in bases) and turn.state is not None:
        referrals, region = referrals_in_state(turn.state)
        conversation.referrals.update(r.target for r in referrals)
        if region:
            conversation.regions.add(region)
    if WSP_FOR_REGION in bases:
        conversation.referrals.add("wsp")
    if BENEFIT_WORRY in bases:
        conversation.referrals.add("benefit_counseling")


def read(events: Iterable[Dict[str, Any]]) -> Conversation:
    """The counts of one conversation from its events in stored order. Anything unexpected in an
    event (a missing field, a value of another type) is skipped, never an error."""
    conversation = Conversation()
    turn: Optional[Turn] = None
    for event in events:
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        if kind == "user":
            _close_turn(conversation, turn)
            turn = _user_turn(event)
            conversation.turns.append(turn)
            if turn.counted and conversation.started is None:
                conversation.started = turn.timestamp
        elif kind == "bot":
            response = as_dict(event.get("metadata")).get("utter_action")
            if not isinstance(response, str):
                continue
            if turn is not None:
                turn.responses.append(response)
            if base_name(response).startswith(CRISIS_PREFIX):
                conversation.crisis_replies += 1
            key = faq_key(response)
            if key is not None:
                conversation.faq_answers += 1
                if key == HUMAN_ROUTE_FAQ:
                    conversation.human_route += 1
        elif kind == "slot":
            name, value = event.get("name"), event.get("value")
            if name == "role" and value in ROLES:
                conversation.role = value
            elif name == "dialogue" and isinstance(value, dict):
                conversation.stages |= _stages(value)
                if turn is not None:
                    turn.state = value
            elif name == feedback.SLOT:
                given = feedback.from_slot(value)
                if given is not None:
                    # One rating per answer: a comment sent after the thumb, or a changed
                    # mind, replaces the earlier rating of that answer.
                    conversation.feedback = [f for f in conversation.feedback if f["response"] != given["response"]]
                    conversation.feedback.append(given)
    _close_turn(conversation, turn)
    return conversation
