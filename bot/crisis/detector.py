"""The crisis detector: does this message call for 113 / 112, and which reply fits?

Two parts, one decision (`decide`, called by `CrisisDetector.verdict`):
  - a classifier trained at start-up on data/crisis/train.yml plus every ordinary NLU example
    (word and character n-grams and one column per pattern, logistic regression): the risk
    that a message is crisis language, and its tier;
  - a small set of patterns (knowledge/crisis.yml): phrasings that always mean crisis, tier
    cues (acute, someone else, bereavement), idioms and harmless contexts that keep the
    classifier out unless it is near-certain, and the risk words without which it must be
    surer.

Missing a crisis is the worst error this bot can make, so the threshold is low and the band
just above "none" gets a check question ("Bedoel je dat je aan zelfdoding denkt?") instead of
the full reply. The thresholds are chosen by cross-validation (`python eval/crisis_dev.py
--thresholds`), never on a test split; the two for messages without a risk word were chosen on the
development splits (docs/EVALUATION.md, eleventh round). Figures: `make eval` (docs/EVALUATION.md).
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Pattern, Sequence, Tuple

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot import knowledge
from bot.crisis.data import CRISIS, Example, training_examples
from bot.text import fold

NONE = "none"
TIERS = ("clear", "ambiguous", "acute", "other_person", "bereavement")
SEED = 2026
# Messages this short get at most the check question from the classifier alone.
SHORT_WORDS = 4

_REPEATS = re.compile(r"(.)\1{2,}")


def normalise(text: str) -> str:
    """Folded text with letters typed three or more times in a row cut to two ("dooood")."""
    return _REPEATS.sub(r"\1\1", fold(text or ""))


@dataclass(frozen=True)
class Verdict:
    tier: str  # none | clear | ambiguous | acute | other_person | bereavement
    risk: float  # the classifier's probability of crisis language
    reason: str  # "pattern", "model", "hunch" (no risk word), "idiom", "below threshold", ...: why

    @property
    def is_crisis(self) -> bool:
        return self.tier != NONE

    def as_dict(self) -> Dict[str, object]:
        return {"tier": self.tier, "risk": round(self.risk, 4), "reason": self.reason}


@dataclass(frozen=True)
class Thresholds:
    """Chosen by cross-validation on train.yml and the ordinary NLU examples, not on any test
    split: `python eval/crisis_dev.py --thresholds` (5 folds x 3 seeds; a missed crisis costs
    five false alarms; at most 1% alarms on ordinary messages; ties go to the values in use).
    Checked on the development split; figures in docs/EVALUATION.md."""

    # risk >= crisis: the tier's full reply; check <= risk < crisis: the check question.
    crisis: float = 0.6
    check: float = 0.34
    # Without any risk word, only for the check question, on messages of more than 4 words
    # (0.6 by cross-validation; 0.45 chosen on the development splits, eleventh round).
    without_risk_word: float = 0.45
    # A message of at most SHORT_WORDS words without a risk word ("niks heeft nog zin"): the
    # check question when the classifier is near-certain (chosen the same way).
    short_without_risk_word: float = 0.95
    # Suicide as a subject (a job at 113, a training, a film) needs a near-certain classifier.
    topic: float = 0.9
    # An idiom or a situation ("ik schrok me dood", "klaar met thuiszitten") keeps the
    # classifier out unless it is near-certain.
    idiom: float = 0.9
    # A harmless context for death words (knowledge/crisis.yml `context`).
    context: float = 0.8


@lru_cache(maxsize=None)
def _patterns(kind: str) -> List[Pattern]:
    return [re.compile(p) for p in knowledge.crisis()[kind]]


def matches(kind: str, text: str) -> bool:
    normalised = normalise(text)
    return any(p.search(normalised) for p in _patterns(kind))


class PatternFeatures(BaseEstimator, TransformerMixin):
    """One column per pattern of knowledge/crisis.yml's cue groups (each risk-word line, the
    idioms, contexts, subjects, signals): 1 when it matches the (normalised) message. Beside the
    n-grams, these let the classifier weigh what the patterns know ("dood" in "doodmoe" is no
    risk word) instead of only gating it, and make it lean less on single n-grams that a few
    new examples elsewhere can tip."""

    GROUPS = (
        "risk_words",
        "harmless",
        "context",
        "topic",
        "ambiguous",
        "signals",
        "acute",
        "other_person",
        "bereavement",
    )

    def fit(self, texts: Sequence[str], labels: object = None) -> "PatternFeatures":
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        patterns = [p for group in self.GROUPS for p in _patterns(group)]
        return sparse.csr_matrix(np.array([[1.0 if p.search(t) else 0.0 for p in patterns] for t in texts]))


def _features(patterns: float = 0.0) -> FeatureUnion:
    """Word (1-2) and character (2-5, within words) n-grams, tf-idf with sublinear tf; with
    `patterns` > 0 also the pattern columns, at that weight."""
    parts = [
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
    ]
    if not patterns:
        return FeatureUnion(parts)
    return FeatureUnion(parts + [("patterns", PatternFeatures())], transformer_weights={"patterns": patterns})


SURE, UNSURE = "sure", "unsure"


@dataclass(frozen=True)
class Cues:
    """What the patterns say about a message (knowledge/crisis.yml)."""

    signal: bool  # a phrasing that always means crisis, or "zelfmoord" not as a subject
    harmless: bool  # an idiom or a situation ("klaar met thuiszitten")
    ambiguous: bool  # hopelessness without death or ending
    risk_word: bool  # a word crisis language almost always contains
    topic: bool  # suicide as a subject (a job, a training, a film)
    context: bool  # a harmless context for death words (a film, a pet, an illness, a prescription)
    words: int


def without_denials(text: str) -> str:
    """The message without what it denies ("ik denk niet aan zelfdoding", "geen
    zelfmoordgedachten"): a denial is no signal, whatever else the message says."""
    folded = normalise(text)
    for denial in _patterns("denials"):
        folded = denial.sub(" ", folded)
    return folded


def cues(text: str) -> Cues:
    text = without_denials(text)
    topic = matches("topic", text)
    return Cues(
        signal=matches("signals", text) or (matches("words", text) and not topic),
        harmless=matches("harmless", text),
        ambiguous=matches("ambiguous", text),
        risk_word=matches("risk_words", text),
        topic=topic,
        context=matches("context", text),
        words=len(normalise(text).split()),
    )


def decide(c: Cues, risk: float, thresholds: "Thresholds") -> Tuple[str, str]:
    """The decision, from the patterns' cues and the classifier's risk: (none | sure | unsure,
    reason). Sure gets the tier's full reply, unsure at most the check question."""
    if c.signal:
        return SURE, "pattern"
    if c.harmless:
        # An idiom or a situation: the classifier alone, even near-certain, only asks first
        # ("ik word gek van mezelf" is not a reason for the full reply; a "ja" to the check
        # question is), and not even that without a single risk word ("ik snap er niks meer van").
        if not c.risk_word:
            return NONE, "idiom"
        return (NONE, "idiom") if risk < thresholds.idiom else (UNSURE, "idiom")
    if c.ambiguous:
        return UNSURE, "pattern"
    if not c.risk_word:
        # Without any risk word only a near-certain classifier counts, and only for the
        # check question; not at all when the message is about 113 or has a harmless context
        # ("kost 0800-0113 echt niks?").
        if c.topic or c.context:
            return NONE, "subject"
        if risk >= thresholds.without_risk_word and c.words > SHORT_WORDS:
            return UNSURE, "hunch"
        if risk >= thresholds.short_without_risk_word:
            return UNSURE, "hunch"
        return NONE, "no risk word"
    if c.topic and risk < thresholds.topic:
        return NONE, "subject"
    if c.context and risk < thresholds.context:
        return NONE, "context"
    if risk >= thresholds.crisis and c.words > SHORT_WORDS:
        return SURE, "model"
    if risk >= thresholds.crisis:
        # A very short message on the classifier's word alone: ask first ("nee, niet meer").
        return UNSURE, "model"
    if risk >= thresholds.check:
        return UNSURE, "model"
    return NONE, "below threshold"


class CrisisDetector:
    def __init__(self, risk_model: Pipeline, tier_model: Pipeline, thresholds: Thresholds = Thresholds()) -> None:
        self.risk_model = risk_model
        self.tier_model = tier_model
        self.thresholds = thresholds

    @classmethod
    def train(
        cls, examples: Sequence[Example], thresholds: Thresholds = Thresholds(), c: float = 30.0, patterns: float = 0.3
    ) -> "CrisisDetector":
        """The risk model: logistic regression (classes balanced) on n-grams plus the pattern
        columns; C and the pattern weight chosen by cross-validation (docs/EVALUATION.md).
        The tier model: the same n-grams, on the crisis messages only."""
        texts = [normalise(e.text) for e in examples]
        labels = [1 if e.label == CRISIS else 0 for e in examples]
        risk = Pipeline(
            [
                ("features", _features(patterns)),
                ("model", LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED)),
            ]
        )
        risk.fit(texts, labels)
        crisis = [(normalise(e.text), e.tier) for e in examples if e.label == CRISIS]
        tiers = Pipeline(
            [
                ("features", _features()),
                ("model", LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=SEED)),
            ]
        )
        tiers.fit([t for t, _ in crisis], [tier for _, tier in crisis])
        return cls(risk, tiers, thresholds)

    def risks(self, texts: Iterable[str]) -> np.ndarray:
        return self.risk_model.predict_proba([normalise(t) for t in texts])[:, 1]

    def risk(self, text: str) -> float:
        """The classifier's risk for the message, or for its riskiest sentence: one sentence of
        crisis inside a long question about work ("mag ik vrijwilligerswerk doen naast de wia? ik
        heb de pillen al klaarliggen") is not diluted by the rest."""
        parts = [p for p in re.split(r"(?<=[.!?;])\s+", normalise(text)) if len(p.split()) >= 3]
        # (only a sentence with a word of risk of its own counts alone: "goeie avond. ik weet
        # niet of ik hier goed ben. ... de huisarts gaf me pillen" is not read by its greeting)
        parts = [p for p in parts if matches("risk_words", p)] if len(parts) > 1 else []
        return float(max(self.risks([text] + parts)))

    def verdict(self, text: str) -> Verdict:
        if not normalise(text).strip(" .!?"):
            return Verdict(NONE, 0.0, "empty")
        denied = without_denials(text)
        if denied != normalise(text) and not denied.strip(" .,!?"):
            return Verdict(NONE, 0.0, "denial")
        # The classifier reads the message without its denials too ("nee, ik denk niet aan
        # zelfdoding, ik bedoelde mijn werk").
        read = denied if denied != normalise(text) else text
        found = cues(text)
        # (without a risk word the whole message decides: "ik ben op, ik heb vakantie nodig. kan
        # ik verlof vragen" has a first sentence that alone reads like exhaustion, not crisis)
        risk = self.risk(read) if found.risk_word else float(self.risks([read])[0])
        strength, reason = decide(found, risk, self.thresholds)
        if strength == NONE:
            return Verdict(NONE, risk, reason)
        return Verdict(self.tier(text, sure=strength == SURE), risk, reason)

    def tier(self, text: str, sure: bool) -> str:
        """Which reply fits. Patterns for the tiers that change what the bot says first
        (acute: 112 first; someone else; bereavement) win over the classifier."""
        if matches("acute", text):
            return "acute"
        if matches("bereavement", text):
            return "bereavement"
        if matches("other_person", text):
            return "other_person"
        predicted = str(self.tier_model.predict([normalise(text)])[0])
        if predicted == "bereavement":
            # Only a pattern says someone died by suicide: the model alone once read "mijn leven
            # heeft geen zin meer" so, and "Wat verdrietig dat je iemand verloren bent" would follow.
            predicted = "clear"
        if not sure and predicted in ("clear", "acute"):
            return "ambiguous"  # not sure it is crisis at all: ask first
        if sure and predicted == "ambiguous":
            return "clear"  # a phrase that always means crisis, or a near-certain classifier
        if predicted == "acute":
            return "clear"  # "Bel nu 112" first only when a pattern says it is happening now
        return predicted


@lru_cache(maxsize=None)
def detector() -> CrisisDetector:
    """The detector trained on its data (a few seconds), once per process."""
    return CrisisDetector.train(training_examples())
