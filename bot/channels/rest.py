"""Rasa's REST channel (POST /webhooks/rest/webhook) behind the same checks as the website
chat, for other clients and scripts.

credentials.yml: `bot.channels.rest.CheckedRestInput:` (instead of `rest:`)

Same request and answer as Rasa's channel (`{"sender", "message", "metadata"?}` → a JSON list
of the bot's messages), with these differences:
- a sender is required, from a safe set (requests.SENDER_ID); Rasa files sender-less
  messages under one shared "default" conversation. The sender never contains ':', so REST
  cannot reach a website-chat conversation (`webchat:<session id>`);
- the message is cleaned (requests.clean_text); bad bodies get a 4xx with a Dutch sentence
  (Rasa answers a list body or a missing message with a 500);
- personal data in the message and the metadata is masked before Rasa sees it (common.run_turn,
  bot/privacy.py); "wis dit gesprek", confirmed, deletes the conversation (bot/store/);
- a turn that cannot be stored gets a 503 with a Dutch sentence and leaves nothing behind
  (Rasa logs the error with the message text and answers 200 with whatever was collected);
- browsers on other websites are refused (403): this API is not for web pages;
- no streaming (`?stream=true`).
"""

from typing import Any, Text

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import common, requests
from bot.channels.common import OnNewMessage
from bot.channels.requests import Refusal


def checked_message(body: Any) -> Any:
    """(sender, text, metadata) of a REST body, or the refusal."""
    sender = requests.sender_id(body.get("sender"))
    if isinstance(sender, Refusal):
        return sender
    text = requests.message_text(body.get("message"))
    if isinstance(text, Refusal):
        return text
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        return Refusal(400, "invalid_json")
    return sender, text, metadata


def refusal_for(raw: Any) -> Any:
    """Why a REST body is refused, or None when Rasa may handle it (pure, for tests)."""
    body = requests.json_object(raw)
    if isinstance(body, Refusal):
        return body
    checked = checked_message(body)
    return checked if isinstance(checked, Refusal) else None


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"  # same URL as Rasa's channel: /webhooks/rest/webhook

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("checked_rest_webhook", __name__)
        common.prepare_server(webhook)
        channel = self.name()

        @webhook.get("/")
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            call = common.prologue(request, allowed_origins=())
            if isinstance(call, HTTPResponse):
                return call
            checked = checked_message(call.body)
            if isinstance(checked, Refusal):
                return call.refuse(checked)
            sender, text, metadata = checked
            result = await common.run_turn(on_new_message, text, sender, channel, metadata)
            if isinstance(result, Refusal):
                return call.refuse(result)
            return response.json(result.messages)

        return webhook
