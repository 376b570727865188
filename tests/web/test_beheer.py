"""Insight for the organisation that runs the bot, in a real browser against the real bot:
the feedback buttons in the widget (mouse and keyboard), the dashboard /beheer/ (only with
BEHEER_TOKEN; charts and tables; CSV; axe), and the review list with its NLU export."""

import http.client
import json

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from bot.insight import statistics
from tests.web.chat import WELCOME_QUESTION, Chat
from tests.web.conftest import BEHEER_TOKEN, OUTPUT

pytestmark = pytest.mark.browser

# Words nobody else sends: they must reach the review list, and never the figures.
GIBBERISH = "qwxzv blorp zwiebeltje"
COMMENT = "Nuttig, bel me op 0612345678"
ADDRESSES = ("/beheer/", "/beheer/cijfers.csv", "/beheer/reviewlijst", "/beheer/reviewlijst.yml")


def call(bot_server, method, path, body=b"", headers=None, source="127.0.0.2"):
    """(status, text) of a request from another loopback address than the browser's: the
    server slows down an address after a few wrong tokens (bot/channels/beheer.py), and these
    requests are wrong on purpose."""
    connection = http.client.HTTPConnection("127.0.0.1", bot_server.port, timeout=120, source_address=(source, 0))
    try:
        connection.putrequest(method, path)
        for name, value in (headers or {}).items():
            connection.putheader(name, value.encode("latin-1"))
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def open_chat(page, bot_server) -> Chat:
    page.goto(bot_server.url + "/")
    chat = Chat(page)
    chat.open()
    chat.expect_bot(WELCOME_QUESTION)
    return chat


def feedback_events(bot_server, session_id):
    from bot.store.sessions import conversation_id

    return [
        data["value"]
        for kind, data in bot_server.stored(conversation_id(session_id))
        if kind == "slot" and data.get("name") == "feedback"
    ]


def test_feedback_buttons_by_mouse_with_a_masked_comment(page, bot_server):
    chat = open_chat(page, bot_server)
    chat.say("Wat is IPS?")
    chat.expect_bot("Individuele Plaatsing en Steun")
    box = page.locator("#wegwijzer-chat .feedback").last
    expect(box).to_be_visible()
    box.get_by_role("button", name="Ja").click()
    expect(box.get_by_text("Bedankt voor je reactie.")).to_be_visible()
    comment = page.get_by_label("Wil je er nog iets over zeggen?")
    expect(comment).to_be_focused()
    comment.fill(COMMENT)
    page.get_by_role("button", name="Opmerking sturen").click()
    expect(box.get_by_text("Bedankt, we lezen je opmerking.")).to_be_visible()
    stored = feedback_events(bot_server, chat.session_id())
    assert [(f["score"], f["kind"]) for f in stored] == [("up", "faq"), ("up", "faq")]
    assert stored[0]["response"].startswith("utter_faq/")
    assert stored[1]["comment"] == "Nuttig, bel me op [telefoonnummer]"  # masked before it is stored
    chat.say("Wat doet het WSP?")  # the conversation goes on as before: feedback is not a turn
    chat.expect_bot("Werkgeversservicepunt")

    page.reload()  # the history knows the answer was rated: thanks, no buttons
    chat = Chat(page)
    chat.expect_bot("Individuele Plaatsing en Steun")
    rated, not_yet = page.locator("#wegwijzer-chat .feedback").first, page.locator("#wegwijzer-chat .feedback").last
    expect(rated.get_by_text("Bedankt voor je reactie.")).to_be_visible()
    expect(rated.locator("button")).to_have_count(0)
    expect(not_yet.get_by_role("button")).to_have_count(2)  # the WSP answer, not rated


def test_feedback_buttons_by_keyboard(page, bot_server):
    chat = open_chat(page, bot_server)
    chat.say("Wat doet het WSP?")
    chat.expect_bot("Werkgeversservicepunt")
    down = page.locator("#wegwijzer-chat .feedback").last.get_by_role("button", name="Nee")
    down.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Wil je er nog iets over zeggen?")).to_be_focused()
    page.keyboard.press("Escape")  # closes the chat: the comment is never required
    assert [f["score"] for f in feedback_events(bot_server, chat.session_id())] == ["down"]


def test_feedback_is_refused_for_an_answer_the_conversation_never_got(bot_server):
    session = bot_server.new_session()
    status, body = bot_server.post(
        "/webchat/api/feedback", {"session_id": session, "response": "utter_faq/ips", "score": "up"}
    )
    assert status == 400, body
    status, _ = bot_server.post(
        "/webchat/api/feedback", {"session_id": session, "response": "utter_ask_role", "score": "up"}
    )
    assert status == 400
    status, _ = bot_server.post("/webchat/api/feedback", {"session_id": session, "response": ["x"], "score": 5})
    assert status == 400


def test_without_beheer_token_the_dashboard_does_not_exist(pg_bot_server):
    for path in (*ADDRESSES, "/beheer", "/beheer/inloggen", "/beheer/beheer.css"):
        status, _, _ = pg_bot_server.get(path, headers={"Authorization": f"Bearer {BEHEER_TOKEN}"})
        assert status == 404, path


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Cookie": "x=1"}])
def test_without_the_right_token_only_the_login_form(bot_server, headers):
    for path in ADDRESSES:
        status, text = call(bot_server, "GET", path, headers=headers)
        assert status == 401, path
        assert "Toegangscode" in text and "Gesprekken per dag" not in text


