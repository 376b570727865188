"""A stored intake record as people read it: the printable page (HTML), the PDF (fpdf2) and the
JSON export. Every word comes from knowledge/ (intake.yml, labels.yml, referrals.yml through
bot/render.py); this module only puts them in order.
"""

import html
import json
import time
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from bot import knowledge, render
from bot.intake import FACTS, GUIDE
from bot.referral import Referral

try:  # the Netherlands' clock; UTC when the system has no time-zone data
    from zoneinfo import ZoneInfo

    TIME_ZONE: Any = ZoneInfo("Europe/Amsterdam")
except Exception:  # pragma: no cover
    TIME_ZONE = timezone.utc

JSON_FORMAT = "wegwijzer-intake/1"
STYLESHEET = "/intake/intake.css"


def _texts() -> Dict[str, Any]:
    return knowledge.intake()


def dutch_date(timestamp: float, with_time: bool = False) -> str:
    """ "23 november 2026" (and "om 14:05")."""
    moment = datetime.fromtimestamp(timestamp, TIME_ZONE)
    text = f"{moment.day} {_texts()['months'][moment.month - 1]} {moment.year}"
    return f"{text} {_texts()['at']} {moment:%H:%M}" if with_time else text


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def answer_rows(row: Dict[str, Any]) -> List[Tuple[str, str]]:
    """(label, answer) for the six guide questions, as in the bot's summary."""
    labels = knowledge.labels()["summary_items"]
    return [(labels[q], render.answer_label(q, row["answers"].get(q))) for q in GUIDE]


def fact_rows(row: Dict[str, Any]) -> List[Tuple[str, str]]:
    labels, texts, facts = knowledge.labels()["summary_items"], _texts(), row["facts"]
    rows = [(labels[f], render.answer_label(f, facts.get(f))) for f in FACTS]
    if row.get("region"):
        rows.append((texts["region"], row["region"]))
    if facts.get("benefit_worry"):
        rows.append((texts["benefit_worry"], texts["benefit_worry_yes"]))
    return rows


def referral_parts(row: Dict[str, Any]) -> List[Dict[str, str]]:
    referrals = [Referral(r["target"], r["reason"]) for r in row["referrals"]]
    return render.referral_parts(referrals, render.PROFESSIONAL, row["facts"].get("gemeente"), row.get("region"))


def consent_text(row: Dict[str, Any]) -> str:
    return " ".join(_texts()["consent"].split()).format(
        date=dutch_date(row["consent_at"], with_time=True), days=row["retention_days"]
    )


# --- JSON ----------------------------------------------------------------------------------
def as_json(row: Dict[str, Any], code: str) -> Dict[str, Any]:
    """For import into a case system: keys in English, values as the page shows them plus the
    raw values the bot routed on."""
    labels = knowledge.labels()["summary_items"]
    return {
        "format": JSON_FORMAT,
        "code": code,
        "created_at": iso(row["created_at"]),
        "expires_at": iso(row["expires_at"]),
        "notice": " ".join(_texts()["notice"].split()),
        "consent": {
            "given_at": iso(row["consent_at"]),
            "given_by": row["consent_by"],
            "purpose": row["consent_purpose"],
            "retention_days": row["retention_days"],
            "text": consent_text(row),
        },
        "answers": [{"key": q, "question": labels[q], "answer": row["answers"].get(q)} for q in GUIDE],
        "facts": {
            **{f: row["facts"].get(f) for f in FACTS},
            "region": row.get("region"),
            "benefit_worry": bool(row["facts"].get("benefit_worry")),
        },
        "referrals": [
            {"target": r["target"], "reason": r["reason"], **part}
            for r, part in zip(row["referrals"], referral_parts(row), strict=True)
        ],
    }


def json_bytes(row: Dict[str, Any], code: str) -> bytes:
    return json.dumps(as_json(row, code), ensure_ascii=False, indent=2).encode("utf-8")


# --- HTML ----------------------------------------------------------------------------------
def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: str) -> str:
    texts = _texts()
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{_e(title)} – {_e(texts['site'])}</title>\n"
        f'<link rel="stylesheet" href="{STYLESHEET}">\n</head>\n<body>\n'
        f'<header><p class="site">{_e(texts["site"])}</p></header>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _dl(rows: List[Tuple[str, str]]) -> str:
    items = "".join(f"<div><dt>{_e(label)}</dt><dd>{_e(value)}</dd></div>\n" for label, value in rows)
    return f"<dl>\n{items}</dl>"


