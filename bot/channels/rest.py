"""Rasa's REST channel (POST /webhooks/rest/webhook) behind the same checks as the website
chat: a JSON object, a sender, a message of sensible length. Rasa's own channel answers a
list body or a missing message with a 500, and files every sender-less message under one
shared "default" conversation.

credentials.yml: `bot.channels.rest.CheckedRestInput:` (instead of `rest:`)
"""
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import requests
from bot.channels.requests import Refusal


def refusal_for(raw: Optional[bytes]) -> Optional[Refusal]:
    """Why a REST request is refused, or None when Rasa may handle it."""
    body = requests.json_object(raw)
    if isinstance(body, Refusal):
        return body
    for checked in (requests.sender_id(body.get("sender")), requests.message_text(body.get("message"))):
        if isinstance(checked, Refusal):
            return checked
    if not isinstance(body.get("metadata") or {}, dict):
        return Refusal(400, "invalid_json")
    return None


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"  # same URL as Rasa's channel: /webhooks/rest/webhook

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def check(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST":
                return None
            refusal = refusal_for(request.body)
            if refusal is not None:
                return response.json(refusal.body(), status=refusal.status)
            return None

        return webhook

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = req.json.get("sender")
        return str(sender) if sender is not None else None
