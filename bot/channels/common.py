"""What both channels do with every request, written once: the start-up hook, the origin
check, the JSON body, the agent, and running one turn so that it either completes (and is
stored) or fails as a whole with a clear answer. Personal data in a message is masked here,
once, before Rasa sees it (bot/privacy.py)."""

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text, Tuple, Union

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import privacy, startup
from bot.channels import requests, security
from bot.channels.requests import Refusal
from bot.store.database import SessionGone, StoreUnavailable

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def prepare_server(blueprint: Blueprint) -> None:
    """Every channel of ours runs the start-up hook (bot/startup.py) for the app it joins."""
    startup.install()

    @blueprint.listener("before_server_start")
    async def configure(app: Any, _loop: Any) -> None:
        startup.configure_app(app)


def answer(refusal: Refusal, headers: Optional[Dict[Text, Text]] = None) -> HTTPResponse:
    return response.json(refusal.body(), status=refusal.status, headers=headers or {})


def own_origin(request: Request) -> Text:
    return f"{request.scheme}://{request.host}"


@dataclass
class Call:
    """A request that passed the prologue: its JSON body, the ready agent, response headers."""

    body: Dict[Text, Any]
    agent: Any
    headers: Dict[Text, Text] = field(default_factory=dict)

    def refuse(self, refusal: Refusal) -> HTTPResponse:
        return answer(refusal, self.headers)

    def json(self, data: Any) -> HTTPResponse:
        return response.json(data, headers=self.headers)


def ready_agent(request: Request) -> Any:
    agent = getattr(request.app.ctx, "agent", None)
    return agent if agent is not None and agent.is_ready() else None


def prologue(
    request: Request, allowed_origins: Iterable[Text], headers: Optional[Dict[Text, Text]] = None
) -> Union[Call, HTTPResponse]:
    """Origin, body and agent of an API request, or the answer to send instead: 403 for a
    browser on a site that is not allowed, 4xx for a body that is no small JSON object, 503
    while the model is not loaded."""
    headers = headers or {}
    if not security.origin_allowed(request.headers.get("origin"), own_origin(request), allowed_origins):
        return answer(Refusal(403, "origin_not_allowed"), headers)
    body = requests.json_object(request.body)
    if isinstance(body, Refusal):
        return answer(body, headers)
    agent = ready_agent(request)
    if agent is None:
        return answer(Refusal(503, "not_ready"), headers)
    return Call(body=body, agent=agent, headers=headers)


@dataclass
class Answer:
    """The bot's replies to one message; `erased` when the turn deleted the conversation
    ("wis dit gesprek", confirmed). `responses` names, per message, the domain response it came
    from (None for others), so the widget knows which answers may be rated."""

    messages: List[Dict[Text, Any]]
    erased: bool = False
    responses: List[Optional[Text]] = field(default_factory=list)


class NamingCollector(CollectingOutputChannel):
    """Rasa's collecting channel that also remembers, for each message it collects, the name of
    the response it came from (Rasa passes it along as `utter_action`). A response whose text
    has paragraphs becomes several messages, each with that name."""

    def __init__(self) -> None:
        super().__init__()
        self.responses: List[Optional[Text]] = []  # one per message in self.messages
        self._sending: Optional[Text] = None

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        name = message.get("utter_action")
        self._sending = name if isinstance(name, str) else None
        try:
            await super().send_response(recipient_id, message)
        finally:
            self._sending = None

    async def _persist_message(self, message: Dict[Text, Any]) -> None:
        # Every collected message passes here, also one sent another way than send_response.
        await super()._persist_message(message)
        self.responses.append(self._sending)


def masked_message(text: Text, metadata: Optional[Dict[Text, Any]]) -> Tuple[Text, Dict[Text, Any]]:
    """The message as Rasa may see it: personal data in the text and in every string of the
    metadata replaced by placeholders, and the kinds found under privacy.METADATA_KEY (the
    dialogue says once that it removed them). A client's own value under that key is dropped."""
    masked = privacy.mask(text)
    extra = {k: v for k, v in (metadata or {}).items() if k != privacy.METADATA_KEY}
    extra, kinds_in_metadata = privacy.mask_value(extra)
    kinds = [k for k in privacy.kinds() if k in masked.kinds or k in kinds_in_metadata]
    if kinds:
        extra[privacy.METADATA_KEY] = kinds
    return masked.text, extra


async def run_turn(
    on_new_message: OnNewMessage,
    text: Text,
    conversation_id: Text,
    channel: Text,
    metadata: Optional[Dict[Text, Any]] = None,
    message_id: Optional[Text] = None,
) -> Union[Answer, Refusal]:
    """Hands one message to Rasa, with its personal data masked. Either the whole turn is
    stored (or, after "wis dit gesprek", the conversation deleted) and its replies come back,
    or nothing of it is stored and the refusal says why: 503 when the database cannot store
    it (the client may send it again), 500 for anything else (logged without its message)."""
    text, metadata = masked_message(text, metadata)
    collector = NamingCollector()
    message = UserMessage(
        text, collector, conversation_id, input_channel=channel, message_id=message_id, metadata=metadata
    )
    try:
        await on_new_message(message)
    except asyncio.CancelledError:
        raise
    except StoreUnavailable:
        return Refusal(503, "store_unavailable")
    except SessionGone:
        return Refusal(400, "invalid_session")
    except Exception as error:
        logger.error(f"A {channel} turn failed: {startup.describe_exception(error)}")
        return Refusal(500, "server_error")
    shown = [
        (m, name)
        for m, name in zip(collector.messages, collector.responses, strict=True)
        if not privacy.is_internal_mark(m.get("custom"))
    ]
    erased = any(privacy.is_erase_mark(m.get("custom")) for m in collector.messages)
    return Answer([m for m, _ in shown], erased=erased, responses=[name for _, name in shown])
