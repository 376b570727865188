"""The dialogue policy: after a user message, action_dialogue; after that, listen.

The dialogue is decided by bot/dialogue/ (run by action_dialogue), so the Rasa policy has one
job: make every turn exactly one action followed by action_listen. That is what keeps a
conversation from looping or going silent (Rasa's RulePolicy used to predict the fallback
action again and again until Rasa's circuit breaker stopped the conversation for good).

When action_dialogue sent nothing (the action server is down or failed), the Rasa server
answers by itself: the crisis reply when the detector saw crisis language, else a short
apology with the 113 line. Those responses are in the domain, so no action server is needed.
"""

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

DIALOGUE_ACTION = "action_dialogue"
UNAVAILABLE = "utter_unavailable"
CRISIS_UNAVAILABLE = "utter_crisis"


def next_action(tracker: DialogueStateTracker) -> Text:
    """The action after the tracker's last event."""
    latest = tracker.latest_action_name
    if latest == ACTION_LISTEN_NAME or _unanswered_user_message(tracker):
        # Also after any other last action: a conversation stored by the old rules may end
        # without action_listen, and its next message must still be answered.
        return DIALOGUE_ACTION
    if latest == DIALOGUE_ACTION and not _bot_spoke_since_user(tracker):
        crisis = (tracker.latest_message.parse_data.get("crisis") or {}) if tracker.latest_message else {}
        return CRISIS_UNAVAILABLE if crisis.get("tier", "none") != "none" else UNAVAILABLE
    return ACTION_LISTEN_NAME


def _unanswered_user_message(tracker: DialogueStateTracker) -> bool:
    """Whether the latest user message came after the latest action."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return True
        if isinstance(event, ActionExecuted):
            return False
    return False


def _bot_spoke_since_user(tracker: DialogueStateTracker) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            return True
        if isinstance(event, UserUttered):
            return False
    return False


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT], is_trainable=False)
class DialoguePolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 6}

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        return self._prediction(confidence_scores_for(next_action(tracker), 1.0, domain))

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "DialoguePolicy":
        return cls(config, model_storage, resource, execution_context)


__all__ = ["DialoguePolicy", "next_action", "ActionExecuted"]
