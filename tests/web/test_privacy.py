"""Personal data and deleting by chat, against the running bot on SQLite and on PostgreSQL:
what people type over REST and in the website chat reaches the tracker store, the servers' logs
and the history only masked; "wis dit gesprek", confirmed, empties the store for that
conversation (docs/PRIVACY.md)."""

import json
import random
import re
import uuid

import pytest
import sqlalchemy
from stdnum import iban as stdnum_iban

from tests.web.battery import REST
from tests.web.chat import GUIDE_1, GUIDE_2, WELCOME_QUESTION, Chat

pytestmark = pytest.mark.browser

NOTICE = "In je bericht stond"
ERASE_QUESTION = "Wil je dat ik dit gesprek wis?"
ERASED = "Dit gesprek is gewist."


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request):
    return request.getfixturevalue("bot_server" if request.param == "sqlite" else "pg_bot_server")


def personal_data() -> dict:
    """Fresh values of every kind, valid by the checks the bot uses, so they can be looked for
    in the database and the logs afterwards."""
    rng = random.Random()
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum((9 - i) * d for i, d in enumerate(digits)) % 11
        if check < 10:  # the 11-proef: sum - last digit is divisible by 11
            bsn = "".join(map(str, digits)) + str(check)
            break
    account = f"{rng.randint(0, 9999999999):010d}"
    iban = f"NL{stdnum_iban.calc_check_digits('NL00ABNA' + account)}ABNA{account}"
    return {
        "bsn": bsn,
        "phone": f"06{rng.choice('12345')}{rng.randint(1000000, 9999999)}",
        "landline": f"020-{rng.randint(2000000, 9999999)}",
        "email": f"pers.{uuid.uuid4().hex[:10]}@voorbeeld.nl",
        "iban": iban,
        "postcode": f"{rng.randint(1000, 9999)} {rng.choice(['AB', 'KL', 'TX'])} {rng.randint(10, 99)}",
        "birth_date": f"{rng.randint(10, 28)}-0{rng.randint(1, 9)}-19{rng.randint(50, 99)}",
    }


def messages_with(data: dict) -> list:
    return [
        f"werk geeft me rust. mijn bsn is {data['bsn']}, bel me op {data['phone']} of mail {data['email']}",
        f"iets buiten. rekening {data['iban']}, ik woon op {data['postcode']}, geboren op {data['birth_date']}",
        f"of bel thuis: {data['landline']}",
    ]


def everything_stored(server) -> str:
    """Every row of the tracker store's tables, as text; for SQLite also the files' bytes."""
    parts = []
    with server.engine.connect() as connection:
        for table in ("events", "webchat_sessions"):
            rows = connection.execute(sqlalchemy.text(f"SELECT * FROM {table}")).fetchall()
            parts.extend(json.dumps([str(v) for v in row]) for row in rows)
    if server.db_url.startswith("sqlite"):
        path = server.db_url[len("sqlite:///") :]
        for suffix in ("", "-wal"):
            try:
                with open(path + suffix, "rb") as handle:
                    parts.append(handle.read().decode("utf-8", "replace"))
            except FileNotFoundError:
                pass
    return "\n".join(parts)


def assert_nowhere(server, data: dict, extra: str = "") -> None:
    """None of the values, as typed or (nine characters or more) without separators, in the
    store, the logs or `extra`."""
    places = {
        "tracker store": everything_stored(server),
        "Rasa log": server.log("rasa"),
        "action server log": server.log("actions"),
        "answer": extra,
    }
    for kind, value in data.items():
        compact = re.sub(r"[^0-9A-Za-z@.]", "", value)
        forms = {value, compact} if len(compact) >= 9 else {value}
        for place, text in places.items():
            for form in forms:
                assert form not in text, f"{kind} {form!r} found in the {place}"


def rest(server, who, text, **extra):
    status, replies = server.post(
        REST, {"sender": who, "message": text, **extra}, headers={"Content-Type": "application/json"}
    )
    assert status == 200, replies
    return replies


def web(server, session, text, **extra):
    status, body = server.post("/webchat/api/message", {"session_id": session, "message": text, **extra})
    assert status == 200, body
    return body


def texts(replies) -> list:
    return [r.get("text") or "" for r in replies]


def test_personal_data_over_rest_is_stored_and_logged_only_masked(server):
    data, who = personal_data(), "privacy-" + uuid.uuid4().hex[:12]
    rest(server, who, "ik zoek werk")
    first, second, third = messages_with(data)
    answer = rest(server, who, first, metadata={"note": f"terugbellen op {data['phone']}"})
    notices = [t for t in texts(answer) if t.startswith(NOTICE)]
    assert notices == [
        "In je bericht stond een e-mailadres, een BSN en een telefoonnummer. Dat heb ik niet nodig. "
        "Ik heb het weggehaald en niet bewaard."
    ]
    answer2 = rest(server, who, second)
    answer3 = rest(server, who, third)
    assert not any(t.startswith(NOTICE) for t in texts(answer2) + texts(answer3)), "said once per conversation"
    users = [text for kind, text in server.stored_events(who) if kind == "user"]
    assert users == [
        "ik zoek werk",
        "werk geeft me rust. mijn bsn is [BSN], bel me op [telefoonnummer] of mail [e-mailadres]",
        "iets buiten. rekening [IBAN], ik woon op [postcode], geboren op [geboortedatum]",
        "of bel thuis: [telefoonnummer]",
    ]
    metadata = [event.get("metadata") or {} for kind, event in server.stored(who) if kind == "user"][1]
    assert metadata["note"] == "terugbellen op [telefoonnummer]"
    assert metadata["masked"] == ["email", "bsn", "phone"]
    assert_nowhere(server, data, json.dumps([answer, answer2, answer3]))


