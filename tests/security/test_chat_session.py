"""Taking over someone's website conversation, against the real stack (Rasa's Socket.IO
channel behind nginx, the action server, the API): by guessing or copying its id, from
another website, or through the API's adviser messages."""

from __future__ import annotations

import httpx
import pytest
import socketio

from assistant.chat_session import TOKEN_HEADER
from tests.stack.test_overdracht import SocketChat

pytestmark = pytest.mark.stack
GREETING = "Schakel"


def tracker_texts(stack, session_id: str) -> list[str]:
    tracker = httpx.get(f"{stack.settings.rasa_url}/conversations/{session_id}/tracker",
                        timeout=30).raise_for_status().json()
    return [event.get("text") or "" for event in tracker["events"] if event["event"] == "user"]


@pytest.fixture
def victim(stack):
    chat = SocketChat(stack.settings.rasa_url)
    chat.say("hallo", until=GREETING)
    yield chat
    chat.close()


def test_a_copied_session_id_without_its_token_gets_a_fresh_session(stack, victim):
    intruder = SocketChat(stack.settings.rasa_url, {"session_id": victim.session_id})
    try:
        assert intruder.session_id != victim.session_id
        # Also a message naming the victim's session counts for the intruder's own.
        intruder.client.emit("user_uttered", {"message": "ben je een robot?",
                                              "session_id": victim.session_id})
        assert intruder.next()
        assert victim.silent()
        assert "ben je een robot?" not in tracker_texts(stack, victim.session_id)
        assert "ben je een robot?" in tracker_texts(stack, intruder.session_id)
    finally:
        intruder.close()


def test_a_forged_token_gets_a_fresh_session_and_the_real_one_joins_again(stack, victim):
    forged = SocketChat(stack.settings.rasa_url, {"session_id": victim.session_id,
                                                  "session_token": "0" * 64})
    again = SocketChat(stack.settings.rasa_url, victim.session)
    try:
        assert forged.session_id != victim.session_id
        assert again.session_id == victim.session_id
    finally:
        forged.close()
        again.close()


@pytest.mark.parametrize("origin, allowed", [
    ("https://kwaadaardig.example", False),
    ("api", True),
])
def test_socketio_lets_browsers_in_only_from_allowed_origins(stack, origin, allowed):
    if origin == "api":
        origin = stack.settings.api_url
    client = socketio.Client(reconnection=False)
    try:
        client.connect(stack.settings.rasa_url, transports=["polling"],
                       headers={"Origin": origin}, wait_timeout=10)
        connected = True
    except socketio.exceptions.ConnectionError:
        connected = False
    finally:
        client.disconnect()
    assert connected is allowed


def test_adviser_messages_need_the_session_token_and_reading_changes_nothing(stack, victim):
    url = f"{stack.settings.api_url}/api/v1/gesprekken/{victim.session_id}/berichten"
    assert httpx.get(url, timeout=30).status_code == 404
    token = {TOKEN_HEADER: victim.session["session_token"]}
    assert httpx.get(url, headers=token, timeout=30).json()["berichten"] == []
    assert httpx.post(f"{url}/ontvangen", json={"tot": 1}, timeout=30).status_code == 404
