"""The professional's intake record on the bot's own server (docs/PRIVACY.md, "The intake record").

credentials.yml: `bot.channels.intake.IntakePages:` (no settings; the retention time is
INTAKE_RETENTION_DAYS, bot/intake.py)

Routes (beside Rasa's own):
  GET  /intake/<code>              the printable summary (HTML, print stylesheet)
  GET  /intake/<code>/pdf          the same as a PDF (bot/intake_document.py, fpdf2)
  GET  /intake/<code>/json         the JSON export, for a case system
  POST /intake/<code>/verwijderen  deletes it now (the form on the page)
  GET  /intake/intake.css          the page's stylesheet

The code alone gives access. A wrong, expired or deleted code gets the same 404 page; the
record is looked up by the code's hash and compared in constant time (bot/store/intakes.py).
An address that tried FREE_TRIES wrong codes within WINDOW_SECONDS waits before every further
answer (WrongCodes, in this process's memory).
"""

import asyncio
import time
from collections import OrderedDict, deque
from typing import Any, Callable, Deque, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import intake, intake_document
from bot.channels import common, requests, security
from bot.store.database import StoreUnavailable
from bot.store.tracker_store import primary_store

PAGE_HEADERS = {
    **security.PAGE_HEADERS,
    # The page posts its own delete form; nothing else is allowed.
    "Content-Security-Policy": security.CONTENT_SECURITY_POLICY.replace("form-action 'none'", "form-action 'self'"),
    # The code is in the address: no caches, no search engines, no referrer to other sites.
    # (Not "no-referrer": with it Chromium sends "Origin: null" with the delete form, and the
    # server could not tell its own page from another site.)
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}


class WrongCodes:
    """Repeated wrong codes from one address are slowed down: after FREE_TRIES wrong tries
    within WINDOW_SECONDS, each request from that address waits 1, 2, 4, ... up to
    MAX_DELAY_SECONDS before it is answered (right codes too, so the wait tells nothing).
    In-process memory of at most MAX_ADDRESSES addresses; a restart forgets it."""

    FREE_TRIES = 5
    WINDOW_SECONDS = 15 * 60
    MAX_DELAY_SECONDS = 30.0
    MAX_ADDRESSES = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.tries: "OrderedDict[str, Deque[float]]" = OrderedDict()

    def _recent(self, address: str) -> Deque[float]:
        tries = self.tries.get(address)
        if tries is None:
            return deque()
        cutoff = self.clock() - self.WINDOW_SECONDS
        while tries and tries[0] < cutoff:
            tries.popleft()
        if not tries:
            del self.tries[address]
        return tries

    def delay(self, address: str) -> float:
        """How long a request from this address waits before it is answered."""
        over = len(self._recent(address)) - self.FREE_TRIES
        return 0.0 if over < 0 else min(2.0**over, self.MAX_DELAY_SECONDS)

    def failed(self, address: str) -> None:
        tries = self.tries.pop(address, None) or deque(maxlen=64)
        tries.append(self.clock())
        self.tries[address] = tries  # most recent last
        while len(self.tries) > self.MAX_ADDRESSES:
            self.tries.popitem(last=False)


def download(record: dict, body: bytes, content_type: Text, suffix: Text) -> HTTPResponse:
    """A record as a file to save, named after the day it was made: intake-2026-11-23.pdf."""
    day = time.strftime("%Y-%m-%d", time.localtime(record["created_at"]))
    return response.raw(
        body,
        content_type=content_type,
        headers={**PAGE_HEADERS, "Content-Disposition": f'attachment; filename="intake-{day}.{suffix}"'},
    )


def client_address(request: Request) -> str:
    # remote_addr is set from X-Forwarded-For only when Sanic is told to trust a proxy
    # (SANIC_PROXIES_COUNT / SANIC_FORWARDED_SECRET); otherwise the peer's address.
    return request.remote_addr or request.ip or "?"


def intake_store(request: Request) -> Optional[Any]:
    agent = getattr(request.app.ctx, "agent", None)
    store = primary_store(agent.tracker_store) if agent is not None and agent.tracker_store is not None else None
    return store if hasattr(store, "fetch_intake") else None


def html_page(text: Text, status: int = 200) -> HTTPResponse:
    return response.html(text, status=status, headers=PAGE_HEADERS)


def not_found() -> HTTPResponse:
    return html_page(intake_document.message_page("not_found"), status=404)


def unavailable() -> HTTPResponse:
    return response.text(requests.error_text("store_unavailable"), status=503, headers=PAGE_HEADERS)


class IntakePages(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "intake"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.wrong_codes = WrongCodes()

    def url_prefix(self) -> Text:
        return "/intake"  # absolute: not under Rasa's /webhooks/

    def blueprint(self, on_new_message: Any) -> Blueprint:
        pages = Blueprint("intake", __name__)
        common.prepare_server(pages)
        wrong_codes = self.wrong_codes

        async def record_of(request: Request, code_text: Text):
            """(code, record) for a right code; a response for anything else."""
            address = client_address(request)
            wait = wrong_codes.delay(address)
            if wait:
                await asyncio.sleep(wait)
            store = intake_store(request)
            if store is None:
                return unavailable()
            code = intake.normalise_code(code_text)
            try:
                record = await store.fetch_intake(code) if code else None
            except StoreUnavailable:
                return unavailable()
            if record is None:
                wrong_codes.failed(address)
                return not_found()
            return code, record, store

        @pages.get("/intake.css")
        async def stylesheet(request: Request) -> HTTPResponse:
            return response.text(
                intake_document.STYLES, content_type="text/css; charset=utf-8", headers=security.PAGE_HEADERS
            )

        @pages.get("/<code_text:str>")
        async def page(request: Request, code_text: Text) -> HTTPResponse:
            found = await record_of(request, code_text)
            if isinstance(found, HTTPResponse):
                return found
            code, record, _ = found
            return html_page(intake_document.page(record, code))

        @pages.get("/<code_text:str>/pdf")
        async def pdf(request: Request, code_text: Text) -> HTTPResponse:
            found = await record_of(request, code_text)
            if isinstance(found, HTTPResponse):
                return found
            code, record, _ = found
            return download(record, intake_document.pdf_bytes(record, code), "application/pdf", "pdf")

        @pages.get("/<code_text:str>/json")
        async def export(request: Request, code_text: Text) -> HTTPResponse:
            found = await record_of(request, code_text)
            if isinstance(found, HTTPResponse):
                return found
            code, record, _ = found
            return download(record, intake_document.json_bytes(record, code), "application/json; charset=utf-8", "json")

        @pages.post("/<code_text:str>/verwijderen")
        async def delete(request: Request, code_text: Text) -> HTTPResponse:
            origin = request.headers.get("origin")
            if origin and not security.origin_allowed(origin, common.own_origin(request), ()):
                return html_page(intake_document.message_page("not_allowed"), status=403)
            found = await record_of(request, code_text)
            if isinstance(found, HTTPResponse):
                return found
            code, _, store = found
            if (request.form or {}).get("confirm") != "ja":
                return response.redirect(f"/intake/{code}", status=303, headers=PAGE_HEADERS)
            try:
                await store.delete_intake(code)
            except StoreUnavailable:
                return unavailable()
            return html_page(intake_document.message_page("deleted"))

        return pages
