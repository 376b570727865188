"""The bot as a user meets it: action server and Rasa server on free ports, a fresh SQLite
tracker store, the trained model and the project's credentials.yml. Started once per test
session; the server can be stopped and started again to test what the widget does meanwhile."""
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Optional

import sqlalchemy

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
START_TIMEOUT_SECONDS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def latest_model() -> Path:
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError("No trained model in models/: run `make train` first (make test does).")
    return models[-1]


class BotServer:
    def __init__(self, workdir: Path, allowed_origins: str = "") -> None:
        self.workdir = workdir
        self.port = free_port()
        self.actions_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_url = f"sqlite:///{workdir}/tracker.db"
        self.endpoints = workdir / "endpoints.yml"
        self.endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
            "tracker_store:\n  type: bot.store.tracker_store.UrlSQLTrackerStore\n",
            encoding="utf-8",
        )
        self.env = dict(
            os.environ,
            RASA_TELEMETRY_ENABLED="false",
            TRACKER_DB_URL=self.db_url,
            WEBCHAT_ALLOWED_ORIGINS=allowed_origins,
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            TF_CPP_MIN_LOG_LEVEL="2",
        )
        self.actions: Optional[subprocess.Popen] = None
        self.rasa: Optional[subprocess.Popen] = None

    def _spawn(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "ab")
        return subprocess.Popen([str(BIN / "rasa"), *args], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def start(self) -> None:
        if self.actions is None:
            self.actions = self._spawn("actions", "run", "actions", "--port", str(self.actions_port), "--actions", "actions")
        self.rasa = self._spawn(
            "rasa", "run", "--port", str(self.port), "--model", str(latest_model()),
            "--endpoints", str(self.endpoints), "--credentials", str(ROOT / "credentials.yml"),
        )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.rasa.poll() is not None:
                raise RuntimeError(f"Rasa stopped while starting; see {self.workdir}/rasa.log")
            try:
                # The model is loaded when the history endpoint answers 200 (503 before).
                status, _ = self.post("/webchat/api/history", {"session_id": "0" * 32})
                if status == 200 and self._actions_up():
                    return
            except OSError:
                pass
            time.sleep(1)
        raise RuntimeError(f"Rasa did not start within {START_TIMEOUT_SECONDS} s; see {self.workdir}/rasa.log")

    def _actions_up(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.actions_port}/health", timeout=2):
                return True
        except OSError:
            return False

    def stop_rasa(self) -> None:
        if self.rasa and self.rasa.poll() is None:
            self.rasa.terminate()
            try:
                self.rasa.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.rasa.kill()
                self.rasa.wait()

    def stop(self) -> None:
        self.stop_rasa()
        if self.actions and self.actions.poll() is None:
            self.actions.terminate()
            self.actions.wait(timeout=30)

    def post(self, path: str, body, headers: Optional[Dict[str, str]] = None, raw: Optional[bytes] = None):
        """(status, parsed JSON or text) of a POST to the Rasa server."""
        data = raw if raw is not None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method="POST", headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        try:
            return status, json.loads(payload.decode("utf-8"))
        except ValueError:
            return status, payload.decode("utf-8", "replace")

    def stored_events(self, sender_id: str):
        """The events the tracker store holds for one conversation: (type, text) in order."""
        engine = sqlalchemy.create_engine(self.db_url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    sqlalchemy.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"),
                    {"s": sender_id},
                ).fetchall()
        except sqlalchemy.exc.OperationalError:
            return []  # no table yet: nothing stored
        finally:
            engine.dispose()
        return [(row[0], json.loads(row[1]).get("text")) for row in rows]
