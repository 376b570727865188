"""Rasa input channel for the website chat.

credentials.yml: `bot.channels.webchat.WebchatInput: {allowed_origins: [...], retention_days: 30}`

Routes (all under /webchat, beside Rasa's own):
  GET  /                      the demo page, for browsers (curl and health checks still get
                              Rasa's "Hello from Rasa")
  GET  /webchat/widget.js     the widget; one <script> tag embeds it on any allowed site
  GET  /webchat/widget.css    its styles;  GET /webchat/demo/<page>  the demo site's pages
  POST /webchat/api/...       session, history, message, delete (bot/channels/webchat_api.py)

The parts: static.py (the files), webchat_api.py (the JSON API), common.py (what every
request goes through), bot/store/retention.py (deleting conversations after retention_days).
"""

import asyncio
import os
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint

from bot.channels import common, static, webchat_api
from bot.channels.common import OnNewMessage
from bot.store import retention


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

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webchat = Blueprint("webchat", __name__)
        common.prepare_server(webchat)
        static.add_routes(webchat, self.retention_days)
        webchat_api.add_routes(webchat, on_new_message, self.allowed_origins, self.name())
        retention_days = self.retention_days

        @webchat.listener("after_server_start")
        async def start_retention(app: Any, _loop: Any) -> None:
            app.ctx.webchat_retention = asyncio.ensure_future(retention.purge_forever(app, retention_days))

        @webchat.listener("before_server_stop")
        async def stop_retention(app: Any, _loop: Any) -> None:
            task = getattr(app.ctx, "webchat_retention", None)
            if task is not None:
                task.cancel()

        return webchat
