"""Who gets which referral: every combination of the routing facts, and the key cases."""

import itertools

import pytest

from bot import knowledge
from bot.referral import (
    ANSWERS,
    BENEFITS,
    JobSeekerFacts,
    Referral,
    for_professional,
    referrals_for_employer,
    referrals_for_job_keeper,
    referrals_for_job_seeker,
)

IPS_TARGETS = {"ips_via_uwv", "ips_via_gemeente", "ips_via_behandelaar"}

ALL_FACTS = [
    JobSeekerFacts(t, b, w, worry) for t, b, w, worry in itertools.product(ANSWERS, BENEFITS, ANSWERS, (False, True))
]

# The situations the referral rules were written for, each spelled out: facts -> the exact
# referral targets, so a change that breaks one names it.
KEY_CASES = [
    # in GGZ treatment and wants paid work: IPS, with the way in by benefit
    (JobSeekerFacts("ja", "bijstand", "ja"), ["ips_via_gemeente"]),
    (JobSeekerFacts("ja", "geen", "ja"), ["ips_via_gemeente"]),
    (JobSeekerFacts("ja", "wia", "ja"), ["ips_via_uwv"]),
    (JobSeekerFacts("ja", "wajong", "ja"), ["ips_via_uwv"]),
    (JobSeekerFacts("ja", "ww", "ja"), ["ips_via_behandelaar"]),
    (JobSeekerFacts("ja", "onbekend", "ja"), ["ips_via_behandelaar"]),
    # in treatment, no paid work now: talk with the behandelaar first
    (JobSeekerFacts("ja", "bijstand", "nee"), ["talk_with_behandelaar"]),
    # not in treatment: benefit office, huisarts for complaints, jobcoaching; no IPS
    (JobSeekerFacts("nee", "ww", "ja"), ["uwv", "huisarts", "jobcoach"]),
    (JobSeekerFacts("nee", "wajong", "ja"), ["uwv", "huisarts", "jobcoach"]),
    (JobSeekerFacts("nee", "bijstand", "ja"), ["gemeente", "huisarts", "jobcoach"]),
    # ... and no paid work now: something without pay first, asked at the office
    (JobSeekerFacts("nee", "geen", "nee"), ["gemeente", "huisarts", "volunteer_first"]),
    # "weet niet" to paid work: no jobcoaching "omdat je betaald werk wilt"
    (JobSeekerFacts("nee", "onbekend", "onbekend"), ["uwv_or_gemeente", "huisarts"]),
    # not sure about treatment: explain when IPS applies, plus the benefit office
    (JobSeekerFacts("onbekend", "wia", "ja"), ["ips_if_in_treatment", "uwv"]),
    # fear of losing the benefit: Benefit Counselor / Simpel Switchen, last
    (JobSeekerFacts("ja", "bijstand", "ja", True), ["ips_via_gemeente", "benefit_counseling"]),
    (JobSeekerFacts("nee", "ww", "ja", True), ["uwv", "huisarts", "jobcoach", "benefit_counseling"]),
    # already seeing the huisarts or the POH-GGZ: go on there, not "go to your huisarts"
    (JobSeekerFacts("nee", "bijstand", "ja", primary_care="huisarts"), ["gemeente", "huisarts_already", "jobcoach"]),
    # waiting for the GGZ: not yet IPS, ask for it once treatment starts
    (JobSeekerFacts("nee", "ww", "ja", primary_care="wachtlijst"), ["uwv", "ggz_waiting_list", "jobcoach"]),
    # in treatment after all: the huisarts no longer matters for the route
    (JobSeekerFacts("ja", "bijstand", "ja", primary_care="huisarts"), ["ips_via_gemeente"]),
]


@pytest.mark.parametrize("facts,targets", KEY_CASES)
def test_key_cases(facts, targets):
    assert [r.target for r in referrals_for_job_seeker(facts)] == targets


@pytest.mark.parametrize("facts", ALL_FACTS, ids=str)
def test_every_combination_follows_the_rules(facts):
    referrals = referrals_for_job_seeker(facts)
    targets = [r.target for r in referrals]
    assert referrals, "everyone gets at least one referral"
    assert len(targets) == len(set(targets)), "no referral twice"

    gets_ips = bool(IPS_TARGETS & set(targets))
    assert gets_ips == (facts.in_treatment == "ja" and facts.wants_paid_work != "nee")
    if gets_ips:
        expected = {
            "wia": "ips_via_uwv",
            "wajong": "ips_via_uwv",
            "bijstand": "ips_via_gemeente",
            "geen": "ips_via_gemeente",
        }
        assert targets[0] == expected.get(facts.benefit, "ips_via_behandelaar")
    if facts.in_treatment == "nee":
        assert "huisarts" in targets
        assert any("not_in_treatment" == r.reason for r in referrals), "says why IPS is not first"
    assert ("benefit_counseling" in targets) == facts.benefit_worry


