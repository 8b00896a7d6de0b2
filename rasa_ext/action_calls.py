"""Cheaper calls to the action server: the domain once, fast JSON, kept connections.

Rasa 3.6 sends the whole domain (about 30 KB here) with every action call, next to the
conversation, and encodes both with the standard ``json`` module: the biggest single cost
in the Rasa server's profile (``make bench``), and parsing it again is the action
server's. Two changes, the answers stay the same:

- **Domain digest.** Every call carries ``domain_digest`` (the domain's fingerprint). Once
  the action server has answered a call, later calls leave the domain out; rasa_sdk keeps
  the last domain it got and uses it when the digest matches. An action server that does
  not have it (restarted, a new replica, a new model) answers 449, and the call is made
  again with the domain. This is the protocol rasa_sdk already speaks with newer Rasa
  versions.
- **ujson** encodes the request (about four times faster); anything ujson cannot encode
  goes to the standard ``json`` module, so the outcome is the same.
- **One HTTP session per server process** instead of a new session and TCP connection for
  every call (a turn makes up to four calls). aiohttp closes idle connections after 15 s,
  before the action server (120 s) or nginx (75 s) would, so a kept connection is not
  closed under a request.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import ujson

MISSING_DOMAIN = 449  # rasa_sdk: "send the domain with this call"
# Action server URL -> the domain digest it holds, as far as this process knows.
_holding: dict[str | None, str] = {}
# (event loop, headers, auth) -> the session kept for them.
_sessions: dict[tuple, Any] = {}


class _Kept:
    """What Rasa's ``async with endpoint.session() as session`` gets: the kept session,
    left open at the end of the block."""

    def __init__(self, session) -> None:
        self.session = session

    async def __aenter__(self):
        return self.session

    async def __aexit__(self, *exc) -> None:
        return None


def dumps(data: Any) -> str:
    try:
        return ujson.dumps(data)
    except (TypeError, ValueError, OverflowError):
        return json.dumps(data)


def domain_digest(domain: Any) -> str:
    """The domain's fingerprint, computed once per domain (a new model brings a new one)."""
    digest = getattr(domain, "_schakel_digest", None)
    if digest is None:
        digest = domain.fingerprint()
        domain._schakel_digest = digest
    return digest


def _asked_for_domain(error: BaseException) -> bool:
    return getattr(error.__cause__, "status", None) == MISSING_DOMAIN


def install() -> None:
    import aiohttp
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.exceptions import RasaException
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    if getattr(RemoteAction.run, "_schakel_domain_digest", False):
        return
    original_format = RemoteAction._action_call_format
    original_run = RemoteAction.run

    def session(self) -> _Kept:
        """Rasa's session (same headers, auth and timeout) with the fast encoder, kept
        for the next call."""
        key = (asyncio.get_running_loop(), tuple(sorted(self.headers.items())),
               tuple(sorted(self.basic_auth.items())))
        kept = _sessions.get(key)
        if kept is None or kept.closed:
            auth = (aiohttp.BasicAuth(self.basic_auth["username"],
                                      self.basic_auth["password"])
                    if self.basic_auth else None)
            kept = _sessions[key] = aiohttp.ClientSession(
                headers=self.headers, auth=auth, json_serialize=dumps,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            )
        return _Kept(kept)

    def _action_call_format(self, tracker, domain) -> dict[str, Any]:
        body = original_format(self, tracker, domain)
        body["domain_digest"] = domain_digest(domain)
        if _holding.get(self.action_endpoint.url if self.action_endpoint else None) \
                == body["domain_digest"]:
            body.pop("domain", None)
        return body

    async def run(self, output_channel, nlg, tracker, domain):
        url = self.action_endpoint.url if self.action_endpoint else None
        try:
            events = await original_run(self, output_channel, nlg, tracker, domain)
        except RasaException as error:
            if not _asked_for_domain(error):
                raise
            _holding.pop(url, None)  # this call goes again, with the domain
            events = await original_run(self, output_channel, nlg, tracker, domain)
        _holding[url] = domain_digest(domain)
        return events

    run._schakel_domain_digest = True  # type: ignore[attr-defined]
    EndpointConfig.session = session
    RemoteAction._action_call_format = _action_call_format
    RemoteAction.run = run
