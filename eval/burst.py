"""How long a burst of quick messages from one sender takes: N messages sent at once over REST
to one conversation (default 200), against a bot started by bot/servers.py on free ports with a
fresh SQLite store. Prints the time until the last reply, the answers by status, and whether
the store holds every message exactly once.

    .venv/bin/python eval/burst.py [--messages 200] [--lock-store rasa]

--lock-store rasa measures Rasa's own in-memory lock store instead of ours (for comparison).
A measurement, not a test: run it on an otherwise idle machine.
"""

import argparse
import json
import shutil
import socket
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy
import yaml

from bot import servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, body: dict, timeout: float = 600):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError as error:
        return type(error).__name__, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--lock-store", choices=["ours", "rasa"], default="ours")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="burst-"))
    port, actions_port = free_port(), free_port()
    endpoints = servers.endpoints_for(actions_port, workdir / "endpoints.yml")
    if args.lock_store == "rasa":
        config = yaml.safe_load(endpoints.read_text())
        config.pop("lock_store", None)
        endpoints.write_text(yaml.safe_dump(config))
    db_url = f"sqlite:///{workdir}/tracker.db"
    bot = servers.Servers(
        rasa=servers.rasa_command(port, servers.latest_model(), endpoints, interface="127.0.0.1"),
        actions=servers.actions_command(actions_port),
        port=port,
        actions_port=actions_port,
        env=servers.server_env(TRACKER_DB_URL=db_url),
        output=lambda name: open(workdir / f"{name}.log", "wb"),
    )
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    try:
        bot.start_both()
        sender = "burst-" + uuid.uuid4().hex[:8]
        post(url, {"sender": sender, "message": "hoi"})  # warm: the conversation exists
        texts = [f"bericht {i}" for i in range(args.messages)]
        started = time.monotonic()

        def send(text: str):
            status, _ = post(url, {"sender": sender, "message": text})
            return status, time.monotonic() - started

        with ThreadPoolExecutor(max_workers=args.messages) as pool:
            results = list(pool.map(send, texts))
        elapsed = max(t for _, t in results)
        engine = sqlalchemy.create_engine(db_url)
        with engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'"), {"s": sender}
            ).fetchall()
        stored = Counter(json.loads(row[0])["text"] for row in rows)
        once = sum(1 for t in texts if stored[t] == 1)
        print(f"lock store: {args.lock_store}")
        print(
            f"{args.messages} quick messages from one sender: last reply after {elapsed:.1f} s "
            f"({1000 * elapsed / args.messages:.0f} ms per message)"
        )
        print(f"answers by status: {dict(Counter(s for s, _ in results))}")
        print(f"stored exactly once: {once} of {args.messages}")
    finally:
        bot.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
