"""The dialogue: state + understood message -> next state + replies. Pure, no Rasa.

One turn, in this order (docs/DIALOGUE.md has the diagram):
  1. crisis, on every message, before anything else; then "wis dit gesprek" (deleting by chat);
  2. the crisis thread, while it is open: supportive replies, never the menu or a fallback;
  3. commands said clearly (stop, opnieuw, verder, sla over, iets aanpassen);
  4. the answer to the question the bot asked, if the message is one;
  5. everything else the message says: role, facts, questions (FAQ, medicine, a person);
  6. then the conversation goes on: the next question that is still open is asked.
Whatever happens, a turn ends with at least one reply and at most four.
"""

import dataclasses
import re
from functools import lru_cache
from typing import Any, Dict, List, Optional, Pattern, Tuple

from bot import intake, knowledge, render
from bot.crisis.detector import cues as crisis_cues
from bot.dialogue import language
from bot.dialogue.advice import referrals_for_state
from bot.dialogue.facts import (
    ROLE_EMPLOYER,
    ROLE_JOB_SEEKER,
    ROLE_PROFESSIONAL,
    Fact,
    is_background,
    leftover_words,
    primary_care_in,
    read_facts,
    role_in,
)
from bot.dialogue.message import CONFIDENT, CRISIS_SURE, FALLBACK, NO_CRISIS, Reply, Understood
from bot.dialogue.state import (
    ANYTHING_ELSE,
    CONFIRM_SUMMARY,
    CONSENT,
    CRISIS_CHECK,
    CRISIS_HELPER,
    CRISIS_THREAD,
    EMPLOYER_GOAL,
    FACTS,
    GUIDE,
    ROLE,
    WHICH_ITEM,
    State,
)
from bot.referral import (
    NO,
    UNKNOWN,
    YES,
    JobSeekerFacts,
    Referral,
    referrals_for_job_keeper,
    referrals_for_job_seeker,
)
from bot.regions import (
    find_gemeenten,
    found_gemeente,
    lookup_gemeente,
    name_key,
    option_in_province,
    province_in,
    region_of_province,
    shared_name_in,
)

MAX_REPLIES = 4
SKIPPED = "overgeslagen"
YES_NO_FACTS = ("in_treatment", "wants_paid_work")
# Longest stored free-text answer: enough for a long answer, not for a pasted book.
MAX_ANSWER_CHARS = 1000
# A short "weet ik niet" skips a question; a longer answer that contains it is kept.
SKIP_MAX_WORDS = 5
# A yes/no read from a message this long or shorter; longer text needs a clearer sign.
SHORT_ANSWER_WORDS = 6
# How sure the FAQ selector must be before a question inside the guide is taken as a question.
FAQ_CONFIDENT = 0.5
# The least the FAQ selector must give its answer before a question gets it.
FAQ_LEANS = 0.3
# How sure the NLU must be to answer a FAQ for a message that is not put as a question.
SURE = 0.85
# How likely a meaning must be to be offered as a button after a message was not understood.
SUGGEST = 0.15
# How sure the FAQ selector must be to answer a question that ends a message about something else.
EMBEDDED_FAQ = 0.9
NOT_SUGGESTED = ("english", "medical_advice", "bot_challenge")
# Answers for employers only: never to someone worried about another person's safety.
# The crisis tier of danger happening now to another person (the engine's reading of "acute").
OTHER_ACUTE = "other_acute"
# Replies that give a route (the advice): a question they answer needs no "geen goed antwoord".
ROUTE_REPLIES = ("utter_employer_advice", "utter_advice", "utter_professional_route", "utter_for_a_relative_route")
EMPLOYER_ONLY_FAQ = ("employer_sick_leave", "employer_health_questions", "employer_support")

ROLE_INTENTS = {
    "role_job_seeker": ROLE_JOB_SEEKER,
    "role_employer": ROLE_EMPLOYER,
    "role_professional": ROLE_PROFESSIONAL,
}
EMPLOYER_GOALS = {"employer_hire": "hire", "employer_network": "network", "employer_keep_employee": "keep_employee"}
PAYLOAD_COMMANDS = {
    "stop": "stop",
    "start_over": "start_over",
    "continue": "continue",
    "skip": "skip",
    "correct_answer": "correct",
}
YES_NO_INTENTS = {"affirm": YES, "deny": NO, "dont_know": UNKNOWN}
# Right after a crisis reply, a menu or "Sorry, dat begreep ik niet" would drop the subject:
# the bot says this instead (with 113 in it) and goes on from there.
MENU_OR_FALLBACK = {
    "utter_not_understood_after_advice",
    "utter_not_understood_after_advice_2",
    "utter_ask_role",
    "utter_what_now",
    "utter_rephrase",
    "utter_main_options",
    "utter_not_understood_3",
    "utter_not_understood_role",
    "utter_not_understood_role_again",
    "utter_nothing_to_resume",
    "utter_capabilities",
    "utter_what_next",
    "utter_rephrase_options",
}
AFTER_CRISIS = "utter_crisis_gentle"
# Personal data the channel masked (bot/privacy.py): said once per conversation.
PERSONAL_DATA_NOTICE = "utter_personal_data_removed"
# "wis dit gesprek", confirmed: action_dialogue marks the turn, and the tracker store deletes
# the conversation instead of saving it (docs/PRIVACY.md).
ERASE_DONE = "utter_erase_done"
# The professional's intake record (docs/PRIVACY.md): the dialogue only says which; the action
# fills in the code and the link, and the tracker store stores or deletes the record.
INTAKE_STORED, INTAKE_NOT_KEPT = "utter_intake_stored", "utter_intake_not_kept"
INTAKE_KEEP_UNASKED = "utter_intake_keep_unasked"
INTAKE_DELETED, INTAKE_DELETE_NO_CODE = "utter_intake_deleted", "utter_intake_delete_no_code"


def detector_says_nothing(part: str) -> bool:
    """No crisis word or phrase of the detector's patterns in this part of a message."""
    found = crisis_cues(part)
    return not (found.signal or found.ambiguous or found.risk_word)


def typed_button(message: Understood) -> Understood:
    """A button's title typed as text ("een medewerker met psychische klachten", "Ik help een
    naaste"): the button itself, so a typed choice is understood like a pressed one."""
    if message.payload or message.crisis != NO_CRISIS or len(message.text) > 60:
        return message
    typed = language.plain(message.text).strip(" .!?")
    for intent, button in knowledge.labels()["suggestions"].items():
        if typed == language.plain(str(button["title"])).strip(" .!?") and re.fullmatch(r"/\w+", button["payload"]):
            if any(f.stated for f in read_facts(message.text).values() if f.name != "role"):
                return message  # "ik zoek werk" also says a wish for work: read as typed
            return dataclasses.replace(
                message, text=str(button["payload"]), intent=intent, confidence=1.0, payload=True
            )
    return message


def step(state: State, message: Understood) -> Tuple[State, List[Reply]]:
    """The dialogue's answer to one message."""
    message = typed_button(message)
    if not message.payload:
        # "zei ik toch, 3 ochtenden": the answer said again is the message; the complaint in it
        # is heard, not answered as one
        said_again = language.without_said_before(message.text)
        # ("bij 1 zei ik toch geld verdienen": "zei ik" marks the summary item's new text; kept)
        numbered = re.search(r"\b(bij|punt|vraag|nummer) (10|[1-9])\b", language.plain(message.text))
        if not numbered and said_again != message.text.strip() and re.search(r"[^\W\d_]{2}|\d", said_again):
            message = dataclasses.replace(message, text=said_again)
    turn = _Turn(state.copy(), message)
    turn.run()
    if not any(r.key.startswith("utter_out_of_scope") for r in turn.replies):
        turn.state.off_topic = 0
    if not any(r.key.startswith("utter_frustration") for r in turn.replies):
        turn.state.frustrated = 0
    if not turn.replies:  # every message gets an answer, whatever the state
        turn.state.misses = state.misses
        turn.not_understood()
    turn.personal_data_notice(noted_before=state.masked_noted)
    replies = fit(turn.replies)
    # "oke", "misschien", "toch niet" after the advice: "Heb je nog een vraag?" in two wordings
    # in turn, never the same text three times running.
    keys = [r.key for r in replies]
    if keys == ["utter_anything_else"] and state.last_only == "utter_anything_else":
        replies = [Reply("utter_anything_else_2")]
    if len(keys) == 1 and keys[0].startswith("utter_question_unknown") and state.last_only == keys[0]:
        # three questions in a row with no answer here: not the same words three times
        replies = [Reply(keys[0].replace("utter_question_unknown", "utter_question_unknown_again"))]
        if replies[0].key not in knowledge.response_names():
            replies = [Reply("utter_question_unknown_again")]
    intros = ("utter_keep_job_intro", "utter_keep_job_intro_question")
    if any(k in intros for k in keys) and not any(k.startswith("utter_ask_") for k in keys):
        # everything needed is known: no "Ik stel je een korte vraag" without a question
        replies = [Reply("utter_keep_job_intro_known") if r.key in intros else r for r in replies]
    known = turn.state.relative_facts
    if keys == ["utter_relative_go_on"] and all(
        known.get(k) not in (None, UNKNOWN) for k in ("in_treatment", "benefit")
    ):
        # everything the route needs is known: not asked for again
        replies = [Reply("utter_relative_go_on_known", replies[0].values)]
    elif keys == ["utter_relative_go_on"] and state.last_only == "utter_relative_go_on":
        replies = [Reply("utter_relative_go_on_2", replies[0].values)]
    # An honest "geen goed antwoord" that names who knows: for someone keeping a job the
    # bedrijfsarts and the huisarts, for an employer with a sick employee the bedrijfsarts.
    keeps_job = (
        turn.state.role == ROLE_JOB_SEEKER
        and turn.state.facts.get("has_job") == YES
        and not language.matches("names_an_office", message.text)  # "wat zeg ik tegen uwv?": UWV knows
    )
    sick_employee = turn.state.role == ROLE_EMPLOYER and turn.state.employer_goal == "keep_employee"
    swap = {}
    if keeps_job:
        swap = {
            "utter_question_unknown": "utter_question_unknown_keep_job",
            "utter_not_understood_after_advice": "utter_not_understood_after_advice_keep_job",
            "utter_faq_again": "utter_faq_again_keep_job",
        }
    elif sick_employee:
        swap = {
            "utter_question_unknown__werkgever": "utter_question_unknown_sick_employee",
            "utter_faq_again__werkgever": "utter_faq_again_sick_employee",
        }
    elif turn.state.role == ROLE_JOB_SEEKER and turn.state.facts.get("in_treatment") == NO:
        # (not "of aan je behandelaar als je die hebt" to someone who said there is none)
        swap = {
            "utter_question_unknown": "utter_question_unknown_no_treatment",
            "utter_question_unknown_again": "utter_question_unknown_again_no_treatment",
        }
    if swap:
        replies = [Reply(swap.get(r.key, r.key), r.values, r.buttons) for r in replies]
    replies = [office_named(r, turn.state) for r in replies]
    if any(r.key == "utter_benefit_worry" for r in replies):
        # the route for the fear of losing a benefit says who knows its rules: not both
        replies = [r for r in replies if not r.key.startswith("utter_faq/benefit_rules")]
    if any(r.key.split("__")[0] in ROUTE_REPLIES or r.key.startswith("utter_faq/") for r in replies):
        # "hoe voorkomen we dat hij uitvalt?" answered by the route given in the same turn, or a
        # question answered from the FAQ: no "geen goed antwoord" beside it
        replies = [r for r in replies if not r.key.startswith("utter_question_unknown")]
    alone = len(replies) == 1 and replies[0].key.startswith(
        ("utter_anything_else", "utter_question_unknown", "utter_relative_go_on")
    )  # ("utter_relative_go_on_known" too: it starts the same)
    turn.state.last_only = replies[0].key if alone else None
    return turn.state, replies


def office_named(reply: Reply, state: State) -> Reply:
    """ "Op die vraag heb ik geen goed antwoord" to a job seeker whose benefit the bot knows:
    ask UWV for a WW question, the gemeente for a bijstand one, not "je gemeente of UWV, of je
    behandelaar als je die hebt"."""
    plain_keys = {
        "utter_question_unknown": "utter_question_unknown_office",
        "utter_question_unknown_no_treatment": "utter_question_unknown_office",
        "utter_question_unknown_again": "utter_question_unknown_again_office",
        "utter_question_unknown_again_no_treatment": "utter_question_unknown_again_office",
    }
    benefit = state.facts.get("benefit")
    office = "gemeente" if benefit == "bijstand" else "uwv" if benefit in ("ww", "wia", "wajong", "ziektewet") else None
    if reply.key not in plain_keys or state.role != ROLE_JOB_SEEKER or office is None:
        return reply
    labels = knowledge.labels()
    care = labels["unknown_care"].get(str(state.facts.get("in_treatment")), labels["unknown_care"]["onbekend"])
    names = labels["unknown_office"][office]
    return Reply(plain_keys[reply.key], {"office": names["ask"], "office_short": names["short"], "care": care})


def erase_confirmed(replies: List[Reply]) -> bool:
    """Whether this turn's replies say the conversation is being erased."""
    return any(r.key.split("__")[0] == ERASE_DONE for r in replies)


# What may go when a turn has more to say than fits in four messages, first to go first. A
# crisis reply, an answer and the next question always stay.
DROPPABLE = (
    "utter_fact_known",
    "utter_question_in_advice",
    "utter_fact_noted",
    "utter_gemeente_corrected",
    "utter_facts_intro",
    "utter_facts_intro_one",
    "utter_greet_again",
    "utter_intro_short",
    "utter_job_seeker_intro",
)


def fit(replies: List[Reply]) -> List[Reply]:
    """At most MAX_REPLIES messages in a turn."""
    replies = list(replies)
    for key in DROPPABLE:
        if len(replies) <= MAX_REPLIES:
            break
        replies = [r for r in replies if r.key.split("__")[0] != key]
    if len(replies) > MAX_REPLIES:
        replies = replies[: MAX_REPLIES - 1] + replies[-1:]
    return replies


# Meanings that only an employer has: not suggested to someone who said another role.
EMPLOYER_MEANINGS = ("role_employer", "employer_hire", "employer_network", "employer_keep_employee")


def is_employer_topic(key: str) -> bool:
    """An FAQ topic asked from the employer's side ("Hoe houd ik contact met een zieke medewerker?")."""
    entry = knowledge.faq().get(key) or {}
    return key.startswith("employer_") or entry.get("speaker") == "werkgever"


# Below this risk of the crisis detector's classifier, a message without a word of risk sent
# after the check question is about something else (the reply says it was read as a no).
UNRELATED_RISK = 0.2


