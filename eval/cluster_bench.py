"""`make bench BENCH_ARGS=--cluster`: what replicas behind the proxy bring on this machine.

In one run, on the trained model of models/ (make train), with the load of eval/bench.py
(scripted multi-turn REST conversations, one new sender per conversation):
  - the single process as `make run` ships it (SQLite, in-process lock): the baseline;
  - one replica on PostgreSQL with the advisory lock, straight and through nginx;
  - two replicas on PostgreSQL through nginx (`make cluster`, bot/cluster.py);
each at concurrency 20 and 50: throughput, p50, p95, errors, and the CPU per turn of the Rasa
servers, the action servers, nginx and PostgreSQL. Writes the section between the cluster
markers of docs/PERFORMANCE.md (kept there when `make bench` rewrites the rest), with the
reading in eval/cluster_notes.md, and results/bench/cluster.json.

Needs PostgreSQL: run through scripts/postgres_for_tests.sh (bench.py --cluster does).
"""

import datetime
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Dict, List, Tuple

from bench import DOCS, OUT, ROOT, cpu_seconds, free_port, machine, run_load, wait_for  # eval/ is on the path
from bot import servers
from bot.cluster import Layout, LocalCluster, create_database

LEVELS = (20, 50)
START = "<!-- cluster bench: start (written by eval/cluster_bench.py) -->"
END = "<!-- cluster bench: end -->"
NOTES = ROOT / "eval" / "cluster_notes.md"


def process_tree_cpu(root_pids: List[int]) -> float:
    """CPU seconds so far of these processes and all their descendants (nginx's worker,
    PostgreSQL's backends)."""
    parents: Dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    tree, frontier = set(root_pids), list(root_pids)
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid and child not in tree]
        tree.update(children)
        frontier.extend(children)
    total = 0.0
    for pid in tree:
        try:
            total += cpu_seconds(pid)
        except OSError:
            pass
    return total


def postmaster_pid(database_url: str) -> int:
    """The PostgreSQL server's main process, found by the port it listens on."""
    port = str(servers_port(database_url))
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                args = cmdline.read().split(b"\0")
        except OSError:
            continue
        if args and args[0].endswith(b"postgres") and port.encode() in args:
            return int(entry)
    raise RuntimeError("PostgreSQL's server process not found")


def servers_port(database_url: str) -> int:
    from sqlalchemy.engine import make_url

    return make_url(database_url).port or 5432


def measure(url: str, groups: Dict[str, Callable[[], List[int]]], turns: int) -> Dict[int, Dict[str, object]]:
    """run_load at each level, with the CPU milliseconds per turn of each group of processes."""
    results = {}
    for level in LEVELS:
        before = {name: process_tree_cpu(pids()) for name, pids in groups.items()}
        result = run_load(url, turns, level)
        after = {name: process_tree_cpu(pids()) for name, pids in groups.items()}
        result.pop("latencies")
        result["cpu ms per turn"] = {n: 1000 * (after[n] - before[n]) / result["turns"] for n in groups}
        results[level] = result
        print(f"  concurrency {level}: {json.dumps({k: v for k, v in result.items()}, default=str)}", flush=True)
    return results


