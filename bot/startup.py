"""The Rasa server's start-up hook: what our server changes in Rasa 3.6 and Sanic 21.12, in one
place, done explicitly and once. Importing this module changes nothing.

- `install()` (process-wide; called by our tracker store when Rasa creates it, and by our
  channels): the speed-ups of bot/rasa_speedups.py; Rasa's circuit breaker counted per message,
  so a conversation it once stopped answers again; no silent fall-back to memory when the
  tracker store fails; logs without message text or stack-frame variables; a request must
  arrive whole within REQUEST_TIMEOUT_SECONDS.
- `configure_app(app)` (per Sanic app; our channels call it before the server starts): body
  size limit, timeouts, and JSON error answers with a Dutch sentence for every error.

The action server loads neither.
"""

import logging
import re
import time
import traceback
import warnings
from typing import Any, Callable, Dict, List, Optional, Text

from bot.channels.requests import MAX_BODY_BYTES, error_text
from bot.store.database import SessionGone, StoreUnavailable

logger = logging.getLogger(__name__)

# A request (headers and body, at most MAX_BODY_BYTES) must arrive within this time in all.
REQUEST_TIMEOUT_SECONDS = 10
# An idle kept-alive connection is closed after this (Rasa sets 120 s).
KEEP_ALIVE_TIMEOUT_SECONDS = 5

# Rasa's own list of log fields that may hold what people wrote (rasa/utils/log_utils.py),
# plus the names our code and Rasa's channels use.
PERSONAL_FIELDS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
        "metadata",
        "events",
        "tracker",
    }
)
REDACTED = "[weggelaten]"
_LEVELS = {"debug": 10, "info": 20, "warning": 30, "warn": 30, "error": 40, "exception": 40, "critical": 50}

_installed = False


def install() -> None:
    """Process-wide changes for our Rasa server; a second call does nothing."""
    global _installed
    if _installed:
        return
    from bot import rasa_speedups

    rasa_speedups.install()
    _limit_actions_per_message()
    _no_silent_fallback()
    _quiet_logs()
    _request_deadline()
    _installed = True


def installed() -> bool:
    return _installed