class _Turn:
    def __init__(self, state: State, message: Understood) -> None:
        self.state = state
        self.msg = message
        self.replies: List[Reply] = []
        self.facts: Dict[str, Fact] = read_facts(message.text, message.entities)
        if (
            state.role == ROLE_JOB_SEEKER
            and state.asking in GUIDE
            and state.facts.get("wants_paid_work") == YES
            and state.facts.get("has_job") is None
            and self.facts.get("has_job") == Fact("has_job", YES, True)
            and not language.matches("job_worry", message.text)
            and not language.matches("has_job_keep", message.text)
        ):
            # "ik werk nu 32 uur, dat gaat qua uren" in the answers of someone looking for (other)
            # work: the job is part of the answer, not a switch to the route for keeping it
            del self.facts["has_job"]
        speaker = self.facts["role"].value if "role" in self.facts else state.role
        if (
            speaker == ROLE_EMPLOYER
            and "gemeente" in self.facts
            and language.matches("someone_elses_home", message.text)
        ):
            # "hij woont bij alkmaar": the candidate's home, not the place of the business (its WSP)
            rest = read_facts(language.pattern("someone_elses_home").sub(" , ", message.text))
            for name in ("gemeente", "region"):
                self.facts.pop(name, None)
                if name in rest:
                    self.facts[name] = rest[name]
        self.understood = False  # something in the message was understood and answered
        self.first_turn = not state.welcomed
        self.menu_shown = False  # a reply already offers the choices of the open menu question
        self.facts_changed = False
        self.previous_faq = state.last_faq  # the FAQ answer the previous turn gave, if any
        state.last_faq = None  # (only this turn's answer is the next turn's "previous")
        self.after_crisis = state.after_crisis  # the previous turn gave a crisis reply
        state.after_crisis = False
        self.erase_asked = state.erase_asked  # the last turn asked "Wil je dat ik dit gesprek wis?"
        state.erase_asked = False
        self.erased = False
        self.left_helper_thread = False  # a work question ended the helper's thread this turn
        self.hold_question = False  # a question of this turn waits first ("Welke gemeente bedoel je?")
        self.resumed = False  # a paused question was taken up again by an answer this turn
        self.place_options = list(state.place_options)  # the last turn asked which of these is meant
        state.place_options = []

    # --- output ----------------------------------------------------------------------------
    def say(self, key: str, buttons: Tuple[Dict[str, str], ...] = (), **values: str) -> None:
        """Adds a reply in the speaker's voice: `utter_x__professional` when that exists."""
        closing = (
            "utter_crisis_misread",
            "utter_crisis_check_no",
            "utter_crisis_check_unrelated",
            "utter_crisis_helper_done",
            "utter_crisis_go_on",
        )
        if key.startswith("utter_crisis") and key not in closing:
            self.state.after_crisis = True
        elif self.after_crisis and key in MENU_OR_FALLBACK:
            if any(r.key == AFTER_CRISIS for r in self.replies):
                return
            key, buttons, values = AFTER_CRISIS, (), {}
        s = self.state
        reply = Reply(voiced(key, s.role, s.own_work, s.employee_gender), {**self.pronouns(), **values}, tuple(buttons))
        if reply in self.replies:
            return  # two paths of one turn reaching the same text: it is said once
        self.replies.append(reply)

    def pronouns(self) -> Dict[str, str]:
        """{hij}/{hem}/{zijn} for a helper who said who it is about ("mijn zoon": hij); none
        otherwise (the texts then say "hij of zij")."""
        s = self.state
        if not (s.for_relative or s.crisis == CRISIS_HELPER):
            return {}
        noun = s.relative or language.relative_noun(self.msg.text)
        known = render.pronoun_values(noun, s.relative_gender or language.pronoun_gender(self.msg.text))
        return known if known != render.pronoun_values(None) else {}

    def ask(self, question: str) -> None:
        self.state.asking = question
        # Open questions carry a "Sla over" button: someone who only uses buttons can go on too.
        buttons = (render.skip_button(),) if question in GUIDE or question == "gemeente" else ()
        self.say(f"utter_ask_{question}", buttons=buttons)

    # --- the turn --------------------------------------------------------------------------
    def run(self) -> None:
        s, m = self.state, self.msg
        if not m.payload:
            # "trajectbegeleider hier", "ik als IPS-begeleider": the advice does not send a
            # professional to their own kind of help
            # ("wij hebben als team geen IPS-trajectbegeleider", "ik ben geen jobcoach": not one's work)
            said = re.sub(r"\b(geen|zonder|niet de|niet een|nee)\s+([\w-]+\s+){0,1}[\w-]+", " ", language.plain(m.text))
            own = next(
                (
                    w
                    for w in ("ips", "jobcoach", "gemeente", "uwv", "behandelaar", "poh")
                    if language.matches(f"own_work_{w}", said)
                ),
                None,
            )
            professional = (
                s.role == ROLE_PROFESSIONAL
                or language.matches("role_professional", m.text)
                or m.is_intent("role_professional")  # "ik ben ips trajectbegeleider bij lentis"
            )
            if own and professional:
                s.own_work = own
                if own in ("ips", "behandelaar") and s.facts.get("in_treatment") in (None, UNKNOWN):
                    s.facts["in_treatment"] = YES  # IPS is support within GGZ treatment (KNOWLEDGE: IPS access)
        if not m.payload and (s.role in (None, ROLE_EMPLOYER)):
            # "mijn medewerkster ...", "mag ik haar bellen?": the employer's texts say "zij"
            female = "female" if language.matches("employee_female", m.text) else None
            # ("kan ik bij de ggz vragen of ze iemand hebben": "ze" is the GGZ, not an employee)
            named = None if language.matches("they_plural", m.text) else language.pronoun_gender(m.text)
            s.employee_gender = female or named or s.employee_gender
        self.note_other_places()
        if not m.payload and s.facts.get("primary_care") == "huisarts" and language.matches("no_primary_care", m.text):
            del s.facts["primary_care"]  # "ik krijg GEEN hulp van de huisarts": that line goes
            self.facts_changed = True
        tier = self.crisis_tier()
        if tier != NO_CRISIS:
            return self.crisis(tier)
        if self.delete_intake():
            return
        if self.keep_intake_later():
            return
        if self.erase_asked and self.erase_answer():
            return
        if self.wants_erase():
            return self.offer_erase()
        if s.crisis == CRISIS_CHECK:
            return self.crisis_check_answer()
        if s.crisis == CRISIS_THREAD:
            return self.crisis_thread()
        if s.crisis == CRISIS_HELPER and not self.leaves_helper_thread():
            return self.helper_thread()
        if not s.welcomed:
            s.welcomed = True
            if (m.is_intent("greet") or language.is_greeting(m.text)) and not self.facts:
                self.say("utter_welcome")
                return self.go_on()
            self.say("utter_intro_short")
        if (
            not m.payload
            and s.role in (None, ROLE_JOB_SEEKER)
            and not s.for_relative
            and language.matches("relapse_signs", m.text)
        ):
            # "ik voel een manie aankomen": today to the behandelaar, not a question about work
            self.understood = True
            self.apply_facts(stated_only=True, acknowledge=False)
            self.say("utter_relapse_signs")
            return self.reask() if s.asking in GUIDE + FACTS else None
        command = self.command()
        if command:
            return self.do_command(command)
        if (
            s.crisis_seen
            and not m.payload
            and not self.left_helper_thread  # (that said "goed dat je dat doet" already; the question is next)
            and language.reaching_out(m.text)
            and not self.stated_facts()
        ):
            self.understood = True
            return self.say("utter_crisis_contacting")  # "dank je, ik ga nu naar 113.nl" after the thread
        if (
            not m.payload
            and not language.is_question(m.text)  # "laat maar, ik bel het wsp. hoe bereik ik die?": the question
            # "laat maar. ik ben 19, woon op urk, geen uitkering ...": a new start, not a goodbye
            and not (len(self.stated_facts()) >= 2 or (self.stated_facts() and language.words(m.text) > 15))
            and (
                language.matches("leave_it", m.text)
                or (language.says_goodbye(m.text) and language.matches("unhelped", m.text))
            )
            # ("ja laat maar zo", "ja laat maar" at the summary: it is right as it is)
            and not (
                s.asking == CONFIRM_SUMMARY
                and (
                    language.matches("keep_as_is", m.text)
                    or re.search(r"\b(ja|jawel|klopt|prima|is goed|goed zo)\b", language.plain(m.text))
                )
            )  # ("laat maar, ja" at the summary: yes, it is right)
        ):
            rest = language.after_first_sentence(m.text)
            if (
                s.asking in GUIDE
                and language.words(rest) >= 3
                and not language.matches("leave_it", rest)
                and not language.says_goodbye(rest)
                and not language.is_closing(rest)
            ):
                # "oke laat maar. mogelijkheden.. ik kan goed met gereedschap": the last topic let
                # go, and an answer given after it
                self.msg = m = dataclasses.replace(m, text=rest)
            else:
                return self.leave_it()  # "laat maar, ik bel het uwv wel", "daar heb ik niks aan. doei"
        if (
            s.role == ROLE_PROFESSIONAL
            and (language.consent_withdrawn(m.text) or language.matches("erase", m.text))
            and not self.asks_how_to_erase()
        ):
            return self.consent_withdrawn()  # about the client: stop the intake, forget the answers
        if self.keep_taken_back():
            m = self.msg
            if not re.search(r"[^\W\d_]{2}", m.text):
                return self.go_on() if s.asking in GUIDE + FACTS else self.reask()
        if self.wants_other_work_now():
            return self.go_on()
        if self.toch():
            return self.go_on()
        if self.about_the_questions():
            return
        if self.frustration():
            return
        if self.for_a_relative():
            return
        chosen = self.chosen_place() if self.place_options else None
        if chosen and self.previous_faq != "wsp" and s.asking in GUIDE:
            # "Welke gemeente bedoel je?" asked beside a guide question ("ik woon in bergen"):
            # the place is noted and that question comes again
            self.understood = True
            s.facts["gemeente"], s.facts["region"] = chosen.name, chosen.region
            self.changed()
            self.say("utter_fact_noted", facts=render.fact_phrases({"gemeente": chosen.name}))
            return self.go_on()
        if chosen and s.asking == "gemeente":
            # "Welke gemeente bedoel je?" at the gemeente question, answered with "limburg"
            self.understood = True
            self.set_gemeente(chosen.name)
            return self.go_on()
        if chosen:
            return self.free_message()  # "Welke gemeente bedoel je?" answered, whatever else was open
        if self.another_site():
            return None
        if s.asking in (*GUIDE, *FACTS, CONFIRM_SUMMARY) and self.items_swapped():
            return self.go_on()
        if s.asking in GUIDE + FACTS and self.item_fixed():
            return self.go_on()
        if s.advised and s.asking in (None, ANYTHING_ELSE) and self.item_fixed():
            # "6: zijn broer en zijn behandelaar" after the advice: the item set right, and the
            # summary shown again to confirm (the advice follows from it)
            self.changed()
            return self.go_on()
        if (
            s.facts.get("has_job") == YES
            and not m.payload
            and (
                (language.matches("has_job_no", m.text) and language.matches("has_job_no_sick", m.text))
                or language.matches("sick_counts_as_job", m.text)
            )
            and not language.matches("has_job_gone", m.text)
        ):
            # "ik werk niet eens meer, ik zit thuis": off sick, the job is still there
            self.understood = True
            self.say("utter_keep_job_sick")
            return self.reask() if s.asking and s.asking != ANYTHING_ELSE else None
        if (
            not m.payload
            and s.asking not in (None, ANYTHING_ELSE, *GUIDE)
            and language.matches("what_is_ggz", m.text)
            and language.is_question(m.text)
        ):
            # "ow toch wel, ik ga naar de poh ggz, telt dat?" at the summary or a fact question:
            # what the bot means by ggz, the help named kept, and the open question again
            self.understood = True
            treated = language.matches("treated_by", m.text)
            if treated and primary_care_in(m.text) is None:
                # "ik zei nee maar ik zie elke 3 maanden een psychiater, telt dat?": yes, it counts
                if s.facts.get("in_treatment") != YES:
                    s.facts["in_treatment"] = YES
                    self.changed()
                    self.say("utter_fact_changed", facts=render.fact_phrases({"in_treatment": YES}))
                return self.reask()
            self.apply_facts(stated_only=True, acknowledge=True, skip="in_treatment")
            self.say("utter_clarify_in_treatment")
            return self.reask()
        if s.asking and self.answer():
            return self.go_on()
        self.free_message()

    def leave_it(self) -> None:
        """ "laat maar, ik bel het uwv wel": the person gives up here for now. At an open question
        that is "stop" (the answers are kept for "verder"); otherwise a goodbye."""
        s = self.state
        self.understood = True
        if s.asking not in (None, ANYTHING_ELSE, ROLE):
            return self.do_command("stop")
        s.asking = None
        s.misses = 0
        if s.advised and not language.matches("unhelped", self.msg.text):
            # "oke, dan bel ik morgen de huisarts wel" after the advice: the next step, no "jammer"
            return self.say("utter_will_contact")
        self.say("utter_goodbye_unhelped")

    def about_the_questions(self) -> bool:
        """ "hoeveel vragen nog?" and "kan ik alle vragen overslaan?" at a question of the flow."""
        s, m = self.state, self.msg
        if (
            s.role
            and s.asking
            and not m.payload
            and language.matches("summary_so_far", m.text)
            and not re.match(r"^\W*(en )?(wie|waar)\b", language.plain(m.text))  # "wie kan die samenvatting zien?"
            and "privacy" not in self.faq_topics()  # "krijgt de gemeente die samenvatting ook te zien?"
        ):
            # "kun je de samenvatting tot nu toe laten zien?": what is known so far, then on
            self.understood = True
            known = render.summary_text({**s.answers, **s.facts}, known_only=True)
            self.say("utter_summary_so_far", summary=known or str(knowledge.labels()["nothing_yet"]))
            if s.asking == ANYTHING_ELSE:
                self.say("utter_anything_else")
            else:
                self.reask()
            return True
        if (
            s.advised
            and s.asking in (None, ANYTHING_ELSE)
            and not m.payload
            and language.matches("why_questions", m.text)
            and not language.matches("vacancy_request", m.text)
        ):
            # "waarom stelde je al die vragen, wat doe je ermee?" after the advice: what they were
            # for, and what is kept of them
            self.understood = True
            self.say("utter_why_questions_after")
            if "privacy" in self.faq_topics() or language.matches("what_is_done_with_it", m.text):
                self.answer_faq("privacy")
            s.asking = ANYTHING_ELSE
            self.say("utter_anything_else")
            return True
        if m.payload or s.asking not in GUIDE + FACTS:
            return False
        if language.matches("skip_all", m.text):
            self.understood = True
            # "zit in de wga, psychiater bij lentis, woon in ulrum. sla de vragen over": the facts count
            self.apply_facts(stated_only=True, acknowledge=False)
            if s.asking in GUIDE:
                # "wat een zweverige vraag. gewoon geld verdienen. kunnen we dit overslaan": the answer
                # said beside it is kept for the question that was open
                answer = self.answer_beside("skip_all", about_questions=True)
                if answer and leftover_words(answer) > 0:
                    s.answers[s.asking] = clean_answer(answer)
            for question in GUIDE:
                s.answers.setdefault(question, SKIPPED)
            s.question_misses = 0
            self.say("utter_skip_all")
            self.go_on()
            return True
        if s.asking in GUIDE and language.matches("why_questions", m.text):
            # "waarom moet ik al die vragen beantwoorden, geef gewoon een vacature": why, and the way out
            self.understood = True
            self.say("utter_why_questions")
            # ("dat ik op mezelf kan wonen. maar waarom moet je dit weten? wie leest dit?": the answer
            # beside it is kept, and who reads it is answered)
            answer = self.answer_beside("why_questions")
            if answer and leftover_words(answer) > 1:
                s.answers[s.asking] = clean_answer(answer)
            if "privacy" in self.faq_topics():
                self.answer_faq("privacy")
            if s.asking in s.answers:
                self.go_on()
            else:
                self.ask(s.asking)
            return True
        if s.asking in FACTS and language.matches("why_questions", m.text):
            # "waarom vraag je dat? ik zei toch de poh": why this fact counts; an answer beside it is taken
            self.understood = True
            self.say("utter_why_fact")
            # An answer beside the why ("waarom vraag je dat? ik zei toch de poh") is taken; the
            # why alone gets the question again, without "Dat begreep ik niet"
            rest = language.sentences_without(m.text, lambda p: language.matches("why_questions", p))
            if s.asking and re.search(r"[^\W\d_]{2}", rest or "") and self.answer():
                self.go_on()
            else:
                self.reask()
            return True
        if (
            s.asking in GUIDE
            and language.matches("impatience", m.text)
            and not language.matches("questions_left", m.text)
            and language.answer_of(m.text) != UNKNOWN  # "boeie": a question skipped
        ):
            # "kan dit wat sneller, ik wil gewoon een baan": no answer, the way to fewer questions
            # (facts said beside it count); "schiet op, iets met dieren" is an answer
            clauses = [c for c in re.split(r"[,.;!?]+", m.text) if re.search(r"[^\W\d_]{3}", c)]
            other = [
                c
                for c in clauses
                if not language.matches("impatience", c) and not self.states_a_fact(c) and not role_in(c)
            ]
            if not other:
                self.understood = True
                self.apply_facts(stated_only=True, acknowledge=False)
                self.say("utter_impatience")
                self.go_on()
                return True
        if language.matches("questions_left", m.text):
            self.understood = True
            first, rest = language.first_sentence(m.text)
            if (
                s.asking in GUIDE
                and rest
                and not language.matches("questions_left", first)
                and not language.matches("frustration", first)
                and not language.matches("impatience", first)  # "schiet nou op. hoeveel vragen nog?"
                and re.search(r"[^\W\d_]{3}", first)
            ):
                s.answers[s.asking] = clean_answer(first)  # "gamen. hoeveel vragen nog?"
            left = [q for q in GUIDE + FACTS if self.in_flow(q) and q not in s.answers and q not in s.facts]
            self.say("utter_questions_left", count=str(max(1, len(left))))
            self.go_on()
            return True
        return False

    def frustration(self) -> bool:
        """ "wat een irritante bot", "je snapt er niks van": not an answer to the question asked
        and no question; an apology, the ways on, and the open question again."""
        s, m = self.state, self.msg
        complaint = language.matches("frustration", m.text) or language.matches("bot_complaint", m.text)
        if m.payload or not complaint or self.stated_facts() or "role" in self.facts:
            return False
        # ("wat een onzin" starts like a question; only a question mark makes it one here)
        about_bot = language.matches("bot_complaint", m.text)  # "waarom begin je nou over zelfdoding?"
        if not about_bot and (language.words(m.text) > 10 or ("?" in m.text and self.is_clear_question())):
            return False  # more is said than the complaint: read it as usual
        rest = language.without_said_before(m.text)
        if s.asking in GUIDE and rest != m.text.strip() and re.search(r"[^\W\d_]{3}", rest):
            return False  # "dat zei ik al, logistiek": the answer, said again
        if s.asking in (CONFIRM_SUMMARY, CONSENT, "in_treatment", "wants_paid_work") and language.answer_of(m.text):
            return False  # "ja ja. schiet op": the answer counts, the impatience is heard in it
        if s.asking == "gemeente" and "gemeente" in self.facts:
            return False  # "baarle nassau. schiet nou op": the place is the answer
        self.understood = True
        s.misses = 0
        s.frustrated += 1
        self.say("utter_frustration" if s.frustrated % 2 else "utter_frustration_again")
        if s.asking and s.asking != ANYTHING_ELSE:
            self.reask()
        elif not s.role:
            self.ask(ROLE)
        return True

    def answer_beside(self, remark: str, about_questions: bool = False) -> str:
        """The sentences of the message that may answer the open question, without the `remark`
        (skipping, asking why), questions, remarks about the conversation and facts; "" if none."""
        answer = language.sentences_without(
            self.msg.text,
            lambda part: (
                language.matches(remark, part)
                or language.is_question(part)
                or language.is_meta_remark(part)
                or (about_questions and bool(re.search(r"\bvra(a)?g(en)?\b|\bover ?slaan\b", language.plain(part))))
                or bool(read_facts(part, ()))
            ),
        )
        return answer if answer and re.search(r"[^\W\d_]{3}", answer) else ""

    def wants_other_work_now(self) -> bool:
        """ "ik wil mn werk niet houden, ik wil juist ander werk" from someone on the route for
        keeping a job: looking for work after all; the six questions, and advice for that."""
        s, m = self.state, self.msg
        said = [
            part
            for part in re.split(r"(?<=[.!?])\s+", m.text.strip())
            if not part.endswith("?") and language.matches("wants_other_work", part)
        ]
        if m.payload or s.role != ROLE_JOB_SEEKER or s.facts.get("has_job") != YES or not said:
            return False
        self.understood = True
        del s.facts["has_job"]
        s.facts["wants_paid_work"] = YES
        s.advised, s.advice_given, s.confirmed, s.asking = False, None, False, None
        self.say("utter_fact_changed", facts=render.fact_phrases({"wants_paid_work": YES}))
        self.say("utter_job_seeker_intro")
        return True

    def reask(self) -> None:
        """The open question once more, after something said beside it."""
        q = self.state.asking
        if q in GUIDE or q in FACTS or q == ROLE:
            self.ask(q)
        elif q in (CONSENT, EMPLOYER_GOAL):
            self.say("utter_not_understood_consent" if q == CONSENT else "utter_not_understood_employer_goal")
        elif q == CONFIRM_SUMMARY:
            self.say("utter_confirm_summary")
        elif q == WHICH_ITEM:
            self.say("utter_ask_which_item")

    def for_a_relative(self) -> bool:
        """ "mijn zoon wil werken, hoe help ik hem?": the questions are for the person himself;
        the helper gets the short route, and nothing said about the son is kept as theirs."""
        s, m = self.state, self.msg
        if m.payload and m.intent == "role_relative":
            self.become_relative()
            self.say("utter_relative_start")
            return True
        if (
            s.for_relative
            and s.role is None
            and not m.payload
            and (language.matches("help_for_me", m.text) or language.matches("carer_exhausted", m.text))
            and not language.matches("self_risk", m.text)
            # ("het gaat over MIJ, ik zoek werk" is a misreading of who speaks; "ik bedoel voor MIJ,
            # niet voor mijn zoon. ik ben bang dat ik uitval op mijn werk" is the helper's own need)
            and not (
                language.matches("about_myself", m.text)
                and not language.matches("own_work_worry", m.text)
                and not language.matches("carer_exhausted", m.text)
            )
        ):
            # "en dan iets voor mezelf. ik werk 32 uur en ben zelf op. bang dat ik uitval": the
            # helper's own need, answered for her; her own work gets the bedrijfsarts' open door
            self.understood = True
            own_work = language.matches("own_work_worry", m.text) or language.matches("own_work_words", m.text)
            if not own_work or language.matches("carer_exhausted", m.text):
                self.answer_faq("carer_support")
            if own_work:
                # ("ik heb het nu over mezelf. ik wil mijn eigen werk houden": her work, not the carer's help)
                self.answer_faq("open_consultation", to_the_speaker=True)
            return True
        if s.for_relative and s.role is None and not m.payload and language.matches("about_myself", m.text):
            # "nee het gaat over MIJ. ik zoek werk": a misreading; what was said is the speaker's own
            # ("het gaat over mij, niet over mijn zoon": what was said about him stays his)
            self.understood = True
            mine = not language.relative_noun(m.text)
            s.for_relative, s.relative = False, None
            if mine:
                s.facts.update({k: v for k, v in s.relative_facts.items() if k not in s.facts})
            s.relative_facts = {}
            self.start_role(ROLE_JOB_SEEKER)
            self.go_on()
            return True
        if (
            s.for_relative
            and s.role is None
            and not m.payload
            and language.matches("relative_support", m.text)
            and not language.matches("self_risk", m.text)
        ):
            # "hoe kan ik haar steunen zonder te pushen?": what a relative can do, with the route
            self.understood = True
            self.relative_route()
            self.say("utter_relative_support", relative=self.relative_word())
            return True
        explicit = language.matches("relative_only", m.text)
        if (
            m.payload
            or s.role in (ROLE_EMPLOYER, ROLE_PROFESSIONAL)
            or s.for_relative
            or not (language.matches("relative", m.text) or explicit)
        ):
            return False
        said = self.facts["role"].value if self.facts.get("role") else None
        if said in (ROLE_EMPLOYER, ROLE_PROFESSIONAL) and not language.relative_noun(m.text):
            return False  # "nee ik ben de werkgever!! het gaat om mijn medewerker"
        if said and said != ROLE_JOB_SEEKER and not explicit:
            return False  # (an explicit "ik ben zijn moeder" wins over "iemand die werk zoekt")
        if s.answers and s.asking not in GUIDE and not explicit:
            return False
        if s.asking in GUIDE and not explicit:
            return False  # "mijn behandelaar en mijn partner helpen me": who helps, an answer
        if language.matches("role_job_seeker", m.text) and not explicit:
            return False  # "ik zoek werk, mijn vriendin helpt me": about oneself
        if language.matches("relative_about_me", m.text) and not explicit:
            return False  # "ik ben 19 ... mn vader zegt ik moet gaan werken": about oneself
        self.understood = True
        self.become_relative()
        if not self.relative_route(first=True):
            self.say("utter_for_a_relative")  # (it says how to help: with the person, not for them)
        return True

    def become_relative(self) -> None:
        """The speaker asks for someone else: what they said so far about "themselves" was about
        that person ("ik schrijf namens mijn man ..."), so it is kept as the relative's facts."""
        s, m = self.state, self.msg
        moved = {
            k: v
            for k, v in s.facts.items()
            if k in ("in_treatment", "benefit", "wants_paid_work", "primary_care", "gemeente", "region")
            and v not in (None, UNKNOWN)
        }
        s.role, s.asking, s.paused = None, None, None
        # (the answers stay: if it was a misreading, "het gaat over mij" brings them back)
        s.facts.clear()
        s.for_relative = True
        s.relative = language.relative_noun(m.text) or s.relative
        s.relative_gender = s.relative_gender or language.pronoun_gender(m.text)
        s.relative_facts = {**moved, **s.relative_facts}

    def relative_word(self) -> str:
        return self.state.relative or str(knowledge.labels()["relative_unnamed"])

    def note_relative_facts(self) -> Dict[str, Any]:
        """What the helper says about the relative, kept apart from the speaker's own facts;
        returns the facts that are new."""
        s, m = self.state, self.msg
        noun = language.relative_noun(m.text)
        if noun:
            s.relative = noun
        s.relative_gender = s.relative_gender or language.pronoun_gender(m.text)  # "ze heeft bijstand"
        # ("en dan iets voor mezelf. ik werk 32 uur in de thuiszorg ...": the helper's own work is
        # not the relative's; facts count from the clauses about the relative)
        about_them = language.without_own_clauses(m.text)
        theirs = read_facts(about_them) if about_them != m.text else self.facts
        new = {
            name: fact.value
            for name, fact in self.facts.items()
            if name in theirs
            and name in ("in_treatment", "benefit", "wants_paid_work", "primary_care", "gemeente", "region", "has_job")
            and s.relative_facts.get(name) != fact.value
            and (fact.stated or name in ("gemeente", "region"))  # "heeft hij recht op Wajong?" is no fact
        }
        s.relative_facts.update(new)
        return new

    def relative_route(self, first: bool = False, force: bool = False) -> bool:
        """What the helper said about the relative ("hij is in behandeling bij Lentis en heeft
        Wajong") gives the route for that person, in words about them ("je zoon"). Kept apart
        from the speaker's own facts. Returns whether it said something."""
        s, m = self.state, self.msg
        said = False
        new = self.note_relative_facts()
        if language.matches("relative_wants_work", m.text) and "wants_paid_work" not in new:
            s.relative_facts["wants_paid_work"] = YES  # "ze wil graag werken maar durft niet"
        known = s.relative_facts
        worry = self.facts.get("benefit_worry")
        worried = (worry is not None and worry.value) or (
            language.matches("benefit_worry", m.text) and not language.matches("benefit_worry_no", m.text)
        )  # (also asked again: "ik vroeg of hij zijn wajong houdt als hij werkt")
        if worried and not m.payload:
            # "raakt hij zijn wajong kwijt als hij gaat werken?": whom to ask to work it out
            referral = Referral("benefit_counseling", "benefit_worry")
            advice = render.advice_text(
                [referral],
                ROLE_PROFESSIONAL,
                known.get("gemeente"),
                known.get("region"),
                relative=self.relative_word(),
                gender=s.relative_gender,
            )
            self.say("utter_benefit_worry", advice=advice)
            self.understood = True
            return True
        again = not m.payload and (
            language.matches("advice_request", m.text)
            or language.matches("what_next", m.text)
            or (bool(self.stated_facts()) and not new and not language.is_question(m.text))
        )  # "en het advies?", "wat nu?", "dat heb ik al gezegd: dimence, bijstand, staphorst"
        # (a gemeente named later names the office in the route: "we wonen in Almere")
        if (
            {"in_treatment", "benefit", "has_job"} & set(new)
            or ({"gemeente", "wants_paid_work"} & set(new) and {"in_treatment", "benefit"} & set(known))
            or (
                (first or again or force) and {"in_treatment", "benefit"} & set(known)
            )  # said before "ik ben zijn vrouw"
        ):
            facts = JobSeekerFacts(
                in_treatment=known.get("in_treatment", UNKNOWN),
                benefit=known.get("benefit", UNKNOWN),
                # (unknown unless said: "mijn zoon" is no wish of his to work)
                wants_paid_work=known.get("wants_paid_work", UNKNOWN),
                primary_care=str(known.get("primary_care") or ""),
            )
            routes = (
                referrals_for_job_keeper(facts.in_treatment, primary_care=facts.primary_care)
                if known.get("has_job") == YES  # "hij werkt bij de gemeente maar is ziek gemeld"
                else referrals_for_job_seeker(facts)
            )
            advice = render.advice_text(
                routes,
                ROLE_PROFESSIONAL,
                known.get("gemeente"),
                known.get("region"),
                relative=s.relative or str(knowledge.labels()["relative_unnamed"]),
                gender=s.relative_gender,
            )
            asked_for = not m.payload and (
                language.matches("advice_request", m.text) or language.matches("what_next", m.text)
            )
            office = (  # "moet hij dan naar uwv?" (a question; "bijstand" alone is a fact)
                not m.payload and language.is_question(m.text) and language.matches("names_an_office", m.text)
            )
            if first or asked_for or office or advice != s.advice_given:
                # (the same route word for word again, unasked, would read as a loop)
                s.advice_given = advice
                self.say("utter_for_a_relative_route" if first else "utter_relative_route", advice=advice)
                said = True
            elif new:
                # "bijstand" when the route does not depend on it: noted, the route stands
                self.say("utter_fact_noted", facts=render.fact_phrases(new))
                self.say("utter_advice_unchanged")
                said = True
        if language.matches("relative_afraid", m.text):
            self.say("utter_relative_not_alone")
            said = True
        if said:
            self.understood = True
        return said

    # --- crisis ----------------------------------------------------------------------------
    def crisis_tier(self) -> str:
        """The detector's tier, read for who is speaking: a professional or an employer who
        writes about crisis without "ik" speaks about a client or an employee."""
        s, m = self.state, self.msg
        tier = m.crisis
        if (
            tier in (NO_CRISIS, "ambiguous")
            and s.crisis_disclosed
            and s.crisis is None
            and not m.payload
            and any(
                language.matches("indifference_all", part) or language.matches("dark_mood", part)
                for part in re.split(r"[.,;!?]+", m.text)
                if part.strip()
            )
        ):
            # "bijstand. maakt ook niks meer uit" from someone who told of thoughts of suicide
            # earlier: asked outright again (the fact in it is kept)
            return "ambiguous"
        if (
            tier != NO_CRISIS
            and not m.crisis_by_pattern
            and not m.payload
            and language.matches("intake_delete", m.text)
            and intake.code_in(m.text) is not None
        ):
            return NO_CRISIS  # "hij heeft toch spijt, verwijder intake ABCD-...": the delete command, no crisis
        if (
            tier != NO_CRISIS
            and not m.crisis_by_pattern
            and s.crisis == CRISIS_THREAD
            and (
                language.reaching_out(m.text)
                or language.matches("safe", m.text)
                or language.matches("away_from_danger", m.text)
            )
        ):
            return NO_CRISIS  # "ik ben weggelopen van het spoor, mijn zus komt": the thread answers it
        if (
            tier in ("clear", "ambiguous")
            and not m.crisis_by_pattern
            and s.crisis is None
            and language.matches("ordinary_self", m.text)
            and not language.matches("self_risk", m.text)
        ):
            # "dat ik mezelf weer kan onderhouden en op mezelf kan wonen", "the huisarts gave me
            # pills": the classifier's reading of ordinary words, no pattern of crisis
            return NO_CRISIS
        if (
            tier not in (NO_CRISIS, "acute")
            and s.crisis_seen
            and s.crisis in (None, CRISIS_THREAD)
            and language.is_question(m.text)
            and "tell_behandelaar" in self.faq_topics()
        ):
            # "moet ik de huisarts ook vertellen wat ik eerder zei?" after the crisis reply: yes, with
            # 113 and 112 in the answer (not the crisis reply once more)
            return NO_CRISIS
        if (
            tier != NO_CRISIS
            and not m.crisis_by_pattern
            and s.crisis == CRISIS_CHECK
            and (language.first_clause_answer(m.text) == NO or language.matches("check_no", m.text))
            and not language.matches("unsafe", m.text)
        ):
            return NO_CRISIS  # "nee dat niet. ik ben gewoon moe en heb hulp nodig voor mezelf": the check's answer
        if (
            tier != NO_CRISIS
            and not m.crisis_by_pattern
            and s.crisis == CRISIS_THREAD
            and language.denies_crisis(m.text)
        ):
            return NO_CRISIS  # "nee ik bedoel niet dat ik dood wil ofzo, ben gewoon moe": the thread answers it
        if (
            tier != NO_CRISIS
            and not m.crisis_by_pattern
            and s.crisis is None
            and language.matches("bot_complaint", m.text)
            and not language.about_self(m.text)
        ):
            return NO_CRISIS  # "wat heeft dit ermee te maken. waardeloos": about the bot's answer
        if tier == "acute" and self.acute_for_another():
            return OTHER_ACUTE  # "hij heeft net een hele strip pillen ingenomen": 112 first, for the helper
        if tier == "other_person" and language.matches("acute_soon", m.text) and s.crisis != CRISIS_HELPER:
            return OTHER_ACUTE  # "mijn broer appt dat hij er vanavond een eind aan maakt": 112 first
        if (
            tier != NO_CRISIS
            and s.crisis == CRISIS_HELPER
            and not m.crisis_by_pattern
            and not language.matches("self_risk", m.text)
        ):
            # The helper's own words about the other person ("er is geen gevaar!! hoe ga ik het
            # gesprek aan?"): the helper's thread answers, never "denk je aan zelfdoding?" to them
            return NO_CRISIS
        if (
            tier in ("clear", "ambiguous", "other_person")
            and not m.crisis_by_pattern
            and s.crisis is None
            and (s.for_relative and s.role is None or language.matches("relative_only", m.text))
            and language.matches("carer_exhausted", m.text)
            and not language.matches("self_risk", m.text)
        ):
            # "het gaat ook om mij, ik kan niet meer" from a mother about her son: about herself,
            # and unclear; the check question to her, not advice for a helper
            return "ambiguous"
        if (
            (tier == "clear" or (tier == "ambiguous" and m.crisis_by_pattern))
            and (s.for_relative and s.role is None or language.matches("relative_only", m.text))
            and language.about_another(m.text)
            and not language.matches("self_risk", m.text)
        ):
            return "other_person"  # a wife about her husband: advice for the helper, not "Ben je veilig?"
        if (
            tier in ("ambiguous", "other_person")
            and not m.crisis_by_pattern
            and s.crisis is None
            and s.for_relative
            and s.role is None
            and language.about_another(m.text)
            and (tier == "ambiguous" or language.mentions_medicine(m.text) or language.is_question(m.text))
        ):
            return NO_CRISIS  # "hij wil stoppen met zijn lithium, is dat verstandig?": no "denk je aan zelfdoding?"
        if (
            tier != NO_CRISIS
            and not m.crisis_by_pattern
            and s.crisis is None
            and language.matches("role_denied", m.text)
        ):
            return (
                NO_CRISIS  # "nee, ik heb geen cliënt, het gaat over mezelf": who is speaking, a hunch of the classifier
            )
        # ("als ik me ziekmeld mag mn baas dan vragen wat ik heb? ...": a question about work; read
        # only for a hunch, not for every message)
        parts = [p for p in re.split(r"(?<=[.!?])\s+", m.text.strip()) if p.strip()]
        asks_something = m.crisis_hunch and (
            any(part.endswith("?") and language.is_real_question(part) for part in parts)
            # ("dat zei je al. maar het vervoer dan? ik heb geen auto": a question among sentences
            # that each say nothing of risk; the hunch came from their sum)
            or (
                len(parts) > 1
                and any(part.endswith("?") for part in parts)
                and all(detector_says_nothing(part) for part in parts)
            )
        )
        after_a_crisis = s.crisis_seen and s.asking in (None, ANYTHING_ELSE)
        if (
            m.crisis_hunch
            and s.crisis is None
            and not (after_a_crisis and not asks_something)  # ("weet niet of ik dat trek allemaal")
            and (
                s.asking not in (None, ROLE)  # (also at the summary: "4 klopt niet helemaal, het is 3 avonden")
                or s.for_relative
                or tier == "other_person"
                or language.is_marked_question(m.text)
                or asks_something
            )
        ):
            # Not a single word of risk, only the classifier's guess from the shape of a sentence:
            # in an answer about work ("dat ik iets te doen heb"), or about another person ("hij
            # durft het niet alleen"), that is no reason to ask or to alarm.
            return NO_CRISIS
        if (
            tier == "ambiguous"
            and s.crisis is None
            and not m.crisis_by_pattern
            and language.mentions_medicine(m.text)
            and language.is_question(m.text)
        ):
            return NO_CRISIS  # "mag ik minder pillen nemen als ik ga werken?": for the doctor, no check question
        if (
            tier != NO_CRISIS
            and s.role in (ROLE_PROFESSIONAL, ROLE_EMPLOYER)
            and s.crisis is None
            and not m.crisis_by_pattern
            and language.mentions_medicine(m.text)
            and (language.is_question(m.text) or tier == "ambiguous")
        ):
            # "mogen wij eisen dat ze pillen neemt?": a question about medication at work; "het wsp
            # weet toch niks van medicijnen. laat maar": an employer giving up on a question
            return NO_CRISIS
        said = self.facts.get("role")
        # (the speaker's role as this message says it: "ik heb een hoveniersbedrijf ... een van mijn
        # jongens is somber" is an employer about an employee, also in the first message)
        speaker = s.role or (said.value if said is not None and not s.for_relative else None)
        if tier == NO_CRISIS or speaker not in (ROLE_PROFESSIONAL, ROLE_EMPLOYER):
            return tier
        if (
            (tier == "clear" or (tier == "other_person" and m.crisis_risk < CRISIS_SURE))
            and not m.crisis_by_pattern
            and s.crisis is None
            and language.about_another(m.text)
            and not language.matches("self_risk", m.text)
        ):
            # The classifier's reading of an employer's or a professional's description of someone's
            # complaints ("paniekaanvallen, laatst op een dak zelfs") as one's own crisis language: no
            # pattern and no helper's tier, so no alarm (said outright, a pattern or the tier catches it)
            return NO_CRISIS
        if tier in ("clear", "acute") and (language.about_another(m.text) or not language.about_self(m.text)):
            return OTHER_ACUTE if tier == "acute" else "other_person"
        if (
            tier == "ambiguous"
            and s.crisis is None
            and not m.crisis_by_pattern
            # (a professional's answer at a guide question is about the client: "een gewoon leven,
            # niet alleen maar patiënt zijn")
            and (language.about_another(m.text) or (speaker == ROLE_PROFESSIONAL and s.asking in GUIDE))
            and not language.about_self(m.text)
        ):
            return NO_CRISIS  # the classifier's hunch about a client or an employee: no check question
        if tier == "ambiguous" and s.asking == CONSENT and s.crisis is None and not m.crisis_by_pattern:
            return NO_CRISIS  # "nee, hij is er nu niet bij": whether the client is present
        return tier

    def said_before_risk(self) -> str:
        """The sentences before the first one with any word of risk, or "" when there are none
        (or no sentence has one)."""
        parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", self.msg.text.strip()) if p.strip()]
        kept: List[str] = []
        for part in parts:
            if not detector_says_nothing(part):
                break
            kept.append(part)
        if not kept or len(kept) == len(parts):
            return ""
        return " ".join(kept)

    def answer_before_crisis(self) -> str:
        """The sentences before the first one with any word of risk ("gamen, tekenen." in
        "gamen, tekenen. maar eerlijk gezegd ..."), when they say something; else ""."""
        before = self.said_before_risk()
        if not before:
            return ""
        answer = clean_answer(before)
        if leftover_words(answer) == 0 or language.answer_of(answer) is not None or language.words(answer) < 1:
            return ""  # "ok.", "ja." or only facts: no answer to the question
        if not re.search(r"[^\W\d_]{3}", answer):
            return ""
        if language.matches("nothing_left", answer):
            return ""  # "eerlijk? niks meer. sinds vorige week denk ik ...": part of the dark message
        # "weet ik eigenlijk niet. ik heb nergens meer zin in. soms denk ik ...": the sentences
        # of low mood belong to the dark message, not to the answer
        kept = [part for part in re.split(r"(?<=[.!?])\s+", answer) if not language.matches("dark_mood", part)]
        left = " ".join(kept).strip()
        if language.only_dont_know(left):
            return ""  # "weet ik veel. eigenlijk heeft niks meer zin. ...": no answer given
        return left

    def acute_for_another(self) -> bool:
        """Whether the danger that is happening now is another person's: a professional, an
        employer or a relative speaking, or "hij/mijn man ... heeft ..." without "ik heb ..."."""
        s, m = self.state, self.msg
        if language.matches("self_risk", m.text):
            return False
        if s.role in (ROLE_PROFESSIONAL, ROLE_EMPLOYER) or (s.for_relative and s.role is None):
            return language.about_another(m.text) or not language.about_self(m.text)
        return language.matches("other_acute_subject", m.text)

    def crisis(self, tier: str) -> None:
        s = self.state
        s.crisis_seen = True
        if s.crisis is None and s.asking not in (None, ANYTHING_ELSE, ROLE):
            s.paused = s.asking
        s.asking = None
        s.welcomed = True
        s.misses = s.question_misses = 0
        noun = language.relative_noun(self.msg.text)
        if tier in ("other_person", OTHER_ACUTE) and s.role is None and not s.answers and noun:
            # "mijn man zei dat ...": she speaks for her husband; later questions about his work
            # are answered about him ("je man"), not about her
            if not s.for_relative:
                self.become_relative()
            s.relative = s.relative or noun
        said_role = self.facts.get("role")
        if (
            tier in ("other_person", OTHER_ACUTE)
            and s.role is None
            and not s.for_relative
            and said_role is not None
            and said_role.value in (ROLE_EMPLOYER, ROLE_PROFESSIONAL)
        ):
            # "ik ben teamleider in Venlo, een medewerker wil er een eind aan maken": after the
            # thread the questions are an employer's about that employee, not a job seeker's
            s.role = said_role.value
            if s.role == ROLE_EMPLOYER and s.employer_goal is None:
                s.employer_goal = "keep_employee"
        # What the message also says is kept ("ik zit in de bijstand en ..."), without a word about it.
        if s.for_relative and s.role is None:
            self.note_relative_facts()  # "hij is niet bij de ggz ... hij wil er een eind aan maken"
        else:
            self.apply_facts(stated_only=True, acknowledge=False)
        if s.crisis is None:
            # An answer to an open question that only sounded dark is kept if the person says
            # it was misread ("ik kan niet meer" is no answer; "werk betekent me weer nuttig
            # voelen" is).
            full_answer = language.words(self.msg.text) > SHORT_ANSWER_WORDS
            s.pending_answer = clean_answer(self.msg.text) if s.paused in GUIDE and full_answer else None
            plain_answer = language.answer_of(self.said_before_risk()) if s.paused in YES_NO_FACTS else None
            if plain_answer in (YES, NO):
                # "nee. maar eerlijk gezegd hoeft het allemaal niet meer": the "nee" answers the question
                s.facts[str(s.paused)] = plain_answer
            before = self.answer_before_crisis()
            if before and s.paused in GUIDE:
                # "gamen, tekenen. maar soms denk ik ...": the answer said first stands; after
                # "verder" the next question comes, not this one again
                s.answers[s.paused] = before
                s.pending_answer = None
        if tier == "ambiguous":
            if s.crisis == CRISIS_THREAD:  # already in the thread: stay there, numbers again
                return self.say("utter_crisis_unsafe")
            # "ik wil graag weer werken. ik heb jaren geleden een psychose gehad ...": after "nee"
            # the conversation goes on as the job seeker she said she is
            s.pending_role = said_role.value if s.role is None and said_role is not None else None
            # "waar kan ik als mantelzorger zelf terecht? ik kan niet meer": after "nee" the
            # question is answered, not forgotten
            asked_before = [
                part
                for part in re.split(r"(?<=[.!?])\s+", self.msg.text.strip())
                if language.is_question(part) and detector_says_nothing(part)
            ]
            s.pending_question = " ".join(asked_before) or None
            s.crisis = CRISIS_CHECK
            return self.say("utter_crisis_check")
        if tier == OTHER_ACUTE:
            s.crisis = CRISIS_HELPER
            return self.say("utter_crisis_other_acute")
        if tier == "other_person" and s.crisis == CRISIS_HELPER:
            return self.helper_thread()  # already advising the helper: the thread's replies, not the first one again
        if tier == "other_person":
            s.crisis = CRISIS_HELPER
            self.say("utter_crisis_other__professional" if s.role == ROLE_PROFESSIONAL else "utter_crisis_other")
            return self.english_line()
        if tier == "bereavement":
            s.crisis = None
            self.say("utter_crisis_bereavement")
            return self.resume_after_crisis(ask_again=False)
        if (
            s.crisis == CRISIS_THREAD
            and tier != "acute"
            and not s.crisis_unsafe
            and language.matches("safe_but", self.msg.text)
        ):
            # "ja ik doe niks hoor. ik bedoel dat ik het soms niet meer zie zitten": safe now, and
            # the feeling is still there; support with the numbers, no "Sorry, ik begreep je verkeerd"
            s.crisis_turns += 1
            return self.say(f"utter_crisis_support_{(s.crisis_turns - 1) % 3 + 1}")
        if s.crisis == CRISIS_THREAD:
            self.say("utter_crisis_acute_again" if tier == "acute" or s.crisis_acute else "utter_crisis_unsafe")
        else:
            self.say("utter_crisis_acute" if tier == "acute" else "utter_crisis")
        s.crisis_acute = tier == "acute" or (s.crisis == CRISIS_THREAD and s.crisis_acute)
        s.crisis = CRISIS_THREAD
        s.crisis_turns = 0
        s.crisis_disclosed = s.role in (None, ROLE_JOB_SEEKER) and not s.for_relative
        self.english_line()
        self.say("utter_crisis_checkin")

    def english_line(self) -> None:
        if language.looks_english(self.msg.text):
            self.say("utter_crisis_english")

    def crisis_check_answer(self) -> None:
        """After "Bedoel je dat je aan zelfdoding denkt?": yes -> the crisis reply, no -> back."""
        s, m = self.state, self.msg
        answer = (
            YES_NO_INTENTS.get(m.intent)
            if m.payload
            else (language.first_clause_answer(m.text) or language.answer_of(m.text))
        )
        helping = (
            language.about_another(m.text)
            and (not language.about_self(m.text) or language.matches("helping", m.text))
            and not language.matches("no_one_at_risk", m.text)  # "nee, geen gevaar, hij denkt er niet aan"
        )
        if helping:
            s.crisis = None  # "nee, het gaat om mijn vriend": advice for the helper
            return self.crisis("other_person")
        pending, s.pending_answer = s.pending_answer, None
        pending_role, s.pending_role = s.pending_role, None
        pending_question, s.pending_question = s.pending_question, None
        if (language.matches("misread", m.text) or language.matches("check_no", m.text)) and not language.matches(
            "unsafe", m.text
        ):
            answer = NO  # "nee joh, dat is een uitdrukking", "pfff nee natuurlijk niet"
        if not m.payload and language.command_of(m.text) == "continue" and not language.matches("unsafe", m.text):
            answer = NO  # "verder dan": on with the questions (the reply keeps 113 in view)
        # "ik heb vroeger in een bibliotheek gewerkt, dat vond ik heerlijk": a sentence on something
        # else, without a word of risk, is read as a no, said so, with 113 and 112 (never the full
        # reply as if it were a yes)
        unrelated = (
            answer is None
            and not m.payload
            and m.crisis_calm
            and m.crisis_risk < UNRELATED_RISK
            and language.words(m.text) >= 4
            and not m.is_intent("dont_know")
            and not language.matches("unsafe", m.text)
        )
        if unrelated:
            answer = NO
        if answer == NO:
            s.crisis = None
            self.say("utter_crisis_check_unrelated" if unrelated else "utter_crisis_check_no")
            if pending and s.paused in GUIDE:
                s.answers[s.paused] = pending  # the answer that only sounded dark stands
            asked = [
                part
                for part in re.split(r"(?<=[.!?])\s+", m.text.strip())
                if not m.payload and language.is_question(part) and not language.matches("check_no", part)
            ] or ([pending_question] if pending_question else [])
            if not m.payload and s.for_relative and language.matches("help_for_me", m.text) and not asked:
                # "nee dat niet. ik ben gewoon moe en heb hulp nodig voor mezelf": a carer's own need
                self.answer_faq("carer_support")
                if s.paused:
                    return self.resume_after_crisis(ask_again=True)
                return None
            if asked and not language.mentions_medicine(m.text):
                # "nee, zo bedoel ik het niet. waar kan ik als moeder zelf steun krijgen?": the
                # question is answered, as any question is
                self.msg = dataclasses.replace(
                    m, text=" ".join(asked), crisis=NO_CRISIS, crisis_by_pattern=False, crisis_hunch=False
                )
                if s.paused:
                    s.asking, s.paused = s.paused, None
                return self.run()
            if language.mentions_medicine(m.text) or language.mentions_medicine(pending or ""):
                self.answer_faq("medical_advice")  # "nee, ik vraag iets over mijn medicijnen"
            if self.wants_erase():
                return self.offer_erase()  # "nee, ik wil dat je mijn gegevens wist"
            if not s.paused:
                # "haha nee, dat is een uitdrukking. ik wil mijn baan houden": what else it says counts
                self.role_from_message()
                if s.role is None and pending_role:
                    self.start_role(pending_role)  # who the first message said she is
                self.apply_facts(stated_only=True, acknowledge=False)
                self.go_on()
                if s.role is None and not any(r.key.startswith("utter_ask") for r in self.replies):
                    # "nee joh, zo erg is het niet" at the start: the conversation goes on, with
                    # the choices (never a dead end after the check question)
                    s.asking = ROLE
                    self.say("utter_check_no_what_now")
                return None
            return self.resume_after_crisis(ask_again=True)
        # Yes, or anything unclear: take it seriously.
        s.crisis = None
        self.crisis("clear")

    def crisis_thread(self) -> None:
        """While the thread is open every reply keeps 113/112 in reach."""
        s, m = self.state, self.msg
        if not s.for_relative:
            # "ik ga niks doen. ik heb morgen een afspraak met mijn psycholoog": kept, not asked later
            self.apply_facts(stated_only=True, acknowledge=False)
        command = self.command()
        answer = YES_NO_INTENTS.get(m.intent) if m.payload else language.answer_of(m.text)
        # Only a plain "ja" or "ik ben veilig" closes the thread; "oke" or "prima" may mean anything.
        misread = language.matches("misread", m.text)  # "nee niet zo, ik bedoel gewoon moe"
        unsafe = (language.matches("unsafe", m.text) and not misread) or (
            not m.payload
            and language.answer_of(m.text) == NO
            and language.words(m.text) <= SHORT_ANSWER_WORDS
            and not language.matches("safe", m.text)  # "nee, ik ben veilig"
            and not misread
        )
        safe = not unsafe and ((m.payload and answer == YES) or language.matches("safe", m.text))
        if unsafe or (m.payload and answer == NO) or (not safe and language.answer_of(m.text) == UNKNOWN):
            s.crisis_unsafe = True  # "nee" or "weet niet": no offer to go on with work until they say otherwise
        elif safe or command in ("continue", "start_over"):
            s.crisis_unsafe = False
        asks_to_go_on = not m.payload and not unsafe and language.matches("go_on_request", m.text)
        if not m.payload and language.matches("talk_here", m.text) and not safe and not asks_to_go_on:
            return self.say("utter_crisis_talk_here")  # "haat bellen, kan ik niet met jou praten?": the chat of 113
        if not m.payload and language.matches("refuse_help", m.text) and not safe and not asks_to_go_on:
            # "ik wil niet bellen": 112 still, and the chat ("ik ga niet bellen. kunnen we gewoon
            # verder met die vragen" goes on, with 113 and 112 in the reply)
            return self.say("utter_crisis_refuse_help")
        if (
            not m.payload
            and not s.crisis_acute
            and s.role in (None, ROLE_JOB_SEEKER)
            and language.matches("relative_only", m.text)
            and not language.matches("self_risk", m.text)
        ):
            # "ik ben wel veilig, het gaat om mijn man": the signal was about him; the helper's advice
            s.crisis = None
            self.become_relative()
            return self.crisis("other_person")
        if s.crisis_acute and (safe or language.matches("away_from_danger", m.text)) and not unsafe:
            # "ik ben weggelopen van het spoor" / "ik ben nu veilig": 112 still for what happened
            s.crisis_acute = False
            return self.say("utter_crisis_away")
        if s.crisis_acute and not language.is_closing(m.text):
            # Something dangerous has happened (pills taken): 112 stays the first thing said, in
            # the same clear words, until they say they are getting help; then once more for
            # "verder" or "veilig", and the thread goes on as usual.
            if language.reaching_out(m.text):
                s.crisis_acute = False
                return self.say("utter_crisis_contacting")
            if command in ("continue", "start_over") or safe:
                s.crisis_acute = False
            s.crisis_turns += 1  # two wordings in turn, never the same text three times running
            return self.say("utter_crisis_acute_again" if s.crisis_turns % 2 else "utter_crisis_acute_again_2")
        if language.is_closing(m.text) or language.says_goodbye(m.text):
            s.crisis = None  # "ik bedoelde jij bent waardeloos. doei": a goodbye, not thanks
            return self.say("utter_crisis_goodbye")
        if language.thanks_in(m.text) and not unsafe and not language.matches("go_on_request", m.text):
            return self.say("utter_crisis_thanks")  # "dank je. over werk praat ik later wel verder"
        if language.matches("misread", m.text) and not unsafe and not s.crisis_acute:
            # "huh? dat is een uitdrukking", "haha grapje": the crisis reply was a misreading; back
            # to where we were, and that question asked again: words that read as crisis are
            # never stored as an answer (the person gives the answer they mean)
            s.crisis = None
            s.crisis_disclosed = False
            self.say("utter_crisis_misread")
            s.pending_answer = None
            if not s.paused:
                # nothing was open ("... ik zie het soms niet meer zitten" in a first message): on
                # as usual, no "Ik ben er nog" next turn
                self.after_crisis = False
                self.role_from_message()
                if s.role is None and not s.for_relative and {"benefit", "in_treatment"} & set(s.facts):
                    s.role = ROLE_JOB_SEEKER  # "ik zit in de bijstand ...": about their own way to work
                    self.say("utter_job_seeker_intro")
                if s.role:
                    return self.go_on()
                return None  # (the role menu never comes right after a crisis reply; the next turn asks)
            return self.resume_after_crisis(ask_again=True)
        if command is None and language.matches("go_on_request", m.text) and not unsafe:
            command = "continue"  # "ja ik ben veilig. ga maar verder" / "kunnen we verder met de vragen?"
        if command in ("continue", "start_over"):
            s.crisis = None
            if command == "start_over":
                return self.do_command("start_over")
            self.say("utter_crisis_go_on")
            if s.role is None and not s.paused and not s.for_relative:
                s.asking = ROLE  # nothing to go back to: the choices, in the thread's own words
                return self.say("utter_check_no_what_now")
            return self.resume_after_crisis(ask_again=True)
        if safe:
            s.crisis = None
            self.say("utter_crisis_safe")
            return
        if language.matches("someone_coming", m.text) and not language.is_question(m.text):
            return self.say("utter_crisis_someone_coming")  # "ik heb mijn zus gebeld, die komt zo"
        if language.reaching_out(m.text):
            return self.say("utter_crisis_contacting")  # "ik bel nu 113": say it is good, stay
        if language.matches("tell_care", m.text) and language.is_question(m.text) and not unsafe:
            return self.say("utter_crisis_tell_care")  # "moet ik dit aan mijn POH vertellen?": yes
        if unsafe or (m.payload and answer == NO):
            return self.say("utter_crisis_unsafe")
        if language.mentions_medicine(m.text):
            return self.say("utter_crisis_unsafe")  # pills in a crisis: 112 and 113, no FAQ
        if language.is_question(m.text) and language.matches("about_113", m.text):
            return self.say("utter_crisis_113_info")  # "is dat chatten anoniem?"
        if (
            m.faq
            and m.faq_confidence >= FAQ_CONFIDENT
            and language.is_question(m.text)
            and (m.faq not in EMPLOYER_ONLY_FAQ or s.role == ROLE_EMPLOYER)
            and (m.faq != "medical_advice" or language.mentions_medicine(m.text))
        ):
            self.say(f"utter_faq/{m.faq}")
            return self.say("utter_crisis_reminder")
        if m.crisis_calm and not m.payload and language.is_real_question(m.text):
            # "mag ik met WW ook minder uren werken?": a question of its own, kept for later
            return self.say("utter_crisis_question_later")
        if m.crisis_calm and not m.payload and self.stated_facts():
            # "ziektewet, mijn contract liep af": kept without a word, so it is never asked again
            self.apply_facts(stated_only=True, acknowledge=False)
        if (
            m.crisis_calm
            and s.paused
            and not s.crisis_acute
            and not s.crisis_unsafe
            and language.words(m.text) >= 3
            and language.answer_of(m.text, weak=True) is None
            and not language.is_question(m.text)
        ):
            # "in een team, niet alleen": an answer to the paused question, nothing of risk in it;
            # the way back, with the numbers, never the question itself unasked for
            return self.say("utter_crisis_go_on_offer")
        # Vague or anything else: a supportive reply, varied so it never repeats three times.
        s.crisis_turns += 1
        self.say(f"utter_crisis_support_{(s.crisis_turns - 1) % 3 + 1}")

    def helper_thread(self) -> None:
        """Someone worried about another person: stay with that until they go on. Every reply
        keeps 112 and 113 in reach; questions about what to do get the helper's advice again."""
        s, m = self.state, self.msg
        command = self.command()
        if command is None and (language.matches("go_on_request", m.text) or language.matches("back_to_me", m.text)):
            command = "continue"  # "oke we gaan verder", "ik bel haar vanavond. even terug naar mij"
        if (
            command in ("continue", "start_over", "stop")
            or language.is_closing(m.text)
            or language.is_thanks(m.text)
            or (language.thanks_in(m.text) and not language.matches("call_112", m.text))
        ):
            s.crisis = None
            if command == "start_over":
                return self.do_command("start_over")
            self.say("utter_crisis_helper_done")
            self.resume_after_crisis(ask_again=command == "continue")
            if command == "continue" and s.for_relative and s.role is None and len(self.replies) == 1:
                # "ik bel morgen met hem de huisarts. verder": on with what the helper came for
                self.say("utter_relative_go_on", relative=self.relative_word())
            return None
        plain_yes = (m.payload and m.intent == "affirm") or (
            not m.payload and language.words(m.text) <= 4 and language.answer_of(m.text) == YES
        )
        if plain_yes:
            # "ja" to "Is er nu direct gevaar?" (every reply of this thread asks it): 112 now
            return self.say("utter_crisis_helper_danger")
        if language.matches("helper_how_to_ask", m.text) and not language.matches("call_112", m.text):
            return self.say("utter_crisis_helper_how_to_ask")  # "hoe begin ik zo'n gesprek?"
        if language.matches("helper_own_support", m.text):
            return self.say("utter_crisis_helper_own_support")  # "ik ben zelf kapot, bij wie kan ik terecht?"
        if language.matches("helper_go", m.text):
            return self.say("utter_crisis_helper_go")  # "ze is thuis, ik ben op mijn werk. moet ik naar huis?"
        if language.matches("helper_in_care", m.text) and "?" not in m.text:
            return self.say("utter_crisis_helper_in_care")  # "de ambulance is geweest, hij ligt in het ziekenhuis"
        no_danger = language.matches("helper_no_danger", m.text)  # ("geen direct gevaar" names no call)
        if language.matches("call_112", m.text) and language.is_question(m.text) and not no_danger:
            return self.say("utter_crisis_helper_call")  # "moet ik echt 112 bellen?": yes, when in doubt
        if language.reaching_out(m.text):
            return self.say("utter_crisis_helper_contacting")
        if language.matches("no_one_at_risk", m.text) and (no_danger or not language.matches("call_112", m.text)):
            s.crisis = None  # "er is geen gevaar, het gaat om mijn werk": a misreading
            self.say("utter_crisis_misread")
            if s.for_relative and s.role is None and language.is_question(m.text):
                self.relative_route(force=True)  # "... heeft de gemeente iets voor jongeren?": the route
                return None
            self.role_from_message()
            return self.resume_after_crisis(ask_again=True) if s.paused else self.go_on()
        if language.matches("tell_care", m.text) and language.is_question(m.text):
            return self.say("utter_crisis_helper_tell_care")  # "mag ik zijn psycholoog bellen?": yes
        if language.matches("helper_no_danger", m.text):
            # "geen direct gevaar" / "niet acuut": the helper knows the numbers; back to what they came for
            s.crisis = None
            self.say("utter_crisis_helper_done")
            return self.resume_after_crisis(ask_again=True)
        if language.matches("call_112", m.text) or (
            language.is_question(m.text) and language.matches("about_113", m.text)
        ):
            return self.say("utter_crisis_helper_call")  # "moet ik 112 bellen als hij niet opneemt?"
        if (
            m.faq
            and m.faq_confidence >= FAQ_CONFIDENT
            and language.is_question(m.text)
            and m.faq not in ("medical_advice",)
            and m.faq not in EMPLOYER_ONLY_FAQ
        ):
            self.say(f"utter_faq/{m.faq}")
            return self.say("utter_crisis_reminder")
        s.crisis_turns += 1
        self.say(f"utter_crisis_helper_{(s.crisis_turns - 1) % 2 + 1}")

    def leaves_helper_thread(self) -> bool:
        """ "hoe kan ik hem later helpen met werk?": a question about work ends the helper's
        thread (113 and 112 said once more) and is answered as usual."""
        s, m = self.state, self.msg
        # "geen direct gevaar denk ik. nog een vraag: kan de gemeente hem ontslaan?": no danger
        # said, and a question the bot can answer
        no_danger = language.matches("helper_no_danger", m.text) or language.matches("no_one_at_risk", m.text)
        answerable = no_danger and m.faq is not None and m.faq_confidence >= FAQ_CONFIDENT and m.faq != "medical_advice"
        blockers = ("tell_care", "helper_own_support", "unsafe") + (() if no_danger else ("call_112",))
        if (
            m.payload
            or not (language.is_question(m.text) or language.matches("relative_support", m.text))
            or not (
                language.matches("work_question", language.pattern("at_work").sub(" ", language.plain(m.text)))
                or language.matches("helper_work_after", m.text)  # "hoe moet ik hierna verder met hem op het werk?"
                or answerable
            )
            or any(language.matches(name, m.text) for name in blockers)
        ):
            return False
        s.crisis = None
        self.left_helper_thread = True
        # "oke, ik ga 113 bellen. maar over werk: ...": that is good, and the question is answered
        self.say("utter_crisis_helper_contacting" if language.reaching_out(m.text) else "utter_crisis_helper_done")
        return True

    def resume_after_crisis(self, ask_again: bool) -> None:
        """Back to where the person was: the paused question is asked again, or not yet."""
        s = self.state
        if s.paused and ask_again:
            s.paused = None
            return self.go_on()
        if s.paused:
            self.say("utter_crisis_continue_later")

    # --- commands --------------------------------------------------------------------------
    def command(self) -> Optional[str]:
        s, m = self.state, self.msg
        if m.payload:
            return PAYLOAD_COMMANDS.get(m.intent)
        command = language.command_of(m.text)
        if (
            command is None
            and (s.paused or s.stopped)
            and language.matches("go_on_request", m.text)
            and not language.is_correction(m.text)
        ):
            return "continue"  # "kunnen we verder gaan met de vragen over werk?"
        if command is None and (s.paused or s.stopped or s.crisis == CRISIS_HELPER):
            last = [c for c in re.split(r"[.,;!?]+", m.text) if c.strip()][-1:] or [""]
            if language.command_of(last[0]) == "continue" or language.matches("go_on_last", last[0]):
                return "continue"  # "sorry, werd even te veel. verder": the remark is no answer
        return command

    def do_command(self, command: str) -> None:
        s = self.state
        self.understood = True
        s.misses = 0
        if command == "stop":
            if s.asking not in (None, ANYTHING_ELSE, ROLE):
                s.paused = s.asking
            s.asking = None
            s.question_misses = 0
            s.stopped = True
            return self.say("utter_stop")
        if command == "start_over":
            welcomed = s.welcomed
            self.state = State(welcomed=welcomed)
            self.say("utter_start_over")
            return self.ask(ROLE)
        if command == "continue":
            s.stopped = False
            if s.paused:
                s.paused = None
                self.say("utter_resume")
                before = len(self.replies)
                self.go_on()
                if len(self.replies) > before:
                    return None
                # (the question that was open has been answered since, the advice given: "We gaan
                # verder waar we waren" and then nothing would be a dead end)
                self.replies.pop(before - 1)
            elif s.asking:
                return self.go_on()
            if s.advised and s.role:
                s.asking = ANYTHING_ELSE  # after the advice: on with questions, not the role menu
                return self.say("utter_anything_else")
            if s.for_relative and s.role is None:
                return self.say("utter_relative_go_on", relative=self.relative_word())
            if s.role is None and self.after_crisis:
                # "verder" right after "Goed dat je veilig bent ... typ verder": the choices, never
                # "Ik ben er nog ... typ verder" again
                s.asking = ROLE
                return self.say("utter_check_no_what_now")
            return self.say("utter_nothing_to_resume")
        if command == "skip":
            if s.asking in GUIDE or s.asking in FACTS:
                self.skip(s.asking)
                return self.go_on()
            return self.say("utter_nothing_to_skip")
        if command == "correct":
            return self.start_correction()

    def start_correction(self) -> None:
        s = self.state
        number = language.item_number(self.msg.text) or _int(self.msg.entity("item_number"))
        if number:
            self.correct_item(number)
            return self.go_on()
        if s.asking in GUIDE + FACTS:
            # "mijn vorige antwoord": the question before the one asked now.
            order = [q for q in GUIDE + FACTS if self.in_flow(q)]
            position = order.index(s.asking) if s.asking in order else 0
            if position > 0:
                previous = order[position - 1]
                self.clear(previous)
                return self.go_on()
        if self.answered_anything():
            s.asking = WHICH_ITEM
            return self.say("utter_ask_which_item")
        return self.say("utter_nothing_to_correct")

    def item_fixed(self) -> bool:
        """ "3 moet zijn: tekenen, muziek en wandelen" before the summary: an earlier guide answer
        set right by its number, then the open question again."""
        s, m = self.state, self.msg
        text = m.text.strip()
        if m.payload or not re.match(r"^(bij |op )?(punt |vraag |nummer |nr\.? )?(10|[1-9])\b", language.plain(text)):
            return False
        if not language.matches("item_change", text):
            return False
        number = language.item_number(text)
        slots = render.summary_slots()
        slot = slots[number - 1] if number and 1 <= number <= len(slots) else None
        new_answer = language.new_answer_for_item(text) if slot in GUIDE and slot in s.answers else None
        if not slot or not new_answer:
            return False
        self.understood = True
        removed = language.matches("item_removal", new_answer)  # "3 moet weg, dat was een vergissing"
        s.answers[slot] = SKIPPED if removed else clean_answer(new_answer)
        self.say("utter_fact_changed", facts=item_line(slot, s.answers[slot]))
        return True

    def items_swapped(self) -> bool:
        """ "oeps 5 en 6 zijn omgedraaid": the two answers change places (and "bij 5 hoort ..."
        said beside it still sets item 5)."""
        s, m = self.state, self.msg
        found = None if m.payload else language.pattern("items_swapped").search(language.plain(m.text))
        if not found:
            return False
        slots = render.summary_slots()
        a, b = int(found.group("a")), int(found.group("b"))
        if not (1 <= a <= len(slots) and 1 <= b <= len(slots)) or a == b:
            return False
        first, second = slots[a - 1], slots[b - 1]
        if first not in GUIDE or second not in GUIDE or first not in s.answers or second not in s.answers:
            return False
        s.answers[first], s.answers[second] = s.answers[second], s.answers[first]
        self.understood = True
        self.changed()
        labels = knowledge.labels()["summary_items"]
        segments = language.item_segments(m.text[found.end() :])
        if not (segments and self.set_items(segments)):
            self.say(
                "utter_fact_changed",
                facts=f"{labels[first]}: {s.answers[first]}, {labels[second]}: {s.answers[second]}",
            )
        return True

    def set_items(self, segments: List[Tuple[int, str, int]]) -> bool:
        """Several summary items set right in one message ("5 moet zijn: rustige plek. 6: mijn
        moeder"): each takes its new text; a fact item its new value. Returns whether any did."""
        s = self.state
        slots = render.summary_slots()
        changed = []
        for number, new_text, _ in segments:
            slot = slots[number - 1] if 1 <= number <= len(slots) else None
            if new_text == language.FIRST_PART:
                if slot in GUIDE and s.answers.get(slot) not in (None, SKIPPED):
                    # "bij 4 alleen het eerste stuk": the answer up to its first sentence
                    s.answers[slot] = clean_answer(language.first_sentence(str(s.answers[slot]))[0])
                    changed.append(item_line(slot, s.answers[slot]))
                continue
            if slot in GUIDE and self.in_flow(slot):
                before = s.answers.get(slot)
                also = re.match(
                    rf"^\W*(bij |punt |vraag )?{number}\s+(ook|erbij|daarbij)\b", language.plain(self.msg.text)
                ) or re.search(r"\b(ik had|had ik|ik heb|heb ik|ik zei|zei ik) ook\b", language.plain(self.msg.text))
                if language.matches("item_removal", new_text):
                    s.answers[slot] = SKIPPED  # "1 moet eruit, dat was niet mijn antwoord"
                    changed.append(item_line(slot, SKIPPED))
                    continue
                swap = language.instead_of(new_text)
                if also and before not in (None, SKIPPED, ""):
                    # "5 ook: rustige plek": added to what item 5 says
                    s.answers[slot] = clean_answer(f"{before}, {new_text}")
                elif swap and before and re.search(rf"\b{re.escape(swap[1])}\b", str(before), flags=re.I):
                    # "6 klopt niet, ik zei toch pb'er van fact ipv behandelaar": that word replaced
                    s.answers[slot] = re.sub(rf"\b{re.escape(swap[1])}\b", swap[0], str(before), count=1, flags=re.I)
                else:
                    s.answers[slot] = clean_answer(new_text)
                changed.append(item_line(slot, s.answers[slot]))
                continue
            if slot in ("in_treatment", "wants_paid_work"):
                value = read_facts(new_text).get(slot)
                said = value.value if value else language.answer_of(new_text, weak=True)
                if said in (YES, NO, UNKNOWN):
                    s.facts[slot] = said
                    changed.append(render.fact_phrases({slot: said}))
                continue
            if slot in ("benefit", "gemeente"):
                facts = read_facts(new_text)
                if slot in facts:
                    s.facts[slot] = facts[slot].value
                    if slot == "gemeente" and "region" in facts:
                        s.facts["region"] = facts["region"].value
                    changed.append(render.fact_phrases({slot: facts[slot].value}))
        if not changed:
            return False
        self.understood = True
        self.changed()
        self.say("utter_fact_changed", facts=", ".join(changed))
        return True

    def correct_item(self, number: int) -> None:
        slots = render.summary_slots()
        if not 1 <= number <= len(slots) or not self.in_flow(slots[number - 1]):
            self.state.asking = WHICH_ITEM
            return self.say("utter_item_unknown")
        self.state.asking = None
        self.clear(slots[number - 1])

    def clear(self, slot: str) -> None:
        s = self.state
        s.answers.pop(slot, None)
        s.facts.pop(slot, None)
        if slot == "gemeente":
            s.facts.pop("region", None)
        self.changed()
        s.question_misses = 0

    def skip(self, question: str) -> None:
        s = self.state
        if question in GUIDE:
            s.answers[question] = SKIPPED
        else:
            s.facts[question] = UNKNOWN
        s.question_misses = 0

    def keep_taken_back(self) -> bool:
        """ "hij wil toch liever dat er niks bewaard wordt", "ja. maar NIET bewaren", "ik zei niet
        bewaren, haal het weg": the client's yes to keeping the summary taken back, at any moment
        of the intake. A summary already kept is deleted. What else the message says (the "ja"
        at the summary) is read on without that sentence."""
        s, m = self.state, self.msg
        if s.role != ROLE_PROFESSIONAL or s.consent != YES or m.payload or s.asking == CONSENT:
            return False
        parts = [p for p in re.split(r"(?<=[.!?;])\s+|,\s+(?=maar\b)", m.text.strip()) if p.strip()]
        said = [p for p in parts if language.matches("consent_not_kept", p) and not language.is_question(p)]
        if not said:
            return False
        self.understood = True
        if s.advised and s.keep_summary:
            self.say("utter_keep_taken_back_deleted")  # (actions/dialogue.py deletes the record)
        elif s.advised:
            self.say("utter_keep_taken_back_not_kept")
        elif s.asking != CONFIRM_SUMMARY:
            self.say("utter_keep_taken_back")  # (at the summary the advice says it is not kept)
        s.keep_summary = False
        rest = " ".join(p for p in parts if p not in said and not language.matches("keep_words_told", p))
        rest = re.sub(r"^\W*(maar|en)\b\W*", "", rest, flags=re.I)
        if language.matches("remove_it", rest):
            rest = ""  # "ik zei niet bewaren!! haal het weg"
        self.msg = dataclasses.replace(m, text=rest)
        return True

    def consent_withdrawn(self) -> None:
        self.state = State(role=ROLE_PROFESSIONAL, welcomed=True, consent=NO)
        self.say("utter_consent_withdrawn")

    # --- personal data: deleting by chat, the notice about masked data ----------------------
    def wants_erase(self) -> bool:
        """ "wis dit gesprek", "verwijder mijn gegevens", "ik trek mijn toestemming in", in any
        state. A client who withdraws consent, or a professional asking to forget what was
        said about the client, stops the intake instead (consent_withdrawn)."""
        s, m = self.state, self.msg
        if not m.payload and language.matches("erase_command", m.text) and not self.asks_how_to_erase():
            return True  # "hij wil dat alles weg is. wis dit gesprek": the words the bot itself asks for
        if m.payload or not language.matches("erase", m.text) or language.consent_withdrawn(m.text):
            return False
        if self.asks_how_to_erase():
            return False  # "hoe kan mijn cliënt zijn gegevens laten verwijderen?": answered, nothing wiped
        return not (s.role == ROLE_PROFESSIONAL and language.about_another(m.text))

    def asks_how_to_erase(self) -> bool:
        """ "hoe kan ik dat later laten verwijderen?", "hij vraagt of hij het zelf kan laten
        wissen": a question about deleting, not the wish to delete now."""
        m = self.msg
        return (
            not m.payload
            and (language.is_question(m.text) or language.matches("reported_question", m.text))
            and "how_to_erase" in self.faq_topics()
        )

    def delete_intake(self) -> bool:
        """ "verwijder intake ACDE-FGHJ-...", in any state: the same answer whether or not the
        code names a record, so the chat tells nobody which codes exist."""
        m = self.msg
        if m.payload or not language.matches("intake_delete", m.text):
            return False
        self.understood = True
        code = intake.code_in(m.text)
        if code is None:
            self.say(INTAKE_DELETE_NO_CODE)
        else:
            self.say(INTAKE_DELETED, code=code)
        self.go_on()
        return True

    def offer_erase(self) -> None:
        """What will be deleted, and the question, with buttons. The question is open for the
        next message only; 113 stays in reach in the crisis thread."""
        self.understood = True
        self.state.erase_asked = True
        self.say("utter_erase_offer")
        if self.state.crisis:
            self.say("utter_crisis_reminder")

    def erase_answer(self) -> bool:
        """Yes erases; no goes on where the conversation was; anything else is no answer and
        is read as a message of its own."""
        s = self.state
        answer = self.plain_yes_no()
        if answer is None and not self.msg.payload:
            # "nee toch maar niet, sorry. ga verder"
            # (only a no: "geen idee, daarom ben ik hier" is a message of its own, not an answer)
            said_no = language.first_clause_answer(self.msg.text) == NO or language.matches(
                "toch_no_erase", self.msg.text
            )
            answer = NO if said_no else None
        if answer is None or answer == UNKNOWN:
            return False  # "geen idee, daarom ben ik hier" is a message of its own
        self.understood = True
        if answer == YES:
            in_crisis = s.crisis is not None
            self.say(ERASE_DONE)
            if in_crisis:
                self.say("utter_crisis_reminder")
            # The tracker store deletes the conversation at the end of this turn: the next
            # message starts a new one.
            self.state = State()
            self.erased = True
            return True
        self.say("utter_erase_cancelled")
        if s.crisis:
            self.say("utter_crisis_reminder")
        else:
            self.go_on()
        return True

    def personal_data_notice(self, noted_before: bool) -> None:
        """Once per conversation, when the channel masked personal data (bot/privacy.py): the
        bot does not need it and has not kept it. Not beside a crisis reply (it comes with
        the next message that has such data), and not when the conversation was just erased."""
        s = self.state
        if self.erased:
            return
        s.masked_noted = s.masked_noted or noted_before  # "opnieuw" does not make it new
        if not self.msg.masked or s.masked_noted or s.after_crisis or s.crisis:
            return
        s.masked_noted = True
        notice = Reply(voiced(PERSONAL_DATA_NOTICE, s.role), {"kinds": render.personal_data_kinds(self.msg.masked)})
        welcome = 1 if self.replies and self.replies[0].key in ("utter_welcome", "utter_intro_short") else 0
        self.replies.insert(welcome, notice)

    def toch(self) -> bool:
        """ "toch wel" / "toch niet": changes the yes/no answer given just before."""
        s = self.state
        value = language.toch_of(self.msg.text)
        if value is None or not s.last_yes_no or language.words(self.msg.text) > SHORT_ANSWER_WORDS:
            return False
        s.facts[s.last_yes_no] = value
        self.changed()
        self.say("utter_fact_changed", facts=render.fact_phrases({s.last_yes_no: value}))
        return True

    # --- answers to the question asked -----------------------------------------------------
    def answer(self) -> bool:
        """Takes the message as the answer to the question asked, when it is one. Returns
        whether it did (a miss counts: the question is asked again)."""
        q = self.state.asking
        if q in GUIDE:
            return self.answer_guide(q)
        if q in ("in_treatment", "wants_paid_work"):
            return self.leaving(q) or self.answer_yes_no_fact(q)
        if q == "benefit":
            return self.answer_benefit()
        if q == "gemeente":
            return self.answer_gemeente()
        if q == CONSENT:
            return self.answer_consent()
        if q == CONFIRM_SUMMARY:
            return self.leaving(q) or self.answer_confirm()  # ("doei" at the summary: gone, not "Klopt dit?")
        if q == WHICH_ITEM:
            return self.answer_which_item()
        if q == EMPLOYER_GOAL:
            return self.answer_employer_goal()
        if q == ANYTHING_ELSE:
            return self.answer_anything_else()
        return False  # ROLE and anything else: read as a free message

    def is_aside(self, free_text: bool = False) -> bool:
        """Not an answer but something said beside the question: a question of its own, a
        button from another question, a greeting, or facts set right. For an open question
        (free_text) facts set right count only with a word that says so ("oh wacht, ...")."""
        m = self.msg
        if m.payload:
            return m.intent not in YES_NO_INTENTS and m.intent not in ("choose", "inform")
        if self.is_clear_question() and (not free_text or language.is_marked_question(m.text)):
            # (An answer to an open question may start like a question: "zijn vrouw en ik")
            return True
        if language.is_greeting(m.text) or language.is_thanks(m.text) or language.is_closing(m.text):
            return True
        if m.is_intent("out_of_scope") and language.is_question(m.text):
            return True
        role = self.facts.get("role")
        if role and role.value not in (self.state.role, ROLE_JOB_SEEKER):
            return True  # "ik ben werkgever": someone says who they are, not an answer
        if free_text and self.state.asking == "guide_support" and not language.is_correction(m.text):
            # "mijn huisarts", "de poh en mijn zus": who helps is the answer, and the care named in it a fact
            care_only = all(n in ("in_treatment", "primary_care") for n in self.stated_facts())
            if care_only:
                return False
        if free_text:
            # Only facts said as such: "oh wacht, ik heb geen WW meer", "ik woon in Sneek" on its
            # own, or a message of facts alone ("geen uitkering, woon nog thuis in Almere").
            # Longer answers that mention a fact are answers.
            if leftover_words(m.text) == 0 or (self.stated_facts() and language.only_facts(m.text, self.states_a_fact)):
                return bool(self.stated_facts())
            return self.is_fact_statement() and language.is_correction(m.text)
        return self.is_fact_statement()

    def is_clear_question(self) -> bool:
        m = self.msg
        if not language.is_question(m.text):
            return False
        faq_sure = m.intent == "faq" and m.confidence >= CONFIDENT and m.faq_confidence >= FAQ_CONFIDENT
        return (
            faq_sure
            or language.matches("which_gemeente", m.text)
            or language.matches("self_diagnosis", m.text)
            or language.matches("capabilities", m.text)
            or language.matches("what_next", m.text)
            or language.mentions_medicine(m.text)
            or language.asks_for_a_person(m.text)
            or bool(self.faq_topics())
            or language.matches("disclosure", m.text)
        )

    def stated_facts(self) -> Dict[str, Fact]:
        return {n: f for n, f in self.facts.items() if f.stated and n not in ("role", "region")}

    @staticmethod
    def states_a_fact(part: str) -> bool:
        """A clause that says a routing fact. (Naming a psycholoog or a FACT-team is how people
        answer "Wat en wie helpt jou daarbij?": only "not in treatment" counts here.)"""
        facts = read_facts(part)
        said = {n for n, f in facts.items() if f.stated and n in ("benefit", "gemeente", "has_job", "wants_paid_work")}
        # ("ik ben haar behandelaar bij lentis, zij heeft wga": who is speaking, with the facts)
        return (
            bool(said)
            or ("in_treatment" in facts and facts["in_treatment"].value == NO)
            # ("ze is bij ggz in behandeling trouwens, bij dimence": treatment said as such, not a helper named)
            or ("in_treatment" in facts and language.matches("in_treatment_said", part))
            or language.matches("self_role_statement", part)
        )

    def is_fact_statement(self) -> bool:
        """Facts said to set something right ("oh wacht, ik heb geen WW meer, ik zit in de
        bijstand"), not an answer to the question asked."""
        stated = {n: f for n, f in self.facts.items() if f.stated and n not in ("role", "region")}
        if not stated:
            return False
        m = self.msg
        fact_intent = m.is_intent("inform", "inform_in_treatment", "worry_benefit_loss", "keep_job")
        return language.is_correction(m.text) or fact_intent

    def answer_and_question(self) -> Tuple[str, str]:
        """A message with an answer and a question in separate sentences ("hoe bedoel je
        mogelijkheden? ik kan wel 3 ochtenden"): (the answer part, the question part), else ("", "")."""
        m = self.msg
        if m.payload:
            return "", ""
        parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+|(?<=:)\s+", m.text.strip()) if p.strip()]
        last_clause = ""
        if len(parts) == 1 and language.asks_in_last_clause(parts[0]):
            # "iets met dieren, wat bedoel je precies met past": the answer, and a question after its comma
            cut = max(parts[0].rfind(","), parts[0].rfind(";"))
            head, last = parts[0][:cut].strip(), parts[0][cut + 1 :].strip()
            if head and last:
                parts, last_clause = [head, last], last
        if len(parts) < 2:
            return "", ""
        # ("iets creatiefs? of in een winkel": an answer said with doubt, no question)
        asked = [
            p
            for p in parts
            if language.is_real_question(p)
            or p == last_clause
            or language.asks_in_last_clause(p)  # "mijn werkgever heeft het over spoor 2, wat betekent dat"
            # "klopt. hij vraagt nog of dit nu echt nergens bewaard wordt": a question passed on
            or bool(language.pattern("reported_question").match(language.plain(p)))
            # "mijn client wil meedoen maar vraagt of het uwv dit te zien krijgt"
            or language.passes_on_a_question(p)
            or (p.endswith("?") and language.pattern("question_start").search(language.plain(p)))
            or (p.endswith("?") and language.words(p) >= 5)  # "maar ..., pakt uwv mijn uitkering af?"
            # "maar het vervoer dan?": a question that follows up on what was said
            or (p.endswith("?") and bool(re.match(r"^\W*(en|maar|of)\b.*\bdan\W*$", language.plain(p))))
            or (p.endswith("?") and bool(self.faq_topics(p)))  # "en vrijwilligerswerk dan? daar ging ..."
        ]
        # ("waar ik goed in ben? plannen": the question said back, then the answer)
        echoed = [p for p in asked if p.endswith("?") and language.matches("question_echo", p)]
        asked = [p for p in asked if p not in echoed]
        told = [p for p in parts if p not in asked + echoed and re.search(r"[^\W\d_]{2}|\d", p)]
        told = [p for p in told if not re.fullmatch(r"(vraagje|vraag|en|maar|ok|oke|oké)\W*", language.plain(p))]
        told = [p for p in told if not language.only_lead_in(p)]  # "..., liefst overdag. vraag tussendoor: kan ..."
        # "voordat ik antwoord: ...", "je hebt mijn vraag overgeslagen.", "hoe bedoel je? ik snap de
        # vraag niet", "wat is ips eigenlijk? las dat ergens": about the conversation, not the answer
        told = [p for p in told if not language.is_meta_remark(p)]
        if not asked:
            return "", ""
        # "wat bedoel je met herstel eigenlijk? medisch?": a short guess after a question is part of it
        asked += [p for p in told if p.endswith("?") and language.words(p) <= 3]
        told = [p for p in told if p not in asked]
        first = parts[0]
        if (
            told
            and first in asked
            and not language.matches("clarify", first)
            and not language.is_meta_remark(first)
            and not language.matches("question_echo", first)
        ):
            # "Wat gebeurt er met mijn uitkering als ik ga werken? Ik ben bang dat ik er op
            # achteruit ga", "mag ik werken als ik clozapine slik? word er suf van": a question,
            # then a word about it; no answer ("waar ik goed in ben? plannen" is one)
            asked, told = asked + told, []
        # ("Verlies ik mijn WGA? Dat is mijn grootste angst": a question and a comment on it, no answer)
        return " ".join(told), " ".join(asked)

    def ask_aside(self, question: str) -> None:
        """The question part of a message whose other part was an answer: its own answer, a
        clarification of the question asked, or an honest "geen goed antwoord"."""
        whole = self.msg
        self.msg = dataclasses.replace(whole, text=question)
        before = len(self.replies)
        try:
            q = self.state.asking
            if language.matches("questions_burden", question) and q in GUIDE:
                # "wandelen, gamen. moet ik dit echt allemaal invullen?": no, it may be skipped
                return self.say("utter_questions_optional")
            if language.matches("clarify", question) and q in GUIDE and not self.faq_topics():
                # "iets met dieren, wat bedoel je precies met past": what the question meant, the
                # answer given beside it kept
                meaning = knowledge.labels()["question_meanings"][q]
                number = str(render.summary_slots().index(q) + 1)
                return self.say("utter_clarify_answered", meaning=meaning, number=number)
            self.questions()
            if len(self.replies) == before and language.matches("benefit_worry", question):
                self.say_benefit_worry()  # "pakt uwv mijn uitkering af als ik ga werken?"
            if len(self.replies) == before and language.mentions_medicine(whole.text):
                self.answer_faq("medical_advice")  # "die heeft me pillen gegeven. moet ik die blijven slikken?"
            if len(self.replies) == before:
                self.say("utter_question_unknown")
        finally:
            self.msg = whole

    def say_benefit_worry(self) -> None:
        """Whom to ask to work out what working means for one's benefit."""
        s = self.state
        referral = Referral("benefit_counseling", "benefit_worry")
        self.say("utter_benefit_worry", advice=render.advice_text([referral], s.role, s.facts.get("gemeente"), None))

    def says_nothing_new(self) -> bool:
        """No stated fact differs from what is known ("mijn wga" from someone on WGA)."""
        s = self.state
        return not any(s.facts.get(k) != f.value for k, f in self.stated_facts().items())

    def goodbye(self) -> None:
        """Tot ziens; after a crisis reply in this conversation, with 113 once more."""
        self.say("utter_crisis_goodbye" if self.state.crisis_seen or self.after_crisis else "utter_goodbye")

    def leaving(self, q: str) -> bool:
        """ "ok. ik ga eerst maar eens naar de huisarts. doei" at an open question: leaving, not an
        answer; the answers are kept, and "verder" goes on at this question."""
        s, m = self.state, self.msg
        if m.payload or language.words(m.text) > 15 or not language.says_goodbye(language.last_sentence(m.text)):
            return False
        s.paused, s.asking, s.stopped = q, None, True
        self.understood = True
        self.goodbye()
        return True

    def answer_guide(self, q: str) -> bool:
        s, m = self.state, self.msg
        if m.payload and m.intent in ("dont_know",):
            self.skip(q)
            return True
        if self.leaving(q):
            return True
        if self.previous_item_fixed(q):
            return True
        if self.skipped_item_asked():
            return True
        if not m.payload and language.matches("what_is_ggz", m.text) and language.is_question(m.text):
            # "telt de poh als ggz behandeling?" at another question: what the bot means by it
            self.understood = True
            self.say("utter_clarify_in_treatment")
            return True
        if self.off_topic_at_question() or self.remark_on_the_questions(q):
            return True
        if (
            not m.payload
            and language.matches("not_what_i_asked", m.text)
            and not language.is_question(m.text)
            and "?" not in m.text
        ):
            # "je negeert mn vraag over wga": an apology and the invitation to ask again, no answer
            self.understood = True
            s.misses += 1
            self.say("utter_missed_the_point" if s.misses % 2 else "utter_missed_the_point_2")
            return True
        remarks_only = (
            None
            if m.payload or self.stated_facts() or language.matches("clarify", m.text)
            else language.questions_in_remarks(m.text)
        )
        if remarks_only is not None:
            # "ja ok. en nu? die vragen?", "blabla": nothing in it answers the question; a question
            # in it is answered as a question ("nee dat bedoel ik niet, wat doen jullie met dat?")
            return False if remarks_only else self.miss_at_question("answer")
        if self.follows_up_the_answer() and not self.stated_facts():
            return False  # "en voor ww dan?" after an answer: about it, no answer to the question
        if (
            not m.payload
            and language.looks_english(m.text)
            and not self.stated_facts()
            and not language.matches("clarify", m.text)  # "I don't understand the question": explained
        ):
            # "can we do this in english?": the bot speaks only Dutch (said so), and an English
            # sentence is not stored as a Dutch answer
            self.understood = True
            self.answer_faq("english")
            return True
        said = self.facts.get("gemeente")
        if said and said.value == s.facts.get("gemeente") and language.matches("moved", m.text):
            # "we zijn verhuisd naar zoutkamp, maakt dat uit?" within the same gemeente: said so
            self.understood = True
            self.say("utter_same_gemeente", gemeente=render.display_gemeente(said.value) or str(said.value))
            self.ask(q)
            return True
        options = () if m.payload else shared_name_in(m.text)
        # ("ik heb ww sinds 2 maanden. woon in haaren": facts with where one lives, no answer)
        facts_with_place = bool(self.stated_facts()) and language.matches("lives_in_said", m.text)
        if (
            options
            and (language.matches("lives_in_only", m.text) or facts_with_place)
            and not option_in_province(options, m.text)
        ):
            if facts_with_place:
                self.apply_facts(stated_only=True, acknowledge=True)
            # "ik woon in bergen" at a guide question: where, not an answer; which Bergen is
            # asked (only that: the guide question comes after it)
            named = [g for g in (found_gemeente(n) for _, _, n in find_gemeenten(m.text)) if g]
            provinces = {g.name for g in named} & set(knowledge.understanding()["provinces"])
            narrowed = (
                [o for o in options if (found_gemeente(o) or named[0]).province in provinces] if provinces else []
            )
            s.place_options = narrowed if len(narrowed) > 1 else list(options)  # "winsum (groningen)"
            self.understood = True
            self.hold_question = True
            self.say("utter_gemeente_which", buttons=render.gemeente_buttons(s.place_options))
            return True
        if self.tells_background(q):
            return True
        # ("mag ik trouwens bijverdienen in de bijstand?": a question, not an answer with a correction)
        turn = (
            None
            if m.payload or language.is_real_question(m.text)
            else language.pattern("correction_mid").search(m.text)
        )
        if turn and turn.start() > 0:
            # "ik heb een heftruckcertificaat. oh wacht, ik zit nu in de bijstand": the answer,
            # then a fact set right
            before, after = m.text[: turn.start()].strip(" .,;"), m.text[turn.start() :]
            tail = re.split(r"(?<=[.!?])\s+", before)
            if len(tail) > 1 and language.words(tail[-1]) <= 3:
                # "gamen en tekenen. ik ben trouwens bij de ggz": "ik ben" belongs to the correction
                before = " ".join(tail[:-1]).strip(" .,;")
            later = read_facts(after, ())
            if (
                re.search(r"[^\W\d_]{3}", before)
                and language.answer_of(before, weak=True) is None  # "nee wacht, ...": no answer before it
                and leftover_words(before) > 0
                and any(f.stated for f in later.values())
                # ("ze is bij ggz in behandeling trouwens, bij dimence": the part before is a fact too)
                and not self.states_a_fact(before)
            ):
                s.answers[q] = clean_answer(before)
                s.question_misses = 0
                whole, self.facts = self.facts, later
                self.apply_facts(stated_only=True, acknowledge=True, may_change=True)
                self.facts = whole
                return True
        segments = [] if m.payload else language.item_segments(m.text)
        if segments and segments[0][2] > 0:
            # "dus mijn moeder en de POH. en bij vraag 5: rustige plek": this answer, and 5 set right
            before = m.text[: segments[0][2]].strip(" .,;")
            before = re.sub(r"^(oh |o )?(wacht|sorry)[^.]*\.\s*", "", before, flags=re.I).strip(" .,;")
            before = re.sub(r"^(dus|en|ok|oke)\s+", "", before, flags=re.I).strip(" .,;")
            if language.matches("apology", before) or language.matches("frustration", before):
                # "sorry, dat was een misser op het toetsenbord. bij vraag 2: ...", "wacht, je slaat
                # dingen over. welk werk past: ...": no answer
                before = ""
            if not before and self.set_items(segments):
                return True  # (the flow asks the first open question: this one, if still open)
            if re.search(r"[^\W\d_]{3}", before) and self.set_items(segments):
                s.answers[q] = clean_answer(before)
                s.question_misses = 0
                return True
        answered, asked = self.answer_and_question()
        # (who helps may be a fact too: "mijn behandelaar, mijn zus. wat is ips eigenlijk?")
        facts_only = bool(read_facts(answered)) and not (q == "guide_support" or leftover_words(answered) >= 3)
        term = language.matches("clarify", m.text) and bool(self.faq_topics())  # "wat bedoel je met herstel?"
        if asked and not answered and (term or not language.matches("clarify", m.text)):
            return False  # the question alone (with a word about it): answered as a question
        if answered and asked and not facts_only and not language.is_agreement(answered):
            # "een uur of 20 per week misschien. moet ik eerst helemaal beter zijn?": both
            s.answers[q] = clean_answer(answered)
            s.question_misses = 0
            self.apply_facts(stated_only=True, acknowledge=False)
            self.ask_aside(asked)
            return True
        if term and language.is_question(m.text):
            return False  # a word of the bot's explained, not the question asked
        if not m.payload and language.matches("clarify", m.text):
            self.say(f"utter_clarify_{q}")  # "wat betekent mogelijkheden?": what the question means, then it again
            return True
        if (
            not m.payload
            and (
                language.has_question_sentence(m.text)
                or language.matches("reported_question", m.text)
                or language.asks_yes_or_no(m.text)
            )
            # ("hij vraagt of hij het later kan laten wissen": a question passed on is never an answer)
            and (self.faq_topics() or language.pattern("reported_question").match(language.plain(m.text)))
            and self.says_nothing_new()
        ):
            return False  # "nou dan: wat gebeurt er met mijn wga als ik ga werken" (no "?"): a question
        said_role = self.facts["role"].value if "role" in self.facts else None
        if (
            said_role in (ROLE_PROFESSIONAL, ROLE_EMPLOYER)
            and (
                said_role != s.role or (said_role == ROLE_PROFESSIONAL and not language.matches("not_about_me", m.text))
            )
            and language.matches("self_role_statement", m.text)
        ):
            # "het gaat niet over mij hoor, ik ben de werkcoach", "ik ben IPS trajectbegeleider, wat
            # doet deze bot precies": who is speaking (the questions are about the client), no answer
            if s.role == ROLE_PROFESSIONAL == said_role and not language.is_question(m.text):
                self.understood = True
                self.say("utter_professional_noted")  # then the question again
                return True
            return False
        if s.role == ROLE_PROFESSIONAL and not m.payload and language.matches("not_about_me", m.text):
            self.say("utter_about_the_client")  # the questions are about the client already (asked again below)
            return True
        if self.is_aside(free_text=True):
            # "mijn vrouw. en ik heb geen behandeling meer" / "Oh wacht, ik zit in de bijstand. Werk
            # betekent: iets betekenen voor jonge mensen": the sentences without a fact are the answer;
            # "Zelfstandigheid, niet meer afhankelijk zijn van de bijstand" (one sentence, more than
            # the fact, no "oh wacht" in front) is an answer with a fact in it.
            answer = language.sentences_without(
                m.text,
                lambda part: (
                    bool(read_facts(part, ()))
                    or language.is_question(part)
                    or language.is_meta_remark(part)
                    or self.tells_who(part)
                    or (language.starts_as_correction(m.text) and language.matches("nothing_left", part))
                ),
            )
            if answer and (leftover_words(answer) == 0 or language.starts_as_correction(answer)):
                # "nee wacht, ik heb geen WIA maar WGA": only the words around the fact; "oh wacht,
                # ik zit niet meer in de ww. ik heb nu bijstand": the correction is no answer
                answer = ""
            if (
                answer
                and language.starts_as_correction(m.text)
                and language.words(answer) <= 6
                and language.matches("about_the_correction", answer)
            ):
                answer = ""  # "oh wacht, het is geen bijstand, ik heb wajong. mn moeder regelt dat altijd"
            if not answer or answer == m.text.strip():
                other_role = "role" in self.facts and self.facts["role"].value != s.role
                if (
                    language.starts_as_correction(m.text)
                    or language.is_question(m.text)
                    or other_role
                    or not self.is_fact_statement()
                    or leftover_words(m.text) < 3
                ):
                    return False
                answer = m.text
            s.answers[q] = clean_answer(answer)
            s.question_misses = 0
            self.apply_facts(stated_only=True, acknowledge=True, may_change=True)
            return True
        if language.is_real_question(m.text):
            return False  # "kan ik met ww een cursus doen?": a question of its own, answered as one
        short = language.words(m.text) <= SKIP_MAX_WORDS
        if short and language.matches("no_preference", m.text):
            # "maakt niet uit" to "Welk werk past bij jou?": open to anything, an answer of its own
            s.answers[q] = clean_answer(m.text)
            s.question_misses = 0
            return True
        if short and language.only_dont_know(m.text):
            self.skip(q)
            if language.matches("not_knowing", m.text):
                # "weet ik niet" is an answer too: the summary says so, not "(overgeslagen)"
                s.answers[q] = str(knowledge.labels()["dont_know_answer"])
            return True
        # "ja", "oke" or nothing readable is no answer to an open question. A word the NLU
        # does not know ("timmerwerk") is: people answer in their own words.
        mashed = bool(m.gibberish and re.search(r"[bcdfghjklmnpqrstvwxz]{4}", language.plain(m.text)))
        mashed = mashed or language.matches("filler_sound", m.text)  # "uhh", "hmm": no answer yet
        if language.is_agreement(m.text) or not re.search(r"[^\W\d_]", m.text) or mashed:
            return self.miss_at_question("answer")  # (also "asdfjkl;;": keys, no words)
        text = language.without_said_before(m.text) or m.text
        # "zelfstandigheid, niet meer afhankelijk zijn van de bijstand. hij woont in groningen stad
        # btw": a sentence of facts alone is no part of the answer
        several = len(re.findall(r"[.!?;]\s+\S", text.strip())) >= 1
        rest = language.sentences_without(
            text,
            lambda part: (
                (bool(read_facts(part)) and leftover_words(part) <= 1)
                # ("geld en eruit zijn. ik woon in ruinerwold, hier is niks te doen. ik zit in de ww":
                # a later sentence that states a fact is the fact, not the answer)
                or (
                    not text.strip().startswith(part.strip())
                    and any(
                        f.stated and (n in ("benefit", "gemeente") or (n == "in_treatment" and f.value == NO))
                        for n, f in read_facts(part).items()
                    )
                )
                or language.is_meta_remark(part)
                or self.tells_who(part)
                # ("nee wacht, ik WAS in behandeling. nu niks meer. en duidelijke opdrachten": the
                # "niks meer" belongs to the correction)
                or (language.starts_as_correction(text) and language.matches("nothing_left", part))
            ),
        )
        if several and rest and re.search(r"[^\W\d_]{3}", rest) and rest != text.strip():
            text = rest
        s.answers[q] = clean_answer(text)
        s.question_misses = 0
        # A fact named in passing fills in what is unknown; changing a known fact takes a
        # word that says so ("oh wacht", "toch", ...).
        self.apply_facts(stated_only=True, acknowledge=True, may_change=language.is_correction(m.text))
        return True

    def tells_who(self, part: str) -> bool:
        """A sentence of facts and who someone is ("ze is 28, bipolair, bijstand, gemeente
        Rotterdam"), with something of the latter: no part of an answer."""
        clauses = language.clauses_of(part)
        return any(is_background(c) for c in clauses) and language.only_facts(
            part, lambda c: self.states_a_fact(c) or is_background(c)
        )

    def tells_background(self, q: str) -> bool:
        """ "ik ben 34 en zoek werk, heb depressie gehad, zit nu bij de ggz in behandeling" at
        "Wat betekent werk voor jou?": who someone is, with facts, and no answer. The facts are
        taken, the rest is not kept (the bot needs no diagnosis or age), and the question comes
        again. Without facts only at the first question, where people introduce themselves; later
        "ik heb autisme" may be how someone answers."""
        m = self.msg
        # (not language.is_question: "ben 41, had een depressie" starts like "ben je ...")
        if m.payload or q not in GUIDE[:5] or "?" in m.text:
            return False
        if not self.tells_who(m.text):
            return False
        facts = bool(self.stated_facts())
        if not facts and q != GUIDE[0]:
            return False
        self.understood = True
        if facts:
            self.apply_facts(stated_only=True, acknowledge=True, may_change=language.is_correction(m.text))
        self.say("utter_background_not_kept_after_facts" if facts else "utter_background_not_kept")
        return True

    def skipped_item_asked(self) -> bool:
        """ "je sloeg vraag 4 over", "vraag 4 heb ik nog niet beantwoord": that question now
        (what was stored for it was no answer to it); the one after it comes back in order.
        "vraag 4 heb ik nog niet beantwoord. mogelijkheden: 24 uur" holds the answer itself."""
        s, m = self.state, self.msg
        found = None if m.payload else language.pattern("skipped_item").search(language.plain(m.text))
        if not found or language.item_segments(m.text):
            return False
        number = int(found.group("n") or found.group("m") or found.group("k"))
        question = GUIDE[number - 1]
        if not self.in_flow(question):
            return False
        self.understood = True
        # "wacht vraag 1 heb ik nog niet beantwoord. werk betekent voor mij ...": the sentences
        # after it are the answer, when they are no question or remark of their own
        sentences = re.split(r"(?<=[.!?:])\s+", m.text.strip())
        at = next(
            (i for i, p in enumerate(sentences) if language.pattern("skipped_item").search(language.plain(p))), None
        )
        rest = " ".join(sentences[at + 1 :]).strip() if at is not None else ""
        if (
            language.words(rest) >= 2
            and not language.is_question(rest)
            and not language.is_meta_remark(rest)
            and not self.faq_topics(rest)
        ):
            s.answers[question] = clean_answer(rest)
            s.question_misses = 0
            self.changed()
            self.say("utter_skipped_item_noted", number=str(number))
            return True
        s.answers.pop(question, None)
        self.say("utter_skipped_item_again")
        self.ask(question)
        return True

    def off_topic_at_question(self) -> bool:
        """ "wie wint er zondag ajax of psv" at a guide question: not the answer; the bot says
        it cannot help with that, and the question comes again."""
        s, m = self.state, self.msg
        if (
            m.payload
            or s.asking not in GUIDE
            or not language.matches("off_topic_question", m.text)
            or language.matches("domain_words", m.text)
            or language.words(m.text) > 15
            or self.faq_topics()
            or self.stated_facts()
        ):
            return False
        self.understood = True
        s.off_topic += 1
        self.say("utter_out_of_scope" if s.off_topic % 2 else "utter_out_of_scope_again")
        self.reask()
        return True

    def remark_on_the_questions(self, q: str) -> bool:
        """ "wat is dat nou weer voor vraag", "hä?", "moeten al die vragen? ik heb geen zin in een
        verhoor": said about the questions, so never stored as an answer. The question is
        explained, or it is said that questions may be skipped; then it is asked again."""
        m = self.msg
        if m.payload or self.stated_facts():
            return False
        parts = [p for p in re.split(r"(?<=[.!?])\s+", m.text.strip()) if re.search(r"[^\W\d_]", p)]
        if not parts or not all(language.is_meta_remark(p) or language.matches("impatience", p) for p in parts):
            return False  # "hä? ik bedoel: tuinieren" holds an answer
        if language.matches("questions_burden", m.text):
            self.understood = True
            self.say("utter_questions_optional")
            self.ask(q)
            return True
        if language.matches("about_the_question", m.text) and not self.faq_topics():
            self.understood = True
            self.say(f"utter_clarify_{q}")
            return True
        return False

    def previous_item_fixed(self, q: str) -> bool:
        """ "ik kan goed plannen. oh wacht, bij de vorige vraag bedoelde ik: wandelen en lezen":
        the previous answer set right, and what came before it is the answer to this question."""
        s, m = self.state, self.msg
        ref = None if m.payload else re.search(language.pattern("previous_item").pattern, m.text, flags=re.I)
        earlier = [g for g in GUIDE[: GUIDE.index(q)] if s.answers.get(g) not in (None, SKIPPED)]
        if not ref or not earlier:
            return self.named_item_fixed(q)
        value = m.text[ref.end() :].strip(" .,;:-\"'")
        if not re.search(r"[^\W\d_]{3}", value):
            return False
        previous = earlier[-1]
        if re.search(r"\b(nog|ook)\b", ref.group(0)):
            value = f"{s.answers[previous]}, {value}"  # "bij de vorige vraag wil ik nog zeggen dat ...": added
        s.answers[previous] = clean_answer(value)
        self.understood = True
        self.changed()
        self.say("utter_fact_changed", facts=item_line(previous, s.answers[previous]))
        self.answer_before_correction(q, m.text[: ref.start()])
        return True

    def named_item_fixed(self, q: str) -> bool:
        """ "ik kan goed plannen. bij vraag 2 bedoelde ik eigenlijk magazijnwerk", "bij mogelijkheden
        bedoelde ik 16 uur": the item named is set right (not the question being asked), and what
        came before is the answer to this question."""
        m = self.msg
        named = None if m.payload else language.named_item(m.text)
        if not named:
            return False
        number, start, end = named
        slots = render.summary_slots()
        if not 1 <= number <= len(slots) or slots[number - 1] == q:
            return False  # the question being asked, named with its answer: the answer
        value = m.text[end:].strip(" .,;:-\"'")
        if not re.search(r"[^\W\d_]{2}", value) or not self.set_items([(number, value, start)]):
            return False
        self.answer_before_correction(q, m.text[:start])
        return True

    def answer_before_correction(self, q: str, before: str) -> None:
        s = self.state
        marker = language.pattern("correction_mid").search(before)
        before = (before[: marker.start()] if marker else before).strip(" .,;:-")
        # ("wandelen. oh en bij mogelijkheden bedoelde ik ...": the words leading to it go)
        before = re.sub(r"(\W+(oh|o|ow|oja|ohja|en|maar|ook|nog|en oh))+\W*$", "", " " + before, flags=re.I).strip(
            " .,;:-"
        )
        if re.search(r"[^\W\d_]{3}", before) and language.answer_of(before, weak=True) is None:
            s.answers[q] = clean_answer(before)
            s.question_misses = 0

    def yes_no(self, name: str) -> Optional[str]:
        """ja / nee / onbekend for the fact `name` from this message, or None."""
        m = self.msg
        if m.payload:
            return YES_NO_INTENTS.get(m.intent)
        opening = language.opening_answer(m.text)
        if opening:
            return opening  # "nee, ik was vroeger bij een psycholoog": the nee is the answer
        fact = self.facts.get(name)
        if fact:
            return fact.value
        if language.words(m.text) <= SHORT_ANSWER_WORDS:
            answer = language.answer_of(m.text)
            if answer:
                return answer
        answer = language.first_clause_answer(m.text)
        if answer:
            return answer
        if m.is_intent("deny", "dont_know") and language.words(m.text) <= SHORT_ANSWER_WORDS:
            return YES_NO_INTENTS[m.intent]
        return None  # "oke" or "prima" is not a yes to a question about someone's situation

    def answer_yes_no_fact(self, q: str) -> bool:
        s = self.state
        said = self.facts.get("role")
        if said and said.value != s.role and said.value != ROLE_JOB_SEEKER and not self.msg.payload:
            return False  # "nee, het gaat niet om mij, ik ben de werkgever": who is speaking, not an answer
        if self.msg.payload and self.msg.intent == "choose":
            return False  # a button of another question (a benefit): taken as that fact, this one asked again
        value = self.yes_no(q)
        if (
            value is None
            and q == "in_treatment"
            and not self.msg.payload
            and language.matches("treatment_named", self.msg.text)
        ):
            value = YES  # "psychiater", "ja bij lentis": who treats, so a yes
        if (
            value is None
            and q == "in_treatment"
            and not self.msg.payload
            and primary_care_in(self.msg.text) == "huisarts"
            and not language.matches("treatment_named", self.msg.text)
        ):
            value = NO  # "ik zei toch de poh": help from the huisarts or the POH-GGZ, not the ggz
        if (
            value is None
            and q == "in_treatment"
            and not self.msg.payload
            and language.matches("treatment_past", self.msg.text)
        ):
            value = NO  # "vroeger wel", "tot vorig jaar": treated once, not now
        if value is None and q == "in_treatment" and not self.msg.payload:
            if language.matches("clarify", self.msg.text) or language.matches("what_is_ggz", self.msg.text):
                self.say("utter_clarify_in_treatment")  # "wat bedoel je met ggz, telt de huisarts ook?"
                return True
        if value is None:
            if self.is_aside() or self.new_facts(q):
                return False
            text = self.msg.text
            if (
                not self.msg.payload
                and not s.question_misses
                and language.words(text) >= 6
                and not language.is_question(text)
            ):
                # "ik werk bij een supermarkt, paniekaanvallen, al 2x ziekgemeld": someone tells
                # her situation; thanked, and the question once more (a miss all the same)
                s.question_misses += 1
                self.say("utter_story_at_yes_no")
                return True
            return self.miss_at_question("yes_no")
        s.facts[q] = value
        s.last_yes_no = q
        done = self.answered(q)
        if not self.msg.payload and (
            language.has_question_sentence(self.msg.text)
            or any(s.strip().endswith("?") for s in re.split(r"(?<=[.!?])\s+", self.msg.text)[:-1])
        ):
            # ("telt verslavingszorg ook als ggz? hij is daar in behandeling": the yes, and the question)
            _, asked = self.answer_and_question()
            if asked and not language.matches("why_questions", asked):  # (the why is answered already)
                self.ask_aside(asked)  # "nee, alleen de huisarts. moet ik die pillen blijven slikken?"
        return done

    def answered(self, slot: str) -> bool:
        """The question for `slot` is answered; other facts the message states are taken too."""
        self.state.question_misses = 0
        # A short answer that lists data ("bijstand, in Hoeksche Waard") gives the other facts it
        # names too, when they are not known yet; a longer one only those it states.
        listing = language.words(self.msg.text) <= 6 and not language.is_question(self.msg.text)
        stated = self.other_facts(slot)
        mentioned = {n: f for n, f in self.facts.items() if n in FACTS and n != slot and n not in self.state.facts}
        if listing and mentioned and not stated:
            self.apply_facts(stated_only=False, acknowledge=True, skip=slot, may_change=False)
        else:
            self.apply_facts(stated_only=True, acknowledge=bool(stated), skip=slot)
        if language.is_question(self.msg.text):
            topics = self.faq_topics()  # "ik heb WIA, moet ik bij het uwv zijn of bij de gemeente?"
            if topics:
                self.answer_faq(topics[0])
        return True

    def other_facts(self, q: str) -> Dict[str, Fact]:
        return {n: f for n, f in self.facts.items() if n != q and f.stated and n not in ("role", "region")}

    def new_facts(self, q: str) -> Dict[str, Fact]:
        """The other facts the message states that the bot did not know yet ("ik werk bij een
        supermarkt" from someone keeping her job says nothing new)."""
        return {n: f for n, f in self.other_facts(q).items() if self.state.facts.get(n) != f.value}

    def answer_benefit(self) -> bool:
        s, m = self.state, self.msg
        value = m.entity("benefit") if m.payload else None
        if value is None and "benefit" in self.facts:
            value = self.facts["benefit"].value
        if value is None and m.payload and m.intent in YES_NO_INTENTS:
            value = {NO: "geen", UNKNOWN: UNKNOWN}.get(YES_NO_INTENTS[m.intent])
        if value is None and not m.payload:
            # "nee, contract liep af" to "Heb je een uitkering?" is "geen"
            short = language.words(m.text) <= SHORT_ANSWER_WORDS
            answer = language.answer_of(m.text) if short else language.first_clause_answer(m.text)
            if answer == YES and short:
                return self.miss_at_question("benefit_which")
            value = {NO: "geen", UNKNOWN: UNKNOWN}.get(answer) if answer else None
        if value is None and not m.payload and "benefit" not in self.facts:
            # "nee ik woon bij mn vriendin, die verdient", "telt studiefinanciering ook?": no
            # benefit, said with what someone lives on instead
            if language.answer_of(language.first_sentence(m.text)[0].split(" ", 1)[0]) == NO or language.matches(
                "not_a_benefit", m.text
            ):
                value = "geen"
        if value is None:
            if self.is_aside() or self.other_facts("benefit"):
                return False
            return self.miss_at_question("benefit")
        s.facts["benefit"] = value
        return self.answered("benefit")

    def answer_gemeente(self) -> bool:
        s, m = self.state, self.msg
        text = m.text
        if m.payload:
            name = m.entity("gemeente")
            if name:
                return self.set_gemeente(name)
            if m.intent in ("dont_know",):
                self.skip("gemeente")
                return True
            return False
        if language.is_question(text) and language.words(text) > 3 and self.is_aside():
            return False  # "hoe is het weer in Den Haag?" is no answer
        chosen_one = self.chosen_place() if self.place_options else None
        if chosen_one:
            return self.set_gemeente(chosen_one.name)  # "Welke gemeente bedoel je?" (Bergen) -> "limburg"
        if language.is_real_question(text) and "gemeente" not in self.facts:
            return False  # "wie betaalt de begeleiding?": a question of its own, no place in it
        if s.role == ROLE_EMPLOYER and "gemeente" not in self.facts and language.matches("someone_elses_home", text):
            return False  # "hij woont bij alkmaar": where the candidate lives, not the business
        if "gemeente" in self.facts:
            name = self.facts["gemeente"].value
            if lookup_gemeente(text).found and not same_place(text, name):
                self.say("utter_gemeente_corrected", gemeente=render.display_gemeente(name) or "")
            return self.set_gemeente(name)
        short = language.words(text) <= SKIP_MAX_WORDS
        if (short and (language.answer_of(text) in (UNKNOWN, NO) or m.is_intent("dont_know"))) or (
            language.first_clause_answer(text) == UNKNOWN
        ):
            self.skip("gemeente")
            return True
        # "provincie groningen" / "groningen provincie": the province, not its capital
        match = None if re.search(r"\bprovincie\b", language.plain(text)) and province_in(text) else _lookup_in(text)
        if match is not None:
            if match.found:
                if match.corrected or not same_place(text, match.gemeente.name):
                    self.say("utter_gemeente_corrected", gemeente=render.display_gemeente(match.gemeente.name) or "")
                return self.set_gemeente(match.gemeente.name)
            if match.status == "ambiguous":
                # "Bergen in Limburg": the province says which one.
                chosen = option_in_province(match.options, text)
                if chosen:
                    return self.set_gemeente(chosen.name)
                s.question_misses += 1
                s.place_options = list(match.options)  # the next answer may name the province ("limburg")
                self.say("utter_gemeente_which", buttons=render.gemeente_buttons(match.options))
                return True
        province = province_in(text)
        if province:
            region = region_of_province(province)
            if region:
                s.facts["gemeente"] = UNKNOWN
                s.facts["region"] = region
                s.question_misses = 0
                self.say("utter_gemeente_from_province", province=province, region=region)
                return True
            s.question_misses += 1
            self.say("utter_gemeente_in_province", province=province)
            return True
        if self.is_aside() or self.other_facts("gemeente"):
            return False
        return self.miss_at_question("gemeente")

    def set_gemeente(self, name: str) -> bool:
        s = self.state
        gemeente = found_gemeente(name)
        if gemeente:
            s.facts["gemeente"] = gemeente.name
            s.facts["region"] = gemeente.region
        else:
            s.facts["gemeente"] = UNKNOWN
        return self.answered("gemeente")

    def answer_consent(self) -> bool:
        s, m = self.state, self.msg
        if not m.payload and language.matches("role_denied", m.text):
            return False  # "ik heb geen cliënt, het gaat over mezelf": not a professional after all
        last = language.last_sentence(m.text)
        chose_after = language.matches("consent_not_yet", m.text) and not language.matches("consent_not_yet", last)
        if chose_after and (language.matches("consent_not_kept", last) or language.matches("consent_given", last)):
            # "hij heeft nog geen toestemming gegeven. hij kiest: ja maar bewaar niets": the choice
            # said after it counts
            self.msg = m = dataclasses.replace(m, text=last)
        if not m.payload and language.matches("consent_not_yet", m.text):
            # "ze heeft nog geen ja gezegd op het bewaren": no consent yet, so nothing starts, and
            # "niet bewaren" in it is no "ja, maar bewaar niets"
            self.understood = True
            self.say("utter_consent_not_yet")
            return True
        answer = YES if language.matches("consent_given", m.text) else self.plain_yes_no()
        if answer is None and language.matches("consent_plain", m.text):
            answer = YES
        if answer is None and not m.payload:
            answer = language.first_clause_answer(m.text)  # 'Nee, hij is er nu niet bij. ...'
        if answer is None and not m.payload and language.matches("client_absent", m.text):
            answer = NO  # "nee ze zit er nu niet bij": no intake without the client
        if answer is None and not m.payload and self.stated_facts():
            # "ja ze heeft bijstand en is onder behandeling": the yes, and facts about the client
            first = language.plain(m.text).split()[:1]
            answer = YES if first and language.answer_of(first[0]) == YES else None

        not_kept = m.entity("consent_scope") == "not_kept" or any(
            # ("als hij kiest voor niks bewaren, wordt dit gesprek dan ook niet bewaard?": a question
            # about keeping, not the client's choice)
            language.matches("consent_not_kept", part) and not language.is_question(part) and "?" not in part
            for part in re.split(r"(?<=[.!?;])\s+", m.text.strip())
        )
        if not_kept and not m.payload:
            answer = YES  # "ja, maar niets bewaren": takes part, nothing kept
        if answer == YES:
            asked = "" if m.payload else self.answer_and_question()[1]
            s.consent = YES
            # (a yes with a question about what is kept beside it, "hij wil meedoen maar vraagt of
            # het uwv dit te zien krijgt", is no yes to keeping yet: the end of the intake asks)
            privacy_asked = bool(asked) and not not_kept and language.matches("keep_words", asked)
            s.keep_summary = None if privacy_asked else not not_kept
            s.asking = None
            s.question_misses = 0
            self.take_held_facts()
            self.say("utter_professional_intro")
            # "ja, meneer woont in Dwingeloo en heeft Wajong ...": the client's facts count
            self.apply_facts(stated_only=True, acknowledge=True)
            if asked:
                self.ask_aside(asked)  # "klopt. hij vraagt nog of dit nu echt nergens bewaard wordt"
            return True
        if answer in (NO, UNKNOWN):
            s.consent = NO
            s.asking = None
            s.question_misses = 0
            self.apply_facts(stated_only=True, acknowledge=False)
            known = {k for k in ("in_treatment", "benefit", "has_job") if s.facts.get(k) not in (None, UNKNOWN)}
            route = ""
            if known:
                # "nee hij zit er niet bij, ik wil alleen de route weten": the general route from what
                # was said, without an intake and without keeping anything
                route = render.advice_text(
                    referrals_for_state(s), ROLE_PROFESSIONAL, s.facts.get("gemeente"), s.facts.get("region")
                )
            # What was said about the client is held apart: not in an intake without the client
            # ("nee, hij is er niet bij"), but not asked again if the client joins later.
            s.held_facts = {**s.held_facts, **s.facts}
            s.facts.clear()
            s.answers.clear()
            if route:
                self.say("utter_professional_route_without_intake", advice=route)
            else:
                self.say("utter_professional_no_consent")
            return True
        if self.is_aside() or m.intent == "faq":
            return False
        asks_route = m.is_intent("keep_job") or any(
            language.matches(name, m.text) for name in ("advice_request", "what_next", "client_keep_job")
        )
        route = self.general_route() if asks_route else ""
        if route:
            # "ik vroeg hoe we hem aan het werk houden": the route in general, and the question stays
            self.apply_facts(stated_only=True, acknowledge=False)
            self.understood = True
            self.say("utter_professional_route", advice=route)
            self.say("utter_not_understood_consent")
            return True
        if self.stated_facts():
            # "mijn cliënt heeft bijstand en staat op de wachtlijst, hij zit naast me": kept for the
            # intake (a "nee" to the question still clears them) and not asked again later
            self.apply_facts(stated_only=True, acknowledge=True)
            self.understood = True
            self.say("utter_not_understood_consent")
            return True
        return self.miss_at_question("consent")

    def general_route(self) -> str:
        """The route in general for a client who does not take part, from what the professional
        told (held apart, see State.held_facts)."""
        s = self.state
        known = s.copy()
        known.facts = dict(s.held_facts if s.consent == NO else s.facts)
        if not {"in_treatment", "benefit", "has_job"} & set(known.facts):
            return ""
        return render.advice_text(
            referrals_for_state(known), ROLE_PROFESSIONAL, known.facts.get("gemeente"), known.facts.get("region")
        )

    def replace_in_answer(self) -> bool:
        """A correction by what was said instead of by number: "het is 12 uur per week, niet 16",
        "niet lerares maar verpleegkundige". The old words must be in exactly one answer; they
        are replaced there, and the summary is shown again."""
        s, m = self.state, self.msg
        text = language.plain(m.text)
        found = re.search(r"\bniet (?P<old>[\w -]{1,30}?),? maar (?P<new>[\w -]{1,40}?)\W*$", text)
        if not found:
            found = re.search(r"(?P<new>\d+)\D{0,25},? (en )?niet (?P<old>\d+)\W*$", text)
        swap = language.instead_of(m.text)  # "pb'er van fact ipv behandelaar"
        if found:
            old, new = found.group("old").strip(), found.group("new").strip()
        elif swap:
            new, old = swap
        else:
            return False
        if not old or not new or old == new:
            return False
        holding = [q for q in GUIDE if re.search(rf"\b{re.escape(old)}\b", s.answers.get(q, ""), flags=re.I)]
        if len(holding) != 1:
            return False
        q = holding[0]
        s.answers[q] = re.sub(rf"\b{re.escape(old)}\b", new, s.answers[q], count=1, flags=re.I)
        self.understood = True
        self.changed()
        label = knowledge.labels()["summary_items"][q]
        self.say("utter_fact_changed", facts=f"{label}: {s.answers[q]}")
        return True

    def keep_intake_later(self) -> bool:
        """ "ze vindt het goed als je het bewaart" after the summary was not kept: kept now (the
        client's consent to keeping it, said after the advice)."""
        s, m = self.state, self.msg
        if (
            s.role != ROLE_PROFESSIONAL
            or not s.advised
            or s.consent != YES
            or s.keep_summary
            or m.payload
            # (the last sentence says it: "je hebt niet gevraagd of het bewaard mocht worden. hij
            # vindt het goed als je het bewaart")
            or not language.matches("keep_allowed", language.last_sentence(m.text))
            or language.matches("consent_not_kept", language.last_sentence(m.text))
            or language.is_question(m.text)  # "wie kan die samenvatting zien als je hem bewaart?"
        ):
            return False
        s.keep_summary = True
        self.understood = True
        self.say(INTAKE_STORED)
        return True

    def take_held_facts(self) -> None:
        """The client takes part after all: what the professional told before counts now, said
        back once, and is not asked again."""
        s = self.state
        held = {k: v for k, v in s.held_facts.items() if s.facts.get(k) in (None, UNKNOWN)}
        s.held_facts = {}
        if not held:
            return
        s.facts.update(held)
        shown = {k: v for k, v in held.items() if k != "region"}
        if shown:
            self.say("utter_fact_noted", facts=render.fact_phrases(shown))

    def plain_yes_no(self) -> Optional[str]:
        m = self.msg
        if m.payload:
            return YES_NO_INTENTS.get(m.intent)
        if language.words(m.text) <= SHORT_ANSWER_WORDS:
            answer = language.answer_of(m.text, weak=True)
            if answer:
                return answer
            if m.is_intent(*YES_NO_INTENTS):
                return YES_NO_INTENTS[m.intent]
        return None

    def answer_confirm(self) -> bool:
        s, m = self.state, self.msg
        segments = [] if m.payload else language.item_segments(m.text)
        if segments and self.set_items(segments):
            return True  # "5 en 6 kloppen niet. 5 moet zijn: ... 6: ...", "nee dat is niet goed. 5: ...", "5 ook: ..."
        numbers = [] if m.payload else [int(n) for n in re.findall(r"\b(10|[1-9])\b", language.plain(m.text))]
        if len(set(numbers)) >= 2 and not segments and language.matches("items_wrong", m.text):
            # "4 en 5 kloppen niet": item 4 asked again, then item 5
            first, *later = dict.fromkeys(numbers)
            s.pending_items = list(later)
            self.correct_item(first)
            return True
        number = language.item_number(m.text) if not m.payload else None
        if number and (
            language.words(m.text) <= 3 or language.is_correction(m.text) or language.matches("item_change", m.text)
        ):
            self.correct_item(number)
            slot = render.summary_slots()[number - 1] if 1 <= number <= len(render.summary_slots()) else None
            new_answer = language.new_answer_for_item(m.text) if slot in GUIDE else None
            if slot and new_answer and language.matches("item_removal", new_answer):
                s.answers[slot] = SKIPPED  # "3 leeg laten"
                self.say("utter_fact_changed", facts=item_line(slot, SKIPPED))
                s.asking = CONFIRM_SUMMARY
            elif slot and new_answer:
                s.answers[slot] = clean_answer(new_answer)  # "bij 2 had ik gezegd: iets met dieren"
            elif slot in self.facts:  # "9 klopt niet, het is bijstand", "punt 9 moet wia zijn"
                self.apply_facts(stated_only=slot not in FACTS, acknowledge=True)
            elif slot in ("in_treatment", "wants_paid_work"):  # "7 moet nee zijn"
                rest = re.sub(r"\b(10|[1-9])\b", " ", language.plain(m.text))
                # ("8 klopt niet helemaal, ik zei weet niet": the verdict is no answer, the doubt is)
                rest = re.sub(r"\bklopt (ook )?niet( helemaal| echt| meer)?\b", " ", rest)
                value = next(
                    (
                        v
                        for w, v in (
                            (r"weet (ik )?(het )?(nog )?niet|geen idee|twijfel\w*|misschien|weet", UNKNOWN),
                            ("nee", NO),
                            ("niet", NO),
                            ("ja", YES),
                        )
                        if re.search(rf"\b({w})\b", rest)
                    ),
                    None,
                )
                if value and s.facts.get(slot) != value:
                    s.facts[slot] = value
                    self.changed()
                    self.say("utter_fact_changed", facts=render.fact_phrases({slot: value}))
            return True
        if not m.payload and language.matches("moved", m.text) and "gemeente" not in self.facts:
            self.correct_item(render.summary_slots().index("gemeente") + 1)  # "ik ben verhuisd naar Maarssen"
            return True
        if not m.payload and self.replace_in_answer():
            return True  # "oh wacht, het is 12 uur per week, niet 16"
        answer = self.plain_yes_no()
        if answer == YES and not m.payload and language.is_marked_question(m.text):
            answer = None  # "is dat zo goed?": a question back, not a yes
        head, rest = language.first_sentence(m.text)
        first_word = head.split(",")[0].split()[0] if head.split() else ""
        if (
            answer in (None, UNKNOWN)
            and not m.payload
            and (
                language.answer_of(first_word, weak=True) == YES
                # ("laat maar, ja": the summary as it is)
                or (language.matches("leave_it", head) and re.search(r"\b(ja|klopt|prima)\b", language.plain(head)))
            )
            and not re.search(r"\b(niet|nee|fout|verkeerd|behalve|alleen)\b|\d", language.plain(head))
            and not (re.search(r"\bmaar\b", language.plain(head)) and not language.matches("leave_it", head))
            and language.command_of(rest) not in ("stop", "start_over")  # "ok. stop"
        ):
            # "ja whatever", "ja laat maar", "ja klopt. en nu graag antwoord op zijn vraag over de
            # wajong": the yes, and what follows it is read as its own message
            s.confirmed = True
            s.question_misses = 0
            if rest and (language.is_question(rest) or self.faq_topics(rest)):
                self.ask_aside(rest)
            return True
        answered, asked = self.answer_and_question()
        if answer is None and asked and language.answer_of(answered, weak=True) == YES:
            # "klopt. vraagje: wie betaalt het ips traject?": the yes, and the question answered
            s.confirmed = True
            s.question_misses = 0
            self.ask_aside(asked)
            return True
        if answer == YES:
            s.confirmed = True
            s.question_misses = 0
            return True
        if answer == NO:
            s.asking = WHICH_ITEM
            s.question_misses = 0
            self.say("utter_ask_which_item")
            return True
        if self.is_aside() or self.facts:
            return False
        return self.miss_at_question("confirm")

    def answer_which_item(self) -> bool:
        m = self.msg
        with_text = None if m.payload else re.match(r"^\W*(10|[1-9])\s*[.):,-]?\s+(.*[^\W\d_]{2}.*)$", m.text.strip())
        if with_text:
            self.state.asking = CONFIRM_SUMMARY
            if self.set_items([(int(with_text.group(1)), with_text.group(2).strip(" .,;:-"), 0)]):
                self.go_on()  # "10. zwolle": the number and the new text at once; the summary again
                return True
            self.state.asking = WHICH_ITEM
        number = language.item_number(m.text) or _int(m.entity("item_number"))
        if number:
            self.correct_item(number)
            return True
        if self.is_aside() or self.facts or self.plain_yes_no() == NO:
            self.state.asking = None
            return False
        return self.miss_at_question("which_item")

    def answer_employer_goal(self) -> bool:
        m = self.msg
        goal = next((g for i, g in EMPLOYER_GOALS.items() if m.is_intent(i)), None)
        if goal is None and not m.payload:
            goal = employer_goal_in(m.text)
        if goal is None and not m.payload:
            # "dat laatste", "de eerste": the menu's choices by their place
            place = language.menu_position(m.text)
            goals = list(EMPLOYER_GOALS.values())
            goal = goals[place] if place is not None and -len(goals) <= place < len(goals) else None
        if goal:
            self.state.employer_goal = goal
            self.state.question_misses = 0
            if not m.payload:
                self.apply_facts(stated_only=True, acknowledge=False)  # "... in Tiel, wij willen iemand aannemen"
            if not m.payload and self.is_clear_question():
                self.questions()  # "een medewerker is ziek. hoe lang betaal ik door?": that too
            return True
        if self.is_aside() or m.is_intent(*ROLE_INTENTS, "faq", "keep_job"):
            return False
        topics = [] if m.payload else self.faq_topics()
        if topics:
            # "subsidies enzo": a subject named without a question is a question about it
            self.state.question_misses = 0
            for key in topics[:2]:
                self.answer_faq(key)
            return True
        return self.miss_at_question("employer_goal")

    def answer_anything_else(self) -> bool:
        s, m = self.state, self.msg
        if self.facts or language.is_correction(m.text):
            s.asking = None
            return False  # "nee, Bergen in Limburg bedoel ik": a correction, not a goodbye
        stop = not m.payload and language.command_of(language.last_sentence(m.text)) == "stop"
        if language.is_closing(m.text) or stop or (self.plain_yes_no() == NO and language.words(m.text) <= 3):
            # ("ok. stop" after "Heb je nog een vraag?": a goodbye, not "Stel je vraag maar")
            s.asking = None
            self.say("utter_goodbye")
            return True
        if self.plain_yes_no() == YES and language.words(m.text) <= 3:
            s.asking = None
            self.say("utter_ask_your_question")
            return True
        s.asking = None
        return False

    def miss_at_question(self, kind: str) -> bool:
        """The answer was not understood: say so (never the same words three times in a
        row), offer to skip at the third try and skip at the fourth."""
        s = self.state
        s.question_misses += 1
        skippable = s.asking in GUIDE or s.asking in FACTS
        if s.question_misses >= 4 and s.asking and skippable:
            self.skip(s.asking)
            self.say("utter_skipped")
            return True
        if not skippable:
            self.menu_shown = True  # the not-understood replies of menus carry the buttons
        if s.question_misses == 3 and skippable:
            self.say("utter_offer_skip", buttons=(render.skip_button(),))
        elif s.question_misses % 2 == 1:
            self.say(f"utter_not_understood_{kind}")
        else:
            self.say(f"utter_not_understood_{kind}_again")
        return True

    # --- a message that is not an answer ---------------------------------------------------
    def free_message(self) -> None:
        s, m = self.state, self.msg
        before = len(self.replies)
        if (
            not m.payload
            and (s.advised or (s.role is None and not s.answers and s.welcomed))
            and language.matches("will_contact", m.text)
            and not language.is_question(m.text)
            and (self.says_nothing_new() or s.role is None)
        ):
            # "ok thnx ga ik wsp bellen", "ok ik bel mijn psychiater": the next step is theirs
            self.understood = True
            if s.role is None:
                self.apply_facts(stated_only=True, acknowledge=False)
            return self.say("utter_will_contact")
        if not m.payload and language.matches("come_back", m.text):
            self.understood = True
            return self.say("utter_come_back")  # "kan ik later terugkomen voor het werk?"
        if (
            not m.payload
            and language.says_goodbye(m.text)
            and not language.is_question(m.text)
            and not self.stated_facts()
            and s.asking not in GUIDE
        ):
            # "oke, ik bel die ips man terug en het wsp. fijne dag": a goodbye, not two answers again
            self.understood = True
            s.asking, s.misses = None, 0
            return self.goodbye()
        if s.for_relative and s.role is None and not m.payload and self.relative_route():
            s.misses = 0
            if not language.is_question(m.text):
                return
            self.questions()  # "hij durft niet. loopt IPS met Wajong via UWV?": the question too
            return
        if (
            s.role == ROLE_PROFESSIONAL
            and s.consent == NO
            and not m.payload
            and not language.matches("consent_later", m.text)
            and (
                m.is_intent("keep_job")
                or any(
                    language.matches(name, m.text)
                    for name in ("advice_request", "what_next", "job_worry", "helper_work_after", "client_keep_job")
                )
            )
        ):
            # "hoe houden we hem aan het werk?" while the client is not there: the general route
            # from what was told, never "Je vraag neem ik mee" with no questions to come
            self.apply_facts(stated_only=True, acknowledge=False)  # (held apart)
            route = self.general_route()
            if route:
                self.understood = True
                s.misses = 0
                s.advice_given = route
                return self.say("utter_professional_route", advice=route)
        if (
            s.role == ROLE_PROFESSIONAL
            and s.consent == NO
            and not m.payload
            and language.matches("consent_later", m.text)
        ):
            s.consent = YES  # "hij is net binnengekomen en vindt het goed"
            # (kept only when that is said: "... en de samenvatting mag bewaard worden")
            s.keep_summary = language.matches("keep_allowed", m.text) and not language.matches(
                "consent_not_kept", m.text
            )
            self.understood = True
            self.take_held_facts()
            self.say("utter_professional_intro")
            return self.go_on()
        if language.matches("which_gemeente", m.text) and not m.payload:
            return self.which_gemeente()  # a question about a place, not where the person lives
        s.last_faq = None
        chosen = self.chosen_place()
        if chosen and self.previous_faq == "wsp":
            self.understood = True
            s.facts["gemeente"], s.facts["region"] = chosen.name, chosen.region
            referral = Referral("wsp", "employer_region")
            return self.say(
                "utter_wsp_for_region", advice=render.advice_text([referral], ROLE_EMPLOYER, chosen.name, chosen.region)
            )
        if self.previous_faq == "wsp" and "region" in self.facts:
            # "Noem je gemeente, dan zeg ik welk WSP bij jou hoort" -> "Nijmegen"
            region = self.facts["region"].value
            gemeente = self.facts["gemeente"].value if "gemeente" in self.facts else None
            referral = Referral("wsp", "employer_region" if gemeente else "employer_region_only")
            self.understood = True
            return self.say(
                "utter_wsp_for_region", advice=render.advice_text([referral], ROLE_EMPLOYER, gemeente, region)
            )
        self.role_from_message()
        # (a place in a question is no fact: "... of moet ik naar groningen stad")
        asks = language.is_question(m.text) or language.has_question_sentence(m.text) or "?" in m.text
        self.apply_facts(stated_only=s.asking in GUIDE or asks, acknowledge=True)
        if not self.understood and (language.matches("what_next", m.text) or language.matches("skip_all", m.text)):
            return self.what_next()
        self.wanted_work()
        last = language.last_sentence(m.text)
        if (
            self.understood
            and (language.matches("what_next", last) or language.matches("generic_help", last))
            and not self.faq_topics()  # "... wij hebben geen IPS-trajectbegeleider. Wat zijn de opties?"
        ):
            return self.go_on()  # "Ik ben jobcoach ... Wat zijn de opties?": the questions lead there
        if not self.understood and language.matches("capabilities", m.text):
            s.misses = 0
            self.understood = True
            self.say("utter_capabilities")
            return self.go_on() if s.role else None
        if self.role_denied():
            return self.go_on()
        worry = self.facts.get("benefit_worry")
        if worry is None or not worry.value or self.faq_topics():
            self.questions()  # the fear of losing a benefit has its own answer below
        if worry is not None or (m.payload and m.intent == "worry_benefit_loss"):
            self.understood = True
            worried = worry.value if worry is not None else True
            # Not in the summary: a confirmed summary stays confirmed; the advice below says it.
            s.facts["benefit_worry"] = worried
            if worried:
                self.say_benefit_worry()
            else:
                self.say("utter_fact_changed", facts=render.fact_phrases({"benefit_worry": False}))
        if m.payload and m.intent == "choose":
            self.understood = True  # a button of an earlier question: the flow asks again
        if self.understood:
            s.misses = 0
            if s.advised and s.asking in (None, ANYTHING_ELSE) and language.is_question(m.text) and not self.replies:
                # "mijn baas wil dat ik ander werk doe, mag dat zomaar?" after the advice: a question
                # with a fact in it gets an honest answer, not only "Heb je nog een vraag?"
                self.say(voiced("utter_question_unknown", s.role, s.own_work))
                return None
            if (
                language.is_real_question(m.text)
                and s.role in (ROLE_JOB_SEEKER, ROLE_PROFESSIONAL)
                and not s.advised
                and not any(
                    r.key.startswith(
                        (
                            "utter_faq/",
                            "utter_faq_again",
                            "utter_question",
                            "utter_wsp_for_region",
                            "utter_benefit_worry",
                        )
                    )
                    for r in self.replies
                )
                and not language.matches(
                    "intake_request", m.text
                )  # "kunnen we samen de intake doen?": that is what comes
            ):
                # "... woon in Emmen. kan ik al werk zoeken?": the facts are taken, and the
                # question is not passed over in silence (in the intro when there is one)
                intros = ("utter_job_seeker_intro", "utter_keep_job_intro")
                intro = next((i for i, r in enumerate(self.replies) if r.key in intros), None)
                if intro is None:
                    self.say("utter_question_in_advice")
                else:
                    self.replies[intro] = Reply(self.replies[intro].key + "_question")
            return self.go_on()
        if self.social():
            return
        if m.is_intent("out_of_scope"):
            s.misses = 0
            # Off-topic twice running: other words, so it never reads as a loop
            s.off_topic += 1
            self.say("utter_out_of_scope" if s.off_topic % 2 else "utter_out_of_scope_again")
            if s.asking in GUIDE + FACTS:
                self.reask()  # "kun je mijn cv schrijven?" at question 3: then question 3 again, no dead end
            return None
        if (m.is_intent(*YES_NO_INTENTS, confident=False) or language.answer_of(m.text, weak=True)) and language.words(
            m.text
        ) <= 3:
            # "ja" / "oke" when no question waits for it.
            if s.asking in (ROLE, EMPLOYER_GOAL):
                return self.not_understood()
            s.misses = 0
            if s.advised and language.answer_of(m.text) == NO:
                s.asking = None
                return self.say("utter_goodbye")
            if s.role == ROLE_PROFESSIONAL and s.consent == NO:
                s.consent = None  # "ja": ask again whether the client takes part
            if s.role:
                return self.go_on()
            if s.for_relative:
                return self.say(
                    "utter_relative_go_on", relative=self.relative_word()
                )  # a helper's "oke": on about the person, no role menu
            s.asking = ROLE  # the menu waits for a choice: another "ja" gets the role's own replies
            return self.say("utter_what_now")
        if len(self.replies) > before:
            return self.go_on()
        if language.is_question(m.text) and not m.gibberish and s.for_relative and not s.role:
            s.misses = 0
            if language.matches("work_topic", m.text) and self.relative_route(force=True):
                return  # "wat moet hij bij uwv vragen?": the route names what to ask where
            return self.say("utter_question_unknown_relative")
        if s.advised and s.role and not m.payload and language.matches("back_to_me", m.text):
            return self.advice(again=True)  # "maar mijn eigen vraag?" after a detour: the advice for them again
        if self.left_helper_thread and s.role:
            # "113 gebeld ... hoe moet ik hierna verder met hem op het werk?": the way on for this
            # speaker (an employer's advice for keeping the employee), never "Sorry, dat begreep ik niet"
            s.misses = 0
            said = len(self.replies)
            self.go_on()
            if len(self.replies) == said:
                self.say("utter_question_unknown")
            return None
        if language.is_real_question(m.text) and not m.gibberish and s.role:
            # A question the bot has no answer for: say so, and who knows; never "Sorry, dat
            # begreep ik niet" and the menu, as if nothing was asked.
            s.misses = 0
            self.say("utter_question_unknown")
            return self.go_on()
        self.not_understood()

    def role_from_message(self) -> None:
        """A role said in the message, by button, intent or an outright sentence."""
        s, m = self.state, self.msg
        role = ROLE_INTENTS.get(m.intent) if m.is_intent(*ROLE_INTENTS) else None
        goal = EMPLOYER_GOALS.get(m.intent) if m.is_intent(*EMPLOYER_GOALS) else None
        if goal and self.facts.get("role") and self.facts["role"].value == ROLE_JOB_SEEKER and not m.payload:
            goal = None  # "ik zoek werk, niemand neemt me aan": a job seeker, whatever the classifier says
        if goal and s.role == ROLE_JOB_SEEKER and not m.payload and not language.matches("role_employer", m.text):
            goal = None  # "welke strandtenten zoeken personeel?" from a job seeker: not an employer
        own_benefit = language.matches("own_benefit", m.text)
        own_job = (
            (s.role == ROLE_JOB_SEEKER and s.facts.get("has_job") == YES)
            or language.matches("wants_other_work", m.text)
            or language.matches("employee_self", m.text)
        )
        said_employer = "role" in self.facts and self.facts["role"].value == ROLE_EMPLOYER
        if (
            (goal or role == ROLE_EMPLOYER or said_employer)
            and not m.payload
            and own_job
            and not language.matches("role_employer_explicit", m.text)
        ):
            # "ik heb wel werk maar ik wil iets anders", "we hebben geen bedrijfsarts, het is een
            # winkel met 40 man" from an employee: not an employer, whatever the classifier reads
            goal = None
            role = ROLE_JOB_SEEKER
            if "role" in self.facts and self.facts["role"].value == ROLE_EMPLOYER:
                self.facts.pop("role")
        if (
            (goal or role == ROLE_EMPLOYER)
            and not m.payload
            and own_benefit
            and not language.matches("role_employer_explicit", m.text)
        ):
            # "ik heb een wga uitkering ... ik zou graag weer wat willen doen": someone with a
            # benefit of their own, whatever the classifier reads in "weer wat gaan doen"
            goal = None
            role = ROLE_JOB_SEEKER if role in (None, ROLE_EMPLOYER) else role
        if (
            goal is None
            and not m.payload
            and s.employer_goal != "keep_employee"
            and (s.role == ROLE_EMPLOYER or (self.facts.get("role") and self.facts["role"].value == ROLE_EMPLOYER))
            and language.matches("employee_off_sick", m.text)
        ):
            # "een teamleider is al 8 weken ziek": keeping an employee (also after a question about hiring)
            goal = "keep_employee"
        if goal:
            role = ROLE_EMPLOYER
        if (
            role == ROLE_EMPLOYER
            and s.role == ROLE_JOB_SEEKER
            and s.facts.get("has_job") == YES
            and not m.payload
            and not language.matches("role_employer_explicit", m.text)
        ):
            # "ik heb een nulurencontract, heb ik dan ook een bedrijfsarts?" from someone keeping
            # a job: an employee, whatever the classifier reads in "contract" or "bedrijfsarts"
            role, goal = None, None
        has_job = self.facts.get("has_job")
        # The classifier alone is not enough: someone looking for work must not land here.
        seeks_work = self.facts.get("role") is not None and self.facts["role"].value == ROLE_JOB_SEEKER
        keeps_job = (m.payload and m.intent == "keep_job") or (
            has_job is not None
            and has_job.value == YES
            and not seeks_work
            and (m.is_intent("keep_job", "role_job_seeker", "inform") or language.matches("job_worry", m.text))
        )
        if role == ROLE_JOB_SEEKER and not m.payload and s.role in (ROLE_PROFESSIONAL, ROLE_EMPLOYER):
            role = None  # "hij zoekt werk" from a professional is about the client
        if (
            role == ROLE_PROFESSIONAL
            and s.role == ROLE_EMPLOYER
            and not m.payload
            and not language.matches("role_professional_statement", m.text)
            and not language.matches("self_role_statement", m.text)
        ):
            role = None  # "werken ips begeleiders ook met werkgevers zoals ik?": still the employer
        if (
            s.role == ROLE_JOB_SEEKER
            and not m.payload
            and ROLE_PROFESSIONAL in (role, self.facts["role"].value if "role" in self.facts else None)
            and not language.matches("role_professional_statement", m.text)
            and not language.matches("self_role_statement", m.text)
        ):
            # "die re-integratiebegeleider reageert nooit. kan ik zelf een jobcoach aanvragen?": a
            # helper named by a job seeker, who is still the job seeker
            role = None if role == ROLE_PROFESSIONAL else role
            if "role" in self.facts and self.facts["role"].value == ROLE_PROFESSIONAL:
                self.facts.pop("role")
        said = self.facts["role"].value if "role" in self.facts else None
        if (
            s.role == ROLE_EMPLOYER
            and said == ROLE_PROFESSIONAL
            and not m.payload
            and language.is_question(m.text)
            and not language.matches("role_professional_statement", m.text)
        ):
            said = None  # "jobcoach, wie betaalt dat?" from an employer: a topic, not who is speaking
            role = None if role == ROLE_PROFESSIONAL else role
            self.facts.pop("role", None)
        if (
            (said == ROLE_PROFESSIONAL or (said is None and role == ROLE_PROFESSIONAL))
            and has_job is not None
            and has_job.value == YES
            and language.matches("job_worry", m.text)
            and not language.matches("client_word", m.text)
        ):
            said, role = None, None  # "ik werk als verpleegkundige en ben bang dat ik uitval": about her own job
            keeps_job = True
        if said in (ROLE_EMPLOYER, ROLE_PROFESSIONAL) and not m.payload:
            keeps_job = False  # "ik ben eigenaar ... een van mijn monteurs is ziek": an employer
        if s.role in (ROLE_EMPLOYER, ROLE_PROFESSIONAL) and not m.payload and said != ROLE_JOB_SEEKER:
            keeps_job = False  # the bakery owner's "een van mijn bakkers is ziek gemeld" is about the bakker
            role = role if role in (ROLE_EMPLOYER, ROLE_PROFESSIONAL) else said
        if (
            s.role == ROLE_PROFESSIONAL
            and role == ROLE_EMPLOYER
            and not m.payload
            and not language.matches("role_employer_explicit", m.text)
        ):
            # "wij zijn een kleine vrijgevestigde praktijk": the professional's organisation, not
            # an employer asking; a professional becomes an employer only by saying so
            role = None
            self.facts.pop("role", None)
        if keeps_job:
            # (a professional's "Werk houden" button is about the client)
            role = role or (ROLE_PROFESSIONAL if s.role == ROLE_PROFESSIONAL else ROLE_JOB_SEEKER)
            s.facts["has_job"] = YES
        if language.matches("role_denied", m.text) and not m.payload:
            return  # "ik ben geen werkgever": no role from this message
        in_free_answer = s.asking in GUIDE
        if (
            s.for_relative
            and role in (None, ROLE_JOB_SEEKER)
            and not m.payload
            and not language.matches("role_job_seeker", m.text)
        ):
            return  # the mother's "hij is in behandeling en heeft Wajong" is about her son
        if role is None and "role" in self.facts and not in_free_answer:
            role = self.facts["role"].value
        if (
            role is None
            and in_free_answer
            and "role" in self.facts
            and self.facts["role"].value in (ROLE_PROFESSIONAL, ROLE_EMPLOYER)
            and language.matches("self_role_statement", m.text)
        ):
            role = self.facts["role"].value  # "ik ben de werkcoach, het gaat over mijn klant" at question 1
        if role is None and s.role is None and not in_free_answer and self.seeker_facts():
            role = ROLE_JOB_SEEKER  # "ik zit thuis zonder werk", "bijstand in Almere": about oneself
        if role is None:
            return
        self.understood = True
        if role == s.role == ROLE_PROFESSIONAL and m.payload and s.consent == NO:
            s.consent = (
                None  # "Ik begeleid een cliënt" again after "nee, hij is er niet bij": the consent question again
            )
        if role != s.role:
            self.start_role(role)
        if s.role == ROLE_PROFESSIONAL and s.consent is None and language.matches("consent_given", m.text):
            s.consent = YES
            # kept only when that was said too ("... en de samenvatting mag bewaard worden"); not
            # asked yet when it was not (the end of the intake says so)
            s.keep_summary = (
                False
                if language.matches("consent_not_kept", m.text)
                else (True if language.matches("keep_allowed", m.text) else None)
            )
            self.take_held_facts()
            self.say("utter_professional_intro")
        elif role == ROLE_EMPLOYER and not goal and not language.is_question(m.text) and language.words(m.text) <= 6:
            s.employer_goal = None  # "Ik ben werkgever" again: the employer's menu again
            # ("mogen wij als werkgever vragen wat ze heeft?" is a question, not a new start)
            s.advised = False
        elif goal and (m.payload or goal != s.employer_goal or not language.is_question(m.text)):
            s.advised = False  # the same choice again: the advice again
            # (not for a question in the same goal, "hoe vind ik zo iemand?": that gets its answer)
        if goal:
            s.employer_goal = goal
        elif s.role == ROLE_EMPLOYER and s.employer_goal is None and not m.payload:
            # "Ik ben werkgever. Een medewerker van mij zit thuis met een burn-out": the goal is said too.
            s.employer_goal = employer_goal_in(m.text)

    def seeker_facts(self) -> bool:
        """Facts that only a job seeker says about themselves, stated."""
        f = self.facts
        return (
            any(f.get(n) and f[n].stated for n in ("benefit",))
            or ("has_job" in f and f["has_job"].value == NO)
            or ("wants_paid_work" in f and f["wants_paid_work"].value == YES)
        )

    def start_role(self, role: str) -> None:
        s = self.state
        s.stopped = False
        if s.for_relative:
            s.answers.clear()  # what was answered before "ik vraag het voor mijn zoon" was about him
        s.for_relative = False
        s.relative, s.relative_facts = None, {}
        if s.role is not None and s.role != role:
            # Another role: the questions were about someone else.
            s.answers.clear()
            s.confirmed = False
            s.consent = None
            s.employer_goal = None
        s.role = role
        s.asking = None
        s.question_misses = 0
        said_job = self.facts.get("has_job")
        has_job = s.facts.get("has_job") == YES or (said_job is not None and said_job.value == YES)
        if role == ROLE_JOB_SEEKER and not has_job:
            self.say("utter_job_seeker_intro")
        elif role == ROLE_JOB_SEEKER:
            self.say("utter_keep_job_intro")  # "Ik wil mijn werk houden" typed: no six questions
        if role == ROLE_PROFESSIONAL and not self.msg.payload and language.matches("client_absent", self.msg.text):
            s.consent = NO  # "ik ben arbeidsdeskundige, hij is er zelf niet bij": no intake to ask about
            self.say("utter_professional_no_consent")

    def apply_facts(
        self, stated_only: bool, acknowledge: bool, skip: Optional[str] = None, may_change: bool = True
    ) -> None:
        """Takes the routing facts the message gives; a changed fact is said back."""
        s = self.state
        if s.role == ROLE_PROFESSIONAL and s.consent == NO:
            # the client does not take part: nothing goes into an intake; held for the general route
            for name, fact in self.facts.items():
                if name in FACTS + ("region", "primary_care", "has_job") and (
                    fact.stated or name in ("gemeente", "region")
                ):
                    s.held_facts[name] = fact.value
            return
        if s.for_relative and s.role is None:
            return  # facts about a relative are not the speaker's
        wish = self.note_wished_work()
        noted: Dict[str, object] = {}
        known: Dict[str, object] = {}
        changed = False
        said_role = self.facts.get("role")
        employer = s.role == ROLE_EMPLOYER or (said_role is not None and said_role.value == ROLE_EMPLOYER)
        # An employer's place named in passing ("HR bij een zorginstelling in Apeldoorn") is
        # where the organisation is: what the WSP depends on, when no gemeente is known yet.
        place_wanted = employer and s.facts.get("gemeente") in (None, UNKNOWN)
        for name, fact in self.facts.items():
            if employer and name not in ("gemeente", "region", "role"):
                continue  # "mag ik vragen of hij in behandeling is?": not the employer's facts
            business_place = place_wanted and name in ("gemeente", "region")
            if (
                name in ("role", "benefit_worry")
                or name == skip
                or (stated_only and not fact.stated and not business_place)
            ):
                continue
            if name == "region" and "gemeente" in self.facts:
                s.facts["region"] = fact.value
                continue
            if (
                name == "has_job"
                and s.role not in (None, ROLE_JOB_SEEKER)
                and not (s.role == ROLE_PROFESSIONAL and language.matches("client_has_job", self.msg.text))
            ):
                continue  # (a klantmanager's own job is not the client's; "ze werkt 32 uur" is)
            old = s.facts.get(name)
            if old == fact.value:
                known[name] = old
                continue
            if name == "wants_paid_work" and fact.value == NO and s.facts.get("has_job") == YES:
                continue  # "ik wil geen nieuwe baan, ik wil deze houden": she has work; nothing to note
            if name == "has_job" and fact.value == NO and old in (None, UNKNOWN) and s.role == ROLE_JOB_SEEKER:
                # "ik heb nog geen werk" from a job seeker: what the route assumed already; kept
                # quietly, the advice given stands (no summary again)
                s.facts[name] = NO
                continue
            if not may_change and old not in (None, UNKNOWN):
                continue
            changed = changed or old not in (None, UNKNOWN)
            s.facts[name] = fact.value
            noted[name] = fact.value
            if name in ("in_treatment", "wants_paid_work"):
                s.last_yes_no = name
        if wish:
            noted["wished_work"] = wish  # (said back with the facts; it is a guide answer, no fact)
        if not noted:
            if (
                known
                and acknowledge
                and not self.understood
                # ("maar gaat zo'n ips begeleider met mijn baas praten? want dat wil ik niet": a
                # question, never answered with "Dat had ik al genoteerd: heeft werk")
                and "?" not in self.msg.text
                and not language.is_question(self.msg.text)
                # ("mijn behandelaar en mijn zus" at "Wat en wie helpt jou?": an answer, not a fact said again)
                and s.asking != "guide_support"
                # ("ze is bij ggz in behandeling trouwens, bij dimence": facts only, all known)
                and (
                    leftover_words(self.msg.text) <= 1
                    or (
                        not language.is_question(self.msg.text)
                        and language.only_facts(self.msg.text, self.states_a_fact)
                    )
                    # ("oh wacht, ik moet iets verbeteren. ... maar dat is afgerond": said to set
                    # right what was right already)
                    or (language.starts_as_correction(self.msg.text) and not language.is_question(self.msg.text))
                )
            ):
                phrases = render.fact_phrases(known)
                if phrases:
                    self.understood = True
                    self.say("utter_fact_known", facts=phrases)
            return
        self.understood = True
        self.changed()
        if acknowledge:
            phrases = render.fact_phrases(noted)
            if phrases:
                self.say("utter_fact_changed" if changed else "utter_fact_noted", facts=phrases)

    def note_wished_work(self) -> Optional[str]:
        """ "wil weer aan de slag in de logistiek, iets met mijn handen" before the questions:
        that is the answer to "Welk werk past bij jou?", which is then not asked again."""
        s, m = self.state, self.msg
        if (
            m.payload
            or s.role != ROLE_JOB_SEEKER
            or s.facts.get("has_job") == YES
            or s.asking in GUIDE
            or "guide_fitting_work" in s.answers
        ):
            return None
        wish = language.wished_work(m.text)
        if wish:
            s.answers["guide_fitting_work"] = clean_answer(wish)
        hours = language.wished_hours(m.text)
        if hours and "guide_possibilities" not in s.answers:
            # "... het liefst in de administratie, 20 uur": the answer to "Wat zijn jouw mogelijkheden?"
            s.answers["guide_possibilities"] = clean_answer(hours)
        return wish

    def which_gemeente(self) -> None:
        """ "bij welke gemeente hoort Haren?": the gemeente when the place is known, else honest."""
        s = self.state
        self.understood = True
        s.misses = 0
        match = _lookup_in(self.msg.text)
        if match is not None and match.found and not match.corrected:
            gemeente = match.gemeente
            place = next((w for w in self.msg.text.replace("?", " ").split() if w[:1].isupper() and len(w) > 2), "")
            self.say(
                "utter_gemeente_is",
                place=place or (render.display_gemeente(gemeente.name) or ""),
                gemeente=render.display_gemeente(gemeente.name) or "",
                region=gemeente.region,
            )
        else:
            self.say("utter_gemeente_unknown_place")
        self.go_on()

    def role_denied(self) -> bool:
        """ "ik ben geen werkgever" from someone taken for one: the role goes, the menu comes back."""
        s, m = self.state, self.msg
        if m.payload or s.role is None or not language.matches("role_denied", m.text):
            return False
        denied = {
            ROLE_EMPLOYER: r"geen werkgever",
            ROLE_PROFESSIONAL: r"geen (klantmanager|consulent|coach|begeleider|professional|hulpverlener"
            r"|client|cliente)|het gaat (over|om) (mezelf|mijzelf)",
            ROLE_JOB_SEEKER: r"geen werkzoekende",
        }[s.role]
        if not re.search(denied, language.plain(m.text)):
            return False
        self.understood = True
        denied_role = s.role
        s.role, s.employer_goal, s.asking, s.advised = None, None, None, False
        said = self.facts.get("role")
        if said and said.value != denied_role:
            self.start_role(said.value)  # "ik ben geen werkgever, ik zoek zelf werk"
        return True

    def follows_up_the_answer(self) -> bool:
        """ "en voor ww dan?", "en met bijstand?", "maar als hij zzp'er is?": a short follow-up
        on the FAQ answer just given."""
        m = self.msg
        return bool(
            self.previous_faq
            and not m.payload
            and language.words(m.text) <= 8
            and language.matches("elliptic_followup", m.text)
        )

    def questions(self) -> None:
        """FAQ answers (every part of a multi-part question), medicine, a person."""
        s, m = self.state, self.msg
        if m.payload and m.intent == "ask_faq" and m.entity("faq_key") in knowledge.faq():
            return self.answer_faq(str(m.entity("faq_key")))
        if (
            s.advised
            and s.advice_given
            and not m.payload
            and language.matches("advice_changes", m.text)
            # ("en als ik bijstand krijg, verandert dat iets?": a what-if, no fact; not answered this way)
            and not language.matches("what_if", m.text)
        ):
            # "contract loopt in juni af, verandert dat iets aan je advies?": the advice for the
            # facts as they are now; the same advice is said to stay as it is
            self.understood = True
            self.apply_facts(stated_only=True, acknowledge=True)
            text = render.advice_text(referrals_for_state(s), s.role, s.facts.get("gemeente"), s.facts.get("region"))
            if text == s.advice_given:
                return self.say("utter_advice_unchanged")
            return self.advice()
        if language.asks_for_a_person(m.text) and not language.matches("about_the_bot", m.text):
            return self.answer_faq("human_handoff")  # ("ben jij een echt mens of een bot": who the bot is)
        topics = self.faq_topics()
        if not m.payload and language.matches("capabilities", m.text) and not topics:
            # "ik ben IPS trajectbegeleider, wat doet deze bot precies": what the bot does, not
            # what the role word names
            self.understood = True
            s.misses = 0
            return self.say("utter_capabilities")
        if not m.payload and language.matches("what_is_ggz", m.text) and not topics:
            self.understood = True  # "telt poh nou als ggz of niet?": what the bot means by ggz
            return self.say("utter_clarify_in_treatment")
        if self.follows_up_the_answer() and not topics:
            # "en voor ww dan?" right after an answer: about that answer; what it does not say,
            # the bot does not know (said so, with whom to ask), never a "Sorry, dat begreep ik niet"
            return self.answer_faq(str(self.previous_faq))
        if len(topics) >= 2 and self.previous_faq in topics:
            topics.remove(self.previous_faq)  # the answer just given is not given again
        if len(topics) >= 2:
            for key in topics[:2]:
                self.answer_faq(key)
            return
        question = language.is_question(m.text)
        if question and language.matches("disclosure", m.text) and not topics:
            # "moet ik vertellen dat ik antipsychotica slik?": about telling, not about medicine
            return self.answer_faq("employer_health_questions" if s.role == ROLE_EMPLOYER else "tell_employer")
        if len(topics) == 1 and language.matches("definition_question", m.text):
            return self.answer_faq(topics[0])  # "... wat is ips?": what it is, not who pays for it
        about_asking = [
            t for t in topics if t in ("employer_health_questions", "privacy_diagnosis", "sick_employee_questions")
        ]
        if about_asking and language.mentions_medicine(m.text):
            # "mag ik haar vragen of ze medicijnen slikt?", "mag ik medicatie invullen?": what may be
            # asked or written down, not a medical question
            return self.answer_faq(about_asking[0])
        if question and language.mentions_medicine(m.text) and language.matches("medicine_change", m.text):
            return self.answer_faq("medical_advice")  # "moet ik stoppen met mijn medicatie voor ips?"
        if len(topics) == 1 and question and not (m.faq or "").startswith(topics[0]):
            return self.answer_faq(topics[0])  # the topic named outright beats the classifier's reading
        if m.intent == "faq" and m.faq and (m.faq != "medical_advice" or language.mentions_medicine(m.text)):
            # A question needs a fair reading; a statement must be a very clear one.
            # (The selector must lean to one answer too: "hoe begin ik daarover zonder te pushen?"
            # is a question for the FAQ intent, but no FAQ's question.)
            sure = (
                question
                and (m.confidence >= CONFIDENT or m.faq_confidence >= CONFIDENT)
                and m.faq_confidence >= FAQ_LEANS
            ) or (
                m.confidence >= SURE
                and m.faq_confidence >= SURE
                # ("oh wacht, ik zit in de ziektewet want mn contract liep af": a fact set right, no question)
                and not (language.is_correction(m.text) and self.stated_facts())
            )
            if sure:
                return self.answer_faq(m.faq, infer_role=question)
        if question and language.mentions_medicine(m.text):
            return self.answer_faq("medical_advice")
        if topics and (question or "?" in m.text or language.has_question_sentence(m.text)):
            # ("en als onze praktijk geen IPS aanbiedt? wij zijn een kleine praktijk": the question first)
            return self.answer_faq(topics[0])
        if topics and language.words(m.text) <= 6 and not self.stated_facts() and s.asking in (None, ANYTHING_ELSE):
            return self.answer_faq(topics[0])  # "en no risk polis": a subject named is a question about it
        told = [t for t in topics if knowledge.faq()[t].get("statement_too")]
        if told and s.asking in (None, ANYTHING_ELSE):
            return self.answer_faq(told[0])  # "we hebben geen bedrijfsarts denk ik": what that means
        # A question at the end of a message that says something else ("ik heb een bouwbedrijf in
        # Zwolle ... Mag ik vragen naar de diagnose?"): the intent is the first part; the FAQ
        # selector, when it is very sure, answers the question too.
        employer_only = m.faq in EMPLOYER_ONLY_FAQ and s.role != ROLE_EMPLOYER
        if (
            question
            and self.understood
            and m.faq
            and m.faq_confidence >= EMBEDDED_FAQ
            and m.faq not in NOT_SUGGESTED
            and not employer_only
        ):
            self.answer_faq(m.faq)

    def wanted_work(self) -> None:
        """ "liefst iets in de groenvoorziening" in a free message: the answer to "Welk werk past bij
        jou?" before it is asked (only for someone looking for work, only when still open)."""
        s, m = self.state, self.msg
        if m.payload or s.role != ROLE_JOB_SEEKER or "guide_fitting_work" in s.answers or s.asking in GUIDE:
            return
        found = language.pattern("wanted_work").search(language.plain(m.text))
        if found:
            wish = re.sub(r"^((betaald )?werk, |(graag|wil) (\w+ ){0,3}(?=iets))", "", found.group(0))
            s.answers["guide_fitting_work"] = clean_answer(wish)

    def what_next(self) -> None:
        """ "Wat moet ik nu doen?": the advice again as next steps, or where to start."""
        s = self.state
        self.understood = True
        s.misses = 0
        if s.advised:
            return self.advice(again=True)
        withdrawn = s.role == ROLE_PROFESSIONAL and s.consent == NO
        if s.role and not withdrawn and self.next_question() not in (None, ROLE):
            self.say("utter_what_next_in_flow")
            return self.go_on()
        if s.role == ROLE_EMPLOYER:
            s.last_faq = "wsp"  # "Noem je gemeente": the next message may be one
        self.say("utter_what_next")

    def answer_faq(self, key: str, infer_role: bool = False, to_the_speaker: bool = False) -> None:
        s = self.state
        entry = knowledge.faq().get(key, {})
        if s.for_relative and s.role is None and (key in EMPLOYER_ONLY_FAQ or entry.get("speaker") == ROLE_EMPLOYER):
            # a mother's "hoe houd ik contact met haar?" is no question about a sick employee:
            # the employee's side of the topic, about her daughter, or how to support her
            if not entry.get("for_job_seeker") or key in EMPLOYER_ONLY_FAQ:
                self.understood = True
                if not language.matches("relative_support", self.msg.text):
                    if self.relative_route(force=True):
                        return  # "wat moet hij bij uwv vragen?": the route says it
                    if language.is_question(self.msg.text):
                        return self.say("utter_question_unknown_relative")  # "zou hij wajong kunnen krijgen?"
                return self.say("utter_relative_support", relative=self.relative_word())
            key = entry["for_job_seeker"]
            entry = knowledge.faq().get(key, {})
        if s.role == ROLE_EMPLOYER and entry.get("for_werkgever"):
            # "mogen we zijn uitkering ...", "waar moet ik heen?" from an employer: the job seeker's
            # text ("je uitkering") would speak to the wrong person
            if entry["for_werkgever"] == "unknown":
                self.understood = True
                if any(r.key.startswith("utter_faq") for r in self.replies):
                    return  # the other part of the question had an answer for the employer
                sick = s.employer_goal == "keep_employee"
                return self.say("utter_question_unknown_sick_employee" if sick else "utter_question_unknown")
            key = entry["for_werkgever"]
            entry = knowledge.faq().get(key, {})
        if entry.get("for_no_benefit") and s.facts.get("benefit") == "geen" and not self.stated_facts().get("benefit"):
            key = entry["for_no_benefit"]  # "kan ik eerst vrijwilligerswerk doen?" without a benefit
            entry = knowledge.faq().get(key, {})
        by_benefit = entry.get("for_benefit") or {}
        if s.role in (ROLE_JOB_SEEKER, ROLE_PROFESSIONAL) and s.facts.get("benefit") in by_benefit:
            key = by_benefit[s.facts["benefit"]]  # "bij uwv of bij de gemeente?" from someone in the bijstand
            entry = knowledge.faq().get(key, {})
        own_work = s.for_relative and s.role is None and language.matches("own_work_words", self.msg.text)
        if entry.get("for_not_in_treatment") and (
            (s.facts.get("in_treatment") == NO and s.role in (ROLE_JOB_SEEKER, ROLE_PROFESSIONAL)) or own_work
        ):
            key = entry["for_not_in_treatment"]  # "wat is ips?" from someone not in treatment at the ggz
            entry = knowledge.faq().get(key, {})
        seeker = s.role == ROLE_JOB_SEEKER or (s.role is None and language.matches("seeker_voice", self.msg.text))
        if entry.get("speaker") == ROLE_EMPLOYER and entry.get("for_job_seeker") and seeker:
            # "mag de werkgever vragen naar mijn diagnose?": the same topic, from the job seeker's side
            key, infer_role = entry["for_job_seeker"], False
        s.last_faq = key
        self.understood = True
        if infer_role and s.role is None and knowledge.faq().get(key, {}).get("speaker") == ROLE_EMPLOYER:
            s.role = ROLE_EMPLOYER  # an employer's question: go on as an employer
        region = s.facts.get("region")
        if key == "wsp" and language.matches("cost_question", self.msg.text):
            key = "contact_details"  # "kost dat wsp mij geld?": prices are not given here
        if (
            key == "wsp"
            and region
            and s.advised
            and s.role == ROLE_EMPLOYER
            and language.matches("wsp_what", self.msg.text)
        ):
            return self.say("utter_faq/wsp")  # "wat doet het WSP precies?" after its name was given: what it does
        if key == "employer_health_questions" and s.employer_goal == "keep_employee":
            key = "sick_employee_questions"  # "mogen wij vragen wat ze heeft?" about a sick employee, not a candidate
        if key == "wsp" and region:
            # "waar zit het WSP voor Venlo?" with the region known: that WSP, not "noem je gemeente"
            gemeente = s.facts.get("gemeente")
            reason = "employer_region" if gemeente not in (None, UNKNOWN) else "employer_region_only"
            if s.role != ROLE_EMPLOYER and gemeente not in (None, UNKNOWN):
                reason = "place_region"  # a jobcoach is not "werkgever in Vaals"
            referral = Referral("wsp", reason)
            return self.say(
                "utter_wsp_for_region", advice=render.advice_text([referral], ROLE_EMPLOYER, gemeente, region)
            )
        if key == "wsp" and not region and s.role in (None, ROLE_EMPLOYER) and self.which_shared_name():
            return  # "wij zitten in Bergen, waar is het WSP?": which Bergen first
        named = [g for g in (found_gemeente(n) for _, _, n in find_gemeenten(self.msg.text)) if g and g.region]
        if key == "wsp" and not region and named:
            # "welk wsp hoort bij Sint-Oedenrode?": that place's WSP, without taking it as one's own
            referral = Referral("wsp", "place_region")
            return self.say(
                "utter_wsp_for_region",
                advice=render.advice_text([referral], ROLE_EMPLOYER, named[0].name, named[0].region),
            )
        about_client = knowledge.faq().get(key, {}).get("answer_professional")
        # "hulp voor mezelf als mantelzorger", an answer given for the helper's own situation, or a
        # question about her own work ("moet ik het mijn eigen werkgever vertellen?")
        speaker = (
            to_the_speaker
            or knowledge.faq().get(key, {}).get("about_the_speaker")
            or (s.for_relative and language.matches("own_work_words", self.msg.text))
        )
        if key == self.previous_faq and not language.matches("repeat_request", self.msg.text):
            # Asked again right after the answer ("en dat verbetertraject? moet ik daar mee akkoord
            # gaan?", "dat zei je al. maar is er een termijn?"): the answer did not cover it, and
            # the same text word for word again helps no one
            return self.say("utter_faq_again")
        if s.for_relative and s.role is None and about_client and not speaker:
            # A mother asking about her son: the answer about "je zoon", not about "je uitkering"
            relative = s.relative or str(knowledge.labels()["relative_unnamed"])
            return self.say(
                "utter_relative_faq", answer=render.relative_voice(about_client, relative, s.relative_gender)
            )
        self.say(f"utter_faq/{key}")

    def note_other_places(self) -> None:
        """ "wij hebben vestigingen in Tiel en in Venlo": an employer with sites in more than one
        arbeidsmarktregio gets the WSP of each (the first named is the gemeente)."""
        s, m = self.state, self.msg
        said = self.facts.get("role")
        if m.payload or not (s.role == ROLE_EMPLOYER or (said and said.value == ROLE_EMPLOYER)):
            return
        if language.is_correction(m.text):
            return  # "ik bedoel Zwolle, niet Zeist": one place, set right
        folded = language.plain(m.text)
        named = [
            g
            for g in (
                found_gemeente(n)
                for start, end, n in sorted(find_gemeenten(m.text))
                if not re.search(r"\b(niet|geen)\W*$", folded[:start])
                and not re.match(r"\W*(niet|geen)\b", folded[end:])
            )
            if g
        ]
        regions = {g.region for g in named}
        if len(regions) < 2:
            return
        first = named[0]
        for g in named[1:]:
            if g.region != first.region and g.name not in s.other_places and len(s.other_places) < 3:
                s.other_places.append(g.name)

    def another_site(self) -> bool:
        """ "we hebben ook een vestiging in Deventer, moet ik dan naar een ander wsp?": an employer
        whose gemeente is known names a second site. The first stays the gemeente; the second gets
        its own WSP, or the word that the same WSP covers it."""
        s, m = self.state, self.msg
        known = s.facts.get("gemeente")
        if m.payload or s.role != ROLE_EMPLOYER or not known or not s.facts.get("region"):
            return False
        if not language.matches("another_site", m.text) or language.is_correction(m.text):
            return False
        places = [found_gemeente(n) for _, _, n in sorted(find_gemeenten(m.text))]
        site = next((g for g in places if g and g.name != known), None)
        if site is None:
            return False
        self.understood = True
        if site.region == s.facts["region"]:
            self.say("utter_site_same_region", gemeente=site.name, region=site.region)
        else:
            if site.name not in s.other_places and len(s.other_places) < 3:
                s.other_places.append(site.name)
            self.say("utter_site_other_region", gemeente=site.name, region=site.region)
            referral = Referral("wsp", "employer_region")
            self.say(
                "utter_wsp_for_region", advice=render.advice_text([referral], ROLE_EMPLOYER, site.name, site.region)
            )
        for key in self.faq_topics():
            if key != "wsp":
                self.answer_faq(key)
                break
        if s.asking:
            self.reask()
        return True

    def which_shared_name(self) -> bool:
        """A place name two gemeenten share ("Bergen"), named in passing: ask which one, with
        both as buttons; the answer is the gemeente."""
        s, text = self.state, self.msg.text
        options = shared_name_in(text)
        if not options:
            return False
        chosen = option_in_province(options, text)
        if chosen:
            self.set_gemeente(chosen.name)
            return False
        s.place_options = list(options)
        s.last_faq = "wsp"
        self.say("utter_gemeente_which", buttons=render.gemeente_buttons(options))
        self.menu_shown = True  # the choice is the open question of this turn
        return True

    def chosen_place(self):
        """The answer to "Welke gemeente bedoel je?" about a shared name: the button, the
        province ("die in Limburg") or the name typed in full."""
        if not self.place_options:
            return None
        m = self.msg
        if m.payload:
            name = m.entity("gemeente")
            return found_gemeente(str(name)) if name in self.place_options else None
        typed = lookup_gemeente(m.text).gemeente
        return option_in_province(tuple(self.place_options), m.text) or (
            typed if typed and typed.name in self.place_options else None
        )

    def faq_topics(self, text: Optional[str] = None) -> List[str]:
        """FAQ answers whose own key words the message (or `text`) names, in the order it names
        them ("hoe werkt de no-riskpolis en hoeveel loonkostensubsidie ..." -> both)."""
        # "ik ben jobcoach": a role, not a question about jobcoaching; "[telefoonnummer]": masked data
        said = self.msg.text if text is None else text
        # "waarom begin je over ontslag, daar vroeg ik niks over": a topic named to say it was not asked
        said = " ".join(
            p for p in re.split(r"(?<=[.!?])\s+|(?<=,)\s+", said.strip()) if not language.matches("not_what_i_asked", p)
        )
        # (patterns may name a negation: "ik heb geen arbodienst", and a role statement may hold
        # one: "we hebben geen bedrijfsarts, het is een winkel met 40 man")
        whole = language.plain(re.sub(r"\[[^\]]*\]", " ", said))
        folded = _topic_words(said)
        # A story with a question in it ("ik ben vorig jaar ontslagen ... en zit in de ww. ... kun je
        # me helpen?"): the key word of a topic that is only an answer to a question asked
        # (`asked_only`, "geen juridisch advies") counts only in the sentences that ask
        sentences = [p for p in re.split(r"(?<=[.!?])\s+", said.strip()) if p.strip()]
        asked = [p for p in sentences if language.is_question(p)]
        in_questions = _topic_words(" ".join(asked)) if len(sentences) >= 2 and len(asked) < len(sentences) else folded
        found = []
        for key, not_with, keywords, patterns in _faq_matchers():
            if any(p.search(folded) for p in not_with):
                continue  # "niet eens met de bedrijfsarts": not what the bedrijfsarts does
            asked_only = knowledge.faq()[key].get("asked_only")
            said_in = in_questions if asked_only else folded
            hits = [keywords.search(folded) if keywords and keywords.search(said_in) else None]
            hits += [
                (p.search(folded) or p.search(whole)) if not asked_only or p.search(in_questions) else None
                for p in patterns
            ]
            first = min((hit.start() for hit in hits if hit), default=None)
            if first is not None:
                found.append((first, key))
        named = {key for _, key in found}
        # "wie betaalt de jobcoach?": the answer about the cost, not also what a jobcoach is
        covered = {other for key in named for other in knowledge.faq()[key].get("instead_of") or ()}
        found = [(at, key) for at, key in found if key not in covered]
        if "ips" in [key for _, key in found] and any(key.startswith("ips_") for _, key in found):
            found = [(at, key) for at, key in found if key != "ips"]  # "wie betaalt het ips traject?": the funding
        if self.state.own_work == "ips":
            found = [(at, key) for at, key in found if key != "ips"]  # an IPS-trajectbegeleider knows what IPS is
        if self.state.own_work == "jobcoach":
            found = [(at, key) for at, key in found if key != "jobcoach"]  # nor a jobcoach what a jobcoach does
        return [key for _, key in sorted(found)]

    def social(self) -> bool:
        s, m = self.state, self.msg
        if s.crisis_seen and language.thanks_in(m.text) and language.matches("helper_in_care", m.text):
            # "ze is bij hem en hij gaat mee naar de crisisdienst. dankjewel": not "Graag gedaan!"
            s.misses = 0
            self.say("utter_crisis_helper_in_care")
            return True
        if language.is_thanks(m.text):
            s.misses = 0
            self.say("utter_thank")
            return True
        if language.is_closing(m.text) or (m.is_intent("goodbye") and language.words(m.text) <= 4):
            s.misses = 0
            s.asking = None
            self.goodbye()
            return True
        if language.is_greeting(m.text) or (m.is_intent("greet") and language.words(m.text) <= 2):
            s.misses = 0
            self.say("utter_greet_again")
            if s.asking and s.asking != ANYTHING_ELSE:
                self.go_on()
            elif not s.role:
                self.ask(ROLE)
            return True
        if (m.is_intent("thank") and language.words(m.text) <= 4) or language.thanks_in(m.text):
            s.misses = 0
            if language.says_goodbye(m.text):
                # "daar heb ik niks aan. ik ga naar het ziekenhuis. doei": a goodbye, never "Graag gedaan!"
                s.asking = None
                if language.matches("unhelped", m.text):
                    self.say("utter_goodbye_unhelped")
                else:
                    self.goodbye()
                return True
            self.say("utter_thank")
            return True
        return False

    def not_understood(self) -> None:
        """First time: rephrase, with the likely meanings as buttons. Second time in a row: the
        main options and the way to a person. Then the third text, then from the start."""
        s, m = self.state, self.msg
        if (
            s.paused in GUIDE + FACTS
            and s.asking is None
            and s.crisis is None
            and not m.payload
            and not self.resumed
            and not self.after_crisis  # (right after a crisis reply the person may still be on that)
            and re.search(r"[^\W\d_]{3}", m.text)
        ):
            # Paused at a question (after "stop" or a crisis reply) and now something that reads
            # as an answer ("klussen en motorrijden"): the conversation picks up there by itself,
            # never "Sorry, dat begreep ik niet" to every answer until the word "verder".
            self.resumed = True
            s.asking, s.paused, s.stopped = s.paused, None, False
            s.misses = 0
            if self.answer():
                return self.go_on()
            return self.reask()
        if (
            not m.payload
            and s.asking in (None, ANYTHING_ELSE)
            and language.matches("not_what_i_asked", m.text)
            and not language.is_question(m.text)
        ):
            # "ik vroeg niks over ips": the last answer missed; an apology, not "Dat begreep ik niet"
            s.misses += 1
            return self.say("utter_missed_the_point" if s.misses % 2 else "utter_missed_the_point_2")
        if s.crisis_disclosed and not m.payload and language.matches("indifference", m.text):
            # "misschien. maakt ook niet echt uit allemaal" from someone who told of thoughts of
            # suicide earlier: asked outright again, never "Dat begreep ik niet"
            return self.crisis("ambiguous")
        if s.asking in (ROLE, EMPLOYER_GOAL, CONSENT):
            # (the short forms of the question, with its buttons: never "de vraag hieronder" when
            # the question is not shown)
            self.miss_at_question({ROLE: "role", EMPLOYER_GOAL: "employer_goal", CONSENT: "consent"}[s.asking])
            return
        s.misses += 1
        if (
            s.advised
            and s.role == ROLE_EMPLOYER
            and s.employer_goal == "keep_employee"
            and not language.is_question(m.text)
            and language.matches("employee_condition", m.text)
        ):
            # "hij heeft een burnout denk ik": more about the employee, the advice stands
            s.misses = 0
            self.say("utter_advice_unchanged")
            s.asking = ANYTHING_ELSE
            return self.say("utter_anything_else")
        if s.role == ROLE_EMPLOYER and not m.payload and language.matches("someone_elses_home", m.text):
            # "hij woont bij alkmaar": the candidate's home, the business's WSP stands
            s.misses = 0
            self.say("utter_candidate_home_noted")
            if s.advised:
                s.asking = ANYTHING_ELSE
                return self.say("utter_anything_else")
            return self.reask()
        if (
            s.advised
            and s.role
            and s.asking in (None, ANYTHING_ELSE)
            and (language.is_question(m.text) or "?" in m.text)
            and not m.gibberish
        ):
            # "kan ik terug in de WGA?" after the advice: a question with no answer here gets the
            # honest "geen goed antwoord, vraag het ...", not "begreep ik niet" (and no miss: the
            # next not-understood turn is not "nog steeds niet")
            s.asking = ANYTHING_ELSE
            s.misses = 0
            return self.say("utter_question_unknown")
        if s.advised and s.role and s.asking in (None, ANYTHING_ELSE) and language.matches("understood_ack", m.text):
            # "oke. ik snap het wel een beetje": taken in, no "Dat begreep ik niet"
            s.misses = 0
            s.asking = ANYTHING_ELSE
            return self.say("utter_anything_else")
        if s.advised and s.role and s.asking in (None, ANYTHING_ELSE):
            # After the advice the role menu would start over as if nothing was said: say what
            # can be asked, and where a question about one's own situation is best asked.
            self.say("utter_not_understood_after_advice" if s.misses % 2 else "utter_not_understood_after_advice_2")
            return
        if s.for_relative and s.role is None and not m.gibberish and s.misses % 2 == 1:
            # "voor hem bedoel je? ik ben zijn vrouw": more about the relative, no menu of roles
            return self.say("utter_relative_go_on", relative=self.relative_word())
        kind = (s.misses - 1) % 3 + 1
        in_flow = bool(s.role) and (s.asking in GUIDE or s.asking in FACTS)
        # (at the summary, the consent or the item to change no role menu either: that question stays)
        at_question = bool(s.role) and s.asking in (CONFIRM_SUMMARY, CONSENT, WHICH_ITEM)
        if kind == 1:
            # Only meanings the NLU found fairly likely; none of them -> the main options.
            likely = [
                name for name, confidence in m.ranking if confidence >= SUGGEST and name not in ("faq", FALLBACK)
            ][:3]
            faq_keys = [m.faq] if m.faq and m.faq_confidence >= SUGGEST and m.faq not in NOT_SUGGESTED else []
            if s.role and s.role != ROLE_EMPLOYER:
                # (an employee keeping her job who describes her situation is no employer: no
                # "Iemand aannemen" or "Hoe houd ik contact met een zieke medewerker?")
                likely = [n for n in likely if n not in EMPLOYER_MEANINGS]
                faq_keys = [k for k in faq_keys if not is_employer_topic(k)]
            buttons = render.suggestion_buttons(likely, faq_keys)
            if len(buttons) < 2:
                # (in the middle of the questions the role menu would start over: the question stays)
                self.say(
                    "utter_rephrase_in_flow"
                    if in_flow
                    else "utter_rephrase_question"
                    if at_question
                    else "utter_rephrase_options"
                )
            else:
                self.say("utter_rephrase", buttons=buttons)
        elif kind == 2:
            self.say(
                "utter_rephrase_in_flow_2"
                if in_flow
                else "utter_rephrase_question_2"
                if at_question
                else "utter_main_options"
            )
        else:
            self.say("utter_not_understood_3")
        if s.asking and s.asking != ANYTHING_ELSE:
            self.go_on()

    # --- the conversation goes on ----------------------------------------------------------
    def in_flow(self, question: str) -> bool:
        s = self.state
        if s.role in (ROLE_JOB_SEEKER, ROLE_PROFESSIONAL):
            if s.facts.get("has_job") == YES and s.role == ROLE_JOB_SEEKER:
                return question == "in_treatment"
            if s.facts.get("has_job") == YES:
                return (
                    question in GUIDE or question == "in_treatment"
                )  # a client keeping a job: the intake, no job wish
            return question in GUIDE or question in FACTS
        if s.role == ROLE_EMPLOYER:
            return question == "gemeente"
        return False

    def answered_anything(self) -> bool:
        return bool(self.state.answers) or any(f in self.state.facts for f in FACTS)

    def next_question(self) -> Optional[str]:
        s = self.state
        if s.asking == WHICH_ITEM:
            return WHICH_ITEM  # waits for a number until one is given or the person moves on
        if s.role is None:
            return ROLE
        if s.role == ROLE_PROFESSIONAL and s.consent != YES:
            return CONSENT if s.consent is None else None
        if s.role == ROLE_EMPLOYER:
            if s.employer_goal is None:
                return EMPLOYER_GOAL
            if s.employer_goal == "hire" and not s.facts.get("region") and "gemeente" not in s.facts:
                return "gemeente"
            return None
        if s.role == ROLE_JOB_SEEKER and s.facts.get("has_job") == YES:
            return None if "in_treatment" in s.facts else "in_treatment"
        for question in GUIDE:
            if question not in s.answers:
                return question
        for question in FACTS:
            if question not in s.facts and self.in_flow(question):
                return question
        return None if s.confirmed else CONFIRM_SUMMARY

    def changed(self) -> None:
        """A fact or answer changed: the summary and the advice must be made again."""
        self.state.confirmed = False
        self.state.advised = False
        self.facts_changed = True

    def go_on(self) -> None:
        """Asks the next open question, or gives the advice when none is left."""
        s = self.state
        if s.crisis:
            return
        if s.stopped:
            if not self.replies:
                # stopped means stopped: only "verder" goes on (two wordings in turn, never the
                # same text three times running)
                s.stopped_reminders += 1
                self.say("utter_stopped" if s.stopped_reminders % 2 else "utter_stopped_2")
            return
        question = self.next_question()
        previous = s.asking
        if question != previous:
            s.question_misses = 0
        if question is not None:
            s.paused = None
        if question in (ROLE, EMPLOYER_GOAL, CONSENT) and self.menu_shown:
            s.asking = question
            return
        if question == ROLE:
            if self.replies and not self.first_turn and all(r.key.startswith("utter_fact_") for r in self.replies):
                # Only facts were told ("ja, bij de psychiater"): noted, and the choice is still open
                s.asking = ROLE
                return self.say("utter_what_now")
            if self.replies and not self.first_turn:
                # Something else was answered; the role can wait (and is not repeated word for
                # word after every question).
                s.asking = ROLE if previous == ROLE else None
                return
            return self.ask(ROLE)
        if question in (CONSENT, EMPLOYER_GOAL):
            if previous == question and self.replies:
                # Facts told at the question ("ja, ze heeft bijstand") or a question answered in
                # between ("hij vraagt of een werkgever dit kan zien"): the question is still open,
                # so the short form with its buttons says what is needed (the buttons shown before
                # are not in view any more).
                # (an employer asking one question after another is not asked what she wants each time)
                # ("Dan begin ik nog niet ... kies dan hieronder": the choices shown already)
                shown = any(
                    r.key.startswith(("utter_consent_not_yet", "utter_not_understood_consent")) for r in self.replies
                )
                if (question == CONSENT and not shown) or all(r.key.startswith("utter_fact_") for r in self.replies):
                    self.say(
                        "utter_not_understood_consent" if question == CONSENT else "utter_not_understood_employer_goal"
                    )
                return
            if previous == question:
                # Asked just before and nothing else said: the short forms, in turn, never the
                # whole question word for word again
                self.miss_at_question("consent" if question == CONSENT else "employer_goal")
                return
            return self.ask(question)
        if question == WHICH_ITEM:
            if not self.replies:
                self.say("utter_ask_which_item")
            return
        if question in GUIDE or question in FACTS:
            if self.hold_question and question == previous:
                return  # asked again once the other question of this turn is answered
            if question in FACTS and previous in GUIDE and s.role in (ROLE_JOB_SEEKER, ROLE_PROFESSIONAL):
                missing = sum(1 for f in FACTS if f not in s.facts and self.in_flow(f))
                self.say("utter_facts_intro_one" if missing == 1 else "utter_facts_intro", count=str(missing))
            return self.ask(question)
        if question == CONFIRM_SUMMARY and s.pending_items:
            self.correct_item(s.pending_items.pop(0))  # the next of "4 en 5 kloppen niet"
            return self.go_on()
        if question == CONFIRM_SUMMARY:
            s.asking = CONFIRM_SUMMARY
            if previous != CONFIRM_SUMMARY or self.facts_changed:
                self.say("utter_summary", summary=render.summary_text({**s.answers, **s.facts}))
            elif self.menu_shown:
                return  # the not-understood reply asked it already, with its buttons
            return self.say("utter_confirm_summary")
        # Nothing left to ask: the advice, once for the facts as they are now.
        if s.role is None or s.advised or (s.role == ROLE_PROFESSIONAL and s.consent != YES):
            if s.asking != ANYTHING_ELSE:
                s.asking = None
            if s.advised and not self.replies:
                s.asking = ANYTHING_ELSE
                self.say("utter_anything_else")
            return
        self.advice()

    def advice(self, again: bool = False) -> None:
        """The advice for the facts as they are now (`again`: asked for as the next steps)."""
        s = self.state
        if s.role == ROLE_EMPLOYER:
            key = "utter_next_steps" if again else "utter_employer_advice"
        else:
            key = "utter_next_steps" if again else "utter_advice"
        referrals = referrals_for_state(s)
        text = render.advice_text(referrals, s.role, s.facts.get("gemeente"), s.facts.get("region"))
        if s.role == ROLE_EMPLOYER and any(r.target in ("wsp", "wsp_keep") for r in referrals):
            for name in s.other_places:
                other = found_gemeente(name)
                if other and other.region != s.facts.get("region"):
                    text += "\n\n" + render.advice_text(
                        [Referral("wsp", "employer_region")], ROLE_EMPLOYER, other.name, other.region
                    )
        told_facts = not self.msg.payload and (
            bool(self.stated_facts()) or (s.advice_given is not None and self.facts_changed)
        )
        if not again and told_facts and s.role != ROLE_PROFESSIONAL and text == s.advice_given:
            # "ik woon in Ede" after the advice for keeping a job: noted, and the same advice
            # word for word would read as a loop; say that it stays as it was.
            self.say("utter_advice_unchanged")
            s.advised = True
            s.asking = ANYTHING_ELSE
            return self.say("utter_anything_else")
        s.advice_given = text
        if s.role == ROLE_EMPLOYER:
            # The advice names the WSP itself: an answer "welk WSP hoort daarbij?" just before is not repeated.
            self.replies = [r for r in self.replies if r.key != "utter_wsp_for_region"]
        self.say(key, advice=text)
        if s.role == ROLE_PROFESSIONAL and not again:
            self.say(
                INTAKE_STORED if s.keep_summary else INTAKE_KEEP_UNASKED if s.keep_summary is None else INTAKE_NOT_KEPT
            )
        if s.crisis_disclosed and s.role == ROLE_JOB_SEEKER and not again:
            # After telling of thoughts of suicide earlier on, the advice about work does not
            # stand alone: the huisarts, and 113 and 112, once more
            self.say("utter_advice_after_crisis")
        s.advised = True
        s.asking = ANYTHING_ELSE
        self.say("utter_anything_else")