@pytest.mark.parametrize("facts", ALL_FACTS, ids=str)
def test_every_referral_has_text_and_reason_in_knowledge(facts):
    content = knowledge.referrals()
    for referral in referrals_for_job_seeker(facts):
        assert referral.target in content["targets"]
        assert referral.reason in content["reasons"]
        assert referral.reason in content["reasons_client"]


@pytest.mark.parametrize(
    "goal,region,targets",
    [
        ("hire", "West-Brabant", ["wsp", "employer_instruments", "de_normaalste_zaak"]),
        ("hire", None, ["wsp_unknown_region", "employer_instruments", "de_normaalste_zaak"]),
        ("network", "Groningen", ["de_normaalste_zaak", "wsp"]),
        ("network", None, ["de_normaalste_zaak"]),
        ("keep_employee", None, ["keep_employee"]),
        ("keep_employee", "Twente", ["keep_employee", "wsp_keep"]),
    ],
)
def test_employer_referrals(goal, region, targets):
    assert [r.target for r in referrals_for_employer(goal, region)] == targets


def test_an_employer_known_only_by_region_gets_its_wsp_without_a_gemeente_name():
    [wsp, *_] = referrals_for_employer("hire", "Friesland", gemeente_known=False)
    assert wsp == Referral("wsp", "employer_region_only")


@pytest.mark.parametrize(
    "in_treatment,worry,targets",
    [
        ("ja", False, ["ips_keep_job", "bedrijfsarts"]),
        ("nee", False, ["bedrijfsarts", "huisarts"]),
        ("onbekend", True, ["bedrijfsarts", "huisarts", "benefit_counseling"]),
    ],
)
def test_someone_keeping_a_job_gets_no_benefit_office(in_treatment, worry, targets):
    referrals = referrals_for_job_keeper(in_treatment, worry)
    assert [r.target for r in referrals] == targets
    assert not {"uwv", "gemeente", "uwv_or_gemeente"} & {r.target for r in referrals}


def test_every_job_seeker_target_speaks_to_a_professional_too():
    targets = knowledge.referrals()["targets"]
    used = {r.target for facts in ALL_FACTS for r in referrals_for_job_seeker(facts)}
    used |= {r.target for r in referrals_for_job_keeper("ja", True) + referrals_for_job_keeper("nee")}
    used |= {r.target for care in ("huisarts", "wachtlijst") for r in referrals_for_job_keeper("nee", False, care)}
    for target in used:
        assert "cliënt" in targets[target]["text_client"], target


def test_referral_is_a_value():
    assert Referral("uwv", "benefit_uwv") == Referral("uwv", "benefit_uwv")


@pytest.mark.parametrize(
    "own_work,targets",
    [
        ("jobcoach", ["gemeente", "huisarts"]),  # a jobcoach is not sent to jobcoaching
        ("ips", ["gemeente", "huisarts", "jobcoach"]),
        ("poh", ["gemeente", "huisarts_already_own", "jobcoach"]),  # a POH-GGZ is not sent to the POH
        ("", ["gemeente", "huisarts", "jobcoach"]),
    ],
)
def test_a_professional_is_not_referred_to_their_own_work(own_work, targets):
    referrals = referrals_for_job_seeker(JobSeekerFacts("nee", "bijstand", "ja"))
    assert [r.target for r in for_professional(referrals, own_work)] == targets


def test_an_ips_trajectbegeleider_is_not_told_to_ask_for_one():
    for benefit, target in (("wia", "ips_own_uwv"), ("bijstand", "ips_own_gemeente"), ("ww", "ips_own")):
        [ips] = for_professional(referrals_for_job_seeker(JobSeekerFacts("ja", benefit, "ja")), "ips")
        assert ips.target == target
        assert "IPS-trajectbegeleider." not in knowledge.referrals()["targets"][target]["text_client"]


@pytest.mark.parametrize(
    "own_work,benefit,target",
    [
        ("uwv", "wia", "ips_via_uwv_own"),  # a UWV arbeidsdeskundige is not told IPS goes "via UWV" as if elsewhere
        ("gemeente", "bijstand", "ips_via_gemeente_own"),
        ("uwv", "bijstand", "ips_via_gemeente"),  # the route through another office stays as it is
        ("gemeente", "wajong", "ips_via_uwv"),
    ],
)
def test_ips_through_the_professionals_own_office_names_it_as_theirs(own_work, benefit, target):
    [ips] = for_professional(referrals_for_job_seeker(JobSeekerFacts("ja", benefit, "ja")), own_work)
    assert ips.target == target
    if target.endswith("_own"):
        assert "jouw eigen organisatie" in knowledge.referrals()["targets"][target]["text_client"]
