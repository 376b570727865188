"""The HTML of the dashboard /beheer/: the figures with a chart beside each table, the review
list and the login form. Every text comes from knowledge/insight.yml and every value is escaped;
the pages load one stylesheet and no script (the strict CSP of bot/channels/security.py)."""

import datetime
from html import escape
from typing import Dict, List, Optional
from urllib.parse import urlencode

from bot import knowledge
from bot.insight import charts
from bot.insight.review import Group
from bot.insight.statistics import Period, Statistics, Table, shown_count

BASE = "/beheer"
# Where logging out leads: the login form saying so.
LOGGED_OUT = BASE + "/inloggen?" + urlencode({"uit": "1"})
PRESETS = (7, 30, 90, 365)
DEFAULT_DAYS = 30
LONGEST_DAYS = 366
EARLIEST = datetime.date(2020, 1, 1)


def _texts() -> Dict:
    return knowledge.insight()


def _date(value: Optional[str]) -> Optional[datetime.date]:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _first(args: Dict[str, List[str]], name: str) -> Optional[str]:
    values = args.get(name)
    return values[0] if isinstance(values, list) and values and isinstance(values[0], str) else None


def period_from_query(args: Dict[str, List[str]], today: datetime.date) -> Period:
    """The period a query string asks for: `periode` as a number of days (a choice of the form's
    list wins over the dates beside it), else `van` and `tot` as dates; anything else, and
    anything odd, gives the last DEFAULT_DAYS days. Never an error."""
    preset = _first(args, "periode") or ""
    if preset in {str(p) for p in PRESETS}:
        return Period(today - datetime.timedelta(days=int(preset) - 1), today)
    start, end = _date(_first(args, "van")), _date(_first(args, "tot"))
    latest = today + datetime.timedelta(days=1)
    if start and end:
        start, end = sorted((max(EARLIEST, min(start, latest)), max(EARLIEST, min(end, latest))))
        return Period(max(start, end - datetime.timedelta(days=LONGEST_DAYS - 1)), end)
    return Period(today - datetime.timedelta(days=DEFAULT_DAYS - 1), today)


def period_query(period: Period) -> str:
    return urlencode({"van": period.start.isoformat(), "tot": period.end.isoformat()})


def _document(title: str, body: str, current: Optional[str] = None, logged_in: bool = True) -> str:
    page = _texts()["page"]
    nav = ""
    if logged_in:
        links = [("figures", f"{BASE}/", page["nav_figures"]), ("review", f"{BASE}/reviewlijst", page["nav_review"])]
        current_mark = ' aria-current="page"'
        items = "".join(
            f'<li><a href="{href}"{current_mark if key == current else ""}>{escape(label)}</a></li>'
            for key, href, label in links
        )
        items += (
            f'<li><form method="post" action="{BASE}/uitloggen">'
            f'<button type="submit" class="link">{escape(page["logout"])}</button></form></li>'
        )
        nav = f'<nav aria-label="{escape(page["nav_label"])}"><ul>{items}</ul></nav>'
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – {escape(page['brand'])}</title>"
        f'<link rel="stylesheet" href="{BASE}/beheer.css"></head><body>'
        f'<a class="skip" href="#inhoud">{escape(page["skip"])}</a>'
        f'<header><p class="brand">{escape(page["brand"])}</p>{nav}</header>'
        f'<main id="inhoud" tabindex="-1">{body}</main></body></html>'
    )


def _period_form(period: Period, action: str) -> str:
    page = _texts()["page"]
    options = "".join(f'<option value="{days}">{escape(page["presets"][str(days)])}</option>' for days in PRESETS)
    return (
        f'<form method="get" action="{action}" class="period"><fieldset>'
        f"<legend>{escape(page['period_legend'])}</legend>"
        f'<p><label for="periode">{escape(page["period_preset"])}</label> '
        f'<select id="periode" name="periode"><option value="">–</option>{options}</select></p>'
        f'<p class="custom">{escape(page["period_custom"])}: '
        f'<label for="van">{escape(page["period_from"])}</label> '
        f'<input type="date" id="van" name="van" value="{period.start.isoformat()}"> '
        f'<label for="tot">{escape(page["period_to"])}</label> '
        f'<input type="date" id="tot" name="tot" value="{period.end.isoformat()}"></p>'
        f'<p><button type="submit">{escape(page["show"])}</button></p>'
        "</fieldset></form>"
    )


