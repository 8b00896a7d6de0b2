"""GET /api/v1/health: the state of every part Schakel depends on.

Public, so it names no versions (of Python, FastAPI, SQLAlchemy or Rasa): they would
tell an attacker which known weaknesses to try."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Response

from api.deps import get_app_settings
from assistant import db
from assistant.http_clients import async_client
from assistant.knowledge import get_knowledge_base
from assistant.settings import Settings

router = APIRouter(prefix="/api/v1/health", tags=["health"])


def _check_database(settings: Settings) -> dict[str, Any]:
    try:
        db.ping(settings.database_url)
    except Exception as exc:  # the kind of failure is enough; never the URL (secrets)
        return {"status": "fout", "fout": type(exc).__name__}
    dialect = settings.database_url.split(":", 1)[0]
    return {"status": "ok", "dialect": dialect}


async def _check_rasa(client: httpx.AsyncClient, settings: Settings) -> dict[str, Any]:
    token = {"token": settings.rasa_token.get_secret_value()} if settings.rasa_token else None
    try:
        parsed = (
            await client.post(f"{settings.rasa_url}/model/parse", json={"text": "hallo"},
                              params=token)
        ).json()
    except (httpx.HTTPError, ValueError) as exc:
        return {"status": "fout", "fout": type(exc).__name__}
    return {
        "status": "ok",
        "spacy_pipeline": parsed.get("nlp_pipeline"),
    }


async def _check_action_server(client: httpx.AsyncClient, settings: Settings) -> dict[str, Any]:
    try:
        response = await client.get(f"{settings.action_server_url}/health")
        response.raise_for_status()
    except httpx.HTTPError as exc:
        return {"status": "fout", "fout": type(exc).__name__}
    return {"status": "ok"}


def _check_knowledge(settings: Settings) -> dict[str, Any]:
    try:
        knowledge_base = get_knowledge_base(settings.knowledge_dir)
    except Exception as exc:
        return {"status": "fout", "fout": str(exc)[:500]}
    return {"status": "ok", "aantal": len(knowledge_base.entries)}


@router.get("", summary="Status van database, Rasa, actieserver en kennisbank")
async def health(
    response: Response, settings: Annotated[Settings, Depends(get_app_settings)]
) -> dict[str, Any]:
    async with async_client(timeout=settings.http_timeout) as client:
        rasa, actions = await asyncio.gather(
            _check_rasa(client, settings), _check_action_server(client, settings)
        )
    parts = {
        "database": await asyncio.to_thread(_check_database, settings),
        "rasa": rasa,
        "actieserver": actions,
        "kennisbank": await asyncio.to_thread(_check_knowledge, settings),
    }
    healthy = all(part["status"] == "ok" for part in parts.values())
    if parts["database"]["status"] != "ok":
        response.status_code = 503
    return {
        "status": "ok" if healthy else "verstoord",
        **parts,
    }
