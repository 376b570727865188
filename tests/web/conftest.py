"""Fixtures for the browser tests: one bot server for the session, Debian's Chromium driven by
Playwright, and two small "other websites" that embed the widget (one allowed, one not)."""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.web.server import ROOT, BotServer, free_port

CHROMIUM = Path("/usr/bin/chromium")
# The dashboard /beheer/ is on for the SQLite bot and off (no BEHEER_TOKEN) for the PostgreSQL one.
BEHEER_TOKEN = "test-beheer-token-0123456789"
OUTPUT = ROOT / "results" / "web"
# As the machine notes say: without the networking flags Chromium keeps trying to reach
# Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOST_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Andere website</title></head>
<body><main><h1>Een andere website</h1><p>Deze site zet de chat erop met een regel.</p></main>
<script src="{bot}/webchat/widget.js" defer></script></body></html>
"""


class _Site:
    """A static website on its own origin (another port) that embeds the widget."""

    def __init__(self, directory: Path, port: int) -> None:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def sites(tmp_path_factory):
    ports = {"allowed": free_port(), "other": free_port()}
    return ports


@pytest.fixture(scope="session")
def bot_server(tmp_path_factory, sites):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    workdir = tmp_path_factory.mktemp("bot")
    server = BotServer(workdir, allowed_origins=f"http://127.0.0.1:{sites['allowed']}", beheer_token=BEHEER_TOKEN)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        for log in workdir.glob("*.log"):
            shutil.copy(log, OUTPUT / log.name)


@pytest.fixture(scope="session")
def pg_bot_server(tmp_path_factory):
    """The bot on a real PostgreSQL server (scripts/postgres_for_tests.sh starts one), for the
    database restart and the PostgreSQL cases of the hostile-input battery."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url or not os.environ.get("TEST_POSTGRES_RESTART"):
        pytest.fail("TEST_POSTGRES_URL is not set: run the tests with `make test-web` (it starts PostgreSQL).")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    workdir = tmp_path_factory.mktemp("bot-pg")
    server = BotServer(workdir, db_url=url)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        for log in workdir.glob("*.log"):
            shutil.copy(log, OUTPUT / f"pg-{log.name}")


@pytest.fixture(scope="session")
def other_sites(tmp_path_factory, bot_server, sites):
    directory = tmp_path_factory.mktemp("site")
    (directory / "index.html").write_text(HOST_PAGE.format(bot=bot_server.url), encoding="utf-8")
    running = {name: _Site(directory, port) for name, port in sites.items()}
    yield {name: site.url for name, site in running.items()}
    for site in running.values():
        site.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            "Chromium is missing: the browser tests drive Debian's Chromium at /usr/bin/chromium. "
            "Install it with: sudo apt-get install chromium chromium-driver (make test does this when run as root)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile per test: its own localStorage, so its own conversation."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors, failed = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}")
            if r.status >= 500 or (r.status >= 400 and r.request.method == "GET")
            else None
        ),
    )
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not [f for f in failed if not f.endswith("/favicon.ico")], f"failed requests: {failed}"
