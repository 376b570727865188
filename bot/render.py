"""Turns referrals into the Dutch messages the bot sends, from knowledge/referrals.yml."""
from typing import List, Optional

from bot import knowledge
from bot.referral import Referral
from bot.regions import display_name, wsp_name

PROFESSIONAL = "professional"


def display_gemeente(name: Optional[str]) -> Optional[str]:
    """"Hengelo (O.)" -> "Hengelo": the CBS suffix is for tables, not for people."""
    if not name or name in ("onbekend", "overgeslagen"):
        return None
    return display_name(name)


def referral_messages(
    referrals: List[Referral],
    role: Optional[str] = None,
    gemeente: Optional[str] = None,
    region: Optional[str] = None,
) -> List[str]:
    """One message per referral: title, the reason ("omdat je ..."), what to do."""
    content = knowledge.referrals()
    reasons = content["reasons_client"] if role == PROFESSIONAL else content["reasons"]
    shown = display_gemeente(gemeente)
    if shown:
        gemeente_phrase = f"de gemeente {shown}"
    else:
        gemeente_phrase = "de gemeente van je cliënt" if role == PROFESSIONAL else "je gemeente"
    values = {
        "gemeente": gemeente_phrase,
        "gemeente_name": shown or "",
        "region": region or "",
        "wsp": wsp_name(region) if region else "Werkgeversservicepunt (WSP)",
    }
    messages = []
    for referral in referrals:
        target = content["targets"][referral.target]
        reason = reasons.get(referral.reason) or content["reasons"][referral.reason]
        title = target["title"].format(**values)
        text = " ".join(target["text"].split()).format(**values)
        messages.append(f"{title}, {reason.format(**values)}.\n{text}")
    return messages
