"""The dashboard for the organisation that runs the bot: /beheer/ (docs/INSIGHT.md).

credentials.yml: `bot.channels.beheer.BeheerPages:` (no settings). The token is BEHEER_TOKEN, an
environment variable of the Rasa server, at least MIN_TOKEN_CHARS characters. Without it every
address below answers 404: the dashboard does not exist.

Routes (beside Rasa's own):
  GET  /beheer/                 the figures, a chart beside each table; ?periode=7|30|90|365 or ?van=&tot=
  GET  /beheer/cijfers.csv      the same figures as CSV
  GET  /beheer/reviewlijst      what the bot did not understand, masked and grouped
  GET  /beheer/reviewlijst.yml  the same as a Rasa NLU training-data stub
  GET  /beheer/inloggen         the login form;  POST /beheer/inloggen  checks the token
  POST /beheer/uitloggen        forgets the login
  GET  /beheer/beheer.css       the stylesheet

The token is given in the login form (then a cookie holds a value derived from it, not the token;
a new token ends every login) or with each request as `Authorization: Bearer <token>` (scripts).
Without a valid token a page answers 401 with the login form; wrong tokens are slowed down like
wrong intake codes (bot/channels/intake.py, WrongCodes).
"""

import asyncio
import datetime
import hashlib
import hmac
import logging
import os
from typing import Any, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import common, intake, security
from bot.insight import pages, review, statistics, store
from bot.store.database import StoreUnavailable, is_transient
from bot.store.tracker_store import primary_store

logger = logging.getLogger(__name__)

TOKEN_VARIABLE = "BEHEER_TOKEN"
MIN_TOKEN_CHARS = 16
COOKIE = "wegwijzer_beheer"
LOGIN_HOURS = 8

PAGE_HEADERS = {
    **security.PAGE_HEADERS,
    # Its own forms (period, login, logout) only; no script at all.
    "Content-Security-Policy": security.CONTENT_SECURITY_POLICY.replace("form-action 'none'", "form-action 'self'"),
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}


def configured_token() -> Optional[str]:
    """BEHEER_TOKEN when it is set and long enough; a short one is refused (and logged)."""
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        return None
    try:
        token.encode("utf-8")
    except UnicodeEncodeError:
        logger.warning(f"{TOKEN_VARIABLE} is not valid text; /beheer/ stays off.")
        return None
    if len(token) < MIN_TOKEN_CHARS:
        logger.warning(f"{TOKEN_VARIABLE} is shorter than {MIN_TOKEN_CHARS} characters; /beheer/ stays off.")
        return None
    return token


def login_value(token: str) -> str:
    """What the login cookie holds: derived from the token, so the cookie never is the token."""
    return hmac.new(token.encode("utf-8"), b"wegwijzer-beheer-login", hashlib.sha256).hexdigest()


def given_token_valid(request: Request, token: str) -> bool:
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer " and hmac.compare_digest(
        header[7:].strip().encode("utf-8", "replace"), token.encode("utf-8")
    ):
        return True
    cookie = request.cookies.get(COOKIE) or ""
    return hmac.compare_digest(cookie.encode("utf-8", "replace"), login_value(token).encode("utf-8"))


def html(text: Text, status: int = 200, headers: Optional[Dict[str, str]] = None) -> HTTPResponse:
    return response.html(text, status=status, headers={**PAGE_HEADERS, **(headers or {})})


def not_found() -> HTTPResponse:
    return response.text("", status=404, headers=PAGE_HEADERS)


def tracker_engine(request: Request) -> Any:
    agent = getattr(request.app.ctx, "agent", None)
    tracker_store = (
        primary_store(agent.tracker_store) if agent is not None and agent.tracker_store is not None else None
    )
    return getattr(tracker_store, "engine", None)


def today() -> datetime.date:
    return datetime.datetime.now(statistics.TIMEZONE).date()


async def in_thread(work: Callable[[], Any]) -> Any:
    """Reading a period's conversations takes a while: off the event loop, so chats go on."""
    return await asyncio.get_running_loop().run_in_executor(None, work)