def test_the_address_without_its_slash_leads_to_the_dashboard(bot_server):
    status, _ = call(bot_server, "GET", "/beheer")
    assert status == 301


def test_hostile_logins_and_headers_get_the_login_form(bot_server):
    attempts = [
        ("POST", "/beheer/inloggen", b"token=\xff\xfe\x00", {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/beheer/inloggen", b"token=" + b"a" * 15_000, {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/beheer/inloggen", b'{"token": 1}', {"Content-Type": "application/json"}),
        ("POST", "/beheer/inloggen", b"--x\r\nbroken", {"Content-Type": "multipart/form-data; boundary=x"}),
        ("GET", "/beheer/", b"", {"Authorization": "Bearer \xff\xfe"}),
        ("GET", "/beheer/", b"", {"Cookie": 'wegwijzer_beheer=\xff"; x'}),
    ]
    for number, (method, path, body, headers) in enumerate(attempts):
        status, _ = call(bot_server, method, path, body, headers, source=f"127.0.1.{number + 1}")
        assert status == 401, (method, path, headers)
    assert bot_server.alive()


@pytest.mark.parametrize(
    "query",
    [
        "?van=2026-13-45&tot=x",
        "?periode=99999999999",
        "?van=0001-01-01&tot=9999-12-31",
        "?van=%00%ff&tot[]=1",
        "?" + "a=1&" * 500,
    ],
)
def test_hostile_query_strings_get_the_default_or_a_bounded_period(bot_server, query):
    status, _, text = bot_server.get("/beheer/cijfers.csv" + query, headers={"Authorization": f"Bearer {BEHEER_TOKEN}"})
    assert status == 200
    days = [line for line in text.splitlines() if line.startswith("per_day;")]
    assert 1 <= len(days) <= 366
    assert bot_server.alive()


def test_the_dashboard_in_chromium(context, bot_server):
    # Not the `page` fixture: it fails a test on any 4xx page, and the login form answers 401.
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    chat = open_chat(page, bot_server)
    chat.say(GIBBERISH)  # not understood: on the review list, never in the figures
    chat.expect_bot("begreep ik niet")
    chat.say("Wat is IPS?")
    chat.expect_bot("Individuele Plaatsing en Steun")
    page.locator("#wegwijzer-chat .feedback").last.get_by_role("button", name="Ja").click()
    expect(page.locator("#wegwijzer-chat .feedback").last.get_by_text("Bedankt voor je reactie.")).to_be_visible()

    response = page.goto(bot_server.url + "/beheer/")
    assert response.status == 401
    page.get_by_label("Toegangscode").fill("wrong-token-0123456789")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    page.get_by_label("Toegangscode").fill(BEHEER_TOKEN)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzicht in de Wegwijzer")

    page.get_by_label("Kies een periode").select_option("7")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("#periode-getoond")).to_contain_text("Aantal gesprekken")
    for key in statistics.TABLES:
        expect(page.locator(f"#tabel-{key}")).to_be_visible()
    with_rows = [key for key in statistics.CHARTED if page.locator(f"#tabel-{key} tbody th").count()]
    assert {"per_day", "per_week", "roles", "guide", "fallbacks", "feedback"} <= set(with_rows)
    expect(page.locator("svg.chart")).to_have_count(len(with_rows))
    expect(page.get_by_role("img", name="Wie chatten er?")).to_be_visible()
    rows = page.locator("#tabel-per_day tbody tr")
    expect(rows).to_have_count(7)
    today = rows.last.locator("td").inner_text()
    assert today != "0"  # this test's conversation (with the others of the run, "< 5" or more)
    up = page.locator("#tabel-feedback tbody tr").first.locator("td").inner_text()
    assert up != "0"
    page.screenshot(path=str(OUTPUT / "beheer.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})  # a phone: nothing sticks out sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(OUTPUT / "beheer-360.png"))
    page.set_viewport_size({"width": 1280, "height": 800})

    results = Axe().run(page)
    violations = results.response["violations"]
    (OUTPUT / "axe-beheer.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False), encoding="utf-8")
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, serious

    with page.expect_download() as download:
        page.get_by_role("link", name="Download deze cijfers (CSV)").click()
    csv_text = open(download.value.path(), encoding="utf-8").read()
    assert download.value.suggested_filename.startswith("wegwijzer-cijfers-")
    assert csv_text.splitlines()[0] == "tabel;sleutel;omschrijving;waarde"
    assert GIBBERISH not in csv_text and "Plaatsing" not in csv_text and "webchat:" not in csv_text
    assert set(with_rows) <= {line.split(";")[0] for line in csv_text.splitlines()[1:]} <= set(statistics.TABLES)

    page.get_by_role("link", name="Reviewlijst").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reviewlijst")
    expect(page.locator("#reviewlijst")).to_contain_text(GIBBERISH)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als voorbeelden voor Rasa (YAML)").click()
    stub = yaml.safe_load(open(download.value.path(), encoding="utf-8").read())
    assert stub["version"] == "3.1"
    examples = "\n".join(item["examples"] for item in stub["nlu"])
    assert f"- {GIBBERISH}" in examples

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("status")).to_have_text("Je bent uitgelogd.")
    assert page.goto(bot_server.url + "/beheer/").status == 401
    assert not errors, errors
