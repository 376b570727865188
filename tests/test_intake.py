"""The professional's intake record (docs/PRIVACY.md, "The intake record"): the code, the
dialogue's part, the action's marks, the stored record on SQLite and PostgreSQL with its Alembic
migration, the tracker store's hook, expiry, the page, PDF and JSON, and the wrong-code limiter."""

import asyncio
import io
import json
import math
import os
import time

import pytest
import sqlalchemy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.dialogue import intake_marks, with_intake_codes
from bot import intake, intake_document
from bot.channels.intake import WrongCodes
from bot.dialogue import Reply, State, Understood, step
from bot.store import intakes
from bot.store.tracker_store import UrlSQLTrackerStore

ANSWERS = [
    "structuur en collega's",
    "iets met dieren",
    "buiten werken",
    "twintig uur per week",
    "een rustig team",
    "haar zus en de jobcoach",
]
FACTS = ["ja", "ja", "bijstand", "Utrecht"]
DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
slots:
  dialogue:
    type: any
    mappings: [{type: custom}]
""")


# --- the code -------------------------------------------------------------------------------
def test_code_is_random_readable_and_long_enough():
    codes = {intake.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert intake.CODE_LENGTH * math.log2(len(intake.ALPHABET)) >= 80
    for code in list(codes)[:50]:
        groups = code.split("-")
        assert len(groups) == 5 and all(len(g) == 4 for g in groups)
        assert set(code.replace("-", "")) <= set(intake.ALPHABET)
    # No letters that look like digits or like each other.
    assert not set("BILOSZ01258") & set(intake.ALPHABET)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("ACDE-FGHJ-KMNP-QRTU-VWXY", "ACDE-FGHJ-KMNP-QRTU-VWXY"),
        ("acde fghj kmnp qrtu vwxy", "ACDE-FGHJ-KMNP-QRTU-VWXY"),
        ("ACDEFGHJKMNPQRTUVWXY", "ACDE-FGHJ-KMNP-QRTU-VWXY"),
        ("ACDE-FGHJ-KMNP-QRTU-VWX", None),  # one letter short
        ("ACDE-FGHJ-KMNP-QRTU-VWXO", None),  # O is not in the alphabet
        ("../../etc/passwd", None),
        ("", None),
        (None, None),
    ],
)
def test_codes_as_people_type_them(typed, expected):
    assert intake.normalise_code(typed) == expected


def test_the_code_in_a_chat_message():
    assert intake.code_in("verwijder intake acde-fghj-kmnp-qrtu-vwxy graag") == "ACDE-FGHJ-KMNP-QRTU-VWXY"
    assert intake.code_in("verwijder de intake") is None


def test_marks_round_trip_and_nothing_else_is_a_mark():
    code = intake.new_code()
    assert intake.mark_of(intake.store_mark(code, replaces=None)) == (intake.STORE, code, None)
    assert intake.mark_of(intake.delete_mark(code)) == (intake.DELETE, code, None)
    assert intake.mark_of({"wegwijzer": "erase_conversation"}) is None
    assert intake.mark_of({"wegwijzer": intake.STORE, "code": "x"}) is None
    assert intake.mark_of("intake_store") is None


# --- the dialogue ---------------------------------------------------------------------------
def _turn(state, text, intent=None, entities=()):
    message = Understood(
        text=text,
        intent=intent,
        confidence=1.0 if intent else 0.0,
        payload=text.startswith("/"),
        entities=tuple(entities),
    )
    return step(state, message)


def _intake(consent_text, intent=None, entities=()):
    state, _ = _turn(State(), "ik ben klantmanager")
    state, replies = _turn(state, consent_text, intent, entities)
    for text in ANSWERS + FACTS:
        state, replies = _turn(state, text)
    assert [r.key for r in replies][-1] == "utter_confirm_summary"
    return _turn(state, "ja")


def test_with_consent_to_keep_the_advice_comes_with_the_intake_code():
    state, replies = _intake("/affirm", "affirm")
    assert [r.key for r in replies] == [
        "utter_advice__professional",
        "utter_intake_stored",
        "utter_anything_else__professional",
    ]
    assert state.keep_summary is True and state.consent == "ja"


@pytest.mark.parametrize(
    "text, intent, entities",
    [
        ('/affirm{"consent_scope": "not_kept"}', "affirm", [{"entity": "consent_scope", "value": "not_kept"}]),
        ("ja, maar niets bewaren", None, []),
    ],
)
def test_without_consent_to_keep_the_summary_is_shown_and_the_bot_says_it_is_not_kept(text, intent, entities):
    state, replies = _intake(text, intent, entities)
    assert [r.key for r in replies] == [
        "utter_advice__professional",
        "utter_intake_not_kept",
        "utter_anything_else__professional",
    ]
    assert state.keep_summary is False


def test_no_consent_means_no_intake_at_all():
    state, _ = _turn(State(), "ik ben klantmanager")
    state, replies = _turn(state, "/deny", "deny")
    assert [r.key for r in replies] == ["utter_professional_no_consent"]
    assert state.consent == "nee" and not state.answers


def test_deleting_an_intake_by_chat_in_any_state():
    state, replies = _turn(State(), "verwijder intake acde fghj kmnp qrtu vwxy")
    assert replies[0] == Reply("utter_intake_deleted", {"code": "ACDE-FGHJ-KMNP-QRTU-VWXY"})
    state, _ = _turn(State(), "ik ben klantmanager")
    state, _ = _turn(state, "/affirm", "affirm")
    state, replies = _turn(state, "verwijder de intake")
    assert [r.key for r in replies] == ["utter_intake_delete_no_code", "utter_ask_guide_meaning__professional"]


# --- the action's part ----------------------------------------------------------------------
def test_the_action_fills_in_a_code_and_marks_what_the_store_does():
    replies = with_intake_codes([Reply("utter_advice__professional", {"advice": "x"}), Reply("utter_intake_stored")])
    code = replies[1].values["code"]
    assert intake.normalise_code(code) == code
    assert replies[1].values["link"].endswith(f"/intake/{code}")
    marks, now = intake_marks(replies, code_before="ACDE-FGHJ-KMNP-QRTU-VWXY")
    assert marks == [intake.store_mark(code, replaces="ACDE-FGHJ-KMNP-QRTU-VWXY")] and now == code
    marks, now = intake_marks([Reply("utter_consent_withdrawn")], code_before=code)
    assert marks == [intake.delete_mark(code)] and now is None
    marks, now = intake_marks([Reply("utter_intake_deleted", {"code": code})], code_before=code)
    assert marks == [intake.delete_mark(code)] and now is None
    assert intake_marks([Reply("utter_consent_withdrawn")], code_before=None) == ([], None)
    # "ik zei niet bewaren, haal het weg" after the summary was kept: that record is deleted
    marks, now = intake_marks([Reply("utter_keep_taken_back_deleted")], code_before=code)
    assert marks == [intake.delete_mark(code)] and now is None


# --- the record -----------------------------------------------------------------------------
def _state(**extra):
    state = {
        "role": "professional",
        "consent": "ja",
        "keep_summary": True,
        "answers": dict(
            zip(
                intake.GUIDE,
                [
                    "structuur, mijn bsn is [BSN]",
                    "iets met dieren",
                    "overgeslagen",
                    "20 uur",
                    "rustig",
                    "<b>haar zus</b>",
                ],
                strict=False,
            )
        ),
        "facts": {
            "in_treatment": "ja",
            "wants_paid_work": "ja",
            "benefit": "bijstand",
            "gemeente": "Utrecht",
            "region": "Midden-Utrecht",
        },
    }
    state.update(extra)
    return state


def test_the_record_holds_the_summary_and_no_personal_fields():
    record = intake.record_from_state(_state(), consent_at=100.0, now=200.0, days=14)
    assert record.answers["guide_meaning"] == "structuur, mijn bsn is [BSN]"
    assert record.referrals[0] == {"target": "ips_via_gemeente", "reason": "ips_treatment_wants_work"}
    assert record.region == "Midden-Utrecht" and record.consent_at == 100.0
    assert record.expires_at == 200.0 + 14 * 86400
    names = {c.name for c in intakes.intakes.columns}
    assert not names & {"name", "bsn", "email", "phone", "address", "sender_id", "code"}


def test_consent_time_is_when_consent_last_became_yes():
    history = [
        (1.0, {"consent": None}),
        (2.0, {"consent": "ja"}),
        (3.0, {"consent": "ja"}),
        (4.0, {"consent": "nee"}),
        (5.0, {"consent": "ja"}),
        (6.0, {"consent": "ja"}),
    ]
    assert intake.consent_time(history) == 5.0
    assert intake.consent_time([(1.0, {"consent": "nee"})]) is None


# --- storage: SQLite and PostgreSQL ---------------------------------------------------------
def _postgres_url():
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.fail("TEST_POSTGRES_URL is not set: run the tests with `make test` (it starts PostgreSQL).")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path}/tracker.db" if request.param == "sqlite" else _postgres_url()
    store = UrlSQLTrackerStore(domain=DOMAIN, url=url)
    with store.engine.begin() as connection:
        connection.execute(intakes.intakes.delete())
    yield store
    store.engine.dispose()


def _finished_intake(sender, code):
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen", timestamp=1000.0))
    tracker.update(UserUttered("ja", {"name": "affirm", "confidence": 1.0}, timestamp=1000.0))
    tracker.update(SlotSet("dialogue", {"role": "professional", "consent": "ja"}, timestamp=1001.0))
    tracker.update(ActionExecuted("action_listen", timestamp=1002.0))
    tracker.update(UserUttered("ja", {"name": "affirm", "confidence": 1.0}))
    tracker.update(BotUttered("Mijn advies ..."))
    tracker.update(BotUttered("Intakecode ...", data={"custom": intake.store_mark(code)}))
    tracker.update(SlotSet("dialogue", _state()))
    return tracker


def test_migrations_made_the_table_the_code_describes_and_run_again_harmlessly(store):
    intakes.migrate(store.engine)  # a second start-up changes nothing
    inspector = sqlalchemy.inspect(store.engine)
    columns = {c["name"] for c in inspector.get_columns("intakes")}
    assert columns == {c.name for c in intakes.intakes.columns}
    with store.engine.connect() as connection:
        versions = connection.execute(sqlalchemy.text("SELECT version_num FROM wegwijzer_schema_version")).fetchall()
    assert versions == [("0001_intakes",)]


def test_a_finished_intake_is_stored_by_the_tracker_store_and_found_only_by_its_code(store):
    code = intake.new_code()
    tracker = _finished_intake("pro-1", code)
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # a save tried again stores it once
    with store.engine.connect() as connection:
        rows = connection.execute(intakes.intakes.select()).mappings().all()
    assert len(rows) == 1
    row = rows[0]
    assert row["code_hash"] == intake.code_hash(code) and code not in json.dumps(dict(row), default=str)
    assert row["consent_at"] == 1001.0 and row["consent_by"] == "client_via_professional"
    assert row["answers"]["guide_meaning"] == "structuur, mijn bsn is [BSN]"
    assert row["referrals"][0]["target"] == "ips_via_gemeente"
    assert asyncio.run(store.fetch_intake(code))["region"] == "Midden-Utrecht"
    assert asyncio.run(store.fetch_intake(intake.new_code())) is None
    # The mark is kept out of nothing but carries no summary: the conversation holds the code only.
    stored = asyncio.run(store.retrieve("pro-1"))
    custom = [e.data.get("custom") for e in stored.events if isinstance(e, BotUttered) and e.data.get("custom")]
    assert custom == [intake.store_mark(code)]


def test_a_new_record_replaces_the_conversations_earlier_one_and_delete_marks_delete(store):
    first, second = intake.new_code(), intake.new_code()
    asyncio.run(store.save(_finished_intake("pro-2", first)))
    tracker = _finished_intake("pro-3", second)
    tracker.events[-2].data["custom"] = intake.store_mark(second, replaces=first)
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.fetch_intake(first)) is None
    assert asyncio.run(store.fetch_intake(second)) is not None
    tracker = DialogueStateTracker("pro-3", DOMAIN.slots)
    tracker.update(UserUttered(f"verwijder intake {second}", {"name": "greet", "confidence": 1.0}))
    tracker.update(BotUttered("verwijderd", data={"custom": intake.delete_mark(second)}))
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.fetch_intake(second)) is None


def test_expired_records_are_not_shown_and_the_retention_job_deletes_them(store):
    from bot.store import retention

    old, fresh = intake.new_code(), intake.new_code()
    now = time.time()
    asyncio.run(
        intakes.store(store.engine, old, intake.record_from_state(_state(), now - 20 * 86400, now - 15 * 86400, 14))
    )
    asyncio.run(intakes.store(store.engine, fresh, intake.record_from_state(_state(), now, now, 14)))
    # Expired but not yet deleted: the same "not found" as a wrong code.
    assert asyncio.run(store.fetch_intake(old)) is None
    assert asyncio.run(retention.purge_intakes_once(store)) == 1
    with store.engine.connect() as connection:
        hashes = [r[0] for r in connection.execute(sqlalchemy.select(intakes.intakes.c.code_hash))]
    assert hashes == [intake.code_hash(fresh)]
    # A shorter retention set later applies to records made before it.
    assert asyncio.run(intakes.remove_expired(store.engine, retention_days=1, now=now + 2 * 86400)) == 1


# --- the page, the PDF, the JSON ------------------------------------------------------------
def _row():
    record = intake.record_from_state(_state(), consent_at=1795000000.0, now=1795000100.0, days=14)
    return {
        "code_hash": "x",
        "created_at": record.created_at,
        "expires_at": record.expires_at,
        "consent_at": record.consent_at,
        "consent_by": intake.CONSENT_BY,
        "consent_purpose": intake.CONSENT_PURPOSE,
        "retention_days": 14,
        "answers": record.answers,
        "facts": record.facts,
        "region": record.region,
        "referrals": record.referrals,
    }


def test_the_page_shows_the_summary_escaped_with_the_date_and_the_notice():
    page = intake_document.page(_row(), "ACDE-FGHJ-KMNP-QRTU-VWXY")
    assert '<html lang="nl">' in page
    assert "&lt;b&gt;haar zus&lt;/b&gt;" in page and "<b>haar zus" not in page
    assert "iets met dieren" in page and "[BSN]" in page
    assert "geen hulpverlener" in page and "geen diagnose" in page
    assert "2026" in page and "Midden-Utrecht" in page
    assert 'action="/intake/ACDE-FGHJ-KMNP-QRTU-VWXY/verwijderen"' in page


def test_the_pdf_holds_the_answers():
    from pypdf import PdfReader

    data = intake_document.pdf_bytes(_row(), "ACDE-FGHJ-KMNP-QRTU-VWXY")
    assert data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for expected in ("iets met dieren", "ACDE-FGHJ-KMNP-QRTU-VWXY", "geen hulpverlener", "IPS"):
        assert expected in " ".join(text.split())


def test_the_json_export():
    exported = json.loads(intake_document.json_bytes(_row(), "ACDE-FGHJ-KMNP-QRTU-VWXY"))
    assert exported["format"] == "wegwijzer-intake/1"
    assert [a["answer"] for a in exported["answers"]][1] == "iets met dieren"
    assert exported["facts"]["benefit"] == "bijstand"
    assert exported["referrals"][0]["target"] == "ips_via_gemeente" and exported["referrals"][0]["title"]
    assert exported["consent"]["given_by"] == "client_via_professional"


# --- wrong codes ----------------------------------------------------------------------------
def test_repeated_wrong_codes_from_one_address_are_slowed_down():
    now = [0.0]
    limiter = WrongCodes(clock=lambda: now[0])
    for _ in range(WrongCodes.FREE_TRIES):
        assert limiter.delay("10.0.0.1") == 0
        limiter.failed("10.0.0.1")
    assert limiter.delay("10.0.0.1") == 1
    limiter.failed("10.0.0.1")
    assert limiter.delay("10.0.0.1") == 2
    for _ in range(20):
        limiter.failed("10.0.0.1")
    assert limiter.delay("10.0.0.1") == WrongCodes.MAX_DELAY_SECONDS
    assert limiter.delay("10.0.0.2") == 0  # another address is not slowed down
    now[0] += WrongCodes.WINDOW_SECONDS + 1
    assert limiter.delay("10.0.0.1") == 0  # forgotten after the window


def test_the_hourly_retention_job_deletes_expired_records(store, monkeypatch):
    """purge_forever, as the website chat starts it beside the server, deletes them unasked."""
    from types import SimpleNamespace

    from bot.store import retention

    now = time.time()
    expired = intake.new_code()
    asyncio.run(
        intakes.store(store.engine, expired, intake.record_from_state(_state(), now - 30 * 86400, now - 30 * 86400, 14))
    )
    monkeypatch.setattr(retention, "PURGE_INTERVAL_SECONDS", 0.01)
    app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store)))

    async def run_until_gone():
        job = asyncio.ensure_future(retention.purge_forever(app, retention_days=30))
        try:
            while True:
                with store.engine.connect() as connection:
                    if not connection.execute(intakes.intakes.select()).first():
                        return
                await asyncio.sleep(0.01)
        finally:
            job.cancel()

    asyncio.run(asyncio.wait_for(run_until_gone(), timeout=60))


@pytest.mark.parametrize(
    "consent",
    ["ja maar bewaar niets", "ja, maar niets bewaren", "ja, bewaren hoeft niet", "ja hoor, sla niets op"],
)
def test_consent_to_take_part_but_not_to_keep_keeps_nothing(consent):
    """However the professional words it, "yes, but keep nothing" never stores the summary."""
    state, _ = step(
        State(), Understood(text="ik ben consulent en doe een intake", intent="role_professional", confidence=0.99)
    )
    state, replies = step(state, Understood(text=consent, intent="affirm", confidence=0.6))
    assert state.consent == "ja" and state.keep_summary is False, [r.key for r in replies]
