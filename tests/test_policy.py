"""The dialogue policy: one action per message, then listen; and the Rasa server's own answer
when the action server sent nothing."""

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.policy import next_action


def tracker(*events):
    return DialogueStateTracker.from_events("test", [ActionExecuted("action_session_start"), *events])


def user(text="hoi", crisis="none"):
    return UserUttered(text, {"name": "greet", "confidence": 1.0}, parse_data={"crisis": {"tier": crisis}})


def test_a_message_goes_to_the_dialogue():
    assert next_action(tracker(ActionExecuted("action_listen"), user())) == "action_dialogue"


def test_after_the_dialogue_the_bot_listens():
    t = tracker(ActionExecuted("action_listen"), user(), ActionExecuted("action_dialogue"), BotUttered("Hoi"))
    assert next_action(t) == "action_listen"


def test_the_rasa_server_answers_when_the_action_server_did_not():
    t = tracker(ActionExecuted("action_listen"), user(), ActionExecuted("action_dialogue"))
    assert next_action(t) == "utter_unavailable"


def test_crisis_gets_the_crisis_reply_even_without_the_action_server():
    t = tracker(ActionExecuted("action_listen"), user("ik wil dood", crisis="clear"), ActionExecuted("action_dialogue"))
    assert next_action(t) == "utter_crisis"


def test_after_its_own_answer_the_bot_listens():
    t = tracker(
        ActionExecuted("action_listen"),
        user(),
        ActionExecuted("action_dialogue"),
        ActionExecuted("utter_unavailable"),
        BotUttered("Sorry"),
    )
    assert next_action(t) == "action_listen"


def test_a_conversation_stopped_by_the_circuit_breaker_answers_again():
    """Under the old rules a conversation could end with ten fallback actions and no listen;
    Rasa then tripped its breaker on every later message. Counted per message, it answers."""
    from types import SimpleNamespace

    from bot.startup import action_limit_reached

    processor = SimpleNamespace(max_number_of_predictions=10)
    stuck = [ActionExecuted("action_listen"), user("ja")] + [
        ActionExecuted("action_fallback"),
        BotUttered("Sorry"),
    ] * 10
    assert action_limit_reached(processor, tracker(*stuck), True), "the turn that looped is stopped"
    next_message = tracker(*stuck, user("ik zie het niet meer zitten", crisis="clear"))
    assert not action_limit_reached(processor, next_message, True), "the next message is answered"
    assert next_action(next_message) == "action_dialogue"
