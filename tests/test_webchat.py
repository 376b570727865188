"""The website chat's pure parts: what the history shows, who may call, what the widget says."""

import pytest

from bot.channels import history, requests, security, static
from bot.channels import webchat as channel
from bot.store import sessions

GREET = {"event": "user", "text": "/greet", "metadata": {}}
WELCOME = {"event": "bot", "text": "Welkom", "data": {}}
ASK_ROLE = {
    "event": "bot",
    "text": "Wie ben jij?",
    "data": {"buttons": [{"title": "Ik zoek werk", "payload": "/role_job_seeker"}]},
}
CHOSE_ROLE = {"event": "user", "text": "/role_job_seeker", "metadata": {"display": "Ik zoek werk"}}
QUESTION = {"event": "bot", "text": "1/6. Wat betekent werk voor jou?", "data": {}}
TYPED = {"event": "user", "text": "<b>structuur</b>", "metadata": {}}
OTHER = [{"event": "action", "name": "action_listen"}, {"event": "slot", "name": "role", "value": "job_seeker"}]


@pytest.mark.parametrize(
    "text,metadata,shown",
    [
        ("/greet", {}, None),  # sent by the widget itself
        ("/role_job_seeker", {"display": "Ik zoek werk"}, "Ik zoek werk"),
        ("hallo", None, "hallo"),
        ("<script>x</script>", {}, "<script>x</script>"),  # shown as text by the widget
        ("", {}, None),
        ("hallo", {"display": "   "}, "hallo"),
        ("hallo", {"display": 5}, "hallo"),
    ],
)
def test_user_display_text(text, metadata, shown):
    assert history.user_display_text(text, metadata) == shown


def test_history_shows_the_conversation_without_payloads_or_other_events():
    events = [GREET, WELCOME, ASK_ROLE, *OTHER, CHOSE_ROLE, QUESTION, TYPED]
    assert history.messages_from_events(events) == [
        {"sender": "bot", "text": "Welkom"},
        {"sender": "bot", "text": "Wie ben jij?"},  # answered: no buttons any more
        {"sender": "user", "text": "Ik zoek werk"},
        {"sender": "bot", "text": "1/6. Wat betekent werk voor jou?"},
        {"sender": "user", "text": "<b>structuur</b>"},
    ]


def test_history_keeps_the_buttons_of_the_open_question():
    messages = history.messages_from_events([GREET, WELCOME, ASK_ROLE])
    assert messages[-1]["buttons"] == [{"title": "Ik zoek werk", "payload": "/role_job_seeker"}]


def test_empty_history():
    assert history.messages_from_events([]) == []


def test_replies_from_the_collector():
    collected = [
        {"recipient_id": "x", "text": "Wie ben jij?", "buttons": [{"title": "A", "payload": "/a"}]},
        {"recipient_id": "x", "image": "ignored.png"},
    ]
    assert history.messages_from_collector(collected) == [
        {"sender": "bot", "text": "Wie ben jij?", "buttons": [{"title": "A", "payload": "/a"}]}
    ]


def test_a_retried_message_gets_the_replies_stored_after_it():
    events = [
        {"event": "user", "text": "hoi", "message_id": "a" * 32},
        {"event": "bot", "text": "Welkom", "data": {"buttons": [{"title": "Ja", "payload": "/affirm"}]}},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "ja", "message_id": "b" * 32},
        {"event": "bot", "text": "Vraag 1"},
        {"event": "bot", "text": None, "data": {"custom": {"internal": True}}},  # no text: not shown
    ]
    assert history.replies_to(events, "a" * 32) == [
        {"sender": "bot", "text": "Welkom", "buttons": [{"title": "Ja", "payload": "/affirm"}]}
    ]
    assert history.replies_to(events, "b" * 32) == [{"sender": "bot", "text": "Vraag 1"}]
    assert history.replies_to(events, "c" * 32) is None  # never stored: a new message


@pytest.mark.parametrize(
    "value, kept",
    [
        ("0123456789abcdef", True),
        ("A" * 64, True),
        ("x-y_z" * 4, True),
        ("short", False),
        ("a" * 65, False),
        ("a b" * 8, False),
        (1234567890123456, False),
        (None, False),
    ],
)
def test_message_ids_of_another_form_are_ignored(value, kept):
    assert requests.message_id(value) == (value if kept else None)


def test_new_session_ids_differ_and_have_the_checked_form():
    from bot.channels import requests

    made = {sessions.new_session_id() for _ in range(100)}
    assert len(made) == 100
    assert all(requests.session_id(s) == s for s in made)


def test_website_chat_conversations_are_out_of_rest_reach():
    from bot.channels import requests

    conversation = sessions.conversation_id("0" * 32)
    assert conversation == "webchat:" + "0" * 32
    assert requests.sender_id(conversation) != conversation  # REST refuses this sender


