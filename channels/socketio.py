"""The website widget's Socket.IO channel: Rasa's, plus who is speaking.

Messages an adviser sends into the conversation (the hand-off appends a ``bot`` event
with metadata ``{"van": "adviseur"}`` and ``output_channel=latest``) reach the widget
with ``"van": "adviseur"``, so it can show them apart from Schakel's own answers. Rasa's
own output channel drops that field. Everything else is Rasa's ``socketio`` channel
(same name, same events, same settings in ``credentials.yml``).

One fix: with ``session_persistence: true`` Rasa sends every bot message to a room named
after the session id and joins the client to it in ``session_request`` with
``sio.enter_room(...)``. Since python-socketio 5.9 that is a coroutine on the async
server and Rasa 3.6.21 does not await it, so the client never joins and no bot message
reaches the widget. ``SocketIOChannel`` replaces that one handler.

Several Rasa replicas: a browser's long-polling requests must reach the same replica
(nginx: ``ip_hash`` for ``/socket.io/``), and a message sent from another replica (an
adviser's, through Rasa's API) must still reach that browser. With
``SCHAKEL_SOCKETIO_REDIS_URL`` set, or else the lock store's ``SCHAKEL_REDIS_HOST``,
``SCHAKEL_REDIS_PORT`` and ``SCHAKEL_REDIS_PASSWORD`` (then Redis database 2), every
replica's Socket.IO server shares its rooms through Redis (python-socketio's
``AsyncRedisManager``).

Nobody takes over a conversation by guessing or copying its id:

- ``session_request`` joins an existing conversation only with its token (see
  ``assistant/chat_session.py``); without a valid token the client gets a fresh one.
  ``session_confirm`` carries ``{"session_id", "session_token"}``.
- A message counts for the conversation this connection joined, never for a
  ``session_id`` the client puts in the message.
- Browsers are let in only from the allowed origins: ``SCHAKEL_CORS_ORIGINS`` (a JSON
  list), the origin of ``SCHAKEL_PUBLIC_URL``, and outside production the API's local
  address (``SCHAKEL_API_PORT``, default 8000).
"""

from __future__ import annotations

import inspect
import json
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote, urlsplit

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint
from socketio import AsyncRedisManager

from assistant import chat_session

logger = logging.getLogger(__name__)
SPEAKERS = {"adviseur"}
REDIS_CHANNEL = "schakel-socketio"


def redis_url() -> str | None:
    """Where the replicas share Socket.IO rooms; None for a single Rasa server."""
    explicit = os.environ.get("SCHAKEL_SOCKETIO_REDIS_URL")
    if explicit:
        return explicit
    host = os.environ.get("SCHAKEL_REDIS_HOST")
    if not host:
        return None
    password = os.environ.get("SCHAKEL_REDIS_PASSWORD", "")
    auth = f":{quote(password, safe='')}@" if password else ""
    return f"redis://{auth}{host}:{os.environ.get('SCHAKEL_REDIS_PORT', '6379')}/2"


def _origin(url: str) -> str | None:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def allowed_origins() -> list[str]:
    """The origins whose pages may open a Socket.IO connection (see the module doc)."""
    try:
        configured = json.loads(os.environ.get("SCHAKEL_CORS_ORIGINS") or "[]")
    except ValueError:
        configured = []
    candidates = [str(origin) for origin in configured if isinstance(origin, str)]
    candidates.append(os.environ.get("SCHAKEL_PUBLIC_URL", ""))
    if os.environ.get("SCHAKEL_ENVIRONMENT", "local") != "production":
        port = os.environ.get("SCHAKEL_API_PORT", "8000")
        candidates += [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]
    origins = [_origin(candidate) for candidate in candidates]
    return sorted({origin for origin in origins if origin})


class SpeakerSocketIOOutput(SocketIOOutput):
    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        speaker = kwargs.get("van")
        if speaker not in SPEAKERS:
            await super().send_text_message(recipient_id, text, **kwargs)
            return
        await self._send_message(recipient_id, {"text": text.strip(), "van": speaker})


class SocketIOChannel(SocketIOInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        shared = redis_url()
        if shared:  # before the first connection, so the manager is not initialised yet
            sio.manager = AsyncRedisManager(shared, channel=REDIS_CHANNEL)
            sio.manager.set_server(sio)

        # Origins are checked here, on connect: Rasa's --cors (sanic-cors) writes the CORS
        # headers, so engine.io must not add a second set (cors_allowed_origins=[]).
        origins = set(allowed_origins())
        secret = chat_session.secret_from_environment()

        async def connect(sid: str, environ: dict, auth: Any = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if origin and origin not in origins:
                logger.warning("Socket.IO-verbinding van een niet toegestane origin geweigerd")
                return False
            return True

        async def session_request(sid: str, data: dict | None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id, token = data.get("session_id"), data.get("session_token")
            if not chat_session.is_valid(secret, session_id, token):
                session_id = chat_session.new_session_id()
                token = chat_session.sign(secret, session_id)
            await sio.save_session(sid, {"session_id": session_id}, namespace=self.namespace)
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", {"session_id": session_id, "session_token": token},
                           room=sid, namespace=self.namespace)

        async def handle_message(sid: str, data: dict | None) -> None:
            joined = await sio.get_session(sid, namespace=self.namespace)
            if not joined.get("session_id") or not isinstance(data, dict):
                logger.warning("Socket.IO-bericht zonder sessie genegeerd")
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            message = data.get("message", "")
            await on_new_message(UserMessage(
                message if isinstance(message, str) else "",
                SpeakerSocketIOOutput(sio, self.bot_message_evt),
                joined["session_id"], input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else {}))

        sio.on("connect", connect, namespace=self.namespace)
        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        return blueprint

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return SpeakerSocketIOOutput(self.sio, self.bot_message_evt)
