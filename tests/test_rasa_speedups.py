"""The precompiled action-reply check judges replies exactly like Rasa's own."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot import rasa_speedups

REPLIES = [
    ({"events": [], "responses": []}, True),
    (
        {"events": [{"event": "slot", "name": "gemeente", "value": "Tilburg"}], "responses": [{"text": "Dank je."}]},
        True,
    ),
    ({"events": [{"event": "active_loop", "name": None}], "responses": [{"response": "utter_ask_gemeente"}]}, True),
    ({"events": [{"event": "followup", "name": "action_crisis"}]}, True),
    ({"events": [{"event": "slot"}]}, False),  # a slot event without a name
    ({"events": [{"event": "no_such_event"}]}, False),
    ({"events": "slot"}, False),
    ({"responses": ["tekst"]}, False),
    ([], False),
]


@pytest.mark.parametrize("reply, valid", REPLIES)
def test_reply_judged_as_by_jsonschema_validate(reply, valid):
    # Rasa's original check: jsonschema.validate with the same schema.
    try:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
        expected = True
    except jsonschema.ValidationError:
        expected = False
    assert expected is valid

    action = RemoteAction("action_x", None)
    if valid:
        assert rasa_speedups._validate_action_result(action, reply) is True
    else:
        with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
            rasa_speedups._validate_action_result(action, reply)


def test_the_start_up_hook_installs_it_in_the_rasa_server():
    from bot import startup

    startup.install()  # what our tracker store and channels call when Rasa creates them
    assert rasa_speedups.installed()
    with pytest.raises(jsonschema.ValidationError):
        RemoteAction("action_x", None)._validate_action_result({"events": [{"event": "slot"}]})