@pytest.mark.parametrize(
    "origin,allowed",
    [
        (None, True),  # same page or a non-browser client
        ("http://localhost:5005", True),  # the bot's own pages
        ("HTTP://LOCALHOST:5005/", True),
        ("https://www.gemeente.example", True),  # configured
        ("https://www.gemeente.example:443", True),
        ("http://www.gemeente.example", False),  # other scheme
        ("https://evil.example", False),
        ("https://www.gemeente.example.evil.example", False),
        ("null", False),  # sandboxed frames and file:// pages
        ("", False),
        ("https://www.gemeente.example:99999", False),
    ],
)
def test_origin_allowed(origin, allowed):
    assert security.origin_allowed(origin, "http://localhost:5005", ["https://www.gemeente.example"]) is allowed


def test_cors_headers_name_the_caller_never_everyone():
    assert security.cors_headers("https://a.example")["Access-Control-Allow-Origin"] == "https://a.example"
    assert security.cors_headers(None) == {}


def test_content_security_policy_is_strict():
    policy = security.CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe" not in policy and "*" not in policy and "http" not in policy


def test_widget_texts_say_the_configured_retention():
    texts = static.widget_texts(retention_days=14)
    assert "14 dagen" in texts["privacy_notice"]
    assert str(static.MAX_MESSAGE_CHARS) in texts["too_long"]
    assert not any("{" in value for value in texts.values() if isinstance(value, str))


def test_the_privacy_notice_says_how_long_an_intake_record_is_kept(monkeypatch):
    monkeypatch.setenv("INTAKE_RETENTION_DAYS", "9")
    notice = static.widget_texts(retention_days=30)["privacy_notice"]
    assert "30 dagen na je laatste bericht" in notice and "9 dagen" in notice


def test_widget_script_carries_its_texts():
    script = static.widget_script(retention_days=30)
    assert "/*CONFIG*/null" not in script
    assert "Direct hulp nodig? Bel 113 (of 0800-0113)" in script
    assert "30 dagen" in script


def test_channel_settings_from_credentials(monkeypatch):
    monkeypatch.setenv("WEBCHAT_ALLOWED_ORIGINS", "https://b.example https://c.example")
    webchat = channel.WebchatInput.from_credentials({"allowed_origins": ["https://a.example"], "retention_days": 7})
    assert webchat.allowed_origins == ["https://a.example", "https://b.example", "https://c.example"]
    assert webchat.retention_days == 7
    assert webchat.url_prefix() == "/webchat"


def test_referral_and_faq_answers_carry_their_response_for_feedback():
    collected = [
        {"recipient_id": "x", "text": "Dit is mijn advies voor jou:"},
        {"recipient_id": "x", "text": "- IPS"},  # the same response, a second paragraph
        {"recipient_id": "x", "text": "Heb je nog een vraag?"},
        {"recipient_id": "x", "text": "IPS betekent ..."},
    ]
    names = ["utter_advice", "utter_advice", "utter_anything_else", "utter_faq/ips__werkgever"]
    replies = history.messages_from_collector(collected, names)
    assert [r.get("feedback") for r in replies] == [None, "referral", None, "faq"]
    assert replies[1]["response"] == "utter_advice" and replies[3]["response"] == "utter_faq/ips__werkgever"


def test_history_says_which_answers_were_rated():
    advice = {"event": "bot", "text": "Advies", "data": {}, "metadata": {"utter_action": "utter_advice"}}
    faq = {"event": "bot", "text": "IPS is ...", "data": {}, "metadata": {"utter_action": "utter_faq/ips"}}
    rated = {
        "event": "slot",
        "name": "feedback",
        "value": {"score": "down", "kind": "faq", "response": "utter_faq/ips"},
    }
    messages = history.messages_from_events([GREET, advice, faq, rated])
    assert messages[0] == {"sender": "bot", "text": "Advies", "response": "utter_advice", "feedback": "referral"}
    assert messages[1]["rated"] == "down"


def test_the_collector_names_the_response_of_every_message():
    import asyncio

    from bot.channels.common import NamingCollector

    collector = NamingCollector()

    async def collect():
        await collector.send_response("x", {"text": "Advies:\n\n- IPS", "utter_action": "utter_advice"})
        await collector.send_text_message("x", "zonder naam")
        await collector.send_response("x", {"text": "Wie ben jij?", "buttons": [{"title": "A", "payload": "/a"}]})

    asyncio.run(collect())
    assert [m["text"] for m in collector.messages] == ["Advies:", "- IPS", "zonder naam", "Wie ben jij?"]
    assert collector.responses == ["utter_advice", "utter_advice", None, None]
