"""The production files in deploy/ describe the topology the cluster tests run: checked with the
tools that need no Docker engine and no Kubernetes cluster (docker compose config, kubectl
kustomize, nginx -t), each test skipped when its tool is not installed."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.cluster import nginx_binary
from tests.web.server import ROOT

DEPLOY = ROOT / "deploy"
HEALTH = "/webchat/api/health"


def compose_command():
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("neither `docker compose` nor docker-compose is installed (apt-get install docker-compose)")


def upstream_servers(path: Path):
    return re.findall(r"^\s*server ([\w.-]+):(\d+)", path.read_text(encoding="utf-8"), re.MULTILINE)


def test_docker_compose_file_is_valid_and_has_the_cluster_settings(tmp_path):
    env = tmp_path / "compose.env"
    shutil.copy(DEPLOY / "env.example", env)
    done = subprocess.run(
        [*compose_command(), "-f", str(DEPLOY / "docker-compose.yml"), "--env-file", str(env), "config"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    services = yaml.safe_load(done.stdout)["services"]
    replicas = sorted(name for name in services if name.startswith("rasa-"))
    assert len(replicas) >= 2
    for replica in replicas:
        settings = services[replica]["environment"]
        assert settings["TRACKER_DB_URL"].startswith("postgresql://")
        assert settings["CONVERSATION_LOCK"] == "postgresql"
        assert "SANIC_WORKERS" in settings
        assert any(HEALTH in part for part in services[replica]["healthcheck"]["test"])
        actions = services[replica.replace("rasa-", "actions-")]
        assert actions["network_mode"] == f"service:{replica}"  # localhost:5055, as in endpoints.yml
    # The proxy's upstream names exactly these replicas.
    assert sorted(host for host, _ in upstream_servers(DEPLOY / "nginx" / "upstream-compose.conf")) == replicas


def test_kubernetes_manifests_render_and_match_the_proxy():
    if not shutil.which("kubectl"):
        pytest.skip("kubectl is not installed")
    done = subprocess.run(["kubectl", "kustomize", str(DEPLOY)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    objects = {(o["kind"], o["metadata"]["name"]): o for o in yaml.safe_load_all(done.stdout)}
    rasa = objects[("StatefulSet", "rasa")]
    settings = objects[("ConfigMap", "wegwijzer-settings")]["data"]
    assert settings["CONVERSATION_LOCK"] == "postgresql" and "SANIC_WORKERS" in settings
    containers = {c["name"]: c for c in rasa["spec"]["template"]["spec"]["containers"]}
    assert containers["rasa"]["readinessProbe"]["httpGet"]["path"] == HEALTH
    assert {"secretRef": {"name": "wegwijzer-database"}} in containers["rasa"]["envFrom"]
    assert objects[("Service", "rasa")]["spec"]["clusterIP"] == "None"
    expected = [(f"rasa-{i}.rasa", "5005") for i in range(rasa["spec"]["replicas"])]
    assert upstream_servers(DEPLOY / "nginx" / "upstream-kubernetes.conf") == expected


@pytest.mark.parametrize("upstream", ["upstream-compose.conf", "upstream-kubernetes.conf"])
def test_the_production_proxy_configuration_passes_nginx_t(tmp_path, upstream):
    nginx = nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed")
    # The replicas' host names exist only in their networks: check with this machine's address.
    servers = re.sub(r"server [\w.-]+:", "server 127.0.0.1:", (DEPLOY / "nginx" / upstream).read_text(encoding="utf-8"))
    proxy = (DEPLOY / "nginx" / "wegwijzer-proxy.conf.template").read_text(encoding="utf-8")
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n"
        f"client_body_temp_path {tmp_path}/body;\nproxy_temp_path {tmp_path}/proxy;\n"
        f"{servers}\n{proxy.replace('${WEGWIJZER_PROXY_LISTEN}', '127.0.0.1:8080')}\n}}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", "stderr", "-c", str(config)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
