"""The statistics for the organisation that runs the bot (bot/insight/): exact figures from a
tracker store filled with scripted conversations (tests/insight/scripted.py), on SQLite and on
a real PostgreSQL server; the "< 5" rule; no message text or personal data in any output."""

import os
import uuid

import pytest
import sqlalchemy
from sqlalchemy.engine import make_url

from bot import knowledge
from bot.insight import conversation, feedback, statistics, store
from bot.insight.statistics import Period
from bot.store.tracker_store import UrlSQLTrackerStore
from tests.insight import scripted

PERIOD = Period(scripted.DAY_1, scripted.DAY_3)
SMALL = "< 5"
HIDDEN = "niet getoond"

# table -> row -> what the dashboard and the CSV show.
EXPECTED = {
    "roles": {"werkzoekende": "7", "werkgever": SMALL, "professional": SMALL, "none": SMALL},
    "guide": {"role": "9", "guide_started": "9", "guide_done": "7", "summary_confirmed": "7", "advice": "7"},
    "referrals": {
        "ips_via_gemeente": "5",
        "uwv": SMALL,
        "huisarts": SMALL,
        "jobcoach": SMALL,
        "wsp": SMALL,
        "employer_instruments": SMALL,
        "de_normaalste_zaak": SMALL,
    },
    "regions": {"Midden-Brabant": "5", "Groot Amsterdam": SMALL, "Rijk van Nijmegen": SMALL},
    "understanding": {
        "turns": "115",
        "turns_not_understood": "7",
        "turn_rate": "6%",
        "conversations_not_understood": "5",
        "conversation_rate": "36%",
    },
    "fallbacks": {"zero": "9", "one": SMALL, "more": SMALL},
    "human_route": {"conversations": SMALL, "requests": SMALL},
    "crisis": {"conversations": SMALL, "replies": "5"},
    "feedback": {"up": "8", "down": SMALL, "score": "80%"},
    "per_week": {"2026-W45": "12", "2026-W46": SMALL},
}
EXPECTED_COUNTS = {
    "roles": {"werkzoekende": 7, "werkgever": 3, "professional": 2, "none": 2},
    "fallbacks": {"zero": 9, "one": 4, "more": 1},
    "human_route": {"conversations": 1, "requests": 2},
    "crisis": {"conversations": 1, "replies": 5},
    "feedback": {"up": 8, "down": 2},
}


