"""The website chat in a real browser (Debian's Chromium through Playwright), against the
real bot: mouse, keyboard, reload, another page, XSS, deleting, and the server going away."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.web.chat import GUIDE_1, GUIDE_2, GUIDE_3, WELCOME_QUESTION, Chat
from tests.web.conftest import OUTPUT

pytestmark = pytest.mark.browser

ANSWER_1 = "Structuur in mijn week en collega's"
ANSWER_2 = "Iets met planten, buiten"


def start_as_job_seeker(page, bot_server) -> Chat:
    page.goto(bot_server.url + "/")
    chat = Chat(page)
    chat.open()
    chat.expect_bot(WELCOME_QUESTION)
    chat.choose("Ik zoek werk")
    chat.expect_bot(GUIDE_1)
    return chat


def test_a_conversation_with_the_mouse_survives_reload_and_another_page(page, bot_server):
    chat = start_as_job_seeker(page, bot_server)
    chat.expect_user("Ik zoek werk")  # the button's title, not its payload
    chat.say(ANSWER_1)
    chat.expect_bot(GUIDE_2)
    chat.say(ANSWER_2)
    chat.expect_bot(GUIDE_3)
    before = chat.messages()
    assert ("user", ANSWER_1) in before and ("user", ANSWER_2) in before
    assert ("user", "/role_job_seeker") not in before and ("user", "/greet") not in before

    page.reload()
    chat = Chat(page)
    chat.expect_bot(GUIDE_3)  # the panel stays open and the history comes back
    assert chat.messages() == before

    page.goto(bot_server.url + "/webchat/demo/tweede-pagina.html")
    chat = Chat(page)
    chat.expect_bot(GUIDE_3)
    assert chat.messages() == before
    chat.say("Koken")
    chat.expect_bot("4/6.")  # the same conversation goes on

    stored = bot_server.webchat_events(chat.session_id())
    user_texts = [text for kind, text in stored if kind == "user"]
    assert user_texts == ["/greet", "/role_job_seeker", ANSWER_1, ANSWER_2, "Koken"]


def test_keyboard_only(page, bot_server):
    page.goto(bot_server.url + "/")
    chat = Chat(page)
    for _ in range(15):  # skip link, menu, then the widget's button
        page.keyboard.press("Tab")
        if chat.focused() == "opener":
            break
    assert chat.focused() == "opener"
    page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible()
    assert chat.focused() == "input"
    chat.expect_bot(WELCOME_QUESTION)

    # Back from the text box to the role buttons, which come just before it (however many
    # roles the dialogue offers).
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if chat.focused() == "Ik zoek werk":
            break
    assert chat.focused() == "Ik zoek werk"
    page.keyboard.press("Enter")
    chat.expect_bot(GUIDE_1)
    assert chat.focused() == "input"

    page.keyboard.type(ANSWER_1)
    page.keyboard.press("Enter")
    chat.expect_bot(GUIDE_2)
    page.keyboard.type(ANSWER_2)
    page.keyboard.press("Enter")
    chat.expect_bot(GUIDE_3)
    assert ("user", ANSWER_1) in chat.messages() and ("user", ANSWER_2) in chat.messages()

    page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    assert chat.focused() == "opener"  # focus returns to the button that opened the chat


def test_html_and_script_show_as_plain_text(page, bot_server):
    chat = start_as_job_seeker(page, bot_server)
    attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> **vet**'
    bot_messages = page.locator("#wegwijzer-chat .msg.bot")
    before = bot_messages.count()
    chat.say(attack)
    expect(bot_messages).not_to_have_count(before)  # the bot answered (what it says is NLU's business)
    chat.expect_user(attack)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#wegwijzer-chat .log img, #wegwijzer-chat .log script").count() == 0

    # After a reload the stored text is still shown as text.
    page.reload()
    Chat(page).expect_user(attack)
    assert page.evaluate("window.__xss") is None

    # What the bot sends goes through the same safe renderer: only bold, breaks and links.
    page.evaluate(
        "wegwijzerChat.show({sender: 'bot', "
        "text: '<b>x</b><script>window.__xss=3</script> **vet**\\nchat via 113.nl of bel 0800-0113'})"
    )
    last = page.locator("#wegwijzer-chat .msg.bot .text").last
    expect(last).to_contain_text("<b>x</b><script>window.__xss=3</script>")
    assert last.locator("b, script").count() == 0
    assert last.locator("strong").inner_text() == "vet"
    assert last.locator("br").count() == 1
    web = last.locator("a", has_text="113.nl")
    assert web.get_attribute("href") == "https://113.nl"
    assert web.get_attribute("target") == "_blank"
    assert web.get_attribute("rel") == "noopener noreferrer"
    assert last.locator("a", has_text="0800-0113").get_attribute("href") == "tel:08000113"
    assert page.evaluate("window.__xss") is None


def test_the_crisis_numbers_and_privacy_notice_are_always_there(page, bot_server):
    page.goto(bot_server.url + "/")
    chat = Chat(page)
    chat.open()
    header = page.locator("#wegwijzer-chat .crisis")
    expect(header).to_have_text("Direct hulp nodig? Bel 113 (of 0800-0113). Bij acuut gevaar: 112.")
    assert header.get_by_role("link", name="113", exact=True).get_attribute("href") == "tel:113"
    assert header.get_by_role("link", name="0800-0113").get_attribute("href") == "tel:08000113"
    assert header.get_by_role("link", name="112").get_attribute("href") == "tel:112"

    privacy = page.get_by_role("button", name="Privacy")
    assert privacy.get_attribute("aria-expanded") == "false"
    privacy.click()
    assert privacy.get_attribute("aria-expanded") == "true"
    notice = page.locator("#wegwijzer-chat .privacy")
    expect(notice).to_contain_text("geen hulpverlener")
    expect(notice).to_contain_text("30 dagen")  # retention_days from credentials.yml
    expect(notice).to_contain_text("Gesprek wissen")


def test_deleting_the_conversation_empties_browser_and_server(page, bot_server):
    chat = start_as_job_seeker(page, bot_server)
    chat.say(ANSWER_1)
    chat.expect_bot(GUIDE_2)
    session = chat.session_id()
    assert len(bot_server.webchat_events(session)) > 5

    page.get_by_role("button", name="Gesprek wissen").click()
    confirm = page.get_by_role("group", name=re.compile("Wil je dit gesprek wissen"))
    expect(confirm).to_be_visible()
    assert chat.focused() == "Nee, terug"  # the safe choice has focus
    page.get_by_role("button", name="Nee, terug").click()
    expect(confirm).to_be_hidden()
    assert ("user", ANSWER_1) in chat.messages()

    page.get_by_role("button", name="Gesprek wissen").click()
    page.get_by_role("button", name="Ja, wissen").click()
    chat.expect_bot("Het gesprek is gewist.")
    assert chat.messages() == [("bot", "Het gesprek is gewist.")]
    assert bot_server.webchat_events(session) == []
    assert page.evaluate("localStorage.getItem('wegwijzer.session')") is None

    # A reload starts a new conversation, not the old one.
    page.reload()
    chat = Chat(page)
    chat.expect_bot(WELCOME_QUESTION)
    assert ("user", ANSWER_1) not in chat.messages()
    assert chat.session_id() != session


def test_a_session_the_server_does_not_know_starts_a_new_conversation(page, bot_server):
    # E.g. deleted after the retention time, or an id the browser made up: the server accepts
    # only ids it issued, and the widget starts over instead of showing an error for ever.
    page.goto(bot_server.url + "/")
    page.evaluate("localStorage.setItem('wegwijzer.session', JSON.stringify('0'.repeat(32)))")
    page.reload()
    chat = Chat(page)
    chat.open()
    chat.expect_bot(WELCOME_QUESTION)
    assert chat.session_id() not in (None, "0" * 32)
    assert bot_server.webchat_events("0" * 32) == []
    assert any(kind == "bot" for kind, _ in bot_server.webchat_events(chat.session_id()))


def test_cross_site_embedding_only_for_configured_origins(context, bot_server, other_sites):
    allowed = context.new_page()
    allowed.goto(other_sites["allowed"] + "/index.html")
    chat = Chat(allowed)
    chat.open()
    chat.expect_bot(WELCOME_QUESTION)

    other = context.new_page()
    other.goto(other_sites["other"] + "/index.html")
    chat = Chat(other)
    chat.open()
    # The site's administrator sees why; nobody gets a conversation there.
    expect(other.locator("#wegwijzer-chat .error")).to_contain_text("Deze website mag de chat niet gebruiken")
    assert chat.messages() == []


def test_demo_page_is_self_hosted_with_a_strict_policy(page, bot_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(bot_server.url + "/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.locator("html").get_attribute("lang") == "nl"
    chat = Chat(page)
    chat.open()
    chat.expect_bot(WELCOME_QUESTION)
    assert requests and all(url.startswith(bot_server.url + "/") for url in requests), requests
    # The styles arrived: the opener floats over the page, the demo page has its own look.
    assert chat.panel.evaluate("p => getComputedStyle(p).position") == "fixed"
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Georgia")


def test_reduced_motion_stops_the_typing_animation(browser, bot_server):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(bot_server.url + "/")
    page.evaluate("wegwijzerChat.showTyping(true)")
    animation = page.locator("#wegwijzer-chat .dots span").first.evaluate("e => getComputedStyle(e).animationName")
    assert animation == "none"
    context.close()


@pytest.mark.parametrize("width,height,zoom", [(320, 640, 1), (360, 740, 1), (1280, 800, 1), (640, 400, 2)])
def test_fits_phone_and_desktop_and_200_percent_zoom(browser, bot_server, width, height, zoom):
    # 200% zoom of a 1280x800 window is a 640x400 viewport at twice the pixel density.
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=zoom)
    page = context.new_page()
    page.goto(bot_server.url + "/")
    chat = Chat(page)
    chat.open()
    chat.expect_bot(WELCOME_QUESTION)
    box = chat.panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    overflow = chat.panel.evaluate("p => p.scrollWidth - p.clientWidth")
    assert overflow <= 0, "text must reflow, not scroll sideways"
    chat.input.scroll_into_view_if_needed()
    expect(chat.input).to_be_in_viewport()
    expect(chat.send_button).to_be_in_viewport()
    if zoom == 1 and width in (360, 1280):
        page.screenshot(path=str(OUTPUT / f"widget-{width}.png"))
    context.close()


def test_axe_finds_no_serious_or_critical_violations(page, bot_server):
    start_as_job_seeker(page, bot_server)
    page.get_by_role("button", name="Privacy").click()
    results = Axe().run(page)
    violations = results.response["violations"]
    (OUTPUT / "axe.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False), encoding="utf-8")
    (OUTPUT / "axe.txt").write_text(
        results.generate_report()
        + f"\nrules passed: {len(results.response['passes'])}"
        + f"\nneeds review (axe could not decide): {sorted(i['id'] for i in results.response['incomplete'])}\n",
        encoding="utf-8",
    )
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert results.response["passes"], "axe ran its checks"


def test_server_down_keeps_the_message_and_retry_sends_it(page, bot_server):
    """Last in the file: it stops and restarts the bot server."""
    chat = start_as_job_seeker(page, bot_server)
    session = chat.session_id()
    bot_server.stop_rasa()
    try:
        chat.say(ANSWER_1)
        error = page.locator("#wegwijzer-chat .error")
        expect(error).to_contain_text("niet bereikbaar")
        expect(page.locator("#wegwijzer-chat .msg.user.unsent .text")).to_have_text(ANSWER_1)
        retry = page.get_by_role("button", name="Opnieuw proberen")
        retry.click()  # still down: the message stays, the error stays
        expect(error).to_contain_text("niet bereikbaar")
        expect(page.locator("#wegwijzer-chat .msg.user.unsent .text")).to_have_text(ANSWER_1)
    finally:
        bot_server.start()
    page.get_by_role("button", name="Opnieuw proberen").click()
    # (the first turn after a restart loads the model's graphs: on a busy machine that took
    # more than the usual 5 s once; this waits for the answer, it claims nothing about speed)
    chat.expect_bot(GUIDE_2, wait_ms=60000)
    expect(page.locator("#wegwijzer-chat .error")).to_be_empty()
    assert page.locator("#wegwijzer-chat .msg.unsent").count() == 0
    user_texts = [text for kind, text in bot_server.webchat_events(session) if kind == "user"]
    assert user_texts.count(ANSWER_1) == 1
