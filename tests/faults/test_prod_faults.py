"""Production mode: PostgreSQL, Redis lock store, two Rasa servers, two action servers,
nginx in front. Processes and the database are taken away while ondernemers talk."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

import assistant.models  # noqa: F401
from assistant.db import Base
from scripts.services import LOOPBACK
from scripts.stack_prod import ProdStack
from tests.aio import run_async
from tests.faults.conftest import crash, revive
from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack

STORING = "er gaat bij mij even iets mis"


def test_the_whole_topology_answers_behind_one_address(prod_stack: ProdStack):
    chat = Chat(prod_stack)
    assert chat.texts("hallo")[0].startswith("Hoi! Ik ben Schakel")
    health = httpx.get(f"{prod_stack.public_url}/api/v1/health", timeout=30).json()
    assert health["database"]["dialect"].startswith("postgresql")
    assert health["rasa"]["status"] == "ok" and health["actieserver"]["status"] == "ok"
    page = httpx.get(f"{prod_stack.public_url}/", timeout=10)
    assert page.status_code == 200 and 'lang="nl"' in page.text
    # Calls only the action server makes are not served on the public address.
    erase = httpx.post(f"{prod_stack.public_url}/api/v1/gesprekken/x/verwijderverzoeken")
    assert erase.status_code == 404
    # Rasa's own HTTP API (conversations, model) needs the token, even on loopback.
    rasa = _rasa(prod_stack.rasa_ports[0])
    assert httpx.get(f"{rasa}/conversations/x/tracker", timeout=10).status_code == 401
    assert httpx.post(f"{rasa}/model/parse", json={"text": "hoi"}, timeout=10).status_code == 401


def test_alembic_built_the_api_database_exactly_as_the_models_say(prod_stack: ProdStack):
    engine = create_engine(prod_stack.database_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()


def test_a_dead_action_server_replica_goes_unnoticed(prod_stack: ProdStack):
    chat = Chat(prod_stack)
    victim = prod_stack.action_services[0]
    crash(victim)
    try:
        chat.say("ik wil mijn hulpvraag doorgeven")
        replies = [chat.texts(text) for text in
                   ("ja", "Ik wil meer klanten via internet", "Pieter", "Bakkerij Pieter")]
        assert not any(STORING in t for reply in replies for t in reply), replies
        assert "gemeente" in replies[-1][-1]
    finally:
        revive(victim, prod_stack.log_dir)


def _rasa(port: int) -> str:
    return f"http://{LOOPBACK}:{port}"


async def _at_once(prod_stack: ProdStack, sender: str, texts: list[str]) -> list[list[dict]]:
    """Send the texts at the same moment, each to another Rasa server."""
    async with httpx.AsyncClient(timeout=60) as client:
        async def send(port: int, text: str) -> list[dict]:
            response = await client.post(f"{_rasa(port)}/webhooks/rest/webhook",
                                         json={"sender": sender, "message": text})
            response.raise_for_status()
            return response.json()

        return await asyncio.gather(*(send(port, text) for port, text
                                      in zip(prod_stack.rasa_ports, texts, strict=True)))


def test_simultaneous_messages_on_two_rasa_servers_are_handled_in_order(prod_stack: ProdStack):
    texts = ["ben je een robot?", "wat kun je allemaal"]
    for _ in range(5):
        sender = f"tegelijk-{uuid.uuid4().hex[:10]}"
        answers = run_async(_at_once(prod_stack, sender, texts))
        assert all(answer for answer in answers), "elk bericht krijgt antwoord"
        # Either server may read the tracker: both see the same, complete story.
        for port in prod_stack.rasa_ports:
            events = httpx.get(f"{_rasa(port)}/conversations/{sender}/tracker",
                               params={"token": prod_stack.secrets.rasa_api},
                               timeout=30).json()["events"]
            users = [e["text"] for e in events if e["event"] == "user"]
            assert sorted(users) == sorted(texts), users  # none lost, none doubled
            keys = [(e["event"], e["timestamp"], e.get("name"), e.get("text")) for e in events]
            assert len(keys) == len(set(keys)), "geen dubbele events"
            # Each message was handled completely before the next one began.
            turns = [e["event"] if e["event"] == "user" else e.get("name")
                     for e in events if e["event"] in ("user", "action")]
            first, second = [i for i, name in enumerate(turns) if name == "user"]
            assert "action_listen" in turns[first + 1:second], turns
            assert turns[-1] == "action_listen", turns


def _count_intakes(prod_stack: ProdStack, sender: str) -> int:
    with prod_stack.postgres._connect("schakel") as connection:
        return connection.execute("SELECT COUNT(*) FROM intakes WHERE conversation_id = %s",
                                  (sender,)).fetchone()[0]


def _api_database(prod_stack: ProdStack, available: bool) -> None:
    """Take the API's database away (or give it back) while Rasa's stays."""
    with prod_stack.postgres._connect() as connection:
        connection.execute(f"ALTER DATABASE schakel ALLOW_CONNECTIONS {str(available).lower()}")
        if not available:
            connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = 'schakel' AND pid <> pg_backend_pid()")


def test_intake_while_the_api_database_is_away_arrives_once_later(prod_stack: ProdStack):
    chat = Chat(prod_stack)
    chat.say("ik wil mijn hulpvraag doorgeven")
    chat.say("ja")
    chat.say("Ik wil mijn winkel verduurzamen")
    chat.say("Ik ben Tessa van Fietsenwinkel Tessa in Zwolle, we zijn met z'n vieren")
    chat.say("heb ik nog niet")
    assert "Klopt dit?" in chat.texts("hier in de chat")[-1]

    _api_database(prod_stack, available=False)
    try:
        told = " ".join(chat.texts("ja"))
        assert "lukt me nu even niet" in told and "niet kwijt" in told, told
        assert not prod_stack.dead()
        status = httpx.get(f"{prod_stack.public_url}/api/v1/health", timeout=30)
        assert status.status_code == 503
    finally:
        _api_database(prod_stack, available=True)

    deadline = time.monotonic() + 120  # the outbox retries with backoff (at most ~35 s here)
    while _count_intakes(prod_stack, chat.sender) == 0 and time.monotonic() < deadline:
        time.sleep(1)
    assert _count_intakes(prod_stack, chat.sender) == 1
    time.sleep(6)  # one more retry interval: still exactly one
    assert _count_intakes(prod_stack, chat.sender) == 1
