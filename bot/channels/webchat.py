"""Rasa input channel for the website chat.

credentials.yml: `bot.channels.webchat.WebchatInput: {allowed_origins: [...], retention_days: 30}`

Routes (all under /webchat, beside Rasa's own):
  GET  /                       the demo page, for browsers (curl and health checks still get
                               Rasa's "Hello from Rasa")
  GET  /webchat/widget.js      the widget; one <script> tag embeds it on any allowed site
  GET  /webchat/widget.css     its styles
  GET  /webchat/demo/<page>    the demo site's pages
  POST /webchat/api/session    a new session id
  POST /webchat/api/history    {session_id} → the conversation so far, from the tracker store
  POST /webchat/api/message    {session_id, message, display?} → the bot's replies
  POST /webchat/api/delete     {session_id} → the conversation is deleted from the store
"""
import asyncio
import json
import logging
import os
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import knowledge
from bot.store.tracker_store import delete_conversation, primary_store
from bot.channels import history, requests, security
from bot.channels.requests import MAX_MESSAGE_CHARS, Refusal

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEMO_PAGES = {"": "demo.html", "index.html": "demo.html", "tweede-pagina.html": "demo2.html"}
STATIC_FILES = {
    "widget.js": "application/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
}
# Button titles are short; anything longer is not one of ours.
MAX_DISPLAY_CHARS = 200
PURGE_INTERVAL_SECONDS = 3600


def widget_texts(retention_days: int) -> Dict[Text, Any]:
    texts = {key: value for key, value in knowledge.webchat().items() if key != "errors"}
    texts["privacy_notice"] = texts["privacy_notice"].format(retention_days=retention_days)
    texts["too_long"] = requests.error_text("too_long")
    return texts


def widget_script(retention_days: int) -> Text:
    """widget.js with its texts built in: one request, and the texts can never be missing."""
    config = {"texts": widget_texts(retention_days), "maxChars": MAX_MESSAGE_CHARS}
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    return source.replace("/*CONFIG*/null", json.dumps(config, ensure_ascii=False), 1)


def refused(refusal: Refusal, headers: Dict[Text, Text]) -> HTTPResponse:
    return response.json(refusal.body(), status=refusal.status, headers=headers)


def unavailable(text: Text, headers: Dict[Text, Text]) -> HTTPResponse:
    return response.json({"error": "not_ready", "text": text}, status=503, headers=headers)


class WebchatInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        allowed = list(credentials.get("allowed_origins") or [])
        # WEBCHAT_ALLOWED_ORIGINS="https://a.nl https://b.nl" adds origins without editing files.
        allowed += os.environ.get("WEBCHAT_ALLOWED_ORIGINS", "").split()
        return cls(allowed_origins=allowed, retention_days=int(credentials.get("retention_days", 30)))

    def __init__(self, allowed_origins: Optional[List[Text]] = None, retention_days: int = 30) -> None:
        self.allowed_origins = allowed_origins or []
        self.retention_days = retention_days

    def url_prefix(self) -> Text:
        # Absolute, so Rasa's "/webhooks/" route prefix does not apply: /webchat/...
        return "/webchat"

    def _own_origin(self, request: Request) -> Text:
        return f"{request.scheme}://{request.host}"

    def _api_headers(self, request: Request) -> Dict[Text, Text]:
        origin = request.headers.get("origin")
        headers = dict(security.API_HEADERS)
        if origin and security.normalise_origin(origin) != security.normalise_origin(self._own_origin(request)):
            headers.update(security.cors_headers(origin))
        return headers

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("webchat", __name__)
        texts = widget_texts(self.retention_days)
        script = widget_script(self.retention_days)
        # Read once at start-up: the files do not change while the server runs.
        pages = {name: (STATIC_DIR / file).read_text(encoding="utf-8") for name, file in DEMO_PAGES.items()}
        stylesheets = {name: (STATIC_DIR / name).read_text(encoding="utf-8") for name in ("widget.css", "demo.css")}
        channel = self

        def demo_page(name: Text) -> HTTPResponse:
            return response.html(pages[name], headers=security.PAGE_HEADERS)

        async def root_page(request: Request) -> Optional[HTTPResponse]:
            # Rasa answers "/" with a plain-text greeting that health checks rely on. A browser
            # asking for a page gets the demo site instead.
            if request.path == "/" and request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                return demo_page("")
            return None

        @webchat.listener("before_server_start")
        async def serve_root(app: Any, _loop: Any) -> None:
            app.register_middleware(root_page, "request")

        @webchat.listener("after_server_start")
        async def start_purge(app: Any, _loop: Any) -> None:
            app.add_task(channel._purge_idle_conversations(app))

        @webchat.get("/widget.js")
        async def widget_js(request: Request) -> HTTPResponse:
            return response.text(script, content_type=STATIC_FILES["widget.js"], headers=security.PAGE_HEADERS)

        @webchat.get("/<name:str>")
        async def stylesheet(request: Request, name: Text) -> HTTPResponse:
            if name not in stylesheets:
                return response.text("Niet gevonden", status=404)
            return response.text(stylesheets[name], content_type=STATIC_FILES[name], headers=security.PAGE_HEADERS)

        @webchat.get("/demo/")
        async def demo_index(request: Request) -> HTTPResponse:
            return demo_page("")

        @webchat.get("/demo/<name>")
        async def demo(request: Request, name: Text) -> HTTPResponse:
            if name not in DEMO_PAGES:
                return response.text("Niet gevonden", status=404)
            return demo_page(name)

        async def checked_body(request: Request) -> Any:
            """The JSON object of an API request, or the refusal to send instead."""
            if not security.origin_allowed(
                request.headers.get("origin"), self._own_origin(request), self.allowed_origins
            ):
                return Refusal(403, "origin_not_allowed")
            body = requests.json_object(request.body)
            if isinstance(body, dict) and "session_id" in body and not security.is_session_id(body["session_id"]):
                return Refusal(400, "invalid_session")
            return body

        def agent_of(request: Request) -> Any:
            return getattr(request.app.ctx, "agent", None)

        @webchat.post("/api/session")
        async def new_session(request: Request) -> HTTPResponse:
            headers = self._api_headers(request)
            body = await checked_body(request)
            if isinstance(body, Refusal):
                return refused(body, headers)
            return response.json({"session_id": security.new_session_id()}, headers=headers)

        async def session_request(request: Request, unavailable_text: Text) -> Any:
            """(body, headers, agent) of a request about one conversation, or the answer to
            send instead: a refusal, or 503 while the model is not loaded."""
            headers = self._api_headers(request)
            body = await checked_body(request)
            if isinstance(body, Refusal):
                return refused(body, headers)
            if "session_id" not in body:
                return refused(Refusal(400, "invalid_session"), headers)
            agent = agent_of(request)
            if agent is None or not agent.is_ready():
                return unavailable(unavailable_text, headers)
            return body, headers, agent

        @webchat.post("/api/history")
        async def conversation(request: Request) -> HTTPResponse:
            checked = await session_request(request, texts["unreachable"])
            if isinstance(checked, HTTPResponse):
                return checked
            body, headers, agent = checked
            tracker = await agent.tracker_store.retrieve_full_tracker(body["session_id"])
            events = [event.as_dict() for event in tracker.events] if tracker else []
            return response.json({"messages": history.messages_from_events(events)}, headers=headers)

        @webchat.post("/api/message")
        async def message(request: Request) -> HTTPResponse:
            checked = await session_request(request, texts["unreachable"])
            if isinstance(checked, HTTPResponse):
                return checked
            body, headers, _agent = checked
            text = requests.message_text(body.get("message"))
            if isinstance(text, Refusal):
                return refused(text, headers)
            metadata: Dict[Text, Any] = {}
            display = body.get("display")
            if isinstance(display, str) and 0 < len(display) <= MAX_DISPLAY_CHARS:
                metadata["display"] = display
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, body["session_id"], input_channel=self.name(), metadata=metadata)
                )
            except asyncio.CancelledError:
                raise
            except Exception:  # the widget offers a retry; the log keeps the cause
                logger.exception("Webchat message failed")
                return unavailable(texts["unreachable"], headers)
            replies = history.messages_from_collector(collector.messages)
            if not replies:
                replies = [{"sender": "bot", "text": texts["empty_reply"]}]
            return response.json({"messages": replies}, headers=headers)

        @webchat.post("/api/delete")
        async def delete(request: Request) -> HTTPResponse:
            checked = await session_request(request, texts["delete_failed"])
            if isinstance(checked, HTTPResponse):
                return checked
            body, headers, agent = checked
            # Under the conversation's lock, so a message being handled cannot write it back.
            async with agent.lock_store.lock(body["session_id"]):
                deleted = await delete_conversation(agent.tracker_store, body["session_id"])
            return response.json({"deleted": deleted}, headers=headers)

        return webchat

    async def _purge_idle_conversations(self, app: Any) -> None:
        """Keeps the privacy notice true: conversations idle longer than the retention time go."""
        while True:
            agent = getattr(app.ctx, "agent", None)
            store = primary_store(agent.tracker_store) if agent and agent.tracker_store else None
            if store is not None and hasattr(store, "delete_idle_conversations"):
                try:
                    cutoff = time.time() - self.retention_days * 86400
                    deleted = await store.delete_idle_conversations(cutoff)
                    if deleted:
                        logger.info(f"Deleted {deleted} events of conversations idle > {self.retention_days} days")
                except Exception:
                    logger.exception("Deleting idle conversations failed; trying again later")
            await asyncio.sleep(PURGE_INTERVAL_SECONDS if store is not None else 5)
