"""`make cluster`: the bot scaled out on this machine, with the topology of production
(docs/DEPLOY.md): N Rasa replicas, each with its action server, on one PostgreSQL database with
the conversation lock that holds across replicas, behind nginx with conversation-affine routing
(deploy/nginx/wegwijzer-proxy.conf.template) and fail-over to another replica.

    python -m bot.cluster --database postgresql://...   (scripts/cluster.sh gives a throwaway one)

Used by `make cluster` (scripts/cluster.sh), by the cluster tests (tests/cluster/) and by
`make bench`'s cluster run (eval/cluster_bench.py). Every server is started again when it stops,
as in `make run`; Ctrl-C stops them all.
"""

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import sqlalchemy
from sqlalchemy.engine import make_url

from bot import servers
from bot.servers import ROOT, Output, Processes, log
from bot.store.lock_store import is_postgresql

PROXY_TEMPLATE = ROOT / "deploy" / "nginx" / "wegwijzer-proxy.conf.template"
DEFAULT_REPLICAS = 2
DEFAULT_PROXY_PORT = 8080
# Out of the way of `make run` (5005, 5055): both can run on one machine.
DEFAULT_FIRST_RASA_PORT = 5105
DEFAULT_FIRST_ACTIONS_PORT = 5155
START_TIMEOUT_SECONDS = 300


def nginx_binary() -> Optional[str]:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


@dataclass(frozen=True)
class Layout:
    """Where everything listens: the proxy, and per replica its Rasa server and action server."""

    proxy_port: int
    rasa_ports: List[int]
    actions_ports: List[int]

    @classmethod
    def consecutive(cls, replicas: int, proxy_port: int, first_rasa_port: int, first_actions_port: int) -> "Layout":
        return cls(
            proxy_port,
            [first_rasa_port + i for i in range(replicas)],
            [first_actions_port + i for i in range(replicas)],
        )

    @property
    def replicas(self) -> int:
        return len(self.rasa_ports)


def nginx_config(layout: Layout, prefix: Path) -> str:
    """A complete nginx.conf: the shared proxy settings with this machine's replicas, and every
    file nginx writes kept under `prefix`."""
    proxy = PROXY_TEMPLATE.read_text(encoding="utf-8").replace(
        "${WEGWIJZER_PROXY_LISTEN}", f"127.0.0.1:{layout.proxy_port}"
    )
    replicas = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in layout.rasa_ports)
    temp_paths = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    access_log off;
    # Which replica answered: for the tests and for watching the routing on this machine.
    add_header X-Wegwijzer-Replica $upstream_addr always;
{temp_paths}
    upstream wegwijzer_replicas {{
        hash $wegwijzer_conversation consistent;
{replicas}
        keepalive 16;
    }}
{proxy}
}}
"""


def create_database(server_url: str, name: str) -> str:
    """A new, empty database `name` (letters, digits, _) on the server of `server_url`; its URL.
    For the tests and the benchmark, so that each cluster starts on empty tables."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain database name: {name!r}")
    engine = sqlalchemy.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
    finally:
        engine.dispose()
    return str(make_url(server_url).set(database=name))


def replica_names(replica: int) -> Dict[str, str]:
    return {"actions": f"actions-{replica}", "rasa": f"rasa-{replica}"}