def _postgres_database():
    """A database of its own on the test server, so other tests' conversations do not count."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.fail("TEST_POSTGRES_URL is not set: run the tests with `make test` (it starts PostgreSQL).")
    name = f"insight_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return str(make_url(url).set(database=name)), name, url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def filled_store(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('insight')}/tracker.db"
        tracker_store = UrlSQLTrackerStore(domain=scripted.DOMAIN, url=url)
        scripted.fill(tracker_store)
        yield tracker_store
        tracker_store.engine.dispose()
        return
    url, name, admin_url = _postgres_database()
    tracker_store = UrlSQLTrackerStore(domain=scripted.DOMAIN, url=url)
    scripted.fill(tracker_store)
    yield tracker_store
    tracker_store.engine.dispose()
    admin = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin.dispose()


@pytest.fixture(scope="module")
def figures(filled_store):
    return statistics.compute(store.conversations(filled_store.engine, PERIOD), PERIOD)


def test_conversations_of_the_period_are_counted_per_day_and_week(figures):
    assert figures.conversations == 14  # not the one only opened, not the one before the period
    per_day = {row.key: row.shown for row in figures.table("per_day").rows}
    assert len(per_day) == 9
    assert (per_day["2026-11-02"], per_day["2026-11-03"], per_day["2026-11-10"]) == ("7", "5", SMALL)
    assert {v for k, v in per_day.items() if k not in ("2026-11-02", "2026-11-03", "2026-11-10")} == {"0"}


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_every_figure_is_exact(figures, table):
    assert {row.key: row.shown for row in figures.table(table).rows} == EXPECTED[table]


@pytest.mark.parametrize("table", sorted(EXPECTED_COUNTS))
def test_counts_behind_the_hidden_cells(figures, table):
    assert {r.key: r.count for r in figures.table(table).rows if r.count is not None} == EXPECTED_COUNTS[table]


def test_no_message_text_or_personal_data_in_any_output(figures):
    outputs = [statistics.csv_text(figures)] + [
        f"{t.title} {t.about} {r.key} {r.label} {r.shown}" for t in figures.tables for r in t.rows
    ]
    text = "\n".join(outputs)
    for secret in (
        *scripted.SECRET_TEXTS,
        "Jansen",
        "0612345678",
        "piet@example.nl",
        "structuur",
        "Tilburg",
        "Wijchen",
        "Amstelveen",
        "webchat:",
        "rest-user-42",
        "js-0",
    ):
        assert secret not in text


@pytest.mark.parametrize("count, shown", [(0, "0"), (1, SMALL), (4, SMALL), (5, "5"), (12, "12"), (1234, "1234")])
def test_counts_from_1_to_4_are_shown_as_less_than_5(count, shown):
    assert statistics.shown_count(count) == shown


@pytest.mark.parametrize(
    "part, whole, shown",
    [(0, 0, HIDDEN), (0, 10, "0%"), (3, 100, HIDDEN), (5, 100, "5%"), (4, 4, HIDDEN), (5, 6, "83%"), (10, 10, "100%")],
)
def test_a_percentage_built_on_a_hidden_count_is_not_shown(part, whole, shown):
    assert statistics.shown_rate(part, whole) == shown


def test_every_hidden_row_says_so(figures):
    hidden = [r for t in figures.tables for r in t.rows if r.hidden]
    assert hidden and all(r.shown in (SMALL, HIDDEN) for r in hidden)
    assert all(not (0 < (r.count or 0) < 5) for t in figures.tables for r in t.rows if not r.hidden)


def test_an_empty_period_has_every_table_with_zeros(filled_store):
    period = Period(scripted.DAY_3.replace(year=2027), scripted.DAY_3.replace(year=2027))
    figures = statistics.compute(store.conversations(filled_store.engine, period), period)
    assert figures.conversations == 0
    assert [t.key for t in figures.tables] == list(statistics.TABLES)


def test_csv_has_every_table_and_the_same_rule(figures):
    text = statistics.csv_text(figures)
    lines = text.splitlines()
    assert lines[0] == "tabel;sleutel;omschrijving;waarde"
    assert "roles;werkgever;Werkgever;< 5" in lines
    assert "feedback;score;Aandeel duim omhoog;80%" in lines
    assert {line.split(";")[0] for line in lines[1:]} == set(statistics.TABLES)


def test_a_csv_cell_is_never_a_formula():
    assert statistics._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert statistics._cell("Midden-Brabant") == "Midden-Brabant"


def test_every_referral_target_and_table_has_its_dutch_label():
    texts = knowledge.insight()
    assert set(texts["referrals"]) == set(knowledge.referrals()["targets"])
    assert set(texts["tables"]) == set(statistics.TABLES)


def test_unreadable_events_are_skipped():
    odd = [None, {}, {"event": "user", "parse_data": "x"}, {"event": "bot", "metadata": []}, {"event": "slot"}]
    counted = conversation.read(odd)
    assert len(counted.turns) == 1 and counted.crisis_replies == 0


@pytest.mark.parametrize(
    "body, stored",
    [
        ({"score": "up", "response": "utter_advice"}, {"score": "up", "response": "utter_advice"}),
        (
            {"score": "down", "response": "utter_faq/ips", "comment": "bel 0612345678"},
            {"score": "down", "response": "utter_faq/ips", "comment": "bel [telefoonnummer]"},
        ),
        (
            {"score": "down", "response": "utter_faq/ips", "comment": "   "},
            {"score": "down", "response": "utter_faq/ips"},
        ),
    ],
)
def test_feedback_is_checked_and_its_comment_masked(body, stored):
    assert feedback.checked(body) == stored


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"score": "meh", "response": "utter_advice"},
        {"score": "up"},
        {"score": "up", "response": ""},
        {"score": "up", "response": "x" * 201},
        {"score": "up", "response": "utter_advice", "comment": 5},
        {"score": "up", "response": "utter_advice", "comment": "x" * 100_000},
    ],
)
def test_bad_feedback_is_refused(body):
    assert not isinstance(feedback.checked(body), dict)


@pytest.mark.parametrize(
    "response, kind",
    [
        ("utter_advice", "referral"),
        ("utter_advice__professional", "referral"),
        ("utter_employer_advice", "referral"),
        ("utter_wsp_for_region", "referral"),
        ("utter_faq/ips", "faq"),
        ("utter_faq/ips__werkgever", "faq"),
        ("utter_crisis", None),
        ("utter_rephrase", None),
    ],
)
def test_which_answers_may_be_rated(response, kind):
    assert conversation.feedback_kind(response) == kind


ADVICE_STATES = [
    {"role": "werkzoekende", "facts": {"in_treatment": "ja", "wants_paid_work": "ja", "benefit": "wia"}},
    {"role": "werkzoekende", "facts": {"in_treatment": "nee", "wants_paid_work": "ja", "benefit": "bijstand"}},
    {"role": "werkzoekende", "facts": {"in_treatment": "onbekend", "benefit_worry": True}},
    {"role": "werkzoekende", "facts": {"has_job": "ja", "in_treatment": "ja"}},
    {"role": "werkzoekende", "facts": {"has_job": "ja", "in_treatment": "nee", "primary_care": "huisarts"}},
    {"role": "werkzoekende", "facts": {"in_treatment": "nee", "wants_paid_work": "ja", "primary_care": "wachtlijst"}},
    {"role": "professional", "facts": {"in_treatment": "ja", "wants_paid_work": "nee"}, "consent": "ja"},
    {
        "role": "professional",
        "facts": {"in_treatment": "ja", "wants_paid_work": "ja", "benefit": "wia"},
        "consent": "ja",
        "own_work": "ips",
    },
    {
        "role": "professional",
        "facts": {"in_treatment": "nee", "wants_paid_work": "ja", "benefit": "ww"},
        "consent": "ja",
        "own_work": "jobcoach",
    },
    {"role": "werkgever", "employer_goal": "hire", "facts": {"gemeente": "Tilburg", "region": "Midden-Brabant"}},
    {"role": "werkgever", "employer_goal": "network", "facts": {}},
    {"role": "werkgever", "employer_goal": "keep_employee", "facts": {"gemeente": "onbekend", "region": "Drenthe"}},
]


@pytest.mark.parametrize("state", ADVICE_STATES)
def test_referrals_counted_are_the_referrals_the_advice_gives(state):
    """The statistics recompute the referrals from the dialogue's state after the advice: the
    same referrals as the dialogue's own advice (bot/dialogue/engine.py) for that state."""
    from bot import render
    from bot.dialogue.engine import _Turn
    from bot.dialogue.message import Understood
    from bot.dialogue.state import State

    turn = _Turn(State.from_slot(state), Understood())
    turn.advice()
    referrals, region = conversation.referrals_in_state(turn.state.to_slot())
    facts = turn.state.facts
    assert turn.replies[0].values["advice"] == render.advice_text(
        referrals, turn.state.role, facts.get("gemeente"), facts.get("region")
    )
    assert region == facts.get("region")


