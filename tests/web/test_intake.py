"""The professional's intake record against the running bot (docs/PRIVACY.md, "The intake
record"): the flow with and without consent to keep the summary, over REST on SQLite and
PostgreSQL; what the tables hold; the page, its print view, the PDF and the JSON in Chromium,
an axe scan; wrong, expired and deleted codes; deleting by chat and by the page's button."""

import io
import json
import re
import urllib.error
import urllib.request

import pytest
import sqlalchemy
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from bot import intake
from tests.web.battery import REST
from tests.web.chat import Chat
from tests.web.conftest import OUTPUT
from tests.web.test_privacy import personal_data

pytestmark = pytest.mark.browser

ANSWERS = [
    "structuur en collega's",
    "iets met dieren",
    "buiten werken",
    "twintig uur per week",
    "een rustig team",
    "haar zus en de jobcoach",
]
FACTS = ["ja", "ja", "bijstand", "Utrecht"]
CODE = re.compile(r"\b([A-Z]{4}(?:-[A-Z]{4}){4})\b")


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request):
    return request.getfixturevalue("bot_server" if request.param == "sqlite" else "pg_bot_server")


def rest(server, sender, text):
    status, replies = server.post(REST, {"sender": sender, "message": text})
    assert status == 200, replies
    return [r.get("text", "") for r in replies]


def run_intake(server, sender, consent, first_answer=ANSWERS[0]):
    """The whole intake over REST; the texts of the last turn (summary confirmed)."""
    rest(server, sender, "ik ben klantmanager")
    rest(server, sender, consent)
    for text in [first_answer] + ANSWERS[1:] + FACTS:
        rest(server, sender, text)
    return rest(server, sender, "ja")


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def rows(server):
    with server.engine.connect() as connection:
        return [
            dict(r) for r in connection.execute(sqlalchemy.text("SELECT * FROM intakes ORDER BY created_at")).mappings()
        ]


def test_with_consent_the_record_is_stored_masked_and_opened_by_its_code_only(server):
    data = personal_data()
    sender = f"pro-{server.port}-keep"
    replies = run_intake(
        server, sender, "/affirm", first_answer=f"structuur. haar bsn is {data['bsn']}, tel {data['phone']}"
    )
    text = "\n".join(replies)
    assert "Mijn advies voor je cliënt" in text and "Intakecode" in text
    code = CODE.search(text).group(1)
    link = f"{server.url}/intake/{code}"
    assert link in text

    stored = [r for r in rows(server) if r["code_hash"] == intake.code_hash(code)]
    assert len(stored) == 1
    dump = json.dumps(rows(server), default=str, ensure_ascii=False)
    assert data["bsn"] not in dump and data["phone"] not in dump and code not in dump
    answers = stored[0]["answers"] if isinstance(stored[0]["answers"], dict) else json.loads(stored[0]["answers"])
    # masked on arrival, and the sentence that only carried the data is left out of the answer
    assert answers["guide_meaning"] == "structuur."
    (OUTPUT / f"intake-table-{server.engine.dialect.name}.json").write_text(
        json.dumps(stored, default=str, ensure_ascii=False, indent=2), encoding="utf-8"
    )

    status, headers, body = get(link)
    assert status == 200 and "iets met dieren" in body.decode("utf-8")
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "same-origin"
    status, _, body = get(f"{link}/json")
    assert status == 200 and json.loads(body)["answers"][1]["answer"] == "iets met dieren"
    status, headers, body = get(f"{link}/pdf")
    assert status == 200 and body.startswith(b"%PDF") and headers["Content-Type"] == "application/pdf"
    assert get(f"{server.url}/intake/{code.lower().replace('-', '')}")[0] == 200  # as typed from paper

    # Deleting by chat: the same answer for any code; the record is gone.
    reply = "\n".join(rest(server, sender, f"verwijder intake {code}"))
    assert code in reply and "verwijderd" in reply
    assert get(link)[0] == 404
    assert not [r for r in rows(server) if r["code_hash"] == intake.code_hash(code)]
    # Neither server logs the code (it opens the record) nor what was masked.
    for name in ("rasa", "actions"):
        log = server.log(name)
        assert code not in log and code.lower().replace("-", "") not in log and data["bsn"] not in log


def test_without_consent_to_keep_nothing_is_stored_and_the_bot_says_so(server):
    before = len(rows(server))
    replies = run_intake(server, f"pro-{server.port}-show", '/affirm{"consent_scope": "not_kept"}')
    text = "\n".join(replies)
    assert "Mijn advies voor je cliënt" in text  # the summary and the advice are shown
    assert "niet bewaard" in text and not CODE.search(text)
    assert len(rows(server)) == before


