"""The website chat's files: widget.js (with its texts built in), its stylesheets and the demo
site, read once at start-up; and the demo page on "/" for browsers."""

import json
from pathlib import Path
from typing import Any, Dict, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import intake, knowledge
from bot.channels import requests, security
from bot.channels.requests import MAX_MESSAGE_CHARS

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEMO_PAGES = {"": "demo.html", "index.html": "demo.html", "tweede-pagina.html": "demo2.html"}
CONTENT_TYPES = {
    "widget.js": "application/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
}


def widget_texts(retention_days: int) -> Dict[Text, Any]:
    texts = {key: value for key, value in knowledge.webchat().items() if key != "errors"}
    texts["privacy_notice"] = texts["privacy_notice"].format(
        retention_days=retention_days, intake_retention_days=intake.retention_days()
    )
    texts["too_long"] = requests.error_text("too_long")
    return texts


def widget_script(retention_days: int) -> Text:
    """widget.js with its texts built in: one request, and the texts can never be missing."""
    config = {"texts": widget_texts(retention_days), "maxChars": MAX_MESSAGE_CHARS}
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    return source.replace("/*CONFIG*/null", json.dumps(config, ensure_ascii=False), 1)


def not_found() -> HTTPResponse:
    return response.json(requests.Refusal(404, "not_found").body(), status=404)


def add_routes(blueprint: Blueprint, retention_days: int) -> None:
    """GET /webchat/widget.js, /webchat/<stylesheet>, /webchat/demo/<page>, and "/" for browsers."""
    script = widget_script(retention_days)
    pages = {name: (STATIC_DIR / file).read_text(encoding="utf-8") for name, file in DEMO_PAGES.items()}
    stylesheets = {name: (STATIC_DIR / name).read_text(encoding="utf-8") for name in ("widget.css", "demo.css")}

    def page(name: Text) -> HTTPResponse:
        return response.html(pages[name], headers=security.PAGE_HEADERS)

    async def root_page(request: Request) -> Optional[HTTPResponse]:
        # Rasa answers "/" with a plain-text greeting that health checks rely on. A browser
        # asking for a page gets the demo site instead.
        if request.path == "/" and request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            return page("")
        return None

    @blueprint.listener("before_server_start")
    async def serve_root(app: Any, _loop: Any) -> None:
        app.register_middleware(root_page, "request")

    @blueprint.get("/widget.js")
    async def widget_js(request: Request) -> HTTPResponse:
        return response.text(script, content_type=CONTENT_TYPES["widget.js"], headers=security.PAGE_HEADERS)

    @blueprint.get("/<name:str>")
    async def stylesheet(request: Request, name: Text) -> HTTPResponse:
        if name not in stylesheets:
            return not_found()
        return response.text(stylesheets[name], content_type=CONTENT_TYPES[name], headers=security.PAGE_HEADERS)

    @blueprint.get("/demo/")
    async def demo_index(request: Request) -> HTTPResponse:
        return page("")

    @blueprint.get("/demo/<name>")
    async def demo(request: Request, name: Text) -> HTTPResponse:
        return page(name) if name in DEMO_PAGES else not_found()
