"""The bot as `make cluster` runs it (bot/cluster.py): two replicas with their action servers on
a database of their own on the tests' throwaway PostgreSQL server
(scripts/postgres_for_tests.sh), behind nginx, every port free-chosen."""

import json
import os
import shutil
import time
import uuid
from typing import Any, Dict, List, Optional, Tuple

import pytest
import requests
import sqlalchemy

from bot.cluster import Layout, LocalCluster, create_database, nginx_binary
from tests.web.server import ROOT, free_port

OUTPUT = ROOT / "results" / "cluster"
REPLICAS = 2
# Scripted answers of a job seeker (as eval/bench.py): every answer moves the dialogue on, so
# a lost, doubled or reordered message shows in the bot's replies.
JOB_SEEKER = [
    "hoi",
    "ik zoek werk",
    "structuur en collega's",
    "iets met mijn handen, in de techniek",
    "klussen en fietsen maken",
    "ik ben handig en nauwkeurig",
    "in een klein team met vaste taken",
    "mijn behandelaar en mijn zus",
    "ja",
    "nee",
    "ik heb bijstand",
    "Groningen",
    "ja klopt",
]


class Cluster:
    """The running cluster as the tests use it: requests to the proxy or to one replica, and
    what the database holds."""

    def __init__(self, local: LocalCluster, database_url: str) -> None:
        self.local = local
        self.proxy = local.url
        self.engine = sqlalchemy.create_engine(database_url, pool_pre_ping=True)

    def replica(self, number: int) -> str:
        return self.local.rasa_url(number)

    def kill(self, name: str) -> None:
        """SIGKILL: the replica gets no chance to finish anything."""
        process = self.local.processes.processes[name]
        process.kill()
        process.wait()

    def stored(self, sender_id: str) -> List[Tuple[str, Optional[str]]]:
        """(type, text) of the user and bot messages stored for one conversation, in order."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text(
                    "SELECT type_name, data FROM events WHERE sender_id = :s AND type_name IN ('user', 'bot') "
                    "ORDER BY id"
                ),
                {"s": sender_id},
            ).fetchall()
        return [(row[0], json.loads(row[1]).get("text")) for row in rows]

    def event_count(self, sender_id: str) -> int:
        with self.engine.connect() as connection:
            return connection.execute(
                sqlalchemy.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender_id}
            ).scalar()


def post(base: str, path: str, body: Dict[str, Any], timeout: float = 60) -> Tuple[int, Any, str]:
    """(status, JSON or text, replica that answered) of a POST; status 0 when no answer came."""
    try:
        response = requests.post(base + path, json=body, timeout=timeout)
    except requests.RequestException:
        return 0, None, ""
    try:
        payload = response.json()
    except ValueError:
        payload = response.text
    replica = response.headers.get("X-Wegwijzer-Replica", "").split(",")[-1].strip()
    return response.status_code, payload, replica


def user_texts(stored: List[Tuple[str, Optional[str]]]) -> List[Optional[str]]:
    return [text for kind, text in stored if kind == "user"]


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    server_url = os.environ.get("TEST_POSTGRES_URL")
    if not server_url:
        pytest.fail("TEST_POSTGRES_URL is not set: run the tests with `make test-cluster` (it starts PostgreSQL).")
    if nginx_binary() is None:
        pytest.fail("nginx is missing: apt-get install nginx (make test-cluster does this as root).")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    workdir = tmp_path_factory.mktemp("cluster")
    database_url = create_database(server_url, f"cluster_{uuid.uuid4().hex[:12]}")
    layout = Layout(free_port(), [free_port() for _ in range(REPLICAS)], [free_port() for _ in range(REPLICAS)])
    local = LocalCluster(database_url, layout, workdir, output=lambda name: open(workdir / f"{name}.log", "ab"))
    running = Cluster(local, database_url)
    try:
        local.start()
        # The replicas answer / once the model is loaded; the chat's API once the store is too.
        deadline = time.monotonic() + 120
        for base in (local.url, *(local.rasa_url(n) for n in range(1, REPLICAS + 1))):
            while post(base, "/webchat/api/session", {})[0] != 200:
                assert time.monotonic() < deadline, f"the website chat did not start; see {workdir}"
                time.sleep(0.5)
        yield running
    finally:
        local.stop()
        running.engine.dispose()
        for log in workdir.glob("*.log"):
            shutil.copy(log, OUTPUT / log.name)