def voiced(key: str, role: Optional[str], own_work: Optional[str] = None, employee: Optional[str] = None) -> str:
    """The response for this speaker: `utter_x__professional_<own work>` (said to the
    behandelaar, klantmanager, ... themselves), `utter_x__professional` or `utter_x__werkgever`
    when the domain has one, else `utter_x`; for an employer about a female employee, the same
    with "_female" ("zij" for "hij") when there is one."""
    if role == ROLE_PROFESSIONAL and own_work and f"{key}__{role}_{own_work}" in knowledge.response_names():
        return f"{key}__{role}_{own_work}"
    chosen = key
    if role in (ROLE_PROFESSIONAL, ROLE_EMPLOYER):
        variant = f"{key}__{role}"
        if variant in knowledge.response_names():
            chosen = variant
    if role == ROLE_EMPLOYER and employee == "female":
        female = chosen + ("_female" if "__" in chosen else "__female")
        if female in knowledge.response_names():
            return female
    return chosen


def employer_goal_in(text: str) -> Optional[str]:
    """What an employer says they want, in their own words, if they say it."""
    return next(
        (g for g in ("keep_employee", "hire", "network") if language.matches_in("employer_goals", g, text)), None
    )


def item_line(slot: str, answer: str) -> str:
    """A summary item as said back after it changed: "Welk werk past: iets in de zorg"."""
    labels = knowledge.labels()
    return f"{labels['summary_items'][slot]}: {labels['skipped'] if answer == SKIPPED else answer}"


