"""The bot as a user meets it: action server and Rasa server on free ports of 127.0.0.1 (started
by bot/servers.py, as `make run` does), its own tracker store (a fresh SQLite file, or the
database given), the trained model and the project's credentials.yml and endpoints.yml.
The Rasa server can be stopped and started again to test what the widget does meanwhile."""

import json
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import sqlalchemy

from bot import servers
from bot.store.sessions import conversation_id

ROOT = servers.ROOT
START_TIMEOUT_SECONDS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BotServer:
    def __init__(
        self, workdir: Path, allowed_origins: str = "", db_url: Optional[str] = None, beheer_token: str = ""
    ) -> None:
        self.workdir = workdir
        self.port, self.actions_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_url = db_url or f"sqlite:///{workdir}/tracker.db"
        endpoints = servers.endpoints_for(self.actions_port, workdir / "endpoints.yml")
        self.servers = servers.Servers(
            rasa=servers.rasa_command(self.port, servers.latest_model(), endpoints, interface="127.0.0.1"),
            actions=servers.actions_command(self.actions_port),
            port=self.port,
            actions_port=self.actions_port,
            env=servers.server_env(
                TRACKER_DB_URL=self.db_url,
                WEBCHAT_ALLOWED_ORIGINS=allowed_origins,
                PUBLIC_URL=self.url,
                BEHEER_TOKEN=beheer_token,  # empty: the dashboard /beheer/ is off
            ),
            output=lambda name: open(workdir / f"{name}.log", "ab"),
        )
        self._engine: Optional[sqlalchemy.engine.Engine] = None

    @property
    def rasa(self):
        return self.servers.processes.get("rasa")

    @property
    def actions(self):
        return self.servers.processes.get("actions")

    def alive(self) -> bool:
        """Both servers still run (the processes the tests started: nothing restarted them)."""
        return self.servers.alive("rasa") and self.servers.alive("actions")

    def log(self, name: str = "rasa") -> str:
        return (self.workdir / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def start(self) -> None:
        if not self.servers.alive("actions"):
            self.servers.start("actions")
        self.servers.start("rasa")
        self.servers.wait_ready("actions", START_TIMEOUT_SECONDS)
        self.servers.wait_ready("rasa", START_TIMEOUT_SECONDS)
        # The website chat answers once the model and the tracker store are loaded.
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while self.post("/webchat/api/session", {})[0] != 200:
            if time.monotonic() > deadline or not self.servers.alive("rasa"):
                raise RuntimeError(f"The website chat did not start; see {self.workdir}/rasa.log")
            time.sleep(1)

    def stop_rasa(self) -> None:
        self.servers.stop("rasa")

    def stop(self) -> None:
        self.servers.stop_all()
        if self._engine is not None:
            self._engine.dispose()

    def post(
        self,
        path: str,
        body,
        headers: Optional[Dict[str, str]] = None,
        raw: Optional[bytes] = None,
        timeout: float = 120,
    ):
        """(status, parsed JSON or text) of a POST to the Rasa server."""
        data = raw if raw is not None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method="POST", headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        try:
            return status, json.loads(payload.decode("utf-8"))
        except ValueError:
            return status, payload.decode("utf-8", "replace")

    def get(self, path: str, headers: Optional[Dict[str, str]] = None, timeout: float = 120):
        """(status, headers, text) of a GET to the Rasa server."""
        request = urllib.request.Request(self.url + path, method="GET", headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

    def new_session(self) -> str:
        status, body = self.post("/webchat/api/session", {})
        assert status == 200, body
        return body["session_id"]

    @property
    def engine(self) -> sqlalchemy.engine.Engine:
        if self._engine is None:
            self._engine = sqlalchemy.create_engine(self.db_url, pool_pre_ping=True)
        return self._engine

    def stored(self, sender_id: str) -> List[Tuple[str, dict]]:
        """The events the tracker store holds for one conversation: (type, data) in order."""
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(
                    sqlalchemy.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"),
                    {"s": sender_id},
                ).fetchall()
        except sqlalchemy.exc.OperationalError:
            return []  # no table yet: nothing stored
        return [(row[0], json.loads(row[1])) for row in rows]

    def stored_events(self, sender_id: str) -> List[Tuple[str, Optional[str]]]:
        """(type, text) of the stored events of a REST conversation, in order."""
        return [(kind, data.get("text")) for kind, data in self.stored(sender_id)]

    def webchat_events(self, session_id: str) -> List[Tuple[str, Optional[str]]]:
        """(type, text) of the stored events of a website-chat session, in order."""
        return self.stored_events(conversation_id(session_id))