def test_one_rating_per_answer_the_last_one_counts():
    rating = [
        {"event": "slot", "name": "feedback", "value": {"score": "up", "kind": "faq", "response": "utter_faq/ips"}},
        {"event": "slot", "name": "feedback", "value": {"score": "down", "kind": "faq", "response": "utter_faq/ips"}},
        {"event": "slot", "name": "feedback", "value": {"score": "up", "kind": "faq", "response": "utter_faq/wsp"}},
        {"event": "slot", "name": "feedback", "value": {"score": "sideways", "kind": "faq", "response": "x"}},
    ]
    assert [f["score"] for f in conversation.read(rating).feedback] == ["down", "up"]


def test_make_report_writes_the_figures_and_png_charts(figures, tmp_path):
    from bot.insight import report

    written = report.write(figures, tmp_path / "report")
    names = {path.name for path in written}
    assert {"report.md", "cijfers.csv", "per_day.png", "roles.png", "referrals.png", "feedback.png"} <= names
    for path in written:
        if path.suffix == ".png":
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert "| Werkgever | < 5 |" in text and "| Aandeel duim omhoog | 80% |" in text
    assert not any(secret in text for secret in (*scripted.SECRET_TEXTS, "0612345678", "Tilburg", "js-0"))


@pytest.mark.parametrize(
    "month, start, end",
    [
        ("2026-11", "2026-11-01", "2026-11-30"),
        ("2026-12", "2026-12-01", "2026-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
    ],
)
def test_report_months(month, start, end):
    from bot.insight import report

    period = report.month(month)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


TODAY = scripted.DAY_3


@pytest.mark.parametrize(
    "query, start, end",
    [
        ({}, "2026-10-12", "2026-11-10"),
        ({"periode": ["7"]}, "2026-11-04", "2026-11-10"),
        ({"periode": ["7"], "van": ["2026-01-01"], "tot": ["2026-01-02"]}, "2026-11-04", "2026-11-10"),
        ({"van": ["2026-11-01"], "tot": ["2026-11-05"]}, "2026-11-01", "2026-11-05"),
        ({"van": ["2026-11-05"], "tot": ["2026-11-01"]}, "2026-11-01", "2026-11-05"),
        ({"van": ["2026-02-30"], "tot": ["2026-11-05"]}, "2026-10-12", "2026-11-10"),
        ({"van": ["0001-01-01"], "tot": ["9999-12-31"]}, "2025-11-11", "2026-11-11"),
        ({"periode": ["99999999999999999999"]}, "2026-10-12", "2026-11-10"),
        ({"periode": ["-7"], "van": ["x" * 10_000]}, "2026-10-12", "2026-11-10"),
    ],
)
def test_the_dashboards_period_from_any_query_string(query, start, end):
    from bot.insight import pages

    period = pages.period_from_query(query, TODAY)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
    assert len(period.days()) <= pages.LONGEST_DAYS


def test_the_dashboard_page_has_no_script_and_escapes_everything(figures):
    from bot.insight import pages

    html = pages.dashboard(figures)
    assert "<script" not in html and " style=" not in html and " on" + "click" not in html
    assert html.count("<svg") == sum(1 for t in figures.tables if t.charted and t.rows)
    assert html.count("<table") == len(statistics.TABLES)
    assert 'lang="nl"' in html and "&lt; 5" in html


def test_review_list_groups_masked_messages_with_the_guessed_intent(filled_store):
    from bot.insight import review

    groups = review.review_list(store.stored_conversations(filled_store.engine, PERIOD), PERIOD)
    texts = {text: count for group in groups for text, count in group.texts}
    assert texts == {
        "qwxzv blorp": 2,
        "ik woon in Tilburg aan de Dorpsstraat": 3,
        "Mijn naam is Jansen, bel me op [telefoonnummer]": 1,
        "hmm tja": 1,
    }
    assert all(group.reason == "not_understood" for group in groups)
    assert not any("zwaar" in text or "geheimwoord" in text for text in texts)  # crisis turns stay off
    stub = review.nlu_yaml(groups)
    import yaml

    parsed = yaml.safe_load(stub)
    assert parsed["version"] == "3.1" and "- qwxzv blorp" in parsed["nlu"][0]["examples"]


@pytest.mark.parametrize(
    "texts, groups",
    [
        (["ik wil praten met iemand", "ik wil praten met een mens", "hoeveel kost het"], 2),
        (["a", "b", "c"], 3),
        (["wat is ips", "wat is IPS", "Wat is ips?"], 1),
    ],
)
def test_similar_messages_are_one_group(texts, groups):
    from bot.insight import review

    assert len(review.grouped(review.Item(t, None, "not_understood") for t in texts)) == groups


def test_saving_feedback_does_not_act_again_on_the_last_turns_marks(tmp_path):
    """A feedback event is saved after the turn it follows; that turn's marks (here the erase
    mark, likewise an intake record's) were acted on when the turn was saved, and are not again."""
    import asyncio

    from rasa.shared.core.events import BotUttered, SlotSet, UserUttered

    from bot import privacy

    tracker_store = UrlSQLTrackerStore(domain=scripted.DOMAIN, url=f"sqlite:///{tmp_path}/tracker.db")
    tracker = scripted.Script("rated", scripted.at(scripted.DAY_1, 9)).tracker
    tracker.update(UserUttered("ja", {"name": "affirm", "confidence": 1.0}))
    tracker.update(BotUttered("Advies", {}, {"utter_action": "utter_advice"}))
    tracker.update(BotUttered(None, {"custom": privacy.ERASE_MARK}))
    tracker.update(SlotSet(feedback.SLOT, {"score": "up", "kind": "referral", "response": "utter_advice"}))
    asyncio.run(tracker_store.save_feedback(tracker))
    stored = asyncio.run(tracker_store.retrieve("rated"))
    assert stored is not None and stored.get_slot(feedback.SLOT)["score"] == "up"


def test_the_dashboard_is_off_without_a_long_enough_token(monkeypatch):
    from bot.channels import beheer

    monkeypatch.delenv("BEHEER_TOKEN", raising=False)
    assert beheer.configured_token() is None
    monkeypatch.setenv("BEHEER_TOKEN", "kort")
    assert beheer.configured_token() is None
    monkeypatch.setenv("BEHEER_TOKEN", "  " + "x" * 16 + " ")
    assert beheer.configured_token() == "x" * 16
    assert beheer.login_value("x" * 16) != "x" * 16 and len(beheer.login_value("x" * 16)) == 64


def test_a_database_the_bot_never_wrote_to_has_no_conversations(tmp_path):
    from bot.store import database

    engine = database.make_engine(f"sqlite:///{tmp_path}/empty.db")
    assert store.conversations(engine, PERIOD) == []
    engine.dispose()


@pytest.mark.parametrize(
    "response, fallback",
    [
        ("utter_rephrase", True),
        ("utter_main_options", True),
        ("utter_not_understood_3", True),
        ("utter_not_understood_after_advice_2__werkgever", True),
        ("utter_question_unknown__professional", True),
        ("utter_offer_skip", True),
        ("utter_faq/ips", False),
        ("utter_crisis", False),
        ("utter_advice", False),
    ],
)
def test_which_replies_count_as_not_understood(response, fallback):
    assert conversation.is_fallback(response) is fallback


def test_every_response_counted_as_not_understood_exists():
    from bot import knowledge

    names = {name.split("__")[0] for name in knowledge.response_names()}
    assert conversation.FALLBACK_RESPONSES <= names
    assert {"utter_not_understood_answer", "utter_crisis"} <= names