def test_personal_data_in_the_website_chat_is_stored_shown_and_logged_only_masked(server):
    data, session = personal_data(), server.new_session()
    web(server, session, "/greet")
    web(server, session, "/role_job_seeker", display="Ik zoek werk")
    first, second, third = messages_with(data)
    body = web(server, session, first)
    assert any(m["text"].startswith(NOTICE) for m in body["messages"])
    web(server, session, second)
    web(server, session, "/dont_know", display=f"bel {data['landline']}")  # a display text of its own
    status, history = server.post("/webchat/api/history", {"session_id": session})
    assert status == 200
    shown = [m["text"] for m in history["messages"] if m["sender"] == "user"]
    assert shown == [
        "Ik zoek werk",
        "werk geeft me rust. mijn bsn is [BSN], bel me op [telefoonnummer] of mail [e-mailadres]",
        "iets buiten. rekening [IBAN], ik woon op [postcode], geboren op [geboortedatum]",
        "bel [telefoonnummer]",
    ]
    assert_nowhere(server, data, json.dumps(history))


def test_ordinary_numbers_reach_the_dialogue_as_typed(server):
    who = "privacy-" + uuid.uuid4().hex[:12]
    rest(server, who, "ik zoek werk")
    typed = "ik ben 34 en wil sinds 2019 weer 20 uur per week werken, 3 dagen, voor 1250 euro"
    answer = rest(server, who, typed)
    assert not any(t.startswith(NOTICE) for t in texts(answer))
    assert [t for k, t in server.stored_events(who) if k == "user"][-1] == typed


def test_deleting_by_chat_over_rest(server):
    who = "privacy-" + uuid.uuid4().hex[:12]
    rest(server, who, "ik zoek werk")
    rest(server, who, "rust en structuur")
    offer = rest(server, who, "wis dit gesprek")
    assert texts(offer)[0].startswith(ERASE_QUESTION)
    assert [b["title"] for b in offer[0]["buttons"]] == ["Ja, wis het gesprek", "Nee, ga verder"]

    # No: nothing is deleted and the open question comes back.
    kept = rest(server, who, "nee")
    assert texts(kept) == ["Goed, ik wis niets. We gaan verder waar we waren.", "2/6. Welk werk past bij jou?"]
    before = server.stored_events(who)
    assert ("user", "rust en structuur") in before

    rest(server, who, "verwijder mijn gegevens")
    done = rest(server, who, "/affirm")
    assert texts(done) == [
        f"{ERASED} Wat je hier schreef, is bij ons verwijderd. Wil je opnieuw beginnen? Stuur dan een nieuw bericht."
    ]
    assert all("custom" not in reply for reply in done), "the erase mark is not for the client"
    assert server.stored_events(who) == []
    assert "rust en structuur" not in everything_stored(server)

    # The next message starts a new conversation.
    again = rest(server, who, "hoi")
    assert WELCOME_QUESTION in " ".join(texts(again))
    assert [t for k, t in server.stored_events(who) if k == "user"] == ["hoi"]


def test_deleting_by_chat_in_the_website_chat_forgets_the_session_too(server):
    session = server.new_session()
    web(server, session, "/greet")
    web(server, session, "/role_job_seeker", display="Ik zoek werk")
    web(server, session, "structuur in mijn week")
    body = web(server, session, "ik trek mijn toestemming in")
    assert body["messages"][0]["text"].startswith(ERASE_QUESTION) and "erased" not in body
    body = web(server, session, "/affirm", display="Ja, wis het gesprek")
    assert body["erased"] is True
    assert [m["text"] for m in body["messages"]][0].startswith(ERASED)
    assert server.webchat_events(session) == []
    status, answer = server.post("/webchat/api/history", {"session_id": session})
    assert (status, answer["error"]) == (400, "invalid_session")


def test_deleting_by_chat_in_the_browser(page, bot_server):
    page.goto(bot_server.url + "/")
    chat = Chat(page)
    chat.open()
    chat.expect_bot(WELCOME_QUESTION)
    chat.choose("Ik zoek werk")
    chat.expect_bot(GUIDE_1)
    chat.say("Structuur in mijn week")
    chat.expect_bot(GUIDE_2)
    session = chat.session_id()
    chat.say("wis dit gesprek")
    chat.expect_bot(ERASE_QUESTION)
    chat.choose("Ja, wis het gesprek")
    chat.expect_bot(ERASED)
    assert [sender for sender, _ in chat.messages()] == ["bot"]  # the screen is empty but for that
    assert page.evaluate("localStorage.getItem('wegwijzer.session')") is None
    assert bot_server.webchat_events(session) == []
    # Writing again starts a new conversation.
    chat.say("hoi")
    chat.expect_bot(WELCOME_QUESTION)
    assert chat.session_id() not in (None, session)
