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
"""

from __future__ import annotations

import inspect
import os
import uuid
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint
from socketio import AsyncRedisManager

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

        async def session_request(sid: str, data: dict | None) -> None:
            data = data or {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, data["session_id"], namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", data["session_id"], room=sid)

        sio.on("session_request", session_request, namespace=self.namespace)
        return blueprint

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return SpeakerSocketIOOutput(self.sio, self.bot_message_evt)
