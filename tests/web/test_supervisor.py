"""`make run` keeps the bot up: the supervisor in bot/servers.py starts a server again when it
stops, says so in the log, and stops both on SIGTERM (as Ctrl-C does)."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bot import servers
from tests.web.server import ROOT, free_port

pytestmark = pytest.mark.browser
WAIT_SECONDS = 300  # a bound for a broken supervisor, not a measurement


def children(pid: int):
    """{name: pid} of the supervisor's child servers, from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != pid:
                continue
            cmdline = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        found["actions" if b"actions" in cmdline else "rasa"] = int(stat.parent.name)
    return found


def wait_until(check, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"not within {WAIT_SECONDS} s: {what}")


def test_make_run_starts_a_stopped_server_again_and_says_so(tmp_path):
    port, actions_port = free_port(), free_port()
    env = servers.server_env(
        RASA_PORT=str(port),
        ACTIONS_PORT=str(actions_port),
        RASA_INTERFACE="127.0.0.1",
        TRACKER_DB_URL=f"sqlite:///{tmp_path}/tracker.db",
    )
    log = tmp_path / "run.log"
    with open(log, "wb") as out:
        supervisor = subprocess.Popen(
            [str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until(
            lambda: servers.answers(url) and servers.answers(f"http://127.0.0.1:{actions_port}/health"),
            "both servers up",
        )
        for name in ("actions", "rasa"):
            before = children(supervisor.pid)[name]
            os.kill(before, signal.SIGKILL)
            wait_until(
                lambda name=name: f"The {name} server started again" in log.read_text(errors="replace"),
                f"the {name} server started again",
            )
            assert f"The {name} server stopped (exit code -9)" in log.read_text(errors="replace")
            wait_until(
                lambda: servers.answers(url) and servers.answers(f"http://127.0.0.1:{actions_port}/health"),
                "both servers up again",
            )
            assert children(supervisor.pid)[name] != before
        running = children(supervisor.pid)
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=60) == 0
        assert not [pid for pid in running.values() if Path(f"/proc/{pid}").exists()]  # both stopped
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
        for pid in children(supervisor.pid).values():
            os.kill(pid, signal.SIGKILL)