def clean_answer(text: str) -> str:
    """A free answer as it is stored: trimmed, without lead-in words ("ok prima.", "vraagje
    tussendoor:"), without sentences that held masked personal data ("Zijn BSN is [BSN]"),
    without quotes around it, and cut at MAX_ANSWER_CHARS."""
    text = language.without_lead_in_words(" ".join((text or "").split()))
    kept = [p for p in re.split(r"(?<=[.!?;])\s+", text) if not re.search(r"\[[^\]]{2,30}\]", p)]
    if len(kept) > 1 and kept[0].endswith("?") and language.matches("question_echo", kept[0]):
        kept = kept[1:]  # "waar ik goed in ben? plannen": the question said back
    # "maakt niet uit. kun je opschieten": the hurry is no part of the answer
    kept = [p for p in kept if not language.matches("impatience", p) or language.words(p) > 6]
    if kept and " ".join(kept).strip():
        text = " ".join(kept).strip()
    quoted = re.fullmatch(r"(?:alleen\s+)?['\"‘“](.+?)['\"’”]?\W*", text)
    if quoted and re.search(r"[^\W\d_]{2}", quoted.group(1)):
        text = quoted.group(1).strip()  # "alleen 'weer bij horen, een eigen inkomen'"
    if len(text) > MAX_ANSWER_CHARS:
        return text[: MAX_ANSWER_CHARS - 1].rstrip() + "…"
    return text