def _table_html(table: Table, table_id: str) -> str:
    label, value = table.heading
    rows = "".join(
        f'<tr><th scope="row">{escape(row.label)}</th><td>{escape(row.shown)}</td></tr>' for row in table.rows
    )
    if not table.rows:
        rows = f'<tr><td colspan="2">{escape(_texts()["no_data"])}</td></tr>'
    return (
        f'<table id="{table_id}"><caption>{escape(table.title)}</caption>'
        f'<thead><tr><th scope="col">{escape(label)}</th><th scope="col">{escape(value)}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _section(table: Table) -> str:
    chart = ""
    if table.charted and table.rows:
        chart = (
            f'<figure class="chart-box">{charts.svg(table, f"grafiek-{table.key}")}'
            f"<figcaption>{escape(_texts()['page']['chart_hidden'])}</figcaption></figure>"
        )
    scroll = ' class="table-box long"' if len(table.rows) > 14 else ' class="table-box"'
    return (
        f'<section aria-labelledby="kop-{table.key}" id="{table.key}">'
        f'<h2 id="kop-{table.key}">{escape(table.title)}</h2><p>{escape(table.about)}</p>'
        f'<div class="pair">{chart}<div{scroll}>{_table_html(table, f"tabel-{table.key}")}</div></div></section>'
    )


def dashboard(statistics: Statistics) -> str:
    page = _texts()["page"]
    period = statistics.period
    shown = page["period_shown"].format(
        start=period.start.isoformat(), end=period.end.isoformat(), conversations=shown_count(statistics.conversations)
    )
    body = (
        f"<h1>{escape(page['title'])}</h1><p>{escape(page['intro'])}</p>"
        f"{_period_form(period, BASE + '/')}"
        f'<p class="summary" id="periode-getoond">{escape(shown)}</p>'
        f'<p><a class="download" href="{BASE}/cijfers.csv?{period_query(period)}" download>'
        f"{escape(page['csv'])}</a></p>" + "".join(_section(table) for table in statistics.tables)
    )
    return _document(page["title"], body, current="figures")


def review_page(groups: List[Group], period: Period) -> str:
    texts = _texts()
    review = texts["review"]
    if groups:
        rows = "".join(
            "<tr><td><ul>"
            + "".join(
                f"<li>{escape(text)}" + (f" <span class='times'>({count}×)</span>" if count > 1 else "") + "</li>"
                for text, count in group.texts
            )
            + f"</ul></td><td><code>{escape(group.guessed or review['no_guess'])}</code></td>"
            f"<td>{len(group.items)}</td><td>{escape(review['reasons'][group.reason])}</td></tr>"
            for group in groups
        )
        table = (
            f'<table id="reviewlijst"><caption>{escape(review["title"])}</caption><thead><tr>'
            f'<th scope="col">{escape(review["group"])}</th><th scope="col">{escape(review["guessed"])}</th>'
            f'<th scope="col">{escape(review["count"])}</th><th scope="col">{escape(review["reason"])}</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        table = f"<p>{escape(review['empty'])}</p>"
    body = (
        f"<h1>{escape(review['title'])}</h1><p>{escape(review['intro'])}</p>"
        f"{_period_form(period, BASE + '/reviewlijst')}"
        f'<p><a class="download" href="{BASE}/reviewlijst.yml?{period_query(period)}" download>'
        f"{escape(review['download'])}</a></p>{table}"
    )
    return _document(review["title"], body, current="review")


def login_page(wrong: bool = False, logged_out: bool = False) -> str:
    page = _texts()["page"]
    message = ""
    if wrong:
        message = f'<p class="error" role="alert" id="fout">{escape(page["login_wrong"])}</p>'
    elif logged_out:
        message = f'<p role="status">{escape(page["logged_out"])}</p>'
    described = ' aria-describedby="fout" aria-invalid="true"' if wrong else ""
    body = (
        f"<h1>{escape(page['login_title'])}</h1><p>{escape(page['login_intro'])}</p>{message}"
        f'<form method="post" action="{BASE}/inloggen" class="login">'
        f'<p><label for="token">{escape(page["login_label"])}</label> '
        f'<input type="password" id="token" name="token" autocomplete="current-password" required{described}></p>'
        f'<p><button type="submit">{escape(page["login_button"])}</button></p></form>'
    )
    return _document(page["login_title"], body, logged_in=False)


STYLES = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a;
  background: #fff; line-height: 1.5; }
a { color: #0b4f8a; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, main:focus-visible {
  outline: 3px solid #c2410c; outline-offset: 2px; }
.skip { position: absolute; left: -10000px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center;
  padding: .75rem 1.5rem; background: #0b3d6b; color: #fff; }
header a, header .link { color: #fff; }
.brand { margin: 0; font-weight: 700; }
nav ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; align-items: center; }
nav form { margin: 0; }
.link { background: none; border: 0; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; }
[aria-current="page"] { font-weight: 700; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; }
h2 { font-size: 1.35rem; margin-top: 2.5rem; border-top: 1px solid #767676; padding-top: 1rem; }
fieldset { border: 1px solid #767676; padding: .5rem 1rem; }
label { font-weight: 600; }
input, select, button { font: inherit; padding: .3rem .5rem; border: 1px solid #595959; border-radius: 3px; }
button { background: #0b4f8a; color: #fff; border-color: #0b4f8a; cursor: pointer; }
.summary { font-weight: 600; }
.pair { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.chart-box { flex: 2 1 28rem; margin: 0; }
.chart-box figcaption { font-size: .9rem; color: #404040; }
.chart { width: 100%; height: auto; }
.table-box { flex: 1 1 18rem; min-width: 0; }
.table-box.long { max-height: 28rem; overflow-y: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #b0b0b0; vertical-align: top;
  overflow-wrap: anywhere; hyphens: auto; }
td:last-child { white-space: nowrap; }
#reviewlijst ul { margin: 0; padding-left: 1.1rem; }
.times { color: #404040; }
.error { color: #a4000f; font-weight: 600; }
@media (max-width: 40rem) { header { padding: .75rem; } main { padding: 1rem .75rem; } }
"""
