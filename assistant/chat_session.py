"""Signed chat sessions: the session id alone is never enough to join a conversation.

The Socket.IO channel (``channels/socketio.py``) gives every new website conversation a
random id and a token, ``HMAC-SHA256(secret, id)``; the widget and the chat page keep
both and show the token whenever they come back. The API checks the same token before it
shows an adviser's messages (``X-Schakel-Sessie``), and the key of a scan report's link
(``report_key``) the same way, so no conversation id ever travels in a URL. The secret comes from
``SCHAKEL_SESSION_SECRET`` (shared by the Rasa servers and the API); ``make run``
generates one per start.

Standard library only: the Rasa environment imports this file too.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

SECRET_VARIABLE = "SCHAKEL_SESSION_SECRET"
TOKEN_HEADER = "X-Schakel-Sessie"


def new_session_id() -> str:
    return secrets.token_hex(16)


def sign(secret: str, session_id: str) -> str:
    return hmac.new(secret.encode(), session_id.encode("utf-8", "replace"),
                    hashlib.sha256).hexdigest()


def report_key(secret: str, scan_id: str) -> str:
    """The key in the scan report's link (``?sleutel=``): opens that one report only."""
    return sign(secret, "rapport:" + scan_id)


def is_valid(secret: str | None, session_id: object, token: object) -> bool:
    """Whether ``token`` was issued for ``session_id`` with ``secret``."""
    if not secret or not isinstance(session_id, str) or not isinstance(token, str):
        return False
    if not session_id or len(session_id) > 200:
        return False
    return hmac.compare_digest(sign(secret, session_id), token)


def secret_from_environment() -> str:
    """``SCHAKEL_SESSION_SECRET``, or a random one for this process (a single local
    Rasa server; several servers need the shared variable)."""
    return os.environ.get(SECRET_VARIABLE) or secrets.token_hex(32)