def page(row: Dict[str, Any], code: str) -> str:
    texts = _texts()
    base = f"/intake/{_e(code)}"
    referrals = "".join(
        f'<li><h3>{_e(p["title"])}</h3><p class="reason">{_e(p["reason"])}</p><p>{_e(p["text"])}</p></li>\n'
        for p in referral_parts(row)
    )
    body = f"""<h1>{_e(texts["title"])}</h1>
<p class="meta">{_e(texts["made_on"].format(date=dutch_date(row["created_at"])))}.
{_e(texts["deleted_on"].format(date=dutch_date(row["expires_at"])))}.<br>
{_e(texts["code"])}: <strong class="code">{_e(code)}</strong></p>
<p class="notice" id="notice">{_e(" ".join(texts["notice"].split()))}</p>
<section aria-labelledby="answers"><h2 id="answers">{_e(texts["answers_heading"])}</h2>
{_dl(answer_rows(row))}</section>
<section aria-labelledby="facts"><h2 id="facts">{_e(texts["facts_heading"])}</h2>
{_dl(fact_rows(row))}</section>
<section aria-labelledby="advice"><h2 id="advice">{_e(texts["advice_heading"])}</h2>
<ol class="referrals">
{referrals}</ol></section>
<section aria-labelledby="consent"><h2 id="consent">{_e(texts["consent_heading"])}</h2>
<p>{_e(consent_text(row))}</p></section>
<section class="actions" aria-labelledby="actions"><h2 id="actions">{_e(texts["actions_heading"])}</h2>
<p>{_e(texts["print"])}</p>
<ul>
<li><a href="{base}/pdf" download>{_e(texts["download_pdf"])}</a></li>
<li><a href="{base}/json" download>{_e(texts["download_json"])}</a></li>
</ul></section>
<section class="actions" aria-labelledby="delete"><h2 id="delete">{_e(texts["delete_heading"])}</h2>
<p>{_e(" ".join(texts["delete_explained"].split()))}</p>
<form method="post" action="{base}/verwijderen">
<p><input type="checkbox" id="confirm" name="confirm" value="ja" required>
<label for="confirm">{_e(texts["delete_confirm"])}</label></p>
<p><button type="submit">{_e(texts["delete_button"])}</button></p>
</form></section>"""
    return _page(texts["title"], body)


def message_page(kind: str) -> str:
    """The page for "deleted", "not found" (wrong, expired and deleted codes alike) and "not
    allowed"."""
    texts = _texts()
    title, text = texts[f"{kind}_title"], " ".join(texts[f"{kind}_text"].split())
    return _page(title, f"<h1>{_e(title)}</h1>\n<p>{_e(text)}</p>")


STYLES = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5;
  color: #1a1a1a; background: #fff; margin: 0; }
header, main { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header .site { font-weight: 600; color: #1d4f73; margin: 1rem 0 0; }
h1 { font-size: 1.8rem; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #1d4f73; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 0 0 .2rem; }
.meta { color: #333; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; letter-spacing: .05em; }
.notice { border-left: 4px solid #1d4f73; background: #eef4f8; padding: .6rem .8rem; }
dl div { display: grid; grid-template-columns: minmax(10rem, 1fr) 2fr; gap: 1rem; padding: .4rem 0;
  border-bottom: 1px solid #ddd; }
dt { font-weight: 600; }
dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.referrals li { margin-bottom: 1rem; }
.reason { font-style: italic; margin: 0; }
a { color: #0b4f8a; }
a:focus, button:focus, input:focus { outline: 3px solid #b35c00; outline-offset: 2px; }
button { font: inherit; padding: .5rem 1rem; background: #a4262c; color: #fff; border: 0; border-radius: 4px;
  cursor: pointer; }
@media (max-width: 30rem) { dl div { grid-template-columns: 1fr; gap: 0; } }
@media print {
  @page { margin: 2cm; }
  body { font-size: 11pt; color: #000; }
  header, main { max-width: none; padding: 0; }
  .actions { display: none; }
  a { color: #000; text-decoration: none; }
  h2 { break-after: avoid; }
  dl div, .referrals li { break-inside: avoid; }
  .notice { background: none; border: 1px solid #000; }
}
"""


# --- PDF -----------------------------------------------------------------------------------
def _latin1(text: str) -> str:
    """fpdf2's built-in fonts know Latin-1 (all Dutch letters); other signs become near ones."""
    text = str(text)
    for wrong, right in (
        ("…", "..."),
        ("–", "-"),
        ("—", "-"),
        ("‘", "'"),
        ("’", "'"),
        ("“", '"'),
        ("”", '"'),
        ("€", "EUR"),
    ):
        text = text.replace(wrong, right)
    return text.encode("latin-1", "replace").decode("latin-1")


def pdf_bytes(row: Dict[str, Any], code: str, now: Optional[float] = None) -> bytes:
    from fpdf import FPDF

    texts = _texts()
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"{texts['title']} - {texts['site']}"))
    pdf.set_author(_latin1(texts["site"]))
    pdf.set_lang("nl")
    pdf.set_creation_date(datetime.fromtimestamp(now or time.time(), timezone.utc))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()

    def line(text: str, size: float = 10.5, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def heading(text: str) -> None:
        pdf.ln(3)
        line(text, 13, "B", 1)

    line(texts["site"], 10, "B", 0)
    line(texts["title"], 18, "B", 2)
    line(
        f"{texts['made_on'].format(date=dutch_date(row['created_at']))}. "
        f"{texts['deleted_on'].format(date=dutch_date(row['expires_at']))}."
    )
    line(f"{texts['code']}: {code}", style="B")
    line(" ".join(texts["notice"].split()), 10, "I", 2)
    for title, rows in ((texts["answers_heading"], answer_rows(row)), (texts["facts_heading"], fact_rows(row))):
        heading(title)
        for label, value in rows:
            line(label, style="B", gap=0)
            line(value, gap=2)
    heading(texts["advice_heading"])
    for number, part in enumerate(referral_parts(row), start=1):
        line(f"{number}. {part['title']}", style="B", gap=0)
        line(part["reason"], style="I", gap=0)
        line(part["text"], gap=2.5)
    heading(texts["consent_heading"])
    line(consent_text(row))
    return bytes(pdf.output())