def single_process(turns: int) -> Dict[int, Dict[str, object]]:
    """The baseline: one Rasa server and its action server as `make run` starts them."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-single-"))
    port, actions_port = free_port(), free_port()
    bot = servers.Servers(
        rasa=servers.rasa_command(
            port, servers.latest_model(), servers.endpoints_for(actions_port, workdir / "e.yml"), interface="127.0.0.1"
        ),
        actions=servers.actions_command(actions_port),
        port=port,
        actions_port=actions_port,
        env=servers.server_env(TRACKER_DB_URL=f"sqlite:///{workdir}/tracker.db"),
        output=lambda name: open(workdir / f"{name}.log", "ab"),
    )
    try:
        bot.start_both()
        url = f"{bot.url}/webhooks/rest/webhook"
        warm_up(url)
        groups = {
            "rasa": lambda: [bot.processes["rasa"].pid],
            "actions": lambda: [bot.processes["actions"].pid],
        }
        return measure(url, groups, turns)
    finally:
        bot.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


def warm_up(url: str) -> None:
    wait_for(lambda: run_load(url, 30, 2)["errors"] == 0, 120)


def cluster_runs(server_url: str, replicas: int, turns: int) -> List[Tuple[str, Dict[int, Dict[str, object]]]]:
    """The replicas behind nginx; with one replica also straight, without the proxy."""
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-cluster-{replicas}-"))
    layout = Layout(free_port(), [free_port() for _ in range(replicas)], [free_port() for _ in range(replicas)])
    database_url = create_database(server_url, f"bench_{replicas}_{os.getpid()}")
    cluster = LocalCluster(database_url, layout, workdir, output=lambda name: open(workdir / f"{name}.log", "ab"))
    postgres = postmaster_pid(server_url)
    names = cluster.names

    def pids(prefix: str) -> Callable[[], List[int]]:
        return lambda: [cluster.processes.processes[n].pid for n in names if n.startswith(prefix)]

    groups = {
        "rasa": pids("rasa-"),
        "actions": pids("actions-"),
        "nginx": pids("proxy"),
        "postgresql": lambda: [postgres],
    }
    runs = []
    try:
        cluster.start()
        proxy_url = f"{cluster.url}/webhooks/rest/webhook"
        warm_up(proxy_url)
        if replicas == 1:
            print("1 replica on PostgreSQL, straight", flush=True)
            runs.append(
                (
                    "1 replica, PostgreSQL, no proxy",
                    measure(f"{cluster.rasa_url(1)}/webhooks/rest/webhook", groups, turns),
                )
            )
        print(f"{replicas} replica(s) through nginx", flush=True)
        runs.append(
            (f"{replicas} replica{'s' if replicas > 1 else ''}, PostgreSQL, nginx", measure(proxy_url, groups, turns))
        )
        return runs
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def table(runs: List[Tuple[str, Dict[int, Dict[str, object]]]]) -> List[str]:
    baseline = runs[0][1]
    lines = [
        "| run | concurrency | turns/s | ratio to single process | p50 (ms) | p95 (ms) | errors | turns "
        "| CPU per turn (ms): Rasa / actions / nginx / PostgreSQL / all |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, levels in runs:
        for level, r in levels.items():
            cpu = r["cpu ms per turn"]
            parts = [cpu.get(k) for k in ("rasa", "actions", "nginx", "postgresql")]
            shown = " / ".join("-" if p is None else f"{p:.1f}" for p in parts)
            total = sum(p for p in parts if p is not None)
            ratio = r["throughput (turns/s)"] / baseline[level]["throughput (turns/s)"]
            lines.append(
                f"| {name} | {level} | {r['throughput (turns/s)']:.1f} | {ratio:.2f} | {r['p50 (ms)']:.0f} "
                f"| {r['p95 (ms)']:.0f} | {r['errors']} | {r['turns']} | {shown} / {total:.1f} |"
            )
    return lines


def write_section(runs, turns: int) -> None:
    section = [
        START,
        "## Replicas behind the proxy (`make bench BENCH_ARGS=--cluster`)",
        "",
        f"Measured on {datetime.date.today().isoformat()} by `eval/cluster_bench.py`. Machine: {machine()}. "
        f"The load of the table above (scripted REST conversations, a new sender each), at least {turns} turns "
        "per row; CPU per turn counts every process of the group, nginx's worker and PostgreSQL's "
        "backends included. The replicas run as `make cluster` starts them (bot/cluster.py): PostgreSQL "
        "tracker store, the advisory conversation lock, nginx hashing on the sender.",
        "",
        *table(runs),
        "",
    ]
    if NOTES.exists():
        section.append(NOTES.read_text(encoding="utf-8").rstrip())
    section.append(END)
    path = DOCS / "PERFORMANCE.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if START in text:
        before, rest = text.split(START, 1)
        text = before + "\n".join(section) + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + "\n".join(section) + "\n"
    path.write_text(text, encoding="utf-8")


def kept_section(text: str) -> str:
    """The cluster section of an existing docs/PERFORMANCE.md, for bench.py to keep."""
    if START not in text:
        return ""
    return START + text.split(START, 1)[1].split(END, 1)[0] + END + "\n"


def main(turns: int) -> None:
    server_url = os.environ.get("TEST_POSTGRES_URL")
    if not server_url:
        raise SystemExit("Needs PostgreSQL: run `make bench BENCH_ARGS=--cluster` (it starts a throwaway server).")
    OUT.mkdir(parents=True, exist_ok=True)
    print("single process (make run: SQLite, in-process lock)", flush=True)
    runs = [("single process (make run, SQLite)", single_process(turns))]
    runs += cluster_runs(server_url, 1, turns)
    runs += cluster_runs(server_url, 2, turns)
    (OUT / "cluster.json").write_text(json.dumps(dict(runs), indent=2, default=str))
    write_section(runs, turns)
    print("\n".join(table(runs)))
    print("\nWritten: docs/PERFORMANCE.md (cluster section), results/bench/cluster.json")
