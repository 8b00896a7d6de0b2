"""Staff tokens: hashed at rest, roles enforced, revocation works, CLI creates them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient

from api import tokens
from api.auth import require_role
from api.main import create_app
from assistant import db
from assistant.staff_tokens import StaffToken, hash_token, list_tokens, revoke_token


def _app_with_protected_route(settings) -> FastAPI:
    app = create_app(settings)
    router = APIRouter()

    @router.get("/beschermd", dependencies=[Depends(require_role("adviseur"))])
    def protected() -> dict:
        return {"ok": True}

    app.include_router(router)
    return app


def test_no_token_is_401_in_dutch(settings):
    client = TestClient(_app_with_protected_route(settings))
    response = client.get("/beschermd")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["title"] == "Niet ingelogd"
    assert response.headers["www-authenticate"] == "Bearer"


def test_wrong_role_is_403_and_right_role_passes(settings, make_token):
    client = TestClient(_app_with_protected_route(settings))
    assert client.get("/beschermd", headers=make_token("frontdesk")).status_code == 403
    assert client.get("/beschermd", headers=make_token("adviseur")).status_code == 200
    assert client.get("/beschermd", headers=make_token("beheerder")).status_code == 200


def test_unknown_and_revoked_tokens_are_refused(settings, make_token):
    client = TestClient(_app_with_protected_route(settings))
    assert client.get("/beschermd", headers={"Authorization": "Bearer onzin"}).status_code == 401
    headers = make_token("adviseur")
    with db.session_scope(settings.database_url) as session:
        token_id = list_tokens(session)[-1].id
        assert revoke_token(session, token_id)
    assert client.get("/beschermd", headers=headers).status_code == 401


def test_tokens_are_stored_hashed(settings, make_token):
    plain = make_token("adviseur")["Authorization"].split()[1]
    with db.session_scope(settings.database_url) as session:
        row = session.query(StaffToken).one()
        assert row.token_hash == hash_token(plain)
        assert plain not in (row.token_hash, row.naam)


def test_cli_creates_lists_and_revokes(settings, monkeypatch, capsys):
    monkeypatch.setenv("SCHAKEL_DATA_DIR", str(settings.data_dir))
    from assistant.settings import get_settings

    get_settings.cache_clear()
    try:
        assert tokens.main(["create", "--naam", "Anne", "--rol", "adviseur"]) == 0
        assert "sch_" in capsys.readouterr().out
        assert tokens.main(["list"]) == 0
        assert "adviseur\tactief\tAnne" in capsys.readouterr().out
        assert tokens.main(["revoke", "1"]) == 0
        assert tokens.main(["revoke", "1"]) == 1
    finally:
        get_settings.cache_clear()