# ---- a stuck conversation recovers by itself ------------------------------------------------
def action_limit_reached(processor: Any, tracker: Any, should_predict_another_action: bool) -> bool:
    """Rasa's circuit breaker, counted per message instead of since the last action_listen.

    Rasa counts the actions since the last `action_listen` and, when the breaker trips, adds no
    `action_listen` itself: every later message of that conversation trips it again at once, so
    the conversation never answers again. That is how conversations under the old rules went
    silent for good. Counted from the latest user message, a stored conversation that is stuck
    that way answers again on its next message."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
    from rasa.shared.core.events import ActionExecuted, UserUttered

    count = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted):
            if event.action_name in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME):
                break
            count += 1
    return count >= processor.max_number_of_predictions and should_predict_another_action


def _limit_actions_per_message() -> None:
    from rasa.core.processor import MessageProcessor

    MessageProcessor.is_action_limit_reached = action_limit_reached


# ---- the tracker store fails visibly --------------------------------------------------------
def _raise_store_error(self: Any, error: Exception) -> None:
    """Rasa's FailSafeTrackerStore calls this when the store fails, then carries on in memory
    (and answers 200 with a conversation that is never stored). We raise instead: the turn
    fails as a whole, the channel answers 503 and the client may send the message again."""
    if isinstance(error, (StoreUnavailable, SessionGone)):
        raise error
    logger.error(f"Tracker store failed ({type(error).__name__})")
    raise StoreUnavailable("tracker store") from None


def _no_silent_fallback() -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore

    FailSafeTrackerStore.on_tracker_store_error = _raise_store_error
    FailSafeTrackerStore.on_tracker_store_retrieve_error = _raise_store_error


# ---- logs without personal data ------------------------------------------------------------
def redact(_logger: Any, method: Text, event_dict: Dict[Text, Any]) -> Dict[Text, Any]:
    """structlog processor: at INFO and above, fields that may hold what people wrote are
    replaced (DEBUG, for a developer's own machine, keeps them)."""
    if _LEVELS.get(method, 20) >= 20:
        for key in PERSONAL_FIELDS.intersection(event_dict):
            event_dict[key] = REDACTED
    return event_dict


def plain_traceback(_logger: Any, _method: Text, event_dict: Dict[Text, Any]) -> Dict[Text, Any]:
    """structlog processor: an exception as its type and stack lines only. Rasa renders
    tracebacks with every frame's local variables (rich in a terminal, dict_tracebacks in
    JSON), which holds the message being handled; the exception's message may quote it too."""
    exc_info = event_dict.pop("exc_info", None)
    if exc_info:
        if exc_info is True:
            import sys

            exc_info = sys.exc_info()
        elif isinstance(exc_info, BaseException):
            exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
        if exc_info and exc_info[0] is not None:
            event_dict["exception"] = describe_exception(exc_info[1])
    return event_dict


def describe_exception(error: Optional[BaseException]) -> Text:
    """Type and stack of an exception, without its message or variables."""
    if error is None:
        return ""
    stack = "".join(traceback.format_tb(error.__traceback__))
    return f"{type(error).__module__}.{type(error).__qualname__} (message left out)\n{stack}"


# Rasa's warnings while it reads a message quote the message: a "/intent{...}" payload with
# entities or an intent it does not know (rasa/shared/core/training_data/story_reader/
# yaml_story_reader.py, rasa/core/processor.py).
_WARNINGS_QUOTING_INPUT = re.compile(
    r"Failed to parse arguments in line|Invalid entity specification|Parsed an intent|Parsed an entity"
)


def _show_warning_without_input(original: Any) -> Any:
    def show_warning(message: Any, category: Any, filename: Text, lineno: int, *args: Any, **kwargs: Any) -> None:
        if _WARNINGS_QUOTING_INPUT.search(str(message)):
            message = "A message payload named intents or entities Rasa does not know (message left out)."
        original(message, category, filename, lineno, *args, **kwargs)

    show_warning._wegwijzer = True  # type: ignore[attr-defined]
    return show_warning


def _quiet_logs() -> None:
    """Rasa configured structlog at start-up (rasa/utils/log_utils.py). Its processor list is
    shared by every logger made so far, so it is changed in place: `redact` first, and each of
    Rasa's traceback renderers (which print local variables) replaced by `plain_traceback`."""
    import structlog

    processors = structlog.get_config()["processors"]
    changed: List[Callable[..., Any]] = [redact]
    for processor in processors:
        if processor in (redact, plain_traceback):
            continue
        if isinstance(processor, structlog.processors.ExceptionRenderer):  # dict_tracebacks
            changed.append(plain_traceback)
        elif isinstance(processor, structlog.dev.ConsoleRenderer):  # rich tracebacks
            changed += [plain_traceback, processor]
        else:
            changed.append(processor)
    processors[:] = changed
    if not getattr(warnings.showwarning, "_wegwijzer", False):
        warnings.showwarning = _show_warning_without_input(warnings.showwarning)


# ---- slow requests -------------------------------------------------------------------------
def _request_deadline() -> None:
    """Sanic's request timeout restarts with every byte received, so a client sending one byte
    every two seconds keeps a connection forever (and 45 of them keep 45). Here a request that
    has not arrived whole REQUEST_TIMEOUT_SECONDS after its first byte is answered 408 and its
    connection closed."""
    from sanic.exceptions import RequestTimeout
    from sanic.http import Stage
    from sanic.server.protocols.http_protocol import HttpProtocol

    original = HttpProtocol.check_timeouts
    if getattr(original, "_wegwijzer", False):
        return

    def check_timeouts(self: Any) -> None:
        http, info = self._http, self.conn_info
        if http is not None and info is not None:
            receiving = (
                http.stage is Stage.REQUEST
                or (http.stage is Stage.IDLE and bool(self.recv_buffer))
                or (http.stage is Stage.HANDLER and bool(http.request_body))
            )
            since = getattr(info.ctx, "wegwijzer_request_since", None)
            now = time.monotonic()
            if not receiving:
                info.ctx.wegwijzer_request_since = None
            elif since is None:
                info.ctx.wegwijzer_request_since = now
            elif now - since > self.request_timeout and self._task:
                logger.info("A request did not arrive in time; connection closed")
                http.exception = RequestTimeout("Request Timeout")
                self._task.cancel()
                return
        original(self)

    check_timeouts._wegwijzer = True  # type: ignore[attr-defined]
    HttpProtocol.check_timeouts = check_timeouts  # type: ignore[method-assign]  # the patch itself


# ---- the Sanic app -------------------------------------------------------------------------
STATUS_CODES = {400: "bad_request", 404: "not_found", 405: "not_allowed", 408: "request_timeout", 413: "too_large"}


def error_body(status: int) -> Dict[Text, Text]:
    code = STATUS_CODES.get(status) or ("bad_request" if status < 500 else "server_error")
    return {"error": code, "text": error_text(code)}


def configure_app(app: Any) -> None:
    """Limits and error answers for our Rasa server (once per app)."""
    if getattr(app.ctx, "wegwijzer_configured", False):
        return
    from sanic import response
    from sanic.exceptions import SanicException

    # Bigger bodies are refused from their Content-Length, before they are read. Rasa's HTTP API
    # (only with RASA_API_TOKEN; its app is named "rasa_server") takes models and training data,
    # so there Sanic's own limit stays and our channels refuse big bodies after reading them.
    if app.name != "rasa_server":
        app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.config.REQUEST_TIMEOUT = REQUEST_TIMEOUT_SECONDS
    app.config.KEEP_ALIVE_TIMEOUT = KEEP_ALIVE_TIMEOUT_SECONDS

    def sanic_error(request: Any, exception: Any) -> Any:
        status = int(getattr(exception, "status_code", 500) or 500)
        return response.json(error_body(status), status=status)

    def unexpected_error(request: Any, exception: Exception) -> Any:
        if isinstance(exception, StoreUnavailable):
            return response.json({"error": "store_unavailable", "text": error_text("store_unavailable")}, status=503)
        if getattr(request, "route", None) is None:
            # Raised while the request itself was read (Sanic 21.12 lets e.g. a Content-Length
            # that is no number through as a ValueError): the client's error, not ours.
            return response.json(error_body(400), status=400)
        path = getattr(request, "path", "?")
        logger.error(f"Unexpected error while handling {path}: {describe_exception(exception)}")
        return response.json(error_body(500), status=500)

    app.error_handler.add(SanicException, sanic_error)
    app.error_handler.add(Exception, unexpected_error)
    app.ctx.wegwijzer_configured = True