def _lookup_in(text: str):
    """The gemeente an answer names, allowing typos: the whole answer, else its last words."""
    words = language.plain(text).split()
    candidates = (
        [text]
        + [" ".join(words[:n]) for n in (2, 1) if len(words) > n]
        + [" ".join(words[-n:]) for n in (2, 1) if len(words) > n]
    )
    matches = [lookup_gemeente(c) for c in candidates]
    # A name as typed wins over a typo correction of a longer piece ("Bergen in Limburg").
    for match in matches:
        if match.status != "unknown" and not match.corrected:
            return match
    return next((m for m in matches if m.status != "unknown"), None)


def same_place(typed: str, official: str) -> bool:
    """Whether someone typed the gemeente's own name (not a town in it or a former name)."""
    return name_key(typed) in (name_key(official), name_key(render.display_gemeente(official) or ""))


def _int(value) -> Optional[int]:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _topic_words(text: str) -> str:
    """The words that can name an FAQ topic: without masked data, without role statements ("ik ben
    jobcoach") and without what is negated ("ik bedoel niet ontslag")."""
    folded = language.without_role_statements(language.plain(re.sub(r"\[[^\]]*\]", " ", text)))
    return re.sub(r"\b(niet|geen)\s+(\w+\s+)?\w+", " ", folded)


@lru_cache(maxsize=None)
def _faq_matchers() -> List[Tuple[str, List[Pattern], Optional[Pattern], List[Pattern]]]:
    """knowledge/faq.yml's words, compiled once (they are tried on every free message):
    (key, `not_with`, the key words as one pattern, `patterns`).
    A key word starts a word ("ontsla" in "ontslaan"), never ends one ("ips" in "tips"); one
    alternation finds the first of them, as trying each and taking the earliest did.
    `patterns` name a topic in a few words around each other ("bijstand ... vrijwilligerswerk")."""
    matchers = []
    for key, entry in knowledge.faq().items():
        words = entry.get("keywords") or ()
        keywords = re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in words) + ")") if words else None
        matchers.append(
            (
                key,
                [re.compile(p) for p in entry.get("not_with") or ()],
                keywords,
                [re.compile(p) for p in entry.get("patterns") or ()],
            )
        )
    return matchers
