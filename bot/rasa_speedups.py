"""Speed-ups inside Rasa 3.6 that keep its behaviour exactly.

Rasa checks every reply of the action server with `jsonschema.validate(reply, schema)`. That
helper first validates the *schema itself* against the JSON Schema meta-schema, on every call.
In `make bench` that check was half of the Rasa server's CPU time (py-spy), because
almost every turn of a guide, employer or crisis conversation calls the action server.

`install()` swaps in a validator that is built and checked once. Replies are judged by the same
schema with the same validator class, and a bad reply raises the same `ValidationError` with the
same hint, so nothing changes but the time. Our Rasa server installs it from its start-up hook
(bot/startup.py); importing this module changes nothing, and the action server never loads it.
"""

from typing import Any, Dict, Text

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


def _action_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, at start-up, instead of on every reply
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    # The same steps as jsonschema.validate() after its schema check: the most relevant error wins.
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


_VALIDATOR = _action_response_validator()


def install() -> None:
    """Replaces RemoteAction's reply check by the precompiled one (calling it twice is harmless)."""
    RemoteAction._validate_action_result = _validate_action_result


def installed() -> bool:
    return RemoteAction._validate_action_result is _validate_action_result
