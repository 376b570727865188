"""The website chat's JSON API (all POST, under /webchat/api/):

  session   {}                            → {session_id}: a new id, recorded in the database
  history   {session_id}                  → {messages}: the conversation so far
  message   {session_id, message, display?, message_id?}
                                          → {messages, erased?}: the bot's replies; erased
                                            when the message confirmed "wis dit gesprek". A
                                            message_id already stored (a retry) gets the
                                            replies stored then; the turn is not run again
  feedback  {session_id, response, score, comment?} → {stored}: thumbs up or down on a referral
                                            or FAQ answer the conversation holds (bot/insight/feedback.py)
  delete    {session_id}                  → {deleted}: the conversation and its id are gone

and GET /webchat/api/health → {"status": "ok"} (200) when the model is loaded and the database
answers, {"status": "not_ready" | "store_unavailable"} (503) otherwise: for the proxy's, Docker's
and Kubernetes' health checks (deploy/); it creates nothing.

Every handler starts with the same prologue (bot/channels/common.py) and, except `session`,
accepts only a session id that this server issued and still holds. The conversation of a
session is `webchat:<session id>` in the tracker store (bot/store/sessions.py).
"""

from typing import Any, Awaitable, Callable, Dict, Iterable, List, Text, Union

from rasa.shared.core.events import BotUttered, SlotSet
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import knowledge
from bot.channels import common, history, requests, security
from bot.channels.common import Call, OnNewMessage
from bot.channels.requests import Refusal
from bot.insight import conversation as insight_conversation
from bot.insight import feedback
from bot.store import sessions
from bot.store.database import StoreUnavailable
from bot.store.tracker_store import delete_conversation, primary_store

# Button titles are short; anything longer is not one of ours.
MAX_DISPLAY_CHARS = 200

Handler = Callable[..., Awaitable[HTTPResponse]]


def empty_reply() -> Dict[Text, Text]:
    """What the widget shows when a turn had no reply to show."""
    return {"sender": "bot", "text": knowledge.webchat()["empty_reply"]}


def api_headers(request: Request) -> Dict[Text, Text]:
    origin = request.headers.get("origin")
    headers = dict(security.API_HEADERS)
    if origin and security.normalise_origin(origin) != security.normalise_origin(common.own_origin(request)):
        headers.update(security.cors_headers(origin))  # only reached when the origin is allowed
    return headers


def session_store(call: Call) -> Any:
    """Our tracker store, which also holds the issued session ids (None with another store)."""
    store = primary_store(call.agent.tracker_store)
    return store if hasattr(store, "issue_session") else None


async def stored_events(call: Call, conversation: Text) -> List[Dict[Text, Any]]:
    """The conversation's stored events as dictionaries: read straight from our store, or
    through a tracker with another store."""
    store = primary_store(call.agent.tracker_store)
    if hasattr(store, "stored_events"):
        return await store.stored_events(conversation)
    tracker = await call.agent.tracker_store.retrieve_full_tracker(conversation)
    return [event.as_dict() for event in tracker.events] if tracker else []


async def session_of(call: Call) -> Union[Text, Refusal]:
    """The request's session id when it has the right form and this server issued it."""
    session_id = requests.session_id(call.body.get("session_id"))
    if isinstance(session_id, Refusal):
        return session_id
    store = session_store(call)
    if store is None:
        return Refusal(503, "not_ready")
    if not await store.session_issued(session_id):
        return Refusal(400, "invalid_session")
    return session_id


def said(events: Iterable[Any], response: Text) -> bool:
    """Whether the bot gave this response in the conversation (since its last session start)."""
    return any(isinstance(e, BotUttered) and (e.metadata or {}).get("utter_action") == response for e in events)