class BeheerPages(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "beheer"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.wrong_tokens = intake.WrongCodes()

    def url_prefix(self) -> Text:
        return pages.BASE  # absolute: not under Rasa's /webhooks/

    def blueprint(self, on_new_message: Any) -> Blueprint:
        beheer = Blueprint("beheer", __name__)
        common.prepare_server(beheer)
        wrong_tokens = self.wrong_tokens

        async def slowed(request: Request) -> None:
            wait = wrong_tokens.delay(intake.client_address(request))
            if wait:
                await asyncio.sleep(wait)

        def page(handler: Callable[..., Any]) -> Callable[..., Any]:
            """A page behind the token: 404 without BEHEER_TOKEN, 401 and the login form without
            a valid token, 503 when the database cannot be read. Never more than that."""

            async def route(request: Request) -> HTTPResponse:
                token = configured_token()
                if token is None:
                    return not_found()
                await slowed(request)
                if not given_token_valid(request, token):
                    if request.headers.get("authorization"):
                        wrong_tokens.failed(intake.client_address(request))
                    return html(pages.login_page(), status=401)
                engine = tracker_engine(request)
                if engine is None:
                    return response.text("", status=503, headers=PAGE_HEADERS)
                # Sanic's args.get gives the first value; the dict itself holds the lists.
                period = pages.period_from_query(dict(request.args or {}), today())
                try:
                    return await handler(engine, period)
                except StoreUnavailable:
                    return response.text("", status=503, headers=PAGE_HEADERS)
                except Exception as error:
                    if is_transient(error):
                        return response.text("", status=503, headers=PAGE_HEADERS)
                    raise

            route.__name__ = handler.__name__
            return route

        async def figures(engine: Any, period: statistics.Period) -> statistics.Statistics:
            return await in_thread(lambda: statistics.compute(store.conversations(engine, period), period))

        async def review_groups(engine: Any, period: statistics.Period) -> Any:
            return await in_thread(lambda: review.review_list(store.stored_conversations(engine, period), period))

        @page
        async def dashboard(engine: Any, period: statistics.Period) -> HTTPResponse:
            return html(pages.dashboard(await figures(engine, period)))

        @page
        async def figures_csv(engine: Any, period: statistics.Period) -> HTTPResponse:
            name = f"wegwijzer-cijfers-{period.start.isoformat()}-{period.end.isoformat()}.csv"
            return response.text(
                statistics.csv_text(await figures(engine, period)),
                content_type="text/csv; charset=utf-8",
                headers={**PAGE_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
            )

        @page
        async def review_list(engine: Any, period: statistics.Period) -> HTTPResponse:
            return html(pages.review_page(await review_groups(engine, period), period))

        @page
        async def review_yaml(engine: Any, period: statistics.Period) -> HTTPResponse:
            name = f"wegwijzer-reviewlijst-{period.start.isoformat()}-{period.end.isoformat()}.yml"
            return response.text(
                review.nlu_yaml(await review_groups(engine, period)),
                content_type="application/yaml; charset=utf-8",
                headers={**PAGE_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
            )

        beheer.add_route(dashboard, "/", methods=["GET"], strict_slashes=True)
        beheer.add_route(figures_csv, "/cijfers.csv", methods=["GET"])
        beheer.add_route(review_list, "/reviewlijst", methods=["GET"])
        beheer.add_route(review_yaml, "/reviewlijst.yml", methods=["GET"])

        async def without_slash(request: Request) -> HTTPResponse:
            if configured_token() is None:
                return not_found()
            return response.redirect(f"{pages.BASE}/", status=301, headers=PAGE_HEADERS)

        beheer.add_route(without_slash, "", methods=["GET"], strict_slashes=True)

        @beheer.get("/beheer.css")
        async def stylesheet(request: Request) -> HTTPResponse:
            if configured_token() is None:
                return not_found()
            return response.text(pages.STYLES, content_type="text/css; charset=utf-8", headers=security.PAGE_HEADERS)

        @beheer.get("/inloggen")
        async def login_form(request: Request) -> HTTPResponse:
            if configured_token() is None:
                return not_found()
            return html(pages.login_page(logged_out="uit" in (request.args or {})))

        @beheer.post("/inloggen")
        async def login(request: Request) -> HTTPResponse:
            token = configured_token()
            if token is None:
                return not_found()
            origin = request.headers.get("origin")
            if origin and not security.origin_allowed(origin, common.own_origin(request), ()):
                return response.text("", status=403, headers=PAGE_HEADERS)
            await slowed(request)
            given = (request.form or {}).get("token") if request.form is not None else None
            if not isinstance(given, str) or not hmac.compare_digest(
                given.strip().encode("utf-8", "replace"), token.encode("utf-8")
            ):
                wrong_tokens.failed(intake.client_address(request))
                return html(pages.login_page(wrong=True), status=401)
            answer = response.redirect(f"{pages.BASE}/", status=303, headers=PAGE_HEADERS)
            answer.cookies[COOKIE] = login_value(token)
            cookie = answer.cookies[COOKIE]
            cookie["path"] = pages.BASE
            cookie["httponly"] = True
            cookie["samesite"] = "Strict"
            cookie["max-age"] = LOGIN_HOURS * 3600
            if request.scheme == "https":
                cookie["secure"] = True
            return answer

        @beheer.post("/uitloggen")
        async def logout(request: Request) -> HTTPResponse:
            if configured_token() is None:
                return not_found()
            answer = response.redirect(pages.LOGGED_OUT, status=303, headers=PAGE_HEADERS)
            answer.cookies[COOKIE] = ""
            answer.cookies[COOKIE]["path"] = pages.BASE
            answer.cookies[COOKIE]["max-age"] = 0
            return answer

        return beheer
