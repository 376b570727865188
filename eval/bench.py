"""`make bench`: how fast the bot answers and what it costs, next to Rasa's default configuration.

One run, both configurations (ours: config.yml; default: eval/config_default.yml), trained on
the same data and measured the same way on this machine, in three runs (see RUNS): ours as it
ships, the default configuration on Rasa's own serving, and the default configuration on ours:
  - training time (a fresh Rasa cache, so nothing is reused from earlier trainings);
  - cold start: from starting `rasa run` to the first answered message;
  - per-turn latency over scripted multi-turn conversations (REST, action server included),
    at concurrency 1 and 20, at least --turns turns each; throughput at 20; errors;
  - CPU time per turn of the Rasa server, the action server and the load generator;
  - peak resident memory (VmHWM) of the Rasa server and the action server.
Writes docs/PERFORMANCE.md and docs/performance_latency.png, and prints the table.

Models are kept in results/bench/<config>/ with a fingerprint of what they depend on; a later
run retrains only what changed (its training time is the one measured when it was trained).
`--fresh` retrains both.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import requests
import yaml

from bot import servers
from evaluate import nlu_inputs, rasa_env  # eval/ is on the path when run as a script

ROOT = Path(__file__).resolve().parent.parent
RASA = servers.RASA
OUT = ROOT / "results" / "bench"
DOCS = ROOT / "docs"
CONFIGS = {"ours": ROOT / "config.yml", "default": ROOT / "eval" / "config_default.yml"}
# Each run: a trained configuration, served one way.
#   "ours" serving: the shipped endpoints.yml (our tracker store, SQLite in WAL mode, and our lock
#     store) and our channels from credentials.yml, with the start-up hook (bot/startup.py: the
#     speed-ups of bot/rasa_speedups.py, limits, strict errors): the product as it ships.
#   "rasa" serving: Rasa's own SQLTrackerStore on SQLite and Rasa's own REST channel, untouched:
#     what the default configuration gets out of the box.
# "default, our serving" shows how much of the difference is configuration and how much serving.
RUNS = {
    "ours": ("ours", "ours"),
    "default": ("default", "rasa"),
    "default, our serving": ("default", "ours"),
}
TARGETS = {"cold start (s)": 30, "p50 (ms)": 50, "p95 (ms)": 120, "memory (MB)": 1200, "training (min)": 5}

# Scripted conversations: what people do with the bot, from the recorded end-to-end tests.
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
EMPLOYER = [
    "hallo",
    "ik ben werkgever",
    "ik wil iemand aannemen",
    "Eindhoven",
    "wat is loonkostensubsidie?",
    "en wat is de no-riskpolis",
    "dank je wel",
    "doei",
]
QUESTIONS = [
    "wat is ips",
    "hoe lang duurt ips?",
    "wie betaalt ips",
    "wat is een jobcoach",
    "ben jij een mens",
    "ik wil dood",
    "ja ik ben veilig",
    "verder",
    "qwxzv blorp",
    "tilbrug",
]
PROFESSIONAL = [
    "ik ben klantmanager",
    "ja",
    "structuur",
    "sla over",
    "koken",
    "goed luisteren",
    "rustig werk",
    "haar moeder",
    "ja",
    "ja",
    "ww",
    "Tilburg",
    "klopt",
]
CONVERSATIONS = [JOB_SEEKER, EMPLOYER, QUESTIONS, PROFESSIONAL]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fingerprint(config: Path) -> str:
    """What a trained model depends on: config, all training data, domain, and our NLU code."""
    digest = hashlib.sha256()
    # The config by content: Rasa writes its defaults into an empty config as comments.
    digest.update(json.dumps(yaml.safe_load(config.read_text(encoding="utf-8")), sort_keys=True).encode())
    for path in [*sorted((ROOT / "data").rglob("*.yml")), *nlu_inputs()]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def train(name: str, config: Path, fresh: bool) -> Tuple[Path, float]:
    folder = OUT / name
    stamp = folder / "fingerprint.json"
    model = folder / "model.tar.gz"
    key = fingerprint(config)
    if not fresh and model.exists() and stamp.exists() and json.loads(stamp.read_text())["key"] == key:
        seconds = json.loads(stamp.read_text())["seconds"]
        print(f"  {name}: model unchanged, kept (trained in {seconds / 60:.1f} min)")
        return model, seconds
    folder.mkdir(parents=True, exist_ok=True)
    print(f"  {name}: training ...", flush=True)
    cache = tempfile.mkdtemp(prefix="rasa-cache-")  # measure a full training, not a cached one
    started = time.monotonic()
    with open(folder / "train.log", "w") as log:
        code = subprocess.call(
            [
                RASA,
                "train",
                "--config",
                str(config),
                "--domain",
                "domain",
                "--data",
                "data",
                "--out",
                str(folder),
                "--fixed-model-name",
                "model",
            ],
            cwd=ROOT,
            env=dict(rasa_env(), RASA_CACHE_DIRECTORY=cache),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    seconds = time.monotonic() - started
    shutil.rmtree(cache, ignore_errors=True)
    if code != 0:
        sys.exit(f"training {name} failed; see {folder / 'train.log'}")
    stamp.write_text(json.dumps({"key": key, "seconds": seconds}))
    print(f"  {name}: trained in {seconds / 60:.1f} min")
    return model, seconds


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size of a process (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def slug(run: str) -> str:
    return run.replace(", ", "-").replace(" ", "-")


class Servers:
    """Both servers of one run, started by bot/servers.py (as `make run` does), on free ports."""

    def __init__(self, name: str, model: Path, serving: str) -> None:
        self.name = name
        port, actions_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        self.workdir = Path(tempfile.mkdtemp(prefix=f"bench-{slug(name)}-"))
        endpoints = self.workdir / "endpoints.yml"
        if serving == "ours":  # the shipped endpoints.yml and credentials.yml, on free ports
            servers.endpoints_for(actions_port, endpoints)
            credentials = ROOT / "credentials.yml"
        else:  # Rasa's own SQL tracker store and REST channel
            template = self.workdir / "rasa-endpoints.yml"
            template.write_text(
                yaml.safe_dump(
                    {"tracker_store": {"type": "SQL", "dialect": "sqlite", "db": f"{self.workdir}/tracker.db"}}
                )
            )
            servers.endpoints_for(actions_port, endpoints, template=template)
            credentials = self.workdir / "credentials.yml"
            credentials.write_text("rest:\n")
        logs = OUT / slug(name)
        logs.mkdir(parents=True, exist_ok=True)
        self.servers = servers.Servers(
            rasa=servers.rasa_command(port, model, endpoints, credentials, interface="127.0.0.1"),
            actions=servers.actions_command(actions_port),
            port=port,
            actions_port=actions_port,
            env=dict(rasa_env(), TRACKER_DB_URL=f"sqlite:///{self.workdir}/tracker.db"),
            output=lambda server: open(logs / f"{server}.log", "w"),
        )
        self.logs = logs

    @property
    def rasa(self):
        return self.servers.processes["rasa"]

    @property
    def actions(self):
        return self.servers.processes["actions"]

    def start(self) -> float:
        """Starts both servers; returns the cold start in seconds (process start to first answer)."""
        self.servers.start("actions")
        self.servers.wait_ready("actions", 120)
        started = time.monotonic()
        self.servers.start("rasa")

        def answers() -> bool:
            if self.rasa.poll() is not None:
                sys.exit(f"rasa run stopped; see {self.logs / 'rasa.log'}")
            reply = requests.post(self.url, json={"sender": "cold-start", "message": "hoi"}, timeout=30)
            return reply.ok and bool(reply.json())

        wait_for(answers, 600)
        return time.monotonic() - started

    def cpu(self) -> Dict[str, float]:
        """CPU seconds so far of the Rasa server, the action server and this load generator."""
        own = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "rasa": cpu_seconds(self.rasa.pid),
            "actions": cpu_seconds(self.actions.pid),
            "load generator": own.ru_utime + own.ru_stime,
        }

    def load(self, turns: int, concurrency: int) -> Dict[str, object]:
        """run_load, plus the CPU milliseconds each process spent per turn."""
        before = self.cpu()
        result = run_load(self.url, turns, concurrency)
        after = self.cpu()
        result["cpu ms per turn"] = {k: 1000 * (after[k] - before[k]) / result["turns"] for k in before}
        return result

    def memory(self) -> Dict[str, float]:
        return {"rasa": peak_rss_mb(self.rasa.pid), "actions": peak_rss_mb(self.actions.pid)}

    def stop(self) -> None:
        self.servers.stop_all()
        shutil.rmtree(self.workdir, ignore_errors=True)


def wait_for(check, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    sys.exit("a server did not come up in time")


def run_load(url: str, turns: int, concurrency: int) -> Dict[str, object]:
    """Plays whole conversations on `concurrency` threads until `turns` turns are done."""
    latencies: List[float] = []
    errors: List[str] = []
    lock = threading.Lock()
    counter = {"conversations": 0}
    total_turns = {"n": 0}

    def next_conversation() -> Optional[List[str]]:
        with lock:
            if total_turns["n"] >= turns:
                return None
            conversation = CONVERSATIONS[counter["conversations"] % len(CONVERSATIONS)]
            counter["conversations"] += 1
            total_turns["n"] += len(conversation)
            return conversation

    def worker() -> None:
        session = requests.Session()
        while True:
            conversation = next_conversation()
            if conversation is None:
                return
            sender = uuid.uuid4().hex
            for text in conversation:
                started = time.perf_counter()
                try:
                    reply = session.post(url, json={"sender": sender, "message": text}, timeout=60)
                    ok = reply.status_code == 200 and isinstance(reply.json(), list)
                except requests.RequestException as error:
                    ok, reply = False, error
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(str(getattr(reply, "status_code", reply)))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(worker)
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "turns": len(latencies),
        "conversations": counter["conversations"],
        "errors": len(errors),
        "p50 (ms)": 1000 * statistics.median(ordered),
        "p95 (ms)": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
        "max (ms)": 1000 * ordered[-1],
        "throughput (turns/s)": len(latencies) / wall,
        "latencies": latencies,
    }


# Where the server's time goes, by what the stack passes through (inclusive share of samples).
PROFILE_AREAS = [
    ("NLU: spaCy", "spacy/"),
    ("NLU: featurizers", "featurizers/"),
    ("NLU: intent classifier", "classifiers/"),
    ("NLU: response selector (TensorFlow)", "response_selector"),
    ("TensorFlow (all)", "tensorflow/"),
    ("dialogue policies", "rasa/core/policies/"),
    ("action server round trip", "rasa/core/actions/action.py"),
    # Deep recursion: py-spy cuts these stacks short, so they are counted by their own frames.
    ("checking action server replies (jsonschema)", "jsonschema/"),
    ("tracker store (SQL)", "tracker_store"),
    ("SQLAlchemy", "sqlalchemy/"),
    ("lock store", "lock_store"),
    ("Sanic / HTTP", "sanic/"),
]


def idle(leaf: str) -> bool:
    """A sample of the event loop waiting for the network (py-spy shows the C wait as its caller)."""
    return "select" in leaf or "epoll" in leaf or leaf.startswith("serve (sanic/server/runners.py")


def profile(pid: int, seconds: int, out: Path) -> List[str]:
    """Samples the Rasa server with py-spy while it serves; returns a Markdown table."""
    raw = out.with_suffix(".txt")
    command = [
        str(ROOT / ".venv" / "bin" / "py-spy"),
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(seconds),
        "--rate",
        "200",
        "--format",
        "raw",
        "--output",
        str(raw),
        "--nonblocking",
    ]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    if not raw.exists():
        return ["(py-spy could not sample the server)"]
    stacks = []
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if count.isdigit():
            stacks.append((stack, int(count)))
    busy = [(s, c) for s, c in stacks if not idle(s.rsplit(";", 1)[-1])]
    total = sum(c for _, c in busy) or 1
    lines = ["| where (inclusive) | share of busy samples |", "|---|---|"]
    for label, marker in PROFILE_AREAS:
        share = sum(c for st, c in busy if marker in st) / total
        lines.append(f"| {label} | {100 * share:.0f}% |")
    leaves: Dict[str, int] = {}
    for stack, count in busy:
        leaf = stack.rsplit(";", 1)[-1]
        leaves[leaf] = leaves.get(leaf, 0) + count
    lines += ["", "| hottest frames (self time) | share |", "|---|---|"]
    for leaf, count in sorted(leaves.items(), key=lambda kv: -kv[1])[:8]:
        lines.append(f"| `{leaf[:90]}` | {100 * count / total:.0f}% |")
    return lines


def measure(name: str, turns: int, fresh: bool, with_profile: bool = False) -> Dict[str, object]:
    configuration, serving = RUNS[name]
    config = CONFIGS[configuration]
    print(f"{name} ({config.relative_to(ROOT)}, {serving} serving)")
    model, training = train(configuration, config, fresh)
    servers = Servers(name, model, serving)
    try:
        cold = servers.start()
        print(f"  {name}: cold start {cold:.1f} s")
        # A few conversations first, so both configurations are measured warm alike.
        run_load(servers.url, 60, 1)
        profiled: List[str] = []
        if with_profile:
            sampler = threading.Thread(
                target=lambda: profiled.extend(profile(servers.rasa.pid, 25, OUT / slug(name) / "profile")), daemon=True
            )
            sampler.start()
        single = servers.load(turns, 1)
        if with_profile:
            sampler.join()
        print(
            f"  {name}: concurrency 1: {single['turns']} turns, "
            f"p50 {single['p50 (ms)']:.0f} ms, p95 {single['p95 (ms)']:.0f} ms"
        )
        parallel = servers.load(turns, 20)
        print(f"  {name}: concurrency 20: {parallel['turns']} turns, {parallel['throughput (turns/s)']:.1f} turns/s")
        memory = servers.memory()
    finally:
        servers.stop()
    return {
        "training (min)": training / 60,
        "cold start (s)": cold,
        "c1": single,
        "c20": parallel,
        "memory (MB)": memory["rasa"],
        "actions memory (MB)": memory["actions"],
        "profile": profiled,
    }


def plot(results: Dict[str, Dict[str, object]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for axis, level in zip(axes, ("c1", "c20"), strict=True):
        for name, result in results.items():
            values = sorted(1000 * x for x in result[level]["latencies"])
            share = [i / (len(values) - 1) for i in range(len(values))]
            axis.plot(values, share, label=name)
        axis.set_xscale("log")
        axis.set_xlabel("latency per turn (ms, log scale)")
        axis.set_ylabel("share of turns at or below")
        axis.set_title(f"concurrency {level[1:]}")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    figure.suptitle("Wegwijzer: per-turn latency, ours vs Rasa default (REST, actions included)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def ratio(ours: float, default: float) -> str:
    return f"{ours / default:.2f}" if default else "n/a"


def table(results: Dict[str, Dict[str, object]]) -> List[str]:
    """ours | default | ratio | default on our serving | ratio | target."""
    ours, default, same = results["ours"], results["default"], results["default, our serving"]

    def both(key: Callable[[Dict[str, object]], object]) -> Tuple[object, object, object]:
        return key(ours), key(default), key(same)

    rows = [
        ("training (min)", both(lambda r: r["training (min)"]), "<= 5"),
        ("cold start (s)", both(lambda r: r["cold start (s)"]), "<= 30"),
        ("p50 (ms), concurrency 1", both(lambda r: r["c1"]["p50 (ms)"]), "<= 50"),
        ("p95 (ms), concurrency 1", both(lambda r: r["c1"]["p95 (ms)"]), "<= 120"),
        ("max (ms), concurrency 1", both(lambda r: r["c1"]["max (ms)"]), ""),
        ("p50 (ms), concurrency 20", both(lambda r: r["c20"]["p50 (ms)"]), ""),
        ("p95 (ms), concurrency 20", both(lambda r: r["c20"]["p95 (ms)"]), ""),
        ("max (ms), concurrency 20", both(lambda r: r["c20"]["max (ms)"]), ""),
        ("throughput (turns/s), concurrency 20", both(lambda r: r["c20"]["throughput (turns/s)"]), ">= 1.5x default"),
        ("Rasa server CPU per turn (ms), concurrency 20", both(lambda r: r["c20"]["cpu ms per turn"]["rasa"]), ""),
        ("errors (c1 + c20)", both(lambda r: r["c1"]["errors"] + r["c20"]["errors"]), "0"),
        ("turns measured (c1 / c20)", both(lambda r: f"{r['c1']['turns']} / {r['c20']['turns']}"), ">= 1000"),
        ("peak RSS Rasa server (MB)", both(lambda r: r["memory (MB)"]), "<= 1200"),
        ("peak RSS action server (MB)", both(lambda r: r["actions memory (MB)"]), ""),
    ]
    lines = [
        "| measure | ours | default | ours/default | default, our serving | ours/that | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, (o, d, m), target in rows:
        if isinstance(o, str):
            lines.append(f"| {label} | {o} | {d} | | {m} | | {target} |")
        else:
            lines.append(f"| {label} | {o:.1f} | {d:.1f} | {ratio(o, d)} | {m:.1f} | {ratio(o, m)} | {target} |")
    return lines


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return (
        f"{platform.machine()}, {os.cpu_count()} cores ({model}){memory}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1000, help="turns per concurrency level (default 1000)")
    parser.add_argument("--fresh", action="store_true", help="retrain both configurations")
    parser.add_argument("--no-profile", action="store_true", help="skip sampling ours with py-spy")
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="measure 1 and 2 replicas behind nginx against the single process instead (eval/cluster_bench.py)",
    )
    parser.add_argument(
        "--only",
        choices=list(RUNS),
        help="measure one run and print it; writes no report (for trying a change quickly)",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.cluster:
        if not os.environ.get("TEST_POSTGRES_URL"):  # again, with a throwaway PostgreSQL server
            subprocess.run([str(ROOT / "scripts" / "install_cluster_tools.sh")], check=True)
            script = ROOT / "scripts" / "postgres_for_tests.sh"
            os.execv(str(script), [str(script), sys.executable, *sys.argv])
        import cluster_bench

        cluster_bench.main(args.turns)
        return
    if args.only:
        result = measure(args.only, args.turns, args.fresh, with_profile=not args.no_profile)
        for level in ("c1", "c20"):
            print(
                level,
                {k: v if isinstance(v, dict) else round(v, 1) for k, v in result[level].items() if k != "latencies"},
            )
        print({k: round(v, 1) for k, v in result.items() if isinstance(v, float)})
        print("\n".join(result["profile"]))
        return
    results: Dict[str, Dict[str, object]] = {}
    for name, (configuration, _) in RUNS.items():
        retrain = args.fresh and all(RUNS[done][0] != configuration for done in results)  # once per config
        results[name] = measure(name, args.turns, retrain, with_profile=(name == "ours" and not args.no_profile))
    DOCS.mkdir(exist_ok=True)
    plot(results, DOCS / "performance_latency.png")
    turns_per_conversation = sorted({len(c) for c in CONVERSATIONS})
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {datetime.date.today().isoformat()}. Machine: {machine()}.",
        "",
        "Both configurations are trained on the same data (`data/`, `domain/`) and served by "
        "`rasa run` with the SQL tracker store on a fresh SQLite file and our action server beside it. "
        '"ours" is the product as it ships: `config.yml`, our tracker store '
        "(`bot/store/tracker_store.py`, SQLite in WAL mode with pooled connections) and lock store "
        "(`bot/store/lock_store.py`), our channels (`credentials.yml`) and the start-up hook "
        "(`bot/startup.py`, with the speed-ups of `bot/rasa_speedups.py`). "
        '"default" is Rasa out of the box: its default '
        "configuration (`eval/config_default.yml`, empty pipeline and policies as `rasa init` writes "
        "them), Rasa's own `SQL` tracker store and Rasa's own `rest` channel. \"default, our serving\" "
        "is the default configuration served like ours; it shows how much of a difference comes from "
        "the configuration and how much from the serving. Load: scripted multi-turn conversations over "
        f"the REST channel (job seeker, employer, questions with a crisis turn, professional; "
        f"{turns_per_conversation[0]} to {turns_per_conversation[-1]} turns each, action server round trips "
        "included), each turn timed from request to complete reply, one new sender per "
        "conversation. Cold start: from starting `rasa run` to the first answered message. "
        "Training: a full `rasa train` with an empty Rasa cache.",
        "",
        *table(results),
        "",
        "![latency per turn](performance_latency.png)",
        "",
        "## Where the time goes (ours, concurrency 1)",
        "",
        "py-spy sampled the Rasa server for 25 s during the concurrency-1 run (200 samples/s; idle "
        "samples waiting for the network left out).",
        "",
        *results["ours"]["profile"],
        "",
    ]
    notes = ROOT / "eval" / "performance_notes.md"
    if notes.exists():  # the hand-written reading of the figures and what changed them
        lines.append(notes.read_text(encoding="utf-8"))
    import cluster_bench

    report = DOCS / "PERFORMANCE.md"
    kept = cluster_bench.kept_section(report.read_text(encoding="utf-8")) if report.exists() else ""
    report.write_text("\n".join(lines) + ("\n" + kept if kept else ""), encoding="utf-8")
    raw = {n: {k: v for k, v in r.items() if k != "profile"} for n, r in results.items()}
    for r in raw.values():
        for level in ("c1", "c20"):
            r[level] = {k: v for k, v in r[level].items() if k != "latencies"}
    (OUT / "results.json").write_text(json.dumps(raw, indent=2))
    print("\n".join(table(results)))
    print(f"\nWritten: docs/PERFORMANCE.md, docs/performance_latency.png, {OUT.relative_to(ROOT)}/results.json")


if __name__ == "__main__":
    main()
