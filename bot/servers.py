"""Starting the bot: the action server and the Rasa server, written once.

Used by `make run` and `make shell` (scripts/run.sh), by the tests (tests/web/server.py), by
`make bench` (eval/bench.py) and by the systemd units in deploy/.

    python -m bot.servers run       both servers, each started again when it stops (make run)
    python -m bot.servers shell     the action server, and `rasa shell` in the terminal
    python -m bot.servers rasa      the Rasa server alone, in place of this process (systemd)
    python -m bot.servers actions   the action server alone, in place of this process (systemd)

Settings come from the environment (README.md): RASA_PORT, ACTIONS_PORT, RASA_INTERFACE,
RASA_API_TOKEN, TRACKER_DB_URL, WEBCHAT_ALLOWED_ORIGINS.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO, Callable, Dict, List, Optional, Sequence, Union

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RASA = str(BIN / "rasa")
ENDPOINTS = ROOT / "endpoints.yml"
CREDENTIALS = ROOT / "credentials.yml"

# How the supervisor of `make run` treats a server that stops, like the systemd units in
# deploy/ (Restart=always, RestartSec=2, StartLimitBurst=5 in StartLimitIntervalSec=60).
RESTART_DELAY_SECONDS = 2
RESTART_LIMIT = 5
RESTART_WINDOW_SECONDS = 60


def latest_model(models: Path = ROOT / "models") -> Path:
    """The newest trained model in models/."""
    found = sorted(models.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise FileNotFoundError("No trained model in models/: run `make train` first (make test does).")
    return found[-1]


def server_env(**settings: str) -> Dict[str, str]:
    """The environment both servers run in: quiet, without telemetry."""
    env = dict(
        os.environ,
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    env.update(settings)
    return env


def endpoints_for(actions_port: int, path: Path, template: Path = ENDPOINTS) -> Path:
    """endpoints.yml (or `template`) with the action server on `actions_port`, written to `path`."""
    endpoints = yaml.safe_load(template.read_text(encoding="utf-8")) or {}
    endpoints["action_endpoint"] = {
        **(endpoints.get("action_endpoint") or {}),
        "url": f"http://127.0.0.1:{actions_port}/webhook",
    }
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return path


def actions_command(port: int) -> List[str]:
    return [RASA, "run", "actions", "--port", str(port), "--actions", "actions"]


def rasa_command(
    port: int,
    model: Path,
    endpoints: Path = ENDPOINTS,
    credentials: Path = CREDENTIALS,
    api_token: Optional[str] = None,
    interface: str = "0.0.0.0",
) -> List[str]:
    command = [
        RASA,
        "run",
        "--interface",
        interface,
        "--port",
        str(port),
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
    ]
    # Rasa's HTTP API can read and change every conversation: never open it without a token.
    if api_token:
        command += ["--enable-api", "--auth-token", api_token]
    return command


def answers(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status == 200
    except OSError:
        return False


Output = Union[int, IO[bytes], None]


class Processes:
    """Named server processes started from one environment, each with the address that answers
    once it is ready; stopped in the reverse order of their names."""

    def __init__(
        self,
        commands: Dict[str, Sequence[str]],
        ready_urls: Dict[str, str],
        env: Optional[Dict[str, str]] = None,
        output: Callable[[str], Output] = lambda name: None,
    ) -> None:
        self.commands = {name: list(command) for name, command in commands.items()}
        self.ready_urls = dict(ready_urls)
        self.env = env or server_env()
        self.output = output  # where a server's output goes: a file per name, or the terminal
        self.processes: Dict[str, subprocess.Popen] = {}

    def start(self, name: str) -> subprocess.Popen:
        out = self.output(name)
        process = subprocess.Popen(
            self.commands[name],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT if out is not None else None,
        )
        self.processes[name] = process
        return process

    def alive(self, name: str) -> bool:
        process = self.processes.get(name)
        return process is not None and process.poll() is None

    def ready(self, name: str) -> bool:
        return answers(self.ready_urls[name])

    def wait_ready(self, name: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive(name):
                raise RuntimeError(f"The {name} server stopped while starting")
            if self.ready(name):
                return
            time.sleep(0.5)
        raise RuntimeError(f"The {name} server did not start within {timeout:.0f} s")

    def stop(self, name: str, timeout: float = 30) -> None:
        process = self.processes.get(name)
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for name in reversed(list(self.commands)):
            self.stop(name)


class Servers(Processes):
    """The action server and the Rasa server as child processes."""

    def __init__(
        self,
        rasa: Sequence[str],
        actions: Sequence[str],
        port: int,
        actions_port: int,
        env: Optional[Dict[str, str]] = None,
        output: Callable[[str], Output] = lambda name: None,
    ) -> None:
        super().__init__(
            {"actions": actions, "rasa": rasa},
            {
                "actions": f"http://127.0.0.1:{actions_port}/health",
                "rasa": f"http://127.0.0.1:{port}/",  # Rasa listens only once the model is loaded
            },
            env,
            output,
        )
        self.port, self.actions_port = port, actions_port
        self.url = f"http://127.0.0.1:{port}"

    def start_both(self, timeout: float = 300) -> None:
        self.start("actions")
        self.start("rasa")
        self.wait_ready("actions", timeout)
        self.wait_ready("rasa", timeout)


def log(text: str) -> None:
    print(f"[wegwijzer {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def supervise(servers: Processes, names: Sequence[str] = ("actions", "rasa"), started: bool = False) -> int:
    """Runs the servers (started here unless `started`) until Ctrl-C or SIGTERM; a server that
    stops is started again after RESTART_DELAY_SECONDS, and the log says so. A server that
    stops RESTART_LIMIT times within RESTART_WINDOW_SECONDS is given up (like systemd's start
    limit) and everything stops."""
    stopping = {"now": False}

    def stop(_signal: int, _frame: object) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    restarts: Dict[str, List[float]] = {name: [] for name in names}
    for name in names:
        if not started:
            servers.start(name)
    try:
        while not stopping["now"]:
            time.sleep(0.5)
            for name in names:
                process = servers.processes[name]
                if stopping["now"] or process.poll() is None:
                    continue
                now = time.monotonic()
                recent = [t for t in restarts[name] if now - t < RESTART_WINDOW_SECONDS]
                if len(recent) >= RESTART_LIMIT:
                    log(
                        f"The {name} server stopped {RESTART_LIMIT} times within {RESTART_WINDOW_SECONDS} s; giving up."
                    )
                    return 1
                log(
                    f"The {name} server stopped (exit code {process.returncode}); "
                    f"starting it again in {RESTART_DELAY_SECONDS} s."
                )
                time.sleep(RESTART_DELAY_SECONDS)
                restarts[name] = [*recent, now]
                servers.start(name)
                log(f"The {name} server started again (pid {servers.processes[name].pid}).")
        return 0
    finally:
        servers.stop_all()


def from_environment() -> "tuple[Servers, Path]":
    """The servers as `make run` starts them, and the endpoints file the Rasa server uses."""
    port = int(os.environ.get("RASA_PORT", "5005"))
    actions_port = int(os.environ.get("ACTIONS_PORT", "5055"))
    endpoints = ENDPOINTS
    if actions_port != 5055:  # endpoints.yml names the default port
        (ROOT / "var").mkdir(mode=0o700, exist_ok=True)
        endpoints = endpoints_for(actions_port, ROOT / "var" / f"endpoints-{actions_port}.yml")
    rasa = rasa_command(
        port,
        latest_model(),
        endpoints,
        api_token=os.environ.get("RASA_API_TOKEN") or None,
        interface=os.environ.get("RASA_INTERFACE") or "0.0.0.0",
    )
    return Servers(rasa, actions_command(actions_port), port, actions_port), endpoints


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Starts the Wegwijzer bot (see the module's docstring).")
    parser.add_argument("what", choices=["run", "shell", "rasa", "actions"])
    what = parser.parse_args(argv).what
    servers, endpoints = from_environment()
    if what in ("rasa", "actions"):  # for a process manager: become the server itself
        os.execve(servers.commands[what][0], servers.commands[what], servers.env)
    try:
        if what == "shell":
            servers.start("actions")
            try:
                shell = [RASA, "shell", "--port", str(servers.port), "--endpoints", str(endpoints)]
                return subprocess.call(shell, cwd=ROOT, env=servers.env)
            except KeyboardInterrupt:
                return 0
            finally:
                servers.stop_all()
        log(
            f"Starting the bot: open http://localhost:{servers.port}/ in a browser for the chat "
            f"(REST: /webhooks/rest/webhook). Ctrl-C stops it."
        )
        return supervise(servers)
    finally:
        if endpoints != ENDPOINTS:  # written for another action server port
            endpoints.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
