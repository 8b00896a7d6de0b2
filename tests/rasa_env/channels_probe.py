"""Runs in the Rasa environment for ``tests/stack/test_channels.py``: reads one JSON
request on stdin and prints one JSON answer.

    {"do": "pseudonym", "key": "...", "address": "whatsapp:+316..."[, "prefix": "teams-"]}
        → {"pseudonym": "wa-..."}
    {"do": "teams_sender", "key": "...", "user": "29:..."}
        → {"sender_id": ..., "address": ...}   (what Rasa gets as conversation id)
    {"do": "jwt", "tokens": [{claims}, ...]}
        → {"jwks": {...}, "tokens": ["eyJ...", ...]}   (RS256, a fresh key per call)
    {"do": "helpers"}
        → results of the channels' pure helpers (splitting, numbering, numbers)
    {"do": "socketio_redis", "url": "redis://..."}
        → what an adviser message sent on one replica publishes for the others
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def pseudonym(request: dict) -> dict:
    from channels.common import SenderIds

    ids = SenderIds(request["key"], request.get("prefix", "wa-"), "test")
    name = ids.pseudonym(request["address"])
    assert ids.address(name) == request["address"]
    # Tampered (one character that carries all its six bits, always changed): no number.
    assert ids.address(name[:-3] + ("B" if name[-3] == "A" else "A") + name[-2:]) is None
    return {"pseudonym": name}


def teams_sender(request: dict) -> dict:
    """The conversation id the Teams channel hands to Rasa for one message."""
    import asyncio

    from channels.teams import TeamsInput

    channel = TeamsInput("app-id", "app-password", sender_key=request["key"])
    seen = []

    async def collect(message) -> None:
        seen.append(message.sender_id)

    activity = {"type": "message", "id": "1", "serviceUrl": "https://teams.example/",
                "text": "hallo", "from": {"id": request["user"]},
                "recipient": {"id": "28:app-id"},
                "conversation": {"id": "a:conv", "conversationType": "personal"}}
    asyncio.run(channel._handle(activity, collect))
    return {"sender_id": seen[0], "address": channel.sender_ids.address(seen[0])}


def tokens(request: dict) -> dict:
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": "schakel-test", "use": "sig", "alg": "RS256"})
    now = int(time.time())
    signed = []
    for claims in request["tokens"]:
        kid = claims.pop("_kid", "schakel-test")
        body = {"iat": now, "nbf": now, "exp": now + 3600, **claims}
        signed.append(jwt.encode(body, key, algorithm="RS256", headers={"kid": kid}))
    return {"jwks": {"keys": [jwk]}, "tokens": signed}


def helpers(_: dict) -> dict:
    from channels.common import chosen_number, numbered_options, offered_buttons, split_text

    long_text = "\n\n".join(f"Alinea {i}. " + "woord " * 120 for i in range(8))
    parts = split_text(long_text, 1600)
    one_word = split_text("x" * 4000, 1600)
    buttons = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"},
               {"title": "Weet ik niet", "payload": "/skip"}]
    events = [{"event": "user", "text": "hoi"},
              {"event": "bot", "text": "Kies", "data": {"buttons": buttons}},
              {"event": "bot", "text": "Of typ iets."}]
    return {
        "lengths": [len(part) for part in parts],
        "joined_equal": " ".join(" ".join(parts).split()) == " ".join(long_text.split()),
        "starts": [part[:8] for part in parts],
        "hard_cut": [len(part) for part in one_word],
        "numbered": numbered_options("Klopt dat?", buttons),
        "numbered_two": numbered_options("", buttons[:2]),
        "numbers": [chosen_number(t) for t in ["2", " 3. ", "optie 1", "2 euro", "12", "", "x"]],
        "offered": [b["payload"] for b in offered_buttons(events)],
        "offered_after_user": offered_buttons(events + [{"event": "user", "text": "2"}]),
    }


def socketio_redis(request: dict) -> dict:
    import asyncio
    import os

    os.environ["SCHAKEL_SOCKETIO_REDIS_URL"] = request["url"]
    from redis import asyncio as aioredis
    from socketio import AsyncRedisManager

    from channels.socketio import REDIS_CHANNEL, SocketIOChannel

    channel = SocketIOChannel(session_persistence=True)

    async def on_new_message(_message) -> None:
        return None

    channel.blueprint(on_new_message)

    async def run() -> dict:
        listener = aioredis.Redis.from_url(request["url"]).pubsub()
        await listener.subscribe(REDIS_CHANNEL)
        await listener.get_message(timeout=2)  # the subscribe confirmation
        output = channel.get_output_channel()
        await output.send_text_message("sessie-1", "Anne (adviseur): Hallo", van="adviseur")
        for _ in range(50):
            message = await listener.get_message(timeout=0.2)
            if message and message["type"] == "message":
                published = json.loads(message["data"])
                return {"manager": type(channel.sio.manager).__name__,
                        "is_redis": isinstance(channel.sio.manager, AsyncRedisManager),
                        "event": published.get("event"), "room": published.get("room"),
                        "data": published.get("data")}
        return {"manager": type(channel.sio.manager).__name__, "published": None}

    return asyncio.run(run())


if __name__ == "__main__":
    request = json.loads(sys.stdin.read())
    handler = {"pseudonym": pseudonym, "teams_sender": teams_sender, "jwt": tokens,
               "helpers": helpers, "socketio_redis": socketio_redis}[request["do"]]
    print(json.dumps(handler(request)))