def add_routes(
    blueprint: Blueprint, on_new_message: OnNewMessage, allowed_origins: Iterable[Text], channel_name: Text
) -> None:
    def endpoint(path: Text, with_session: bool = True) -> Callable[[Handler], Handler]:
        """Registers POST /webchat/api/<path> behind the prologue written once here: origin,
        JSON body, ready agent, the issued session id; a database that is down gives 503."""

        def register(handler: Handler) -> Handler:
            async def route(request: Request) -> HTTPResponse:
                call = common.prologue(request, allowed_origins, api_headers(request))
                if isinstance(call, HTTPResponse):
                    return call
                try:
                    if not with_session:
                        return await handler(call)
                    session_id = await session_of(call)
                    if isinstance(session_id, Refusal):
                        return call.refuse(session_id)
                    return await handler(call, session_id)
                except StoreUnavailable:
                    return call.refuse(Refusal(503, "store_unavailable"))

            route.__name__ = handler.__name__
            blueprint.post(f"/api/{path}")(route)
            return handler

        return register

    @blueprint.get("/api/health")
    async def health(request: Request) -> HTTPResponse:
        headers = dict(security.API_HEADERS)
        agent = common.ready_agent(request)
        store = primary_store(agent.tracker_store) if agent is not None else None
        if store is None:
            return response.json({"status": "not_ready"}, status=503, headers=headers)
        if hasattr(store, "reachable") and not await store.reachable():
            return response.json({"status": "store_unavailable"}, status=503, headers=headers)
        return response.json({"status": "ok"}, headers=headers)

    @endpoint("session", with_session=False)
    async def new_session(call: Call) -> HTTPResponse:
        store = session_store(call)
        if store is None:
            return call.refuse(Refusal(503, "not_ready"))
        return call.json({"session_id": await store.issue_session()})

    @endpoint("history")
    async def conversation(call: Call, session_id: Text) -> HTTPResponse:
        tracker = await call.agent.tracker_store.retrieve_full_tracker(sessions.conversation_id(session_id))
        events = [event.as_dict() for event in tracker.events] if tracker else []
        return call.json({"messages": history.messages_from_events(events)})

    @endpoint("message")
    async def message(call: Call, session_id: Text) -> HTTPResponse:
        text = requests.message_text(call.body.get("message"))
        if isinstance(text, Refusal):
            return call.refuse(text)
        metadata: Dict[Text, Any] = {}
        display = call.body.get("display")
        if isinstance(display, str):
            display = requests.clean_text(display)
            if 0 < len(display) <= MAX_DISPLAY_CHARS:
                metadata["display"] = display
        conversation = sessions.conversation_id(session_id)
        message_id = requests.message_id(call.body.get("message_id"))
        if message_id is None:
            result = await common.run_turn(on_new_message, text, conversation, channel_name, metadata)
        else:
            # A retry of a message whose answer never came (its replica died after storing the
            # turn, the connection broke) gets the stored replies, and the turn is not run
            # twice. The check and the turn hold the conversation's lock together (Rasa's own
            # lock inside is the same hold), so a retry racing the original waits for it.
            async with call.agent.lock_store.lock(conversation):
                earlier = history.replies_to(await stored_events(call, conversation), message_id)
                if earlier is not None:
                    return call.json({"messages": earlier or [empty_reply()]})
                result = await common.run_turn(
                    on_new_message, text, conversation, channel_name, metadata, message_id=message_id
                )
        if isinstance(result, Refusal):
            return call.refuse(result)
        replies = history.messages_from_collector(result.messages, result.responses) or [empty_reply()]
        if result.erased:
            # "wis dit gesprek": the conversation and its session id are gone; the widget
            # forgets them too, as after "Gesprek wissen".
            return call.json({"messages": replies, "erased": True})
        return call.json({"messages": replies})

    @endpoint("feedback")
    async def rate(call: Call, session_id: Text) -> HTTPResponse:
        """Thumbs up or down (and an optional comment) on an answer of this conversation."""
        value = feedback.checked(call.body)
        if isinstance(value, Refusal):
            return call.refuse(value)
        kind = insight_conversation.feedback_kind(value["response"])
        store = session_store(call)
        if kind is None or store is None:
            return call.refuse(Refusal(400, "bad_request"))
        conversation = sessions.conversation_id(session_id)
        async with call.agent.lock_store.lock(conversation):
            tracker = await call.agent.tracker_store.retrieve(conversation)
            if tracker is None or not said(tracker.events, value["response"]):
                return call.refuse(Refusal(400, "bad_request"))
            tracker.update(SlotSet(feedback.SLOT, {**value, "kind": kind}))
            await store.save_feedback(tracker)
        return call.json({"stored": True})

    @endpoint("delete")
    async def delete(call: Call, session_id: Text) -> HTTPResponse:
        conversation = sessions.conversation_id(session_id)
        # Under the conversation's lock, so a message being handled cannot write it back.
        # The same deletion as "wis dit gesprek" in the chat (the tracker store's save).
        async with call.agent.lock_store.lock(conversation):
            deleted = await delete_conversation(call.agent.tracker_store, conversation)
        return call.json({"deleted": deleted})
