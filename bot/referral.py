"""Who gets which referral: pure functions over the facts the bot asked for.

Targets and reasons are keys into knowledge/referrals.yml, where their Dutch text lives.
The rules follow KNOWLEDGE.md: IPS is for people in GGZ treatment who want paid work
(access via the behandelaar; funding via UWV with WIA/WGA or Wajong, via the gemeente with
bijstand or no benefit). Without GGZ treatment IPS is not the first route.
"""

from dataclasses import dataclass
from typing import List, Optional

YES, NO, UNKNOWN = "ja", "nee", "onbekend"
UWV_BENEFITS = {"ww", "wia", "wajong", "ziektewet"}
DISABILITY_BENEFITS = {"wia", "wajong"}  # arbeidsongeschiktheid: IPS via UWV
GEMEENTE_BENEFITS = {"bijstand", "geen"}  # IPS via the gemeente (subsidieregeling)

BENEFITS = ("bijstand", "ww", "wia", "wajong", "ziektewet", "geen", UNKNOWN)
ANSWERS = (YES, NO, UNKNOWN)


@dataclass(frozen=True)
class JobSeekerFacts:
    in_treatment: str = UNKNOWN  # ja | nee | onbekend: in treatment at the GGZ
    benefit: str = UNKNOWN  # one of BENEFITS
    wants_paid_work: str = UNKNOWN  # ja | nee | onbekend
    benefit_worry: bool = False  # afraid to lose the benefit by working
    primary_care: str = ""  # "huisarts" (huisarts or POH-GGZ helps) | "wachtlijst" (waiting for the GGZ) | ""


@dataclass(frozen=True)
class Referral:
    target: str  # key in knowledge/referrals.yml `targets`
    reason: str  # key in knowledge/referrals.yml `reasons`


def _ips_target(benefit: str) -> str:
    if benefit in DISABILITY_BENEFITS:
        return "ips_via_uwv"
    if benefit in GEMEENTE_BENEFITS:
        return "ips_via_gemeente"
    return "ips_via_behandelaar"  # WW or unknown: the behandelaar knows the route


def _benefit_office(benefit: str) -> Referral:
    if benefit in UWV_BENEFITS:
        return Referral("uwv", "benefit_uwv")
    if benefit in GEMEENTE_BENEFITS:
        return Referral("gemeente", "benefit_gemeente")
    return Referral("uwv_or_gemeente", "benefit_unknown")


def _care(primary_care: str) -> Referral:
    """Help with complaints outside GGZ treatment: the huisarts is the way in, unless the
    person already goes there or waits for the GGZ (then IPS can be asked for once treatment
    starts: KNOWLEDGE, IPS access via the behandelaar)."""
    if primary_care == "wachtlijst":
        return Referral("ggz_waiting_list", "waiting_list")
    if primary_care == "huisarts":
        return Referral("huisarts_already", "complaints_care_already")
    return Referral("huisarts", "complaints_care")


def referrals_for_job_seeker(facts: JobSeekerFacts) -> List[Referral]:
    """The referrals for a job seeker, most important first."""
    result: List[Referral] = []
    if facts.in_treatment == YES:
        if facts.wants_paid_work == YES:
            result.append(Referral(_ips_target(facts.benefit), "ips_treatment_wants_work"))
        elif facts.wants_paid_work == UNKNOWN:
            result.append(Referral(_ips_target(facts.benefit), "ips_treatment_maybe_work"))
        else:
            result.append(Referral("talk_with_behandelaar", "treatment_no_work_now"))
    elif facts.in_treatment == NO:
        office = _benefit_office(facts.benefit)
        result.append(Referral(office.target, "not_in_treatment"))
        result.append(_care(facts.primary_care))
        if facts.wants_paid_work == YES:  # the reason says "omdat je betaald werk wilt"
            result.append(Referral("jobcoach", "support_at_work"))
        elif facts.wants_paid_work == NO:
            result.append(Referral("volunteer_first", "no_paid_work_now"))
    else:
        result.append(Referral("ips_if_in_treatment", "treatment_unknown"))
        result.append(_benefit_office(facts.benefit))
    if facts.benefit_worry:
        result.append(Referral("benefit_counseling", "benefit_worry"))
    return result