class LocalCluster:
    """The replicas and the proxy as child processes of this one (bot/servers.py Processes)."""

    def __init__(
        self,
        database_url: str,
        layout: Layout,
        workdir: Path,
        output: Callable[[str], Output] = lambda name: None,
        model: Optional[Path] = None,
        extra_env: Optional[Dict[str, str]] = None,
    ) -> None:
        if not is_postgresql(database_url):
            raise ValueError("Several replicas need their conversations on PostgreSQL (TRACKER_DB_URL)")
        nginx = nginx_binary()
        if nginx is None:
            raise FileNotFoundError("nginx is missing: apt-get install nginx (make cluster does this as root)")
        self.layout = layout
        self.url = f"http://127.0.0.1:{layout.proxy_port}"
        model = model or servers.latest_model()
        env = servers.server_env(
            TRACKER_DB_URL=database_url,
            PUBLIC_URL=os.environ.get("PUBLIC_URL") or f"http://localhost:{layout.proxy_port}",
            SANIC_PROXIES_COUNT="1",  # the intake pages' limiter sees the client, not nginx
            **{"CONVERSATION_LOCK": "postgresql", **(extra_env or {})},
        )
        commands: Dict[str, Sequence[str]] = {}
        ready_urls: Dict[str, str] = {}
        for replica, (port, actions_port) in enumerate(
            zip(layout.rasa_ports, layout.actions_ports, strict=True), start=1
        ):
            names = replica_names(replica)
            endpoints = servers.endpoints_for(actions_port, workdir / f"endpoints-{replica}.yml")
            commands[names["actions"]] = servers.actions_command(actions_port)
            ready_urls[names["actions"]] = f"http://127.0.0.1:{actions_port}/health"
            commands[names["rasa"]] = servers.rasa_command(
                port, model, endpoints, api_token=os.environ.get("RASA_API_TOKEN") or None, interface="127.0.0.1"
            )
            ready_urls[names["rasa"]] = f"http://127.0.0.1:{port}/"
        # nginx's worker runs as `nobody` when started by root: its folder must be reachable.
        self.proxy_dir = Path(tempfile.mkdtemp(prefix="wegwijzer-proxy."))
        self.proxy_dir.chmod(0o755)
        config = self.proxy_dir / "nginx.conf"
        config.write_text(nginx_config(layout, self.proxy_dir), encoding="utf-8")
        commands["proxy"] = [nginx, "-p", str(self.proxy_dir), "-e", "stderr", "-c", str(config), "-g", "daemon off;"]
        ready_urls["proxy"] = self.url + "/"
        self.processes = Processes(commands, ready_urls, env, output)

    @property
    def names(self) -> List[str]:
        return list(self.processes.commands)

    def rasa_url(self, replica: int) -> str:
        return f"http://127.0.0.1:{self.layout.rasa_ports[replica - 1]}"

    def start(self, timeout: float = START_TIMEOUT_SECONDS) -> None:
        for name in self.names:
            self.processes.start(name)
        for name in self.names:
            self.processes.wait_ready(name, timeout)

    def stop(self) -> None:
        self.processes.stop_all()
        shutil.rmtree(self.proxy_dir, ignore_errors=True)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Starts the bot as replicas behind nginx (see the module's docstring)."
    )
    parser.add_argument("--database", default=os.environ.get("TRACKER_DB_URL"), help="PostgreSQL URL")
    parser.add_argument("--replicas", type=int, default=int(os.environ.get("CLUSTER_REPLICAS", DEFAULT_REPLICAS)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT", DEFAULT_PROXY_PORT)))
    parser.add_argument("--first-rasa-port", type=int, default=DEFAULT_FIRST_RASA_PORT)
    parser.add_argument("--first-actions-port", type=int, default=DEFAULT_FIRST_ACTIONS_PORT)
    args = parser.parse_args(argv)
    if not args.database or not is_postgresql(args.database) or args.replicas < 1:
        parser.error("needs --database (or TRACKER_DB_URL) on PostgreSQL and at least one replica")
    layout = Layout.consecutive(args.replicas, args.port, args.first_rasa_port, args.first_actions_port)
    logs = ROOT / "var" / "cluster"
    logs.mkdir(mode=0o700, parents=True, exist_ok=True)
    cluster = LocalCluster(args.database, layout, logs, output=lambda name: open(logs / f"{name}.log", "ab"))
    log(f"Starting {layout.replicas} replicas and nginx; the servers' output goes to {logs.relative_to(ROOT)}/.")
    try:
        cluster.start()
        log(
            f"Ready: open http://localhost:{layout.proxy_port}/ for the chat (REST: /webhooks/rest/webhook), "
            f"replicas on {', '.join(map(str, layout.rasa_ports))}. Ctrl-C stops everything."
        )
        return servers.supervise(cluster.processes, cluster.names, started=True)
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