def test_wrong_expired_and_deleted_codes_get_the_same_404(server):
    replies = run_intake(server, f"pro-{server.port}-expire", "/affirm")
    code = CODE.search("\n".join(replies)).group(1)
    assert get(f"{server.url}/intake/{code}")[0] == 200
    wrong = get(f"{server.url}/intake/{intake.new_code()}")
    malformed = get(f"{server.url}/intake/nonsense")
    with server.engine.begin() as connection:
        connection.execute(
            sqlalchemy.text("UPDATE intakes SET expires_at = 0 WHERE code_hash = :h"), {"h": intake.code_hash(code)}
        )
    expired = get(f"{server.url}/intake/{code}")
    for path in ("pdf", "json"):
        assert get(f"{server.url}/intake/{code}/{path}")[0] == 404
    assert wrong[0] == malformed[0] == expired[0] == 404
    assert wrong[2] == malformed[2] == expired[2]
    assert "Niet gevonden" in expired[2].decode("utf-8")


def test_the_intake_page_in_chromium(context, bot_server):
    """A professional runs the intake in the website chat, opens the link, looks at the print
    view, downloads the PDF and the JSON, and deletes the record with the page's button."""
    from pypdf import PdfReader

    page = context.new_page()
    page.goto(bot_server.url + "/")
    chat = Chat(page)
    chat.open()
    chat.say("ik ben klantmanager")
    chat.choose("Ja, en bewaar de samenvatting")
    chat.expect_bot("14 dagen")  # the consent question says how long (INTAKE_RETENTION_DAYS)
    chat.expect_bot("1/6.")
    for text in ANSWERS + FACTS:
        chat.say(text)
        chat.expect_user(text)
    chat.expect_bot("Klopt dit?")
    chat.say("ja")
    chat.expect_bot("Intakecode")
    link = page.locator("#wegwijzer-chat .msg.bot a", has_text="/intake/").last
    with context.expect_page() as opened:
        link.click()
    intake_page = opened.value
    intake_page.wait_for_load_state()
    code = CODE.search(intake_page.url).group(1)

    expect(intake_page.get_by_role("heading", level=1)).to_have_text("Intake-samenvatting")
    expect(intake_page.locator("html")).to_have_attribute("lang", "nl")
    body = intake_page.locator("main")
    for expected in ANSWERS + ["Utrecht", "geen hulpverlener", "geen diagnose", "Gemaakt op", code, "IPS"]:
        expect(body).to_contain_text(expected)

    # Print view: the buttons and links for the screen are gone, the summary stays.
    intake_page.emulate_media(media="print")
    expect(intake_page.get_by_role("button", name="Verwijder de samenvatting")).to_be_hidden()
    expect(intake_page.get_by_role("link", name="Download als PDF")).to_be_hidden()
    expect(intake_page.get_by_text("iets met dieren")).to_be_visible()
    intake_page.pdf(path=str(OUTPUT / "intake-print.pdf"))  # Chromium's own print of the page
    intake_page.emulate_media(media="screen")
    intake_page.screenshot(path=str(OUTPUT / "intake-page.png"), full_page=True)

    with intake_page.expect_download() as download:
        intake_page.get_by_role("link", name="Download als PDF").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith("intake-") and pdf.suggested_filename.endswith(".pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(open(pdf.path(), "rb").read())).pages).split()
    )
    for expected in ANSWERS[1:3] + ["Utrecht", code]:
        assert expected in text, expected

    with intake_page.expect_download() as download:
        intake_page.get_by_role("link", name=re.compile("Download als JSON")).click()
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["code"] == code and [a["answer"] for a in exported["answers"]] == ANSWERS

    results = Axe().run(intake_page)
    violations = results.response["violations"]
    (OUTPUT / "intake-axe.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False), encoding="utf-8")
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert results.response["passes"]

    # Delete: the box must be ticked first (the browser refuses the form without it).
    intake_page.get_by_role("button", name="Verwijder de samenvatting").click()
    expect(intake_page.get_by_role("heading", level=1)).to_have_text("Intake-samenvatting")
    intake_page.get_by_label("Ja, ik wil deze samenvatting verwijderen").check()
    intake_page.get_by_role("button", name="Verwijder de samenvatting").click()
    expect(intake_page.get_by_role("heading", level=1)).to_have_text("Samenvatting verwijderd")
    assert get(f"{bot_server.url}/intake/{code}")[0] == 404
    assert not [r for r in rows(bot_server) if r["code_hash"] == intake.code_hash(code)]


def test_a_delete_from_another_website_is_refused(bot_server):
    replies = run_intake(bot_server, "pro-cross-site", "/affirm")
    code = CODE.search("\n".join(replies)).group(1)
    request = urllib.request.Request(
        f"{bot_server.url}/intake/{code}/verwijderen",
        data=b"confirm=ja",
        method="POST",
        headers={"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        urllib.request.urlopen(request, timeout=30)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 403
    assert get(f"{bot_server.url}/intake/{code}")[0] == 200
