"""Which referrals the advice gives for a dialogue state: one function for the dialogue (the
advice it says) and for the statistics (bot/insight/, which counts referrals by kind)."""

from typing import List

from bot.dialogue.facts import ROLE_EMPLOYER, ROLE_JOB_SEEKER, ROLE_PROFESSIONAL
from bot.dialogue.state import State
from bot.referral import (
    UNKNOWN,
    YES,
    JobSeekerFacts,
    Referral,
    for_professional,
    referrals_for_employer,
    referrals_for_job_keeper,
    referrals_for_job_seeker,
)


def referrals_for_state(state: State) -> List[Referral]:
    """Employers by goal and region; people keeping a job; everybody else as job seekers (as a
    professional reads them when their own work is one of the referrals)."""
    facts = state.facts
    if state.role == ROLE_EMPLOYER:
        known = facts.get("gemeente") not in (None, UNKNOWN)
        return referrals_for_employer(state.employer_goal or "hire", facts.get("region"), gemeente_known=known)
    primary_care = str(facts.get("primary_care") or "")
    if facts.get("has_job") == YES and state.role in (ROLE_JOB_SEEKER, ROLE_PROFESSIONAL):
        # (a client who has a job and wants to keep it: the keeper's route, in the client's voice)
        keeper = referrals_for_job_keeper(
            facts.get("in_treatment", UNKNOWN), bool(facts.get("benefit_worry")), primary_care
        )
        if state.role == ROLE_PROFESSIONAL and state.own_work:
            keeper = for_professional(keeper, state.own_work)
        return keeper
    referrals = referrals_for_job_seeker(
        JobSeekerFacts(
            in_treatment=facts.get("in_treatment", UNKNOWN),
            benefit=facts.get("benefit", UNKNOWN),
            wants_paid_work=facts.get("wants_paid_work", UNKNOWN),
            benefit_worry=bool(facts.get("benefit_worry")),
            primary_care=primary_care,
        )
    )
    if state.role == ROLE_PROFESSIONAL and state.own_work:
        referrals = for_professional(referrals, state.own_work)
    return referrals
