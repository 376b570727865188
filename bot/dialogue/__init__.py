"""The dialogue as a pure state machine: `step(state, message) -> (state, replies)`.

state.py     what is remembered between turns (one Rasa slot)
message.py   a message as understood by the NLU, and a reply (a response name + values)
language.py  short answers, commands and question form (patterns in knowledge/understanding.yml)
facts.py     the routing facts from any message
engine.py    the turn itself; docs/DIALOGUE.md draws it
"""

from bot.dialogue.engine import step
from bot.dialogue.message import Reply, Understood
from bot.dialogue.state import State

__all__ = ["Reply", "State", "Understood", "step"]
