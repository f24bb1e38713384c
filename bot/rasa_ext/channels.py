"""The REST and Socket.IO channels with the input guard, and Rasa 3.6's Socket.IO channel fixed.

Two bugs of Rasa 3.6.21 with python-socketio 5.x are mended here: `enter_room` is a coroutine (not
awaited upstream, so with session persistence no reply reached the browser), and custom payloads were
emitted as keyword arguments (a TypeError for every `ask`, `assessment` or `alert`).
Configured in credentials.yml by module path; the channels keep Rasa's names and URLs.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.input_guard import clean
from bot.rasa_ext import speedups  # noqa: F401  (installs the cached action-response validator)
from bot.rate_limit import LIMITER, TOO_FAST


class RestChannel(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = (req.json or {}).get("sender") if isinstance(req.json, dict) else None
        return sender if isinstance(sender, str) and 0 < len(sender) <= 128 else None

    def _extract_message(self, req: Request) -> Optional[Text]:
        body = req.json if isinstance(req.json, dict) else {}
        return clean(body.get("message"))

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return None  # nothing from the client is stored beside the redacted text

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = super().blueprint(on_new_message)
        bp.listener("after_server_start")(speedups.settle_heap)

        @bp.middleware("request")
        async def well_formed(request: Request) -> Optional[HTTPResponse]:
            # Upstream would answer a body without a usable sender under the shared id "default", mixing
            # strangers' conversations; refuse it instead, plainly.
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            try:
                body = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                body = None
            sender = body.get("sender") if isinstance(body, dict) else None
            if not isinstance(sender, str) or not 0 < len(sender) <= 128:
                return response.json(
                    {"error": "Send JSON: {\"sender\": \"<random id>\", \"message\": \"<text>\"}"}, status=400
                )
            if not LIMITER.allow("rest:" + sender):
                return response.json(
                    [{"recipient_id": sender, "text": TOO_FAST}], status=429, headers={"Retry-After": "1"}
                )
            return None

        return bp


class SocketIOOutputFixed(SocketIOOutput):
    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self.sio.emit(self.bot_message_evt, json_message, room=recipient_id)


class SocketIOChannel(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def get_output_channel(self) -> Optional["SocketIOOutputFixed"]:
        if self.sio is None:
            return None
        return SocketIOOutputFixed(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = super().blueprint(on_new_message)
        sio = self.sio

        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not 8 <= len(session_id) <= 64:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        async def handle_message(sid: Text, data: Dict) -> None:
            data = data if isinstance(data, dict) else {}
            output_channel = SocketIOOutputFixed(sio, self.bot_message_evt)
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not isinstance(sender_id, str) or not sender_id:
                    return
            else:
                sender_id = sid
            if not LIMITER.allow("socketio:" + sender_id):
                await sio.emit(
                    self.bot_message_evt, {"text": TOO_FAST}, room=sender_id if self.session_persistence else sid
                )
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            await on_new_message(
                UserMessage(
                    clean(data.get("message")),
                    output_channel,
                    sender_id,
                    input_channel=self.name(),
                    metadata=metadata if isinstance(metadata, dict) else {},
                )
            )

        sio.on("session_request", namespace=self.namespace)(session_request)
        sio.on(self.user_message_evt, namespace=self.namespace)(handle_message)
        return bp
