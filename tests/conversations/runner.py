"""Recorded conversations: user messages and the responses the bot gave, by response name.

Each file in tests/conversations/ holds conversations like

    - name: a not-understood turn followed by "ja" does not loop
      turns:
        - user: hoi
          bot: [utter_welcome, utter_ask_role]

They run with the trained NLU and the dialogue engine in process; each message is first masked
as the channels mask it (bot/channels/common.py), so personal data reaches the NLU and the
dialogue as it does on the server. Record or re-record with
`python -m tests.conversations.runner [file ...]` (fills in every `bot:` from a real run)
and read the result before committing it: a recording is only a good test if the bot did
the right thing.
"""

import asyncio
import sys
from pathlib import Path
from typing import Any, Dict, List

import yaml

FOLDER = Path(__file__).resolve().parent


def files() -> List[Path]:
    return sorted(FOLDER.glob("*.yml"))


def load(path: Path) -> List[Dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["conversations"]


def play(agent: Any, turns: List[Dict[str, Any]]) -> List[List[str]]:
    """The response names the bot gives to each user message, in order."""
    from bot.channels.common import masked_message
    from bot.dialogue import State, Understood, step

    state = State()
    loop = asyncio.new_event_loop()
    replies = []
    for turn in turns:
        text, metadata = masked_message(turn["user"], {})
        parse = loop.run_until_complete(agent.parse_message(text))
        state, said = step(state, Understood.from_parse({**parse, "metadata": metadata}))
        replies.append([r.key for r in said])
    loop.close()
    return replies


def record(paths: List[Path]) -> None:
    from tests.dialogue.walk import load_agent

    agent = load_agent()
    for path in paths:
        conversations = load(path)
        for conversation in conversations:
            for turn, said in zip(conversation["turns"], play(agent, conversation["turns"]), strict=True):
                turn["bot"] = said
        header = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
        body = yaml.safe_dump({"conversations": conversations}, allow_unicode=True, sort_keys=False, width=110)
        path.write_text(header + body, encoding="utf-8")
        print(f"recorded {path.relative_to(FOLDER.parent.parent)}")
        for conversation in conversations:
            print(f"\n## {conversation['name']}")
            for turn in conversation["turns"]:
                print(f"  > {turn['user']}\n      {', '.join(turn['bot'])}")


if __name__ == "__main__":
    record([Path(p).resolve() for p in sys.argv[1:]] or files())
