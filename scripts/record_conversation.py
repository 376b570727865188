"""Plays a scripted conversation against the trained model and the running action server,
prints it, and appends it as a Rasa test story to a file.

Usage: python scripts/record_conversation.py FILE "story name" "msg 1" "msg 2" ...
Start the action server first: .venv/bin/rasa run actions --actions actions
Used to write tests/conversations/ from real runs: read the printed replies before
keeping a story, because a test story records what the bot did, right or wrong.
"""
import asyncio
import logging
import os
import sys
import uuid
from pathlib import Path

import yaml


async def main(out: Path, name: str, messages) -> None:
    from rasa.core.agent import Agent
    from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.endpoints import EndpointConfig

    configure_logging_and_warnings(logging.ERROR)
    models = sorted(Path("models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    agent = Agent.load(str(models[-1]), action_endpoint=EndpointConfig("http://localhost:5055/webhook"))
    sender = uuid.uuid4().hex
    for text in messages:
        print(f"│ > {text}")
        for reply in await agent.handle_text(text, sender_id=sender) or []:
            buttons = " | ".join(b["title"] for b in reply.get("buttons", []))
            body = (reply.get("text") or "").replace("\n", "\n│   ")
            print(f"│   {body}" + (f"  [{buttons}]" if buttons else ""))
    tracker = await agent.tracker_store.retrieve(sender)
    story = tracker.as_story(include_source=False)
    steps = yaml.safe_load(YAMLStoryWriter().dumps(story.story_steps, is_test_story=True))["stories"][0]["steps"]
    existing = yaml.safe_load(out.read_text(encoding="utf-8")) if out.exists() else None
    document = existing or {"version": "3.1", "stories": []}
    document["stories"] = [s for s in document["stories"] if s["story"] != name]
    document["stories"].append({"story": name, "steps": steps})
    out.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3:]))