# A professional who is the help a referral names: no referral to themselves.
OWN_IPS = {"ips_via_uwv": "ips_own_uwv", "ips_via_gemeente": "ips_own_gemeente", "ips_via_behandelaar": "ips_own"}
OWN_TEAM = {"ips_via_uwv": "ips_team_uwv", "ips_via_gemeente": "ips_team_gemeente", "ips_via_behandelaar": "ips_team"}


def for_professional(referrals: List[Referral], own_work: str) -> List[Referral]:
    """The referrals as a professional doing `own_work` ("jobcoach", "ips", "gemeente", "uwv")
    reads them: a jobcoach is not sent to jobcoaching; an IPS-trajectbegeleider is not told to ask
    for one; a klantmanager of the gemeente is not sent to the gemeente."""
    if own_work == "jobcoach":
        return [r for r in referrals if r.target != "jobcoach"]
    if own_work == "ips":
        return [Referral(OWN_IPS.get(r.target, r.target), r.reason) for r in referrals]
    if own_work == "behandelaar":
        # the client's behandelaar is not told to ask the behandelaar: IPS within their own team
        return [Referral(OWN_TEAM.get(r.target, r.target), r.reason) for r in referrals]
    if own_work == "poh":
        # a POH-GGZ is not told to send the client to the POH-GGZ
        own = Referral("huisarts_already_own", "complaints_care_already")
        return [own if r.target in ("huisarts", "huisarts_already") else r for r in referrals]
    if own_work in ("gemeente", "uwv"):
        # a klantmanager is not told to "ask the gemeente": what their own office offers; and IPS
        # "via UWV" said to someone at UWV names their own organisation
        return [
            Referral(f"{r.target}_own", r.reason) if r.target in (own_work, f"ips_via_{own_work}") else r
            for r in referrals
        ]
    return referrals


def referrals_for_job_keeper(in_treatment: str, benefit_worry: bool = False, primary_care: str = "") -> List[Referral]:
    """Someone who has a job and is afraid to lose it because of psychological complaints.

    IPS supports keeping a job too, through the behandelaar; the bedrijfsarts/arbodienst is the
    way in at work; without GGZ treatment, help with complaints starts at the huisarts. No
    benefit office: this person works (KNOWLEDGE: IPS, for employers)."""
    result: List[Referral] = []
    if in_treatment == YES:
        result.append(Referral("ips_keep_job", "keep_job_treatment"))
    result.append(Referral("bedrijfsarts", "keep_job_work"))
    if in_treatment != YES:
        result.append(_care(primary_care))
    if benefit_worry:
        result.append(Referral("benefit_counseling", "benefit_worry"))
    return result


def referrals_for_employer(goal: str, region: Optional[str], gemeente_known: bool = True) -> List[Referral]:
    """The referrals for an employer: hiring goes to the WSP of their region (known from the
    gemeente, or from a province that is one region)."""
    # Whatever the goal, an employer whose region is known also gets the WSP of that region.
    regional = [Referral("wsp", "employer_region" if gemeente_known else "employer_region_only")] if region else []
    if goal == "network":
        return [Referral("de_normaalste_zaak", "employer_network")] + regional
    if goal == "keep_employee":
        # (the WSP's text about support for keeping the employee, not about a candidate)
        keep = [Referral("wsp_keep", r.reason) for r in regional]
        return [Referral("keep_employee", "employer_keep")] + keep
    if region:
        wsp = Referral("wsp", "employer_region" if gemeente_known else "employer_region_only")
    else:
        wsp = Referral("wsp_unknown_region", "employer_no_region")
    return [
        wsp,
        Referral("employer_instruments", "employer_instruments"),
        Referral("de_normaalste_zaak", "employer_peers"),
    ]
