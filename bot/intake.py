"""The professional's intake record, as pure functions: the intake code, the marks the action
sends, and the record made from the dialogue's state. No database here (bot/store/intakes.py),
no web page (bot/channels/intake.py), no Dutch (knowledge/intake.yml, domain/responses.yml).

How a record comes to be (docs/PRIVACY.md, "The intake record"):
  1. the dialogue (bot/dialogue/) ends a professional's intake, with the client's consent to
     keep the summary, with the reply `utter_intake_stored`;
  2. action_dialogue makes a new code, fills it and the link into that reply and sends the
     store mark (a custom message) after it;
  3. the Rasa server's tracker store sees the mark among the turn's bot messages and stores the
     record, built here from the conversation's `dialogue` slot, before it saves the turn.
Deleting by chat ("verwijder intake ACDE-...") and a client's consent taken back work the same
way with the delete mark.

Settings (environment, read by both servers; README.md):
  INTAKE_RETENTION_DAYS  days a record is kept (default 14)
  PUBLIC_URL             the bot's address as professionals reach it, for the link (default
                         http://localhost:<RASA_PORT>)
"""

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Tuple

from bot.dialogue.state import FACTS, GUIDE
from bot.referral import UNKNOWN, JobSeekerFacts, referrals_for_job_seeker

# Letters only, without look-alikes of digits or each other (B 8, I 1, L 1, O 0, S 5, Z 2):
# a code can be read aloud, typed from paper and never has a digit the privacy masking
# could take for a number.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY"
GROUPS, GROUP_SIZE = 5, 4
CODE_LENGTH = GROUPS * GROUP_SIZE  # 20 letters of 20: 86 bits
DEFAULT_RETENTION_DAYS = 14

# Who gave consent and for what (stored with the record; their Dutch names: knowledge/intake.yml).
CONSENT_BY = "client_via_professional"
CONSENT_PURPOSE = "intake_summary"

# The marks action_dialogue sends as custom messages; only the tracker store reads them and
# the channels leave them out of what they answer (like privacy.ERASE_MARK).
MARK_KEY = "wegwijzer"
STORE, DELETE = "intake_store", "intake_delete"

_CODE_IN_TEXT = re.compile(
    rf"(?<![A-Za-z])([{ALPHABET}]{{{GROUP_SIZE}}}(?:[ -]?[{ALPHABET}]{{{GROUP_SIZE}}}){{{GROUPS - 1}}})(?![A-Za-z])",
    re.IGNORECASE,
)


def retention_days() -> int:
    try:
        days = int(os.environ.get("INTAKE_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    except ValueError:
        days = DEFAULT_RETENTION_DAYS
    return max(1, days)


def public_url() -> str:
    url = os.environ.get("PUBLIC_URL") or f"http://localhost:{os.environ.get('RASA_PORT', '5005')}"
    return url.rstrip("/")


def new_code() -> str:
    """A fresh intake code: "ACDE-FGHJ-KMNP-QRTU-VWXY", from the operating system's CSPRNG."""
    letters = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(letters)


def format_code(letters: str) -> str:
    return "-".join(letters[i : i + GROUP_SIZE] for i in range(0, CODE_LENGTH, GROUP_SIZE))


def normalise_code(text: Any) -> Optional[str]:
    """The code as it is stored, from how people type it ("acde fghj-..."): None when it
    cannot be one."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    letters = re.sub(r"[\s-]", "", text).upper()
    if len(letters) != CODE_LENGTH or any(c not in ALPHABET for c in letters):
        return None
    return format_code(letters)


def code_in(text: str) -> Optional[str]:
    """The intake code in a chat message, if it holds one."""
    match = _CODE_IN_TEXT.search(text or "")
    return normalise_code(match.group(1)) if match else None


def code_hash(code: str) -> str:
    """What the database keeps instead of the code: its SHA-256. 86 random bits need no salt or
    slow hash, and a copy of the database does not open the pages."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii"), b.encode("ascii"))


def link(code: str) -> str:
    return f"{public_url()}/intake/{code}"


def store_mark(code: str, replaces: Optional[str] = None) -> Dict[str, Any]:
    mark: Dict[str, Any] = {MARK_KEY: STORE, "code": code}
    if replaces:
        mark["replaces"] = replaces
    return mark


def delete_mark(code: str) -> Dict[str, Any]:
    return {MARK_KEY: DELETE, "code": code}


def mark_of(custom: Any) -> Optional[Tuple[str, str, Optional[str]]]:
    """(kind, code, replaced code) of an intake mark; None for anything else."""
    if not isinstance(custom, dict) or custom.get(MARK_KEY) not in (STORE, DELETE):
        return None
    code = normalise_code(custom.get("code"))
    if code is None:
        return None
    return custom[MARK_KEY], code, normalise_code(custom.get("replaces"))


@dataclass(frozen=True)
class Record:
    """One intake as stored: no name, BSN or contact details, only what the summary shows."""

    answers: Dict[str, str]  # the six guide answers, masked by the channels; "overgeslagen"
    facts: Dict[str, Any]  # in_treatment, wants_paid_work, benefit, gemeente (+ benefit_worry)
    region: Optional[str]  # the arbeidsmarktregio of the gemeente
    referrals: List[Dict[str, str]]  # {"target", "reason"}: keys in knowledge/referrals.yml
    consent_at: float  # when the client's consent was given (Unix time)
    created_at: float
    retention_days: int

    @property
    def expires_at(self) -> float:
        return self.created_at + self.retention_days * 86400


def record_from_state(state: Dict[str, Any], consent_at: Optional[float], now: float, days: int) -> Record:
    """The record of a finished intake, from the `dialogue` slot (bot/dialogue/state.py)."""
    answers_in = state.get("answers") or {}
    facts_in = state.get("facts") or {}
    answers = {q: str(answers_in.get(q, "overgeslagen")) for q in GUIDE}
    facts: Dict[str, Any] = {f: facts_in.get(f, UNKNOWN) for f in FACTS}
    if facts_in.get("benefit_worry"):
        facts["benefit_worry"] = True
    referrals = referrals_for_job_seeker(
        JobSeekerFacts(
            in_treatment=facts["in_treatment"],
            benefit=facts["benefit"],
            wants_paid_work=facts["wants_paid_work"],
            benefit_worry=bool(facts_in.get("benefit_worry")),
        )
    )
    return Record(
        answers=answers,
        facts=facts,
        region=facts_in.get("region"),
        referrals=[{"target": r.target, "reason": r.reason} for r in referrals],
        consent_at=consent_at if consent_at is not None else now,
        created_at=now,
        retention_days=days,
    )


def consent_time(slot_history: Iterable[Tuple[float, Any]]) -> Optional[float]:
    """When the client's consent that holds now was given: the time of the last change of the
    `dialogue` slot from any other consent to "ja", from (timestamp, value) in order."""
    given_at, before = None, None
    for timestamp, value in slot_history:
        consent = value.get("consent") if isinstance(value, dict) else None
        if consent == "ja" and before != "ja":
            given_at = timestamp
        before = consent
    return given_at
