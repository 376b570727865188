"""Commands in the dialogue (bot/dialogue/engine.py `do_command`), step by step without the NLU."""

from bot.dialogue import State, Understood, step


def keys(state, text, **fields):
    state, replies = step(state, Understood(text=text, **fields))
    return state, [r.key for r in replies]


def test_verder_after_the_advice_when_the_paused_question_was_answered_is_no_dead_end():
    # A crisis paused the treatment question; it was answered later and the advice was given.
    state = State(
        role="werkzoekende",
        welcomed=True,
        asking="anything_else",
        paused="in_treatment",
        advised=True,
        facts={"has_job": "ja", "in_treatment": "nee"},
    )
    state, said = keys(state, "verder", intent="continue", confidence=1.0)
    assert "utter_resume" not in said
    assert said[-1].startswith("utter_anything_else")


def test_verder_resumes_a_paused_question_that_is_still_open():
    state = State(
        role="werkzoekende", welcomed=True, paused="guide_likes", stopped=True, answers={"guide_meaning": "rust"}
    )
    state, said = keys(state, "verder", intent="continue", confidence=1.0)
    assert said == ["utter_resume", "utter_ask_guide_fitting_work"]  # the first open question
