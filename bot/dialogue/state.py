"""What the dialogue remembers between turns. Stored in one Rasa slot (`dialogue`) as a dict,
so it survives a reload and a restart with the tracker store."""

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Dict, List, Optional

# The questions the bot can be waiting for an answer to (State.asking).
ROLE = "role"
CONSENT = "consent"
GUIDE = (
    "guide_meaning",
    "guide_fitting_work",
    "guide_likes",
    "guide_possibilities",
    "guide_best_situation",
    "guide_support",
)
FACTS = ("in_treatment", "wants_paid_work", "benefit", "gemeente")
CONFIRM_SUMMARY = "confirm_summary"
WHICH_ITEM = "which_item"
EMPLOYER_GOAL = "employer_goal"
ANYTHING_ELSE = "anything_else"
SKIP_OFFER = "skip_offer"
# The crisis thread (State.crisis).
CRISIS_CHECK = "check"  # "Bedoel je dat je aan zelfdoding denkt?" asked
CRISIS_THREAD = "thread"  # the crisis reply given; stays until the person is safe or goes on
CRISIS_HELPER = "helper"  # someone is worried about another person; stays until they go on


@dataclass
class State:
    role: Optional[str] = None  # werkzoekende | werkgever | professional
    asking: Optional[str] = None  # the question the bot waits for, see above
    answers: Dict[str, str] = field(default_factory=dict)  # guide answers
    facts: Dict[str, Any] = field(default_factory=dict)  # routing facts, see bot/dialogue/facts.py
    employer_goal: Optional[str] = None  # hire | network | keep_employee
    consent: Optional[str] = None  # the professional's client consents: ja | nee
    keep_summary: Optional[bool] = None  # ... and to the intake summary being kept (bot/intake.py)
    confirmed: bool = False  # the summary was confirmed
    advised: bool = False  # the advice was given for the facts as they are now
    advice_given: Optional[str] = None  # the text of the last advice given (the same again is not repeated)
    welcomed: bool = False  # the bot has introduced itself
    paused: Optional[str] = None  # the question to go back to after "stop" or a crisis
    own_work: Optional[str] = (
        None  # a professional's own work when it is a referral target: jobcoach | ips | gemeente | uwv
    )
    for_relative: bool = False  # someone asks for a family member or friend, not for themselves
    relative: Optional[str] = None  # who that is, in the speaker's word ("zoon"), for the advice's voice
    relative_facts: Dict[str, Any] = field(default_factory=dict)  # routing facts about that person
    relative_gender: Optional[str] = None  # male | female, from the helper's "ze"/"hij" when no word says it
    employee_gender: Optional[str] = (
        None  # male | female: an employer's "ze"/"medewerkster" (the texts' "hij" becomes "zij")
    )
    crisis_acute: bool = False  # the crisis thread began with something dangerous done (pills taken)
    crisis_unsafe: bool = False  # in the crisis thread the person said they are not safe (until they say they are)
    crisis_disclosed: bool = False  # the person told of thoughts of suicide (full reply given, not a misreading)
    crisis_seen: bool = False  # a crisis reply was given in this conversation (the goodbye keeps 113)
    pending_answer: Optional[str] = None  # an answer held while the crisis check question waits
    pending_question: Optional[str] = None  # a question asked in the message that raised the check question
    pending_role: Optional[str] = None  # who the first message said the person is, held while the check question waits
    stopped: bool = False  # "stop" was said: no question until "verder" or a new start
    crisis: Optional[str] = None  # None | check | thread | helper
    misses: int = 0  # not-understood turns in a row
    off_topic: int = 0  # off-topic messages in a row
    frustrated: int = 0  # complaints about the bot in a row
    question_misses: int = 0  # failed answers to the question being asked
    after_crisis: bool = False  # the last turn gave a crisis reply
    crisis_turns: int = 0  # supportive replies given in the crisis thread, to vary them
    last_faq: Optional[str] = None  # the FAQ answered in the last turn (the WSP answer invites a gemeente)
    last_yes_no: Optional[str] = None  # the yes/no fact answered last ("toch wel" changes it)
    erase_asked: bool = False  # "Wil je dat ik dit gesprek wis?" was asked in the last turn
    masked_noted: bool = False  # the bot said it removed personal data (once per conversation)
    place_options: List[str] = field(default_factory=list)  # "Welke gemeente bedoel je?" was asked about these
    last_only: Optional[str] = None  # "Heb je nog een vraag?" or "geen goed antwoord" was the last turn's only reply
    stopped_reminders: int = 0  # "We zijn gestopt" said while stopped, to vary it
    other_places: List[str] = field(default_factory=list)  # more gemeenten an employer has sites in
    pending_items: List[int] = field(default_factory=list)  # "4 en 5 kloppen niet": 5 is asked after 4
    # What a professional told about the client while the client did not (yet) take part: only
    # for the general route, and into the intake once the client agrees (then not asked again).
    held_facts: Dict[str, Any] = field(default_factory=dict)

    def to_slot(self) -> Dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_slot(cls, value: Any) -> "State":
        """The stored state; anything unreadable starts a fresh one rather than failing."""
        if not isinstance(value, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        try:
            state = cls(**{k: v for k, v in value.items() if k in known})
        except TypeError:
            return cls()
        state.answers = dict(state.answers) if isinstance(state.answers, dict) else {}
        state.facts = dict(state.facts) if isinstance(state.facts, dict) else {}
        state.relative_facts = dict(state.relative_facts) if isinstance(state.relative_facts, dict) else {}
        state.held_facts = dict(state.held_facts) if isinstance(state.held_facts, dict) else {}
        pending = state.pending_items if isinstance(state.pending_items, list) else []
        state.pending_items = [n for n in pending if isinstance(n, int) and not isinstance(n, bool)]
        return state

    def copy(self) -> "State":
        return State.from_slot(self.to_slot())
